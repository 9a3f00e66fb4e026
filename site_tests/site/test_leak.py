"""Nothing unpublishable reaches the site: a full build, every output file scanned.

``fixtures/leak`` holds public replies and replies that must never be
published (依申请公开, 不予公开, no disclosure at all, and one withdrawn
after being 依申请公开).  Each unpublishable record carries its own marker
``zqxleakNN`` in its file name and in every field that can hold text, and
cites the same policies, topics, sessions and items as the public ones, so
it would surface in listings, facets, backlinks, related replies, feeds,
open data or either search index if the disclosure gate let it through.
The scan walks whatever the build produced, decompressing gzip (sitemap,
Pagefind's ``.pf_*`` files) so nothing is skipped for being compressed.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from helpers import FIXTURES, build_site, readable_views

pytestmark = pytest.mark.slow

LEAK = FIXTURES / "leak"
MARKERS = [f"zqxleak0{n}" for n in range(1, 6)]
# Personal data written only in unpublishable records, and the raw forms of a
# public record's number that privacy.mask must replace by 138****1111.
RAW_PERSONAL_DATA = ["13900002222", "6222021234567894", "13800001111", "138-0000-1111", "138 0000 1111"]
PUBLIC = {"zx-20253012": "zqxpublic01", "zx-20253013": "zqxpublic02", "rd-15": "zqxpublic03"}
WITHDRAWN = "replies/2025/zx-20253014/index.html"


# The column at the root of its own host, and under a portal's sub-path (site.yml site_url).
SITE_URLS = ["https://replies.example.gov.cn/", "https://www.example.gov.cn/zwgk/jytabl/"]


@pytest.fixture(scope="module", params=SITE_URLS, ids=["root", "sub-path"])
def leak_site(request, tmp_path_factory) -> Path:
    workdir = tmp_path_factory.mktemp("leak")
    content = shutil.copytree(LEAK, workdir / "content")
    site_yml = content / "site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8").replace(SITE_URLS[0], request.param), encoding="utf-8")
    result = build_site(content, workdir)
    assert result.returncode == 0, result.stdout + result.stderr
    return workdir / "site"


@pytest.fixture(scope="module")
def site_files(leak_site) -> dict[str, list[bytes]]:
    files = {p.relative_to(leak_site).as_posix(): readable_views(p) for p in sorted(leak_site.rglob("*")) if p.is_file()}
    assert len(files) > 50
    return files


def hits(site_files, needle: str) -> list[str]:
    needle_bytes = needle.lower().encode("utf-8")
    return [name for name, views in site_files.items() if any(needle_bytes in view.lower() for view in views)]


def test_the_scan_sees_into_compressed_files(site_files):
    decompressed = [name for name, views in site_files.items() if len(views) > 1]
    assert {"sitemap.xml.gz", "sitemap.xml.br"} <= set(decompressed)
    assert sum(name.endswith(".pf_fragment") for name in decompressed) == 3
    assert {".pf_filter", ".pf_index", ".pf_meta", ".pf_fragment"} <= {Path(n).suffix for n in decompressed}
    # Positive control: each public marker is found in its page, the open data and a Pagefind fragment.
    for reply_id, marker in PUBLIC.items():
        found = hits(site_files, marker)
        assert any(name.startswith("replies/") and reply_id in name for name in found), (marker, found)
        assert "data/replies.json" in found and "data/replies.csv" in found
        assert any(name.endswith(".pf_fragment") for name in found), (marker, found)


@pytest.mark.parametrize("marker", MARKERS)
def test_no_unpublishable_record_leaves_a_trace(site_files, marker):
    assert hits(site_files, marker) == []


@pytest.mark.parametrize("raw", RAW_PERSONAL_DATA)
def test_no_private_number_reaches_the_site(site_files, raw):
    assert hits(site_files, raw) == []


def test_masked_numbers_are_shown_masked(leak_site):
    page = (leak_site / "replies/2025/zx-20253013/index.html").read_text(encoding="utf-8")
    assert page.count("138****1111") == 2  # body and contact phone
    data = json.loads((leak_site / "data/replies.json").read_text(encoding="utf-8"))
    record = next(r for r in data["replies"] if r["id"] == "zx-20253013")
    assert record["contacts"][0]["phone"] == "138****1111"


def test_masked_numbers_keep_their_mask_in_plain_text(leak_site):
    data = json.loads((leak_site / "data/replies.json").read_text(encoding="utf-8"))
    record = next(r for r in data["replies"] if r["id"] == "zx-20253013")
    assert "138****1111" in record["body_text"]


def text_of(site: Path, page: str) -> str:
    return re.sub(r"\s+", " ", lxml_html.fromstring((site / page).read_bytes()).text_content())


def test_counts_everywhere_are_the_public_count(leak_site):
    listed = 3  # three public replies; the withdrawn one has a page but is not counted
    home = (leak_site / "index.html").read_text(encoding="utf-8")
    assert f"<strong>{listed}</strong> 件公开答复" in home
    assert "<strong>1</strong> 件人大代表建议答复" in home and "<strong>2</strong> 件政协委员提案答复" in home
    data = json.loads((leak_site / "data/replies.json").read_text(encoding="utf-8"))
    assert data["count"] == len(data["replies"]) == listed
    assert sorted(r["id"] for r in data["replies"]) == sorted(PUBLIC)
    rows = list(csv.reader(io.StringIO((leak_site / "data/replies.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == 1 + listed
    feed = (leak_site / "feed.xml").read_text(encoding="utf-8")
    assert feed.count("<item>") == listed
    entry = json.loads((leak_site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert [language["page_count"] for language in entry["languages"].values()] == [listed]
    lean = json.loads((leak_site / "search/search_index.json").read_text(encoding="utf-8"))
    assert sorted(d["location"] for d in lean["docs"] if d["location"].startswith("replies/")) == sorted(
        f"replies/{'2024' if i == 'rd-15' else '2025'}/{i}/" for i in PUBLIC)
    assert "共 2 件答复" in text_of(leak_site, "browse/year/2025/index.html")
    assert "共 1 件答复" in text_of(leak_site, "browse/year/2024/index.html")
    assert not (leak_site / "browse/year/2023").exists() and not (leak_site / "summary/2023").exists()
    assert "2025年共公开建议提案答复 2 件" in text_of(leak_site, "summary/2025/index.html")
    policy = text_of(leak_site, "policies/talent-housing/index.html")
    assert "引用此政策的答复（2 件）" in policy
    assert "被 2 件答复引用" in text_of(leak_site, "policies/index.html")
    topics = text_of(leak_site, "browse/topic/housing/index.html")
    assert "共 2 件答复" in topics


def test_only_public_pages_exist(leak_site):
    pages = sorted(p.parent.relative_to(leak_site).as_posix() for p in (leak_site / "replies").rglob("index.html"))
    assert pages == ["replies/2024/rd-15", "replies/2025/zx-20253012", "replies/2025/zx-20253013",
                     "replies/2025/zx-20253014"]


def test_a_withdrawn_reply_has_its_page_with_the_banner_and_nothing_else(leak_site, site_files):
    assert "本答复已于2025年8月1日撤回" in text_of(leak_site, WITHDRAWN)
    assert "撤回原因：答复内容与实际办理情况不符，已重新答复。" in text_of(leak_site, WITHDRAWN)
    # The page and the .br and .gz copies of it the build writes for the web server (gzip_static).
    copies = [WITHDRAWN, WITHDRAWN + ".br", WITHDRAWN + ".gz"]
    assert hits(site_files, "zqxwithdrawn") == copies
    assert hits(site_files, "zx-20253014") == copies


def test_only_the_attachments_of_public_replies_are_published(leak_site, site_files):
    assert sorted(p.relative_to(leak_site).as_posix() for p in (leak_site / "media").rglob("*")) == [
        "media/2025", "media/2025/zx-20253013-答复函.pdf"]
    assert (leak_site / "media/2025/zx-20253013-答复函.pdf").read_bytes() == (
        LEAK / "media/2025/zx-20253013-答复函.pdf").read_bytes()
    page = lxml_html.fromstring((leak_site / "replies/2025/zx-20253013/index.html").read_bytes())
    [item] = page.cssselect(".reply-attachments li")
    assert item.text_content() == "答复函原件（PDF，4 KB）"
    assert item.cssselect("a")[0].get("href") == "../../../media/2025/zx-20253013-%E7%AD%94%E5%A4%8D%E5%87%BD.pdf"
    data = json.loads((leak_site / "data/replies.json").read_text(encoding="utf-8"))
    [public] = [r for r in data["replies"] if r["id"] == "zx-20253013"]
    base = data["replies"][0]["url"].split("replies/")[0]
    assert base in SITE_URLS
    assert public["attachments"] == [{"title": "答复函原件", "file": "media/2025/zx-20253013-答复函.pdf",
                                      "url": base + "media/2025/zx-20253013-答复函.pdf"}]


def test_every_link_resolves_and_stays_in_the_column(leak_site):
    from urllib.parse import urlsplit

    from linkcheck import broken_links

    data = json.loads((leak_site / "data/replies.json").read_text(encoding="utf-8"))
    column = urlsplit(data["replies"][0]["url"].split("replies/")[0]).path
    assert broken_links(leak_site, column) == []
