"""The 办理总体情况 charts: inline SVG made by pure functions (generator/render/charts.py)."""

import re
import xml.etree.ElementTree as ET
from collections import Counter

from helpers import make_reply, make_site

from generator.render import render_site
from generator.render.charts import (BAR, LABEL_SIZE, WIDTH, bar_chart, bar_length, grouped_bar_chart, text_width,
                                     wrap)
from generator.render.listings import UNIT_BARS, unit_bars
from generator.resolve import resolve
from generator.schema import Kind, ReplyCategory
from generator.select import select
from generator.validate import ValidatedContent

SVG = "{http://www.w3.org/2000/svg}"
ROWS = [("A类", 12), ("B类", 3), ("未标注类别", 1)]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML, not only tag soup


def texts(root: ET.Element, css: str) -> list[str]:
    return [t.text for t in root.iter(SVG + "text") if css in t.get("class").split()]


def bars(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(SVG + "rect"))


def test_one_bar_per_row_with_its_label_and_count():
    root = parse(bar_chart("2025年答复类别分布", ROWS))
    assert len(bars(root)) == 3
    assert texts(root, "chart__label") == ["A类", "B类", "未标注类别"]
    assert texts(root, "chart__count") == ["12 件", "3 件", "1 件"]
    assert [b.get("class") for b in bars(root)] == ["chart__bar"] * 3


def test_the_chart_is_an_image_named_by_a_chinese_sentence():
    root = parse(bar_chart("2025年答复类别分布", ROWS, "chart--category"))
    assert root.get("role") == "img"
    assert root.get("aria-label") == "2025年答复类别分布：A类 12 件，B类 3 件，未标注类别 1 件。"
    assert root.find(SVG + "title") is None  # one name only: not read twice
    assert root.get("class") == "chart chart--category"


def test_scaled_to_its_box_with_integer_coordinates():
    svg = bar_chart("分布", ROWS)
    root = parse(svg)
    assert root.get("viewBox") == f"0 0 {WIDTH} {root.get('height')}" and root.get("width") == str(WIDTH)
    numbers = re.findall(r'\b(?:x|y|width|height|font-size)="([^"]*)"', svg)
    assert numbers and all(re.fullmatch(r"\d+", n) for n in numbers), numbers
    widths = [int(b.get("width")) for b in bars(root)]
    longest = widths[0]
    assert longest == WIDTH - 5 - text_width("12 件", 13)  # the largest count's bar fills the room left by its text
    assert widths[1] == bar_length(3, 12, longest) == round(3 / 12 * longest)
    # The last bar ends the drawing: nothing cut off, no empty band.
    last = bars(root)[-1]
    assert int(last.get("y")) + BAR == int(root.get("height"))
    counts = [t for t in root.iter(SVG + "text") if t.get("class") == "chart__count"]
    for rect, count in zip(bars(root), counts):
        assert int(count.get("x")) == int(rect.get("width")) + 5  # after the bar's end, on the page background


def test_same_input_same_bytes():
    first = bar_chart("分布", ROWS)
    assert all(bar_chart("分布", list(ROWS)) == first for _ in range(3))
    groups = [("2025年", [3, 4]), ("2024年", [0, 2])]
    assert grouped_bar_chart("历年", ["人大代表建议", "政协委员提案"], groups) == \
        grouped_bar_chart("历年", ("人大代表建议", "政协委员提案"), tuple(groups))


def test_text_is_escaped_everywhere():
    unit = '湖里区<测试>&"局"'
    svg = bar_chart("2025年办理单位分布", [(unit, 2)])
    assert "<测试>" not in svg and '&"' not in svg
    assert "湖里区&lt;测试&gt;&amp;&quot;局&quot;" in svg
    root = parse(svg)
    assert texts(root, "chart__label") == [unit]
    assert root.get("aria-label") == f"2025年办理单位分布：{unit} 2 件。"
    grouped = parse(grouped_bar_chart("a<b", ["x&y"], [("<年>", [1])]))
    assert grouped.get("aria-label") == "a<b：<年>：x&y 1 件。"
    assert texts(grouped, "chart__key") == ["x&y"]


def test_long_unit_names_wrap_above_their_bar():
    name = "厦门市湖里区人民政府办公室机关事务服务中心后勤保障科" * 2  # 50 characters
    lines = wrap(name, LABEL_SIZE, WIDTH)
    assert "".join(lines) == name and len(lines) == 3
    assert all(text_width(line, LABEL_SIZE) <= WIDTH for line in lines)
    root = parse(bar_chart("分布", [(name, 1), ("短", 2)]))
    assert texts(root, "chart__label") == lines + ["短"]
    label_ys = [int(t.get("y")) for t in root.iter(SVG + "text") if t.get("class") == "chart__label"]
    first_bar = int(bars(root)[0].get("y"))
    assert label_ys[:3] == sorted(label_ys[:3]) and label_ys[2] < first_bar < label_ys[3]
    assert wrap("", LABEL_SIZE, WIDTH) == [""]


