"""The built real site in Debian's chromium: what a visitor does, end to end.

Screenshots go to test-artifacts/ (the ``artifacts`` fixture).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from harness import serve
from measure import measure_first_search, measure_page_view

pytestmark = pytest.mark.browser

SEED = "/replies/2025/zx-20253012/"
POLICY = "/policies/huli-talent-housing-measures/"
LISTING = "/browse/year/2025/"
SEARCH_FILES = ("search/search_index.json", "/pagefind/")
# What axe-core checks: WCAG 2.1 A/AA plus its best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def path_of(url: str) -> str:
    return unquote(urlsplit(url).path)


def header_search(page, query: str):
    """Type into material's header search; returns the result links once shown."""
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    box.fill(query)
    box.press("End")  # material searches on keyup
    links = page.locator(".md-search-result__item > a")
    links.first.wait_for()
    return links


def wait_fulltext_results(page):
    page.locator(".pagefind-ui__result-link").first.wait_for()
    return page.locator(".pagefind-ui__result-link")


def test_home_to_reply_through_browse_by_year(page, site_url, artifacts):
    page.goto(site_url + "/")
    assert page.locator("h1").first.inner_text() == "湖里区建议提案办理结果公开"
    page.screenshot(path=artifacts / "home.png", full_page=True)
    page.get_by_role("link", name="分类浏览").first.click()
    page.get_by_role("link", name="按年度").click()
    page.locator("article").get_by_role("link", name="2025", exact=False).first.click()
    assert path_of(page.url) == LISTING
    page.locator("article").get_by_role("link", name="关于区政协九届四次会议 第20253012号提案办理情况答复的函").click()
    assert path_of(page.url) == SEED
    assert "厦湖人社函〔2025〕5号" in page.locator(".gov-meta").inner_text()
    page.screenshot(path=artifacts / "reply.png", full_page=True)


@pytest.mark.parametrize("query", ["肖明", "20253012"])
def test_header_search_finds_seed_reply(page, site_url, artifacts, query):
    page.goto(site_url + "/")
    links = header_search(page, query)
    hrefs = [path_of(a.get_attribute("href")) for a in links.all()]
    assert SEED in hrefs, hrefs
    page.screenshot(path=artifacts / f"header-search-{query}.png")
    links.nth(hrefs.index(SEED)).click()
    page.wait_for_url("**" + SEED + "*")
    assert path_of(page.url) == SEED


def test_body_phrase_through_fulltext_link(page, site_url, artifacts):
    page.goto(site_url + "/")
    header_search(page, "人才公寓")
    link = page.locator(".fulltext-link")
    assert link.is_visible() and "人才公寓" in link.inner_text()
    link.click()
    page.wait_for_url("**/search/?q=*")
    assert parse_qs(urlsplit(page.url).query) == {"q": ["人才公寓"]}
    results = wait_fulltext_results(page)
    # The header search stayed shut: ?q= belongs to the full-text page.
    assert not page.locator("#__search").is_checked()
    assert "<mark>" in page.locator(".pagefind-ui__result-excerpt").first.inner_html()
    page.screenshot(path=artifacts / "fulltext-人才公寓.png", full_page=True)
    hrefs = [path_of(a.get_attribute("href")) for a in results.all()]
    assert SEED in hrefs
    results.nth(hrefs.index(SEED)).click()
    page.wait_for_url("**" + SEED + "*")
    assert page.locator(".letter").is_visible()


def test_home_search_form_opens_fulltext_results(page, site_url):
    page.goto(site_url + "/")
    page.locator("#home-q").fill("人才公寓")
    page.locator("#home-q").press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert path_of(wait_fulltext_results(page).first.get_attribute("href")) == SEED
    assert page.locator(".pagefind-ui__search-input").input_value() == "人才公寓"
    assert parse_qs(urlsplit(page.url).query) == {"q": ["人才公寓"]}


def test_excerpt_never_shows_the_keyword_list(page, site_url):
    """砖 is found only through the hidden keyword list (the text has 金砖); the excerpt stays letter text."""
    page.goto(site_url + "/search/?q=" + "砖")
    wait_fulltext_results(page)
    excerpt = page.locator(".pagefind-ui__result-excerpt").first.inner_text()
    assert "zhkeywordlist" not in excerpt
    assert not re.search(r"(\S ){6,}", excerpt), excerpt  # no run of lone characters


