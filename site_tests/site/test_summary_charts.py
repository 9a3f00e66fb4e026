"""办理总体情况 in the built real site: each chart agrees with its table and with the open data.

Expected figures come from the site's own data/replies.json, so the tests
follow the content instead of repeating it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from lxml import html as lxml_html

from generator.render.listings import UNIT_BARS, unit_bars
from generator.schema import KIND_LABELS, Kind

KINDS = {kind.value: KIND_LABELS[kind] for kind in Kind}  # "人大建议" in the data -> "人大代表建议" on the page


@pytest.fixture(scope="module")
def replies(built_site) -> list[dict]:
    return json.loads((built_site / "data/replies.json").read_text(encoding="utf-8"))["replies"]


@pytest.fixture(scope="module")
def years(replies) -> list[int]:
    return sorted({r["year"] for r in replies}, reverse=True)


def load(built_site: Path, path: str):
    return lxml_html.fromstring((built_site / path).read_bytes())


def chart_bars(svg) -> list[tuple[str, int]]:
    """(label, count) per bar, read from the SVG's text in document order (a label may wrap)."""
    bars, label = [], ""
    for node in svg.iter("text", "rect"):
        css = node.get("class", "").split()
        if node.tag == "text" and "chart__label" in css:
            label += node.text_content()
        elif node.tag == "text" and "chart__count" in css:
            count = re.fullmatch(r"(\d+) 件", node.text_content())
            assert count, node.text_content()
            bars.append((label, int(count.group(1))))
            label = ""
    assert len(svg.findall(".//rect")) == len(bars)
    return bars


def table_rows(table) -> list[tuple[str, int]]:
    return [(tr[0].text_content(), int(tr[1].text_content())) for tr in table.cssselect("tbody tr")]


def category_key(label: str) -> str:
    """"A类（所提问题…）" -> "A类": the data holds only the letter."""
    match = re.match(r"[A-D]类", label)
    return match.group(0) if match else label


def expected(replies: list[dict], year: int) -> dict[str, Counter]:
    of_year = [r for r in replies if r["year"] == year]
    return {
        "类型": Counter(KINDS[r["kind"]] for r in of_year),
        "答复类别": Counter(f"{r['reply_category']}类" if r["reply_category"] else "未标注类别" for r in of_year),
        "办理单位": Counter(r["issuer"] or "未署名" for r in of_year),
    }


def test_each_year_page_has_a_chart_agreeing_with_its_table_and_the_data(built_site, replies, years):
    assert years
    for year in years:
        page = load(built_site, f"summary/{year}/index.html")
        charts = page.cssselect("article .summary-chart > svg")
        tables = page.cssselect("article table.summary-table")
        assert len(charts) == len(tables) == 3, year
        wanted = expected(replies, year)
        for (dimension, counter), svg, table, name in zip(wanted.items(), charts, tables, ("类型", "答复类别", "办理单位")):
            assert table.cssselect("thead th")[0].text_content() == dimension
            rows = table_rows(table)
            normalise = category_key if dimension == "答复类别" else str
            assert Counter({normalise(label): count for label, count in rows}) == counter, (year, dimension)
            # The chart shows the table's rows in the table's order (units: the largest, then the rest summed).
            shown = unit_bars(Counter(dict(rows))) if dimension == "办理单位" else rows
            assert chart_bars(svg) == shown, (year, dimension)
            assert dimension != "办理单位" or len(shown) <= UNIT_BARS
            assert svg.get("role") == "img"
            spoken = "，".join(f"{label} {count} 件" for label, count in shown)
            assert svg.get("aria-label") == f"{year}年{name}分布：{spoken}。"
            assert svg.get("viewbox", "").startswith("0 0 ")  # lxml lower-cases attribute names
        assert sum(count for _, count in table_rows(tables[0])) == len([r for r in replies if r["year"] == year])
        links = [a.get("href") for a in page.cssselect("article a")]
        assert "../" in links and f"../../browse/year/{year}/" in links


def test_charts_are_static_markup(built_site, years):
    for year in years:
        source = (built_site / f"summary/{year}/index.html").read_text(encoding="utf-8")
        charts = re.findall(r"<svg\b.*?</svg>", source, re.S)
        charts = [c for c in charts if 'class="chart' in c]
        assert len(charts) == 3
        for svg in charts:
            assert "<script" not in svg and "href" not in svg and not re.search(r"\son\w+=", svg)
            assert re.findall(r"https?://[^\"]+", svg) == ["http://www.w3.org/2000/svg"]  # the namespace only


def test_summary_index_has_a_row_and_bars_per_year(built_site, replies, years):
    page = load(built_site, "summary/index.html")
    assert page.cssselect("h1")[0].text_content() == "历年办理总体情况"
    crumbs = [li.text_content() for li in page.cssselect("nav.breadcrumbs li")]
    assert crumbs == ["首页", "分类浏览", "按年度", "历年办理总体情况"]
    span = list(range(years[0], years[-1] - 1, -1))  # every year from the last to the first, gaps included
    rows = page.cssselect("table.summary-trend tbody tr")
    assert [tr.cssselect("th")[0].text_content() for tr in rows] == [f"{year}年" for year in span]
    kinds = [KIND_LABELS[Kind.DEPUTY_SUGGESTION], KIND_LABELS[Kind.MEMBER_PROPOSAL]]
    assert [th.text_content() for th in page.cssselect("table.summary-trend thead th")] == ["年度", *kinds, "合计"]
    by_year = {year: Counter(KINDS[r["kind"]] for r in replies if r["year"] == year) for year in span}
    for year, tr in zip(span, rows):
        cells = [int(td.text_content()) for td in tr.cssselect("td")]
        assert cells == [by_year[year][kinds[0]], by_year[year][kinds[1]], sum(by_year[year].values())], year
        link = tr.cssselect("th a")
        if year in years:
            assert link and link[0].get("href") == f"{year}/"
            assert (built_site / f"summary/{year}/index.html").is_file()
        else:
            assert not link
    total = [int(td.text_content()) for td in page.cssselect("table.summary-trend tfoot td")]
    assert total == [sum(by_year[y][kinds[0]] for y in span), sum(by_year[y][kinds[1]] for y in span), len(replies)]

    (svg,) = page.cssselect("article .summary-chart > svg")
    assert len(svg.findall(".//rect")) == 2 * len(span)
    counts = [int(t.text_content().split()[0]) for t in svg.cssselect("text.chart__count")]
    assert counts == [by_year[year][kind] for year in span for kind in kinds]
    assert [t.text_content() for t in svg.cssselect("text.chart__label--group")] == [
        f"{year}年　共 {sum(by_year[year].values())} 件" for year in span]
    assert svg.get("role") == "img" and svg.get("aria-label").startswith(
        f"历年公开答复件数：{span[0]}年　共 {sum(by_year[span[0]].values())} 件：{kinds[0]} {by_year[span[0]][kinds[0]]} 件")
