"""The column inside its portal, served by Debian's nginx: the portal's header and footer by SSI or from fragments.

The portal's own files (/include/header.html, /include/footer.html) are
served by a location of the portal, as on the office's server; the column's
location is deploy/nginx.conf's with `ssi on;` added, nothing else.
"""

from __future__ import annotations

import gzip
import shutil
import tempfile
from pathlib import Path

import pytest
from helpers import FIXTURES

from nginx_server import get, serve_for_tests
from test_browser import PHONE

COLUMN = "/zwgk/jytabl/"
REPLY = COLUMN + "replies/2025/zx-20253012/"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def portal_files():
    folder = Path(tempfile.mkdtemp(prefix="portal-include-"))
    folder.chmod(0o755)  # nginx's workers read it as an unprivileged user
    for name in ("header.html", "footer.html"):
        shutil.copy(FIXTURES / "portal" / name, folder / name)
        (folder / name).chmod(0o644)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def ssi_nginx(ssi_office, portal_files):
    include = f"    location /include/ {{\n        alias {portal_files}/;\n    }}\n"
    with serve_for_tests(ssi_office, column=COLUMN, ssi=True, extra_locations=include) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def fragment_nginx(portal_office):
    with serve_for_tests(portal_office, column=COLUMN) as base_url:
        yield base_url


def test_nginx_inserts_the_portals_header_and_footer_and_still_compresses(ssi_nginx):
    header = (FIXTURES / "portal" / "header.html").read_text(encoding="utf-8").strip()
    footer = (FIXTURES / "portal" / "footer.html").read_text(encoding="utf-8").strip()
    for path in (COLUMN, REPLY, COLUMN + "browse/year/2025/", COLUMN + "search/"):
        response, body = get(ssi_nginx, path)
        assert response.status == 200 and response.getheader("Content-Encoding") == "gzip", path
        text = gzip.decompress(body).decode("utf-8")
        assert "<!--#include" not in text, path
        assert text.index(header) < text.index('<header class="md-header') < text.index(footer), path
        assert response.getheader("X-Content-Type-Options") == "nosniff", path
        assert "default-src 'self'" in response.getheader("Content-Security-Policy"), path


def visit(chromium, url: str, artifacts: Path, name: str, **context_options) -> dict:
    context = chromium.new_context(**({"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN"} | context_options))
    page = context.new_page()
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(url, wait_until="networkidle")
    facts = page.evaluate("""() => ({
      portal: document.querySelector('.portal-header').innerText.trim().split(/\\s+/)[0],
      portalTop: document.querySelector('.portal-header').getBoundingClientRect().top,
      columnHeader: document.querySelector('.md-header').getBoundingClientRect().top,
      footer: !!document.querySelector('.portal-footer'),
      toggles: [...document.querySelectorAll('.header-toggle')].map(b => b.getAttribute('aria-label')),
      width: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
    })""")
    page.screenshot(path=artifacts / f"{name}.png")
    page.screenshot(path=artifacts / f"{name}-full.png", full_page=True)
    box = page.locator("input[data-md-component=search-query]")
    if not box.is_visible():
        page.locator("label.md-header__button[for=__search]").click()
    box.fill("肖明")
    box.press("End")
    page.locator(".md-search-result__item > a").first.wait_for()
    facts["search"] = page.locator(".md-search-result__item > a").first.get_attribute("href")
    context.close()
    facts["problems"] = problems
    return facts


@pytest.mark.parametrize("mode", ["ssi", "fragment"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_column_keeps_its_own_header_search_and_controls_beneath_the_portals(
        chromium, ssi_nginx, fragment_nginx, artifacts, mode, device):
    base = ssi_nginx if mode == "ssi" else fragment_nginx
    facts = visit(chromium, base + REPLY, artifacts, f"portal-{mode}-reply-{device}", **(PHONE if device == "phone" else {}))
    assert facts["portal"] == "测试区人民政府门户网站" and facts["footer"]
    assert facts["portalTop"] < facts["columnHeader"]
    assert facts["toggles"] == ["大字模式", "高对比度"]
    assert "zx-20253012" in facts["search"]
    assert facts["width"][0] <= facts["width"][1], facts["width"]
    # The portal office shows a 党政机关网站标识: its one script from dcs.conac.cn is refused by the
    # sample CSP until the host is added (deploy/replies-security-headers.conf), and this machine is offline.
    assert [problem for problem in facts["problems"] if "dcs.conac.cn" not in problem] == []


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_every_kind_of_page_inside_the_portal_fits_the_screen(chromium, ssi_nginx, artifacts, device):
    """Screenshots for the record: home, a listing, a summary, with the portal's header and footer."""
    options = PHONE if device == "phone" else {"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN"}
    context = chromium.new_context(**options)
    page = context.new_page()
    for name, path in (("home", ""), ("listing", "browse/year/2025/"), ("summary", "summary/2025/"),
                       ("summary-index", "summary/")):
        page.goto(ssi_nginx + COLUMN + path, wait_until="networkidle")
        assert page.locator(".portal-header").inner_text().startswith("测试区人民政府门户网站"), path
        widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], (path, widths)
        page.screenshot(path=artifacts / f"portal-ssi-{name}-{device}.png", full_page=True)
    context.close()
