"""The column inside its portal: the portal's header and footer on every page, from fragments or SSI lines."""

from __future__ import annotations

import json
import re

from helpers import FIXTURES
from linkcheck import broken_links

COLUMN = "/zwgk/jytabl/"
SSI_HEADER = '<!--#include virtual="/include/header.html" -->'
SSI_FOOTER = '<!--#include virtual="/include/footer.html" -->'


def pages(site):
    """Every page of the site but the redirect pages of renamed records and the editor (/admin/, staff only)."""
    for path in sorted(site.rglob("*.html")):
        if path.relative_to(site).parts[0] == "admin":
            continue
        text = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' not in text:
            yield path, text


def test_every_page_has_the_portals_header_above_and_footer_below_the_column(portal_office):
    header = (FIXTURES / "portal" / "header.html").read_text(encoding="utf-8").strip()
    footer = (FIXTURES / "portal" / "footer.html").read_text(encoding="utf-8").strip()
    count = 0
    for path, text in pages(portal_office):
        assert text.count(header) == 1 and text.count(footer) == 1, path
        # Above the column's own header (search box, 大字模式) and below its government footer.
        assert text.index(header) < text.index('<header class="md-header') < text.index("gov-footer") < text.index(footer), path
        count += 1
    assert count > 100


def test_the_portals_links_are_its_own_and_the_columns_stay_under_its_path(portal_office, other_office):
    assert broken_links(portal_office, COLUMN) == []
    assert broken_links(other_office, COLUMN) == []


def test_the_portals_text_is_in_no_search_index(portal_office):
    index = (portal_office / "search" / "search_index.json").read_text(encoding="utf-8")
    assert json.loads(index)["docs"] and "政务服务" not in index and "版权所有" not in index


def test_include_lines_are_left_for_the_server_and_such_pages_get_no_compressed_copy(ssi_office):
    for path, text in pages(ssi_office):
        assert text.count(SSI_HEADER) == 1 and text.count(SSI_FOOTER) == 1, path
        assert text.index(SSI_HEADER) < text.index('<header class="md-header') < text.index(SSI_FOOTER), path
        # gzip_static would send a .gz copy past nginx's SSI filter: the build writes none.
        assert not path.with_name(path.name + ".gz").exists() and not path.with_name(path.name + ".br").exists(), path
    assert (ssi_office / "sitemap.xml.gz").exists() and next((ssi_office / "assets").rglob("*.css.br"))


def test_without_a_portal_block_nothing_is_added(other_office):
    for path, text in pages(other_office):
        assert "portal-header" not in text and "portal-footer" not in text and "<!--#include" not in text, path
    assert re.search(r'<div class="portal-(header|footer)"', (other_office / "index.html").read_text(encoding="utf-8")) is None


def test_the_party_and_government_site_mark_is_there_only_when_configured(portal_office, other_office):
    script = ('<span id="_ideConac"></span><script src="https://dcs.conac.cn/js/35/000/0000/60123456/'
              'CA350000000601234560001.js"></script>')
    for path, text in pages(portal_office):
        assert text.count(script) == 1, path
    # Without an id: not a single script or style from another host.
    for path, text in pages(other_office):
        assert "conac" not in text and not re.search(r'<(script|link rel="stylesheet")[^>]+(src|href)="https?://', text), path