def test_fulltext_links_work_under_a_sub_path(chromium, built_site, tmp_path):
    """Served at /sub/ instead of the root, Pagefind's bundle and result links follow."""
    (tmp_path / "sub").symlink_to(built_site, target_is_directory=True)
    with serve(tmp_path) as url:
        page = chromium.new_page()
        page.goto(url + "/sub/search/?q=" + "人才公寓")
        link = wait_fulltext_results(page).first
        assert path_of(link.get_attribute("href")) == "/sub" + SEED
        link.click()
        page.wait_for_url("**/sub" + SEED)
        assert page.locator(".letter").is_visible()
        page.close()


def test_filtered_search_kept_in_url_and_reload(page, site_url, artifacts):
    page.goto(site_url + "/search/?q=" + "人才")
    wait_fulltext_results(page)
    for group, value in (("年度", "2025"), ("类型", "政协提案"), ("答复类别", "A类")):
        box = page.locator(f'.pagefind-ui__filter-checkbox[name="{group}"][value="{value}"]')
        if not box.is_visible():  # a closed filter group: open it first
            page.locator(".pagefind-ui__filter-name", has_text=group).click()
        box.check()
    wanted = {"q": ["人才"], "年度": ["2025"], "类型": ["政协提案"], "答复类别": ["A类"]}
    page.wait_for_function("() => new URLSearchParams(location.search).getAll('答复类别').length === 1")
    assert parse_qs(urlsplit(page.url).query) == wanted
    results = [path_of(a.get_attribute("href")) for a in wait_fulltext_results(page).all()]
    assert results == [SEED]
    page.screenshot(path=artifacts / "fulltext-filtered.png", full_page=True)

    page.reload()
    assert parse_qs(urlsplit(page.url).query) == wanted
    assert [path_of(a.get_attribute("href")) for a in wait_fulltext_results(page).all()] == results
    for group, value in (("年度", "2025"), ("类型", "政协提案"), ("答复类别", "A类")):
        assert page.locator(f'.pagefind-ui__filter-checkbox[name="{group}"][value="{value}"]').is_checked()
    assert page.locator(".pagefind-ui__search-input").input_value() == "人才"


def test_filter_narrows_results(page, site_url):
    """A filter removes replies: 交通 matches 2024 and 2025 replies, 年度=2024 keeps only 2024's."""
    page.goto(site_url + "/search/?q=" + "交通")
    everything = [path_of(a.get_attribute("href")) for a in wait_fulltext_results(page).all()]
    page.goto(site_url + "/search/?q=" + "交通" + "&年度=2024")
    page.wait_for_function("() => document.querySelectorAll('.pagefind-ui__result-link').length > 0")
    page.wait_for_timeout(500)
    narrowed = [path_of(a.get_attribute("href")) for a in page.locator(".pagefind-ui__result-link").all()]
    assert narrowed and set(narrowed) < set(everything)
    assert all(p.startswith("/replies/2024/") for p in narrowed)


PHONE = dict(viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True, has_touch=True,
             locale="zh-CN")


@pytest.mark.parametrize("large", [False, True], ids=["standard", "large-text"])
@pytest.mark.parametrize("path", ["/", LISTING, SEED, POLICY, "/search/?q=人才公寓"])
def test_phone_width_has_no_horizontal_scrolling(chromium, site_url, artifacts, path, large):
    context = chromium.new_context(**PHONE)
    if large:
        context.add_init_script("localStorage.setItem('large-text', '1')")
    page = context.new_page()
    page.goto(site_url + path)
    if "search" in path:
        wait_fulltext_results(page)
    page.wait_for_timeout(300)
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    name = (path.split("?")[0].strip("/").replace("/", "-") or "home") + ("-large" if large else "")
    page.screenshot(path=artifacts / f"phone-{name}.png", full_page=True)
    context.close()
    assert widths[0] <= widths[1], f"{path}: page is {widths[0]} px wide in a {widths[1]} px screen"


def test_print_shows_letter_without_site_chrome(page, site_url, artifacts):
    page.goto(site_url + SEED)
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-search", "#large-text-toggle", ".md-footer"):
        assert not page.locator(hidden).first.is_visible(), f"{hidden} is printed"
    for shown in (".gov-meta", ".letter", ".letter h1", ".letter__seal"):
        assert page.locator(shown).first.is_visible(), f"{shown} is not printed"
    page.screenshot(path=artifacts / "print-reply.png", full_page=True)
    page.pdf(path=str(artifacts / "print-reply.pdf"), format="A4")


