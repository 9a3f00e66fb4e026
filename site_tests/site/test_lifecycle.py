"""Changes over time: corrections, withdrawals and renamed records (stable links)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from helpers import build_site, copy_content

CORRECTION = "更正了第二段中的线路名称。"
REASON = "答复内容与实际办理情况不符，已重新答复。"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def lifecycle_site(tmp_path_factory) -> Path:
    workdir = tmp_path_factory.mktemp("lifecycle")
    content = copy_content(workdir / "content")
    edit(content / "replies/2025/zx-41.md", "published_date: 2025-08-19\n",
         f"published_date: 2025-08-19\nupdated: 2025-09-01\nchanges:\n  - date: 2025-09-01\n    note: {CORRECTION}\n")
    edit(content / "replies/2024/zx-52.md", "disclosure: 主动公开\n",
         f"disclosure: 主动公开\nstatus: 已撤回\nwithdrawal:\n  date: 2024-10-08\n  reason: {REASON}\n")
    renamed = content / "replies/2023/rd-24-linlin-highway.md"
    shutil.move(content / "replies/2023/rd-24.md", renamed)
    edit(renamed, "handling_role: 主办\n", "handling_role: 主办\naliases:\n  - 2023/rd-24\n")
    result = build_site(content, workdir, "--strict")
    assert result.returncode == 0, result.stderr
    return workdir / "site"


def text(site: Path, url: str) -> str:
    return re.sub(r"\s+", " ", lxml_html.fromstring((site / url / "index.html").read_bytes()).text_content())


def test_correction_keeps_publication_date_and_shows_the_note(lifecycle_site):
    page = text(lifecycle_site, "replies/2025/zx-41")
    assert "更正说明（最近更新：2025年9月1日）" in page and f"2025年9月1日：{CORRECTION}" in page
    tree = lxml_html.fromstring((lifecycle_site / "replies/2025/zx-41/index.html").read_bytes())
    rows = {item.findtext("dt"): item.find("dd").text_content() for item in tree.cssselect(".gov-meta__item")}
    assert rows["发布日期"] == "2025年8月19日"
    feed = (lifecycle_site / "feed.xml").read_text(encoding="utf-8")
    assert f"更正说明（2025年9月1日）：{CORRECTION}" in feed
    assert "（已更正）" in feed


def test_withdrawn_reply_keeps_its_url_with_a_banner(lifecycle_site):
    page = text(lifecycle_site, "replies/2024/zx-52")
    assert "本答复已于2024年10月8日撤回" in page and f"撤回原因：{REASON}" in page
    robots = lxml_html.fromstring((lifecycle_site / "replies/2024/zx-52/index.html").read_bytes())
    assert any(m.get("name") == "robots" and m.get("content") == "noindex" for m in robots.iter("meta"))


def test_withdrawn_reply_leaves_listings_counts_feed_data_and_search(lifecycle_site):
    hits = []
    for file in lifecycle_site.rglob("*"):
        if file.is_file() and file.suffix in {".html", ".xml", ".json", ".csv"}:
            if file.relative_to(lifecycle_site).as_posix().startswith("replies/2024/zx-52/"):
                continue
            if "zx-52" in file.read_text(encoding="utf-8", errors="ignore"):
                hits.append(file.relative_to(lifecycle_site).as_posix())
    assert hits == []
    assert "33 件公开答复" in text(lifecycle_site, "")
    data = json.loads((lifecycle_site / "data/replies.json").read_text(encoding="utf-8"))
    assert data["count"] == 33


def test_renamed_record_redirects_from_its_old_url(lifecycle_site):
    old = (lifecycle_site / "replies/2023/rd-24/index.html").read_text(encoding="utf-8")
    assert "rd-24-linlin-highway/" in old
    assert (lifecycle_site / "replies/2023/rd-24-linlin-highway/index.html").is_file()
