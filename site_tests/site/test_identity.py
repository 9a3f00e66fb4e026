"""One identity file: content/site.yml alone names the site and its address; the site is readable by a web server."""

from __future__ import annotations

import json
import os
import re
import stat
import xml.etree.ElementTree as ET

import pytest
import yaml

from helpers import build_site, copy_content

OTHER = {
    "name": "测试区建议提案公开",
    "organizer": "测试区人民政府",
    "undertaker": "测试区人民政府办公室",
    "site_url": "https://www.example.gov.cn/zwgk/jytabl/",
    "site_code": "3502060001",
    "icp": "闽ICP备12345678号-1",
    "police_record": "闽公网安备 35020602000123号",
}


@pytest.fixture(scope="module")
def other_office(tmp_path_factory):
    """The real content with only site.yml changed to another office at a sub-path, built with umask 022."""
    work = tmp_path_factory.mktemp("other-office")
    content = copy_content(work / "content")
    site = yaml.safe_load((content / "site.yml").read_text(encoding="utf-8"))
    site.update(OTHER)
    (content / "site.yml").write_text(yaml.safe_dump(site, allow_unicode=True, sort_keys=False), encoding="utf-8")
    previous = os.umask(0o022)
    try:
        result = build_site(content, work, "--strict")
    finally:
        os.umask(previous)
    assert result.returncode == 0, result.stdout + result.stderr
    return work / "site"


def html_files(site):
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def test_every_title_names_the_office_of_site_yml(other_office):
    for path in html_files(other_office):
        text = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue  # redirect pages of renamed records
        title = re.search(r"<title>([^<]*)</title>", text).group(1)
        assert title == OTHER["name"] or title.endswith(" - " + OTHER["name"]), (path, title)
        assert "湖里区建议提案办理结果公开" not in text, path


def test_canonical_links_sitemap_feed_and_data_use_the_address_of_site_yml(other_office):
    base = OTHER["site_url"]
    for path in html_files(other_office):
        for href in re.findall(r'<link rel="canonical" href="([^"]+)"', path.read_text(encoding="utf-8")):
            assert href.startswith(base), (path, href)
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in ET.parse(other_office / "sitemap.xml").getroot().findall("s:url/s:loc", namespace)]
    assert locs and all(loc.startswith(base) for loc in locs)
    links = [link.text for link in ET.parse(other_office / "feed.xml").getroot().iter("link")]
    assert links and all(link.startswith(base) for link in links)
    data = json.loads((other_office / "data" / "replies.json").read_text(encoding="utf-8"))
    assert all(reply["url"].startswith(base) for reply in data["replies"])
    for path in [*html_files(other_office), other_office / "sitemap.xml", other_office / "feed.xml"]:
        assert "replies.example.gov.cn" not in path.read_text(encoding="utf-8"), path


def test_the_site_is_readable_by_a_web_server_user(other_office):
    """Everything under site/ is world-readable (directories also searchable), as the umask allows."""
    for path in [other_office, *other_office.rglob("*")]:
        mode = path.stat().st_mode
        wanted = stat.S_IROTH | (stat.S_IXOTH if path.is_dir() else 0)
        assert mode & wanted == wanted, (path, oct(mode))
