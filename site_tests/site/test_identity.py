"""One identity file: content/site.yml alone names the site and its address; the site is readable by a web server."""

from __future__ import annotations

import json
import re
import stat
import xml.etree.ElementTree as ET

from helpers import OTHER_OFFICE as OTHER


def html_files(site):
    """The public pages: not Pagefind's files, nor the editor for staff (/admin/, its own page)."""
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts and p.relative_to(site).parts[0] != "admin")


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


def footer_of(path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[text.index('<div class="md-copyright gov-footer">'):text.index("</footer>")]


def test_every_page_has_the_government_footer_of_site_yml(other_office):
    seed = other_office / "replies" / "2025" / "zx-20253012" / "index.html"
    footer = footer_of(seed)
    assert "主办单位：测试区人民政府" in footer and "承办单位：测试区人民政府办公室" in footer
    assert "网站标识码：3502060001" in footer
    assert '<a href="https://beian.miit.gov.cn/" rel="noopener">闽ICP备12345678号-1</a>' in footer
    assert ('<a href="https://beian.mps.gov.cn/#/query/webSearch?code=35020602000123" rel="noopener">'
            "闽公网安备 35020602000123号</a>") in footer
    assert ('href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=3502060001&amp;url='
            'https%3A//www.example.gov.cn/zwgk/jytabl/replies/2025/zx-20253012/"') in footer
    assert '<a href="../../../sitemap/">网站地图</a>' in footer and '<a href="../../../contact/">联系我们</a>' in footer
    for path in html_files(other_office):
        text = path.read_text(encoding="utf-8")
        assert "Made with" not in text, path
        if 'http-equiv="refresh"' not in text:
            assert 'class="md-copyright gov-footer"' in text, path


def test_site_map_and_contact_pages_list_what_exists(other_office):
    site_map = (other_office / "sitemap" / "index.html").read_text(encoding="utf-8")
    for label in ("分类浏览", "按年度", "2025年办理总体情况", "政策文件", "全文检索", "帮助", "联系我们", "订阅（RSS）"):
        assert f">{label}</a>" in site_map, label
    contact = (other_office / "contact" / "index.html").read_text(encoding="utf-8")
    assert '<th scope="row">主办单位</th><td>测试区人民政府</td>' in contact
    assert "地址" not in contact.split("<article")[1].split("</article>")[0]  # not in site.yml: no row


def test_without_record_numbers_the_footer_shows_none(built_site):
    footer = footer_of(built_site / "index.html")
    assert "网站标识码" not in footer and "ICP" not in footer and "公网安备" not in footer and "我要纠错" not in footer
    assert "主办单位：厦门市湖里区人民政府" in footer


def test_every_page_carries_the_site_meta_tags_of_site_yml(other_office):
    for path in html_files(other_office):
        text = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue
        for name, value in (("SiteName", OTHER["name"]), ("SiteDomain", "www.example.gov.cn"),
                            ("SiteIDCode", OTHER["site_code"]), ("ColumnName", "建议提案办理")):
            assert f'<meta name="{name}" content="{value}">' in text, (path, name)
