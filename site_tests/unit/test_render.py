"""Stage 5: rendering is pure; check pages, listings, feed and data on in-memory records."""

import datetime as dt
import json
import xml.etree.ElementTree as ET

import jsonschema
from helpers import make_reply, make_site

from generator.render import render_site
from generator.resolve import resolve
from generator.schema import Contact, Disclosure, Policy, PrivacyRules, ReplyCategory
from generator.select import select
from generator.validate import ValidatedContent

POLICY = Policy(title="湖里区加强人才及重点群体住房保障措施", id="housing")


def render(*replies, policies=(POLICY,)):
    return render_site(resolve(select(ValidatedContent(make_site(), policies, tuple(replies), ()))))


def many(count):
    return [make_reply(f"zx-{i}", written_date=dt.date(2025, 1, 1) + dt.timedelta(days=i % 300),
                       reply_category=ReplyCategory.B) for i in range(count)]


def test_reply_page_links_cited_policy_and_masks_requested_values():
    reply = make_reply(body="我区出台《湖里区加强人才及重点群体住房保障措施》。热线 13712347627。\n",
                       contacts=(Contact(role="联系人", name="王某", phone="13712347627"),),
                       privacy=PrivacyRules(mask=("13712347627",)))
    page = render(reply).files["replies/2025/zx-1.md"]
    assert "[《湖里区加强人才及重点群体住房保障措施》](../../policies/housing.md)" in page
    assert "13712347627" not in page
    assert page.count("137****7627") == 2


def test_reply_page_front_matter_carries_government_labels():
    page = render(make_reply()).files["replies/2025/zx-1.md"]
    assert "SiteName: 测试网站\n" in page and "PubDate: '2025-06-10'\n" in page
    assert "ArticleTitle: 关于第zx-1号提案的答复\n" in page


def test_pub_date_has_the_time_only_where_the_record_has_it():
    untimed = render(make_reply()).files["replies/2025/zx-1.md"]
    timed = render(make_reply(published_date=dt.date(2025, 6, 12), published_time="09:30")).files["replies/2025/zx-1.md"]
    assert "PubDate: '2025-06-10'\n" in untimed
    assert "PubDate: 2025-06-12 09:30\n" in timed
    assert "Url: https://example.gov.cn/replies/2025/zx-1/\n" in timed


def test_listing_pages_carry_the_column_meta_tags():
    files = render(make_reply(topics=("talent",))).files
    for doc in ("index.md", "browse/index.md", "browse/year/2025/index.md", "browse/topic/talent/index.md",
                "summary/2025.md", "summary/index.md", "policies/index.md"):
        gov = files[doc].split("gov:\n", 1)[1].split("\n---", 1)[0] + "\n"
        assert "  ColumnName: 建议提案办理\n" in gov and "  ColumnType: 政务公开\n" in gov, doc
        assert "  ColumnKeywords: 建议提案,人大代表建议,政协委员提案,办理答复" in gov, doc
    assert "ColumnKeywords: 建议提案,人大代表建议,政协委员提案,办理答复,按主题,人才发展\n" in files["browse/topic/talent/index.md"]


def test_a_way_of_browsing_without_any_value_has_no_page_and_no_link():
    """Never an empty column (空白栏目): no reply has a topic or a reply category here."""
    files = render(make_reply(topics=(), reply_category=None)).files
    assert not [doc for doc in files if doc.startswith(("browse/topic/", "browse/category/"))]
    for doc, text in files.items():
        assert "browse/topic/" not in text and "browse/category/" not in text, doc
    assert "按年度" in files["browse/index.md"] and "按主题" not in files["browse/index.md"]


def test_listings_paginate_at_fifty():
    files = render(*many(120)).files
    pages = ["browse/year/2025/index.md", "browse/year/2025/2.md", "browse/year/2025/3.md"]
    def listed(text):  # the replies listed, after the breadcrumbs (当前位置)
        return text.split('<nav class="breadcrumbs"', 1)[1].split("</nav>", 1)[1].count("<li>")

    assert [listed(files[p]) for p in pages] == [50, 50, 20]
    assert "browse/year/2025/4.md" not in files
    assert '<a href="2/" rel="next">下一页</a>' in files[pages[0]]
    assert '<a href="../" rel="prev">上一页</a>' in files[pages[1]]
    assert "共 120 件答复" in files[pages[2]]
    assert listed(files["browse/category/b/index.md"]) == 50


def test_home_lists_latest_twenty_and_totals():
    home = render(*many(30)).files["index.md"]
    assert "<strong>30</strong> 件公开答复" in home
    assert home.count('<ul class="reply-list">') == 1
    assert home.split('<ul class="reply-list">')[1].count("<li>") == 20


def test_feed_holds_latest_fifty_and_is_valid_xml():
    root = ET.fromstring(render(*many(80)).files["feed.xml"].encode("utf-8"))
    items = root.findall("channel/item")
    assert len(items) == 50
    assert items[0].findtext("link").startswith("https://example.gov.cn/replies/2025/")


def test_open_data_matches_its_schema_and_skips_non_public():
    hidden = make_reply("zx-9", disclosure=Disclosure.ON_REQUEST, title="不公开的答复")
    files = render(make_reply(), hidden).files
    data = json.loads(files["data/replies.json"])
    jsonschema.validate(data, json.loads(files["data/replies.schema.json"]))
    assert [r["id"] for r in data["replies"]] == ["zx-1"]
    assert "不公开的答复" not in "".join(files.values())
    assert files["data/replies.csv"].startswith("\ufeff编号,年份,网址,标题")


def test_rendering_twice_is_identical():
    replies = many(60)
    assert render(*replies).files == render(*replies).files


def test_redirects_map_old_ids_to_new_pages():
    output = render(make_reply("zx-1-new", aliases=("2025/zx-1-old",)))
    assert output.redirects == {"replies/2025/zx-1-old.md": "replies/2025/zx-1-new.md"}


def test_letter_without_its_date_closes_with_the_issuer_only():
    import datetime as dt

    from generator.render.reply_page import letter_closing

    closing = letter_closing(make_reply(written_date=None, published_date=dt.date(2025, 10, 31)))
    assert '<div class="letter__seal"><p>湖里区人力资源和社会保障局</p></div>' in closing


def test_an_unsigned_letter_names_no_issuer_and_no_unit():
    output = render(make_reply(issuer=""))
    page = output.files["replies/2025/zx-1.md"]
    assert 'class="letter__issuer"' not in page and "browse/unit/" not in page
    assert not any(path.startswith("browse/unit/u-") for path in output.files)
