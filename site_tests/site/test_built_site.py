"""The real content/ built with --strict: what the public sees on the seed reply and around it."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import yaml
from lxml import html as lxml_html

from linkcheck import broken_links

ROOT = Path(__file__).resolve().parents[2]
SEED = "replies/2025/zx-20253012"
POLICY_TITLES = {
    "关于深化人才发展体制机制改革 加快推进“智汇湖里”人才强区战略的意见": "zhihui-huli-talent-strategy",
    "湖里区加强人才及重点群体住房保障措施": "huli-talent-housing-measures",
    "湖里区推动科技创新和产业创新深度融合的若干措施": "huli-tech-industry-innovation-measures",
}


def page(site: Path, url: str):
    return lxml_html.fromstring((site / url / "index.html").read_bytes())


def text_of(tree) -> str:
    return re.sub(r"\s+", " ", tree.text_content())


def record_body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n", 2)[2]


def test_seed_reply_shows_the_letter_metadata(built_site):
    text = text_of(page(built_site, SEED))
    for expected in ("厦湖人社函〔2025〕5号", "A类", "所提问题已经解决或者基本解决",
                     "区政协九届四次会议 第20253012号", "肖明委员", "2025年6月10日", "此件主动公开",
                     "抄送：区政协提案委员会，区政府办公室。", "区政府分管领导：焦杨", "承办单位领导：林长发",
                     "承办单位联系人：蔡诗颖", "联系电话：2878324", "湖里区人力资源和社会保障局",
                     "关于区政协九届四次会议 第20253012号提案办理情况答复的函"):
        assert expected in text, expected


def test_seed_reply_metadata_table_labels_values(built_site):
    tree = page(built_site, SEED)
    rows = {item.findtext("dt"): re.sub(r"\s+", " ", item.find("dd").text_content()).strip()
            for item in tree.cssselect(".gov-meta__item")}
    assert rows["发文字号"] == "厦湖人社函〔2025〕5号"
    assert rows["发文机关"] == "湖里区人力资源和社会保障局"
    assert rows["成文日期"] == "2025年6月10日"
    assert rows["发布日期"] == "2025年6月10日"
    assert rows["会议及编号"] == "区政协九届四次会议 第20253012号"
    assert rows["提出人"] == "肖明委员"
    assert rows["答复类别"] == "A类（所提问题已经解决或者基本解决）"
    assert rows["主题分类"] == "人才发展、数字经济"
    assert rows["索引号"] == "—"
    assert rows["公开属性"] == "主动公开"


def test_seed_reply_has_the_full_letter_text(built_site):
    text = text_of(page(built_site, SEED).cssselect("article.letter")[0])
    body = record_body(ROOT / "content" / f"{SEED}.md")
    paragraphs = [re.sub(r"^#+\s*|\*\*", "", p).strip() for p in body.split("\n\n") if p.strip()]
    assert len(paragraphs) == 11
    for paragraph in paragraphs:
        assert paragraph in text, paragraph[:30]
    bold = [el.text_content() for el in page(built_site, SEED).cssselect("article.letter strong")]
    assert "二是加强政校联动。" in bold and "(二) 针对完善激励机制建议。" in bold
    headings = [el.text_content() for el in page(built_site, SEED).cssselect("article.letter h2")]
    assert headings == ["一、办理工作背景", "二、措施与成效", "三、存在的问题及今后推进计划"]


def test_each_cited_policy_title_links_to_its_policy_page(built_site):
    tree = page(built_site, SEED)
    links = {a.text_content(): a.get("href") for a in tree.cssselect("article.letter a")}
    for title, policy_id in POLICY_TITLES.items():
        href = links[f"《{title}》"]
        assert href == f"../../../policies/{policy_id}/"
        assert (built_site / "policies" / policy_id / "index.html").is_file()


def test_government_meta_tags(built_site):
    tree = page(built_site, SEED)
    meta = {m.get("name"): m.get("content") for m in tree.iter("meta") if m.get("name")}
    assert meta["SiteName"] == "湖里区建议提案办理结果公开"
    assert meta["SiteDomain"] == "replies.example.gov.cn"
    assert meta["ColumnName"] == "建议提案办理"
    assert meta["ArticleTitle"] == "关于区政协九届四次会议 第20253012号提案办理情况答复的函"
    assert meta["PubDate"] == "2025-06-10"
    assert meta["ContentSource"] == "湖里区人力资源和社会保障局"
    assert meta["Url"] == "https://replies.example.gov.cn/replies/2025/zx-20253012/"
    assert "SiteIDCode" not in meta  # site.yml has no 网站标识码: no empty tag (test_identity has one)
    assert tree.get("lang") == "zh-CN"


def test_policy_pages_list_the_replies_citing_them(built_site):
    for policy_id in POLICY_TITLES.values():
        tree = page(built_site, f"policies/{policy_id}")
        text = text_of(tree)
        assert "引用此政策的答复（1 件）" in text
        hrefs = [a.get("href") for a in tree.cssselect(".reply-list a")]
        assert hrefs == [f"../../{SEED}/"]


def test_browse_pages_reach_the_seed_reply(built_site):
    for url in ("browse/year/2025", "browse/kind/cppcc", "browse/category/a", "browse/topic/talent"):
        tree = page(built_site, url)
        titles = [a.text_content() for a in tree.cssselect(".reply-list a")]
        assert "关于区政协九届四次会议 第20253012号提案办理情况答复的函" in titles, url
    assert "A类：所提问题已经解决或者基本解决" in text_of(page(built_site, "browse/category/a"))
    sessions = text_of(page(built_site, "browse/session"))
    assert "区政协九届四次会议" in sessions and "淄川区第十九届人民代表大会第二次会议" in sessions
    units = text_of(page(built_site, "browse/unit"))
    for unit in ("湖里区人力资源和社会保障局", "昌宁县交通运输局", "潼关县民政局", "淄川区自然资源局"):
        assert unit in units


def test_year_summary_counts(built_site):
    text = text_of(page(built_site, "summary/2024"))
    assert "2024年共公开建议提案答复 4 件，其中人大代表建议答复 2 件，政协委员提案答复 2 件。" in text


def test_home_page_totals_latest_and_ways_in(built_site):
    tree = page(built_site, "")
    text = text_of(tree)
    assert "34 件公开答复" in text and "17 件人大代表建议答复" in text and "17 件政协委员提案答复" in text
    latest = [a.get("href") for a in tree.cssselect(".reply-list a")]
    assert latest[:5] == ["replies/2025/rd-131/", "replies/2025/rd-20250828/", "replies/2025/zx-41/",
                          "replies/2025/rd-144/", f"{SEED}/"]
    for facet in ("按年度", "按类型", "按会议", "按办理单位", "按答复类别", "按主题"):
        assert facet in text


def test_feed_is_valid_rss_with_absolute_links(built_site):
    root = ET.parse(built_site / "feed.xml").getroot()
    assert root.tag == "rss" and root.get("version") == "2.0"
    items = root.findall("channel/item")
    assert len(items) == 34
    links = [item.findtext("link") for item in items]
    assert all(link.startswith("https://replies.example.gov.cn/replies/") for link in links)
    assert "https://replies.example.gov.cn/replies/2025/zx-20253012/" in links


def test_open_data_validates_against_its_schema(built_site):
    data = json.loads((built_site / "data/replies.json").read_text(encoding="utf-8"))
    schema = json.loads((built_site / "data/replies.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data["count"] == 34
    seed = next(r for r in data["replies"] if r["id"] == "zx-20253012")
    assert seed["doc_number"] == "厦湖人社函〔2025〕5号"
    assert seed["session"] == {"body": "政协", "term": 9, "meeting": 4, "text": "区政协九届四次会议"}
    assert seed["url"] == "https://replies.example.gov.cn/replies/2025/zx-20253012/"
    assert "人才公寓" in seed["body_text"] and "**" not in seed["body_text"]


def test_csv_opens_with_chinese_intact(built_site):
    raw = (built_site / "data/replies.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 34
    seed = next(r for r in rows if r["编号"] == "zx-20253012")
    assert seed["发文字号"] == "厦湖人社函〔2025〕5号"
    assert seed["抄送"] == "区政协提案委员会；区政府办公室"


def test_every_internal_link_and_anchor_resolves(built_site):
    assert broken_links(built_site) == []


def test_link_check_detects_broken_links(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<a href="a/">ok</a><a href="missing/">x</a><a href="a/#nope">y</a>'
                                         '<a href="/a/">root</a><div class="portal-header"><a href="/zwgk/">portal</a></div>')
    (tmp_path / "a/index.html").write_text('<p id="here">a</p>')
    assert broken_links(tmp_path) == [
        "index.html: a href='missing/' -> /missing/ not found",
        "index.html: 'a/#nope': anchor #nope missing",
        "index.html: a href='/a/' is root-relative: leaves the column",
    ]


def test_navigation_does_not_list_replies(built_site):
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))
    assert len(config["nav"]) == 5
    nav = page(built_site, SEED).cssselect("nav.md-nav--primary a")
    assert not any("/replies/" in (a.get("href") or "") for a in nav)


def test_sitemap_lists_public_pages(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://replies.example.gov.cn/replies/2025/zx-20253012/" in sitemap


def test_breadcrumbs_say_where_a_page_is(built_site):
    """当前位置 on reply, listing, summary and policy pages; every link of it resolves (the link check)."""
    def trail(path):
        page = lxml_html.fromstring((built_site / path).read_bytes())
        (nav,) = page.cssselect("nav.breadcrumbs")
        return [li.text_content() for li in nav.cssselect("li")], nav.cssselect("li[aria-current=page]")[0].text_content()

    assert trail("replies/2025/zx-20253012/index.html") == (
        ["首页", "分类浏览", "按年度", "2025年", "关于区政协九届四次会议 第20253012号提案办理情况答复的函"],
        "关于区政协九届四次会议 第20253012号提案办理情况答复的函")
    assert trail("browse/year/2025/index.html")[0] == ["首页", "分类浏览", "按年度", "2025年"]
    assert trail("summary/2025/index.html")[0] == ["首页", "分类浏览", "按年度", "2025年", "办理总体情况"]
    assert trail("policies/huli-talent-housing-measures/index.html")[0] == [
        "首页", "政策文件", "《湖里区加强人才及重点群体住房保障措施》"]


def test_no_column_is_empty(built_site):
    """空白栏目 fail inspections: every listing page lists at least one reply, every index at least one value."""
    listings = sorted((built_site / "browse").rglob("index.html"))
    assert len(listings) > 20
    for path in listings:
        tree = lxml_html.fromstring(path.read_bytes())
        items = tree.cssselect(".md-content .reply-list li, .md-content .facet-list li")
        assert items, path.relative_to(built_site)
    for path in sorted((built_site / "summary").rglob("index.html")):
        assert lxml_html.fromstring(path.read_bytes()).cssselect(".md-content table.summary-table tbody tr"), path
