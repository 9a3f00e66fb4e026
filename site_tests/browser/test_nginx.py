"""The site as an office serves it: Debian's nginx with deploy/nginx.conf, the column under /zwgk/jytabl/.

The build is another office's (only site.yml changed, site_url under a
sub-path); nginx serves the .gz copies the build wrote (gzip_static), the
cache and security headers of the sample configuration, and the 404 page;
both searches work in chromium through it, with nothing blocked by the
Content-Security-Policy.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from nginx_server import get, serve_for_tests

COLUMN = "/zwgk/jytabl/"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def nginx(other_office):
    """The other office's build served by nginx at COLUMN (site_tests/nginx_server.py); the base URL."""
    with serve_for_tests(other_office, column=COLUMN) as base_url:
        yield base_url


def test_pages_are_sent_from_their_gz_copies_with_the_headers_of_the_sample(nginx, other_office):
    response, body = get(nginx, COLUMN)
    assert response.status == 200 and response.getheader("Content-Encoding") == "gzip"
    assert body == (other_office / "index.html.gz").read_bytes()  # the build's copy, not nginx's own
    assert response.getheader("Cache-Control") == "no-cache"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Referrer-Policy") == "strict-origin-when-cross-origin"
    assert "default-src 'self'" in response.getheader("Content-Security-Policy")


def test_hashed_assets_are_cached_for_a_year(nginx, other_office):
    bundle = next((other_office / "assets" / "javascripts").glob("bundle.*.min.js")).name
    response, _ = get(nginx, COLUMN + "assets/javascripts/" + bundle)
    assert response.status == 200 and "immutable" in response.getheader("Cache-Control")
    assert response.getheader("X-Content-Type-Options") == "nosniff"


def test_a_missing_page_gets_the_sites_404_page(nginx):
    response, body = get(nginx, COLUMN + "replies/2025/no-such-reply/", gzip=False)
    assert response.status == 404 and "404" in body.decode("utf-8")


def test_both_searches_work_under_the_column_path_through_nginx(chromium, nginx):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(nginx + COLUMN)
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    box.fill("肖明")
    link = page.locator(".md-search-result__item > a.md-search-result__link").first
    link.wait_for()
    assert link.get_attribute("href").startswith(nginx + COLUMN + "replies/2025/zx-20253012/")
    page.goto(nginx + COLUMN + "search/?q=" + quote("人才公寓"))
    result = page.locator(".fulltext-result-link").first
    result.wait_for()
    assert result.get_attribute("href") == COLUMN + "replies/2025/zx-20253012/"
    result.click()
    page.wait_for_url("**" + COLUMN + "replies/2025/zx-20253012/")
    assert page.locator(".letter").is_visible()
    context.close()
    assert not problems, problems  # a Content-Security-Policy violation is reported here too


def test_the_editor_is_served_with_its_own_policy_and_kept_from_search_engines(chromium, nginx):
    response, _ = get(nginx, COLUMN + "admin/", gzip=False)
    assert response.status == 200
    policy = response.getheader("Content-Security-Policy")
    assert "script-src 'self' 'unsafe-eval'" in policy and "'unsafe-inline'" not in policy.split("style-src")[0]
    assert response.getheader("X-Robots-Tag") == "noindex, nofollow"
    context = chromium.new_context(locale="zh-CN")
    page = context.new_page()
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(nginx + COLUMN + "admin/", wait_until="networkidle")
    page.wait_for_timeout(1500)
    context.close()
    # Decap runs (no CSP refusal, no eval error); it may fail to reach the local backend, which is not running here.
    assert not [p for p in problems if "Content Security Policy" in p or "EvalError" in p], problems