def test_width_estimate_counts_cjk_as_one_em():
    assert text_width("人大", 14) == 28
    assert text_width("12", 10) == 12
    assert text_width("A类（", 10) == 26


def test_small_and_zero_counts():
    assert bar_length(0, 10, 200) == 0
    assert bar_length(1, 1000, 200) == 2  # still visible
    root = parse(bar_chart("分布", [("甲", 0)]))
    assert bars(root)[0].get("width") == "0" and texts(root, "chart__count") == ["0 件"]
    empty = parse(bar_chart("2025年类型分布", []))
    assert empty.get("aria-label") == "2025年类型分布：暂无数据。" and not bars(empty)


def test_grouped_chart_names_each_series_beside_its_bar():
    series = ["人大代表建议", "政协委员提案"]
    root = parse(grouped_bar_chart("历年公开答复件数", series, [("2025年　共 7 件", [3, 4]), ("2024年　共 2 件", [2, 0])]))
    assert len(bars(root)) == 4
    assert [b.get("class") for b in bars(root)] == ["chart__bar", "chart__bar chart__bar--s1"] * 2
    assert texts(root, "chart__label--group") == ["2025年　共 7 件", "2024年　共 2 件"]
    assert texts(root, "chart__key") == series * 2
    assert texts(root, "chart__count") == ["3 件", "4 件", "2 件", "0 件"]
    assert root.get("aria-label") == ("历年公开答复件数：2025年　共 7 件：人大代表建议 3 件，政协委员提案 4 件；"
                                      "2024年　共 2 件：人大代表建议 2 件，政协委员提案 0 件。")
    # Bars start after the longest series name, so names and bars never overlap.
    assert {int(b.get("x")) for b in bars(root)} == {text_width("人大代表建议", LABEL_SIZE) + 8}
    assert [b.get("fill") for b in bars(root)][:2] == ["#b71c1c", "#757575"]


def test_unit_chart_sums_the_smallest_units():
    units = Counter({f"单位{i:02d}": 20 - i for i in range(15)})
    shown = unit_bars(units)
    assert len(shown) == UNIT_BARS
    assert shown[:-1] == list(units.items())[:UNIT_BARS - 1]
    assert shown[-1] == ("其余 6 个单位", sum(20 - i for i in range(UNIT_BARS - 1, 15)))
    few = Counter({"甲": 2, "乙": 1})
    assert unit_bars(few) == [("甲", 2), ("乙", 1)]


def render(*replies):
    return render_site(resolve(select(ValidatedContent(make_site(), (), tuple(replies), ())))).files


def test_year_summary_page_has_a_chart_above_each_table():
    replies = [make_reply("zx-1", issuer="湖里区<教育>&局", reply_category=ReplyCategory.A),
               make_reply("zx-2", reply_category=ReplyCategory.A),
               make_reply("rd-3", kind=Kind.DEPUTY_SUGGESTION)]
    page = render(*replies)["summary/2025.md"]
    sections = page.split("\n## ")[1:]
    assert [s.split("\n", 1)[0] for s in sections] == ["按类型", "按答复类别", "按办理单位"]
    for section in sections:
        assert section.index('<div class="summary-chart"><svg') < section.index('<table class="summary-table">')
    kinds = re.search(r'aria-label="2025年类型分布：([^"]*)。"', page).group(1)
    assert sorted(kinds.split("，")) == ["人大代表建议 1 件", "政协委员提案 2 件"]
    assert "A类（所提问题已经解决或者基本解决） 2 件，未标注类别 1 件。" in page
    assert "湖里区&lt;教育&gt;&amp;局" in page and "<教育>" not in page
    assert '<a href="../">历年办理总体情况</a>' in page


def test_summary_index_shows_every_year_between_first_and_last():
    files = render(make_reply("zx-1", year=2025), make_reply("rd-2", year=2025, kind=Kind.DEPUTY_SUGGESTION),
                   make_reply("zx-3", year=2022))
    page = files["summary/index.md"]
    assert "title: 历年办理总体情况" in page
    assert '<li aria-current="page">历年办理总体情况</li>' in page
    assert '<a href="../browse/year/">按年度</a>' in page
    assert "2022年至2025年共公开建议提案答复 3 件，其中人大代表建议答复 1 件，政协委员提案答复 2 件。" in page
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>((?:<td>\d+</td>)+)</tr>", page)
    assert [(year, re.findall(r"\d+", cells)) for year, cells in rows] == [
        ('<a href="2025/">2025年</a>', ["1", "1", "2"]), ("2024年", ["0", "0", "0"]), ("2023年", ["0", "0", "0"]),
        ('<a href="2022/">2022年</a>', ["0", "1", "1"]), ("合计", ["1", "2", "3"])]
    assert page.count('<rect class="chart__bar') == 8  # two bars a year, four years
    assert "summary/2024.md" not in files


def test_without_public_replies_there_is_no_summary_index_and_no_link_to_it():
    files = render()
    assert "summary/index.md" not in files  # an empty column (空白栏目) fails inspections
    assert not [doc for doc, text in files.items() if 'summary/"' in text or "summary/index.md" in text]