def test_reply_view_fetches_no_search_index(chromium, site_url, artifacts):
    view = measure_page_view(site_url, SEED, browser=chromium)
    assert view["search_requests"] == [], view["search_requests"]
    # Nor the sitemap (material fetches it for any link[rel=alternate]; 10,000 replies make it big).
    assert not [f["url"] for f in view["files"] if "sitemap.xml" in f["url"]]
    # The index does come once the visitor opens the header search.
    context = chromium.new_context()
    page = context.new_page()
    page.goto(site_url + SEED, wait_until="networkidle")
    with page.expect_request("**/search/search_index.json"):
        page.locator("input[data-md-component=search-query]").click()
    context.close()


def test_phone_search_icon_loads_the_index(chromium, site_url):
    """On phones the header search opens from the magnifier icon; that alone fetches the index."""
    context = chromium.new_context(**PHONE)
    page = context.new_page()
    page.goto(site_url + SEED, wait_until="networkidle")
    with page.expect_request("**/search/search_index.json"):
        page.locator("label.md-header__button[for=__search]").click()
    page.locator("input[data-md-component=search-query]").fill("肖明")
    page.locator("input[data-md-component=search-query]").press("End")
    page.locator(".md-search-result__item > a").first.wait_for()
    assert SEED in path_of(page.locator(".md-search-result__item > a").first.get_attribute("href"))
    context.close()


def test_large_text_toggle_by_keyboard_and_persistent(page, site_url, artifacts):
    page.goto(site_url + SEED)
    toggle = page.locator("#large-text-toggle")
    assert toggle.inner_text() == "大字模式" and toggle.get_attribute("aria-pressed") == "false"
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.letter p')).fontSize)")
    toggle.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.classList.contains('large-text')")
    assert toggle.get_attribute("aria-pressed") == "true"
    bigger = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.letter p')).fontSize)")
    assert bigger >= size * 1.3, (size, bigger)
    assert page.evaluate("localStorage.getItem('large-text')") == "1"
    page.screenshot(path=artifacts / "large-text-reply.png")

    page.goto(site_url + "/")  # another page: still large, before and after scripts ran
    assert page.evaluate("document.documentElement.classList.contains('large-text')")
    assert page.locator("#large-text-toggle").get_attribute("aria-pressed") == "true"
    page.locator("#large-text-toggle").focus()
    page.keyboard.press("Space")
    assert not page.evaluate("document.documentElement.classList.contains('large-text')")
    assert page.evaluate("localStorage.getItem('large-text')") == "0"


def test_tab_reaches_every_header_control(page, site_url):
    page.goto(site_url + SEED)
    reached = []
    for _ in range(80):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("""() => {
          const e = document.activeElement;
          return [e.id || '', e.getAttribute('data-md-component') || '', (e.textContent || '').trim().slice(0, 20)];
        }"""))
    ids = {r[0] for r in reached}
    components = {r[1] for r in reached}
    texts = {r[2] for r in reached}
    assert "large-text-toggle" in ids
    assert "search-query" in components
    for tab in ("首页", "分类浏览", "政策文件", "全文检索", "帮助"):
        assert tab in texts, f"Tab never reaches the {tab} link"
    assert any("关于加强湖里区数字化人才培养" in t or "湖里区人力资源" in t for t in texts)


def run_axe(page) -> list[dict]:
    import axe_playwright_python

    script = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
    page.evaluate(script)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


@pytest.mark.parametrize("path", ["/", LISTING, SEED, POLICY, "/search/?q=人才公寓"])
def test_accessibility_axe(page, site_url, artifacts, path):
    page.goto(site_url + path)
    if "search" in path:
        wait_fulltext_results(page)
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    violations = run_axe(page)
    name = path.split("?")[0].strip("/").replace("/", "-") or "home"
    (artifacts / f"axe-{name}.json").write_text(json.dumps(violations, ensure_ascii=False, indent=1), encoding="utf-8")
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, json.dumps(serious, ensure_ascii=False, indent=1)


def test_transfer_sizes_and_first_search_time(chromium, site_url, artifacts):
    view = measure_page_view(site_url, SEED, browser=chromium)
    search = measure_first_search(site_url, "人才公寓", browser=chromium)
    report = {"page_view": {k: v for k, v in view.items() if k != "files"},
              "first_search": {k: v for k, v in search.items() if k != "files"}}
    (artifacts / "transfer.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False))
    assert view["kb"] <= 300
    assert search["results"] >= 1
    assert search["kb"] <= 500
    assert search["seconds"] <= 1.5
