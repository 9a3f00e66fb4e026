"""The built real site in Debian's chromium: what a visitor does, end to end.

Screenshots go to test-artifacts/ (the ``artifacts`` fixture).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest

from generator.render.search_data import phrase_word
from harness import serve
from helpers import build_site, run_generator
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


RESULT_LINKS = ".fulltext-result-link"
FILTERS = (("年度", "2025"), ("类型", "政协提案"), ("答复类别", "A类"))


def wait_fulltext_search(page):
    """Wait until the full-text page has finished its current search (results or a message)."""
    page.wait_for_function("""() => {
      const status = document.getElementById("fulltext-status"), list = document.getElementById("fulltext-list");
      return status.textContent.trim() !== "" && !status.textContent.includes("正在检索") && !list.hasAttribute("aria-busy");
    }""")


def wait_fulltext_results(page):
    page.locator(RESULT_LINKS).first.wait_for()
    wait_fulltext_search(page)
    return page.locator(RESULT_LINKS)


def result_paths(page) -> list[str]:
    return [path_of(a.get_attribute("href")) for a in wait_fulltext_results(page).all()]


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
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    box.fill("人才公寓")
    # Only the letter's body has the phrase: the header index has none, and offers the full text.
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function("el => el.textContent.trim() === '没有找到符合条件的结果'", arg=meta.element_handle())
    link = page.locator(".fulltext-link")
    assert link.is_visible() and "人才公寓" in link.inner_text()
    link.click()
    page.wait_for_url("**/search/?q=*")
    assert parse_qs(urlsplit(page.url).query) == {"q": ["人才公寓"]}
    results = wait_fulltext_results(page)
    # The header search stayed shut: ?q= belongs to the full-text page.
    assert not page.locator("#__search").is_checked()
    assert "<mark>" in page.locator(".fulltext-excerpt").first.inner_html()
    assert "找到" in page.locator("#fulltext-status").inner_text() and "人才公寓" in page.locator("#fulltext-status").inner_text()
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
    assert page.locator("#fulltext-query").input_value() == "人才公寓"
    assert parse_qs(urlsplit(page.url).query) == {"q": ["人才公寓"]}


def test_excerpt_never_shows_the_keyword_list(page, site_url):
    """砖 is found only through the hidden keyword list (the text has 金砖); the excerpt stays letter text."""
    page.goto(site_url + "/search/?q=" + "砖")
    wait_fulltext_results(page)
    for excerpt in page.locator(".fulltext-excerpt").all():
        text = excerpt.inner_text()
        assert "zhkeywordlist" not in text and "zhmetadata" not in text
        assert not re.search(r"(\S ){6,}", text), text  # no run of lone characters
        # Sanitised: text and <mark> only.
        assert set(re.findall(r"</?([a-z0-9]+)", excerpt.inner_html())) <= {"mark"}, excerpt.inner_html()


@pytest.mark.parametrize("query, phrase", [
    ("人才公寓", "人才公寓"),  # a user-dictionary word
    ("湖里区", "湖里区"),
    ("厦湖人社函〔2025〕5号", "厦湖人社函〔2025〕5号"),  # a 文号, in any brackets
    ("厦湖人社函［2025］5号", "厦湖人社函〔2025〕5号"),
    ("厦湖人社函(2025)5号", "厦湖人社函〔2025〕5号"),
])
def test_phrases_are_searched_as_one_word(page, site_url, query, phrase):
    """A 文号 or dictionary word is looked up as its phrase word (search_data.phrase_word), not as ICU's pieces."""
    page.goto(site_url + "/search/?q=" + quote(query))
    assert SEED in result_paths(page)
    assert page.locator("#fulltext-list").get_attribute("data-searched") == phrase_word(phrase)
    assert phrase in page.locator(".fulltext-excerpt mark").all_inner_texts()


def test_unknown_doc_number_falls_back_to_the_pieces(page, site_url):
    page.goto(site_url + "/search/?q=" + quote("厦湖人社函〔2025〕99号"))
    wait_fulltext_search(page)
    assert page.locator("#fulltext-list").get_attribute("data-searched") == "厦湖人社函〔2025〕99号"


def test_fulltext_links_work_under_a_sub_path(chromium, built_site, tmp_path):
    """Served at /sub/ instead of the root, Pagefind's bundle and result links follow."""
    (tmp_path / "sub").symlink_to(built_site, target_is_directory=True)
    with serve(tmp_path) as url:
        page = chromium.new_page()
        page.goto(url + "/sub/search/?q=" + "人才公寓")
        link = wait_fulltext_results(page).first
        assert path_of(link.get_attribute("href")) == "/sub" + SEED
        assert parse_qs(urlsplit(page.url).query) == {"q": ["人才公寓"]}
        link.click()
        page.wait_for_url("**/sub" + SEED)
        assert page.locator(".letter").is_visible()
        page.goto(url + "/sub/search/?q=" + "qzxwv")  # no results: the 分类浏览 link stays under /sub/
        wait_fulltext_search(page)
        assert path_of(page.locator("#fulltext-status a").get_attribute("href")) == "/sub/browse/"
        page.close()


def test_filtered_search_kept_in_url_and_reload(page, site_url, artifacts):
    page.goto(site_url + "/search/?q=" + "人才")
    wait_fulltext_results(page)
    history = page.evaluate("history.length")
    for group, value in FILTERS:
        page.get_by_label(group, exact=True).select_option(value)  # labelled <select>s
        wait_fulltext_search(page)
    wanted = {"q": ["人才"], "年度": ["2025"], "类型": ["政协提案"], "答复类别": ["A类"]}
    assert parse_qs(urlsplit(page.url).query) == wanted
    assert page.evaluate("history.length") == history  # replaceState: no entry per change
    results = result_paths(page)
    assert results == [SEED]
    assert "（已筛选）" in page.locator("#fulltext-status").inner_text()
    page.screenshot(path=artifacts / "fulltext-filtered.png", full_page=True)

    page.reload()
    assert parse_qs(urlsplit(page.url).query) == wanted
    assert result_paths(page) == results
    for group, value in FILTERS:
        assert page.get_by_label(group, exact=True).input_value() == value
    assert page.locator("#fulltext-query").input_value() == "人才"

    page.locator(".fulltext-clear").click()  # 清除筛选: back to every reply with 人才
    wait_fulltext_search(page)
    assert parse_qs(urlsplit(page.url).query) == {"q": ["人才"]}
    assert all(page.get_by_label(group, exact=True).input_value() == "" for group, _ in FILTERS)
    assert "（已筛选）" not in page.locator("#fulltext-status").inner_text() and SEED in result_paths(page)
    assert page.locator(".fulltext-clear").is_hidden()


def test_filter_narrows_results(page, site_url):
    """A filter removes replies: 交通 matches 2024 and 2025 replies, 年度=2024 keeps only 2024's."""
    def count():
        return int(re.search(r"找到 (\d+) 件", page.locator("#fulltext-status").inner_text()).group(1))

    page.goto(site_url + "/search/?q=" + "交通")
    everything = result_paths(page)
    total = count()
    page.goto(site_url + "/search/?q=" + "交通" + "&年度=2024")
    narrowed = result_paths(page)
    assert narrowed and count() < total and any("/2024/" not in path for path in everything)
    assert all("/2024/" in path for path in narrowed), narrowed
    assert all(p.startswith("/replies/2024/") for p in narrowed)


def test_filters_only_lists_newest_first(page, site_url):
    """Filters without a query list every reply they keep, newest first."""
    page.goto(site_url + "/search/?年度=2024")
    paths = result_paths(page)
    assert paths and all(p.startswith("/replies/2024/") for p in paths)
    assert "符合筛选条件" in page.locator("#fulltext-status").inner_text()
    dates = [d.split(" · ")[-1] for d in page.locator(".fulltext-result .fulltext-meta").all_inner_texts()]
    as_tuples = [tuple(int(n) for n in re.findall(r"\d+", d)) for d in dates]
    assert as_tuples == sorted(as_tuples, reverse=True), dates


def test_typing_searches_after_a_pause_and_keeps_the_url(page, site_url):
    page.goto(site_url + "/search/")
    box = page.locator("#fulltext-query")
    assert page.evaluate("document.activeElement.id") == "fulltext-query"  # ready to type
    history = page.evaluate("history.length")
    page.evaluate("""() => { window.__statuses = [];
      new MutationObserver(() => window.__statuses.push(document.getElementById('fulltext-status').textContent))
        .observe(document.getElementById('fulltext-status'), {childList: true, characterData: true, subtree: true}); }""")
    page.keyboard.type("人才公寓", delay=30)
    assert SEED in result_paths(page)
    assert "正在检索…" in page.evaluate("window.__statuses")  # shown during the typing pause
    assert box.input_value() == "人才公寓"
    assert parse_qs(urlsplit(page.url).query) == {"q": ["人才公寓"]}
    assert page.evaluate("history.length") == history
    box.fill("")  # emptied: no results, no ?q=
    page.wait_for_function("() => !location.search && !document.querySelector('.fulltext-result')")


def test_fulltext_by_keyboard_only(page, site_url):
    page.goto(site_url + "/search/")
    page.keyboard.type("人才")
    page.keyboard.press("Enter")  # submits at once
    wait_fulltext_results(page)
    reached = []
    for _ in range(30):
        page.keyboard.press("Tab")
        focused = page.evaluate("[document.activeElement.tagName, document.activeElement.name || '', "
                                "document.activeElement.getAttribute('href') || '']")
        reached.append(focused)
        if focused[0] == "SELECT" and focused[1] == "年度":
            page.keyboard.press("ArrowDown")  # first year
            wait_fulltext_search(page)
        if focused[0] == "A" and path_of(focused[2]) == SEED:
            break
    assert ["SELECT", "年度", ""] in reached
    assert "年度" in parse_qs(urlsplit(page.url).query)
    page.keyboard.press("Enter")
    page.wait_for_url("**" + SEED + "*")


def test_no_results_points_to_browse(page, site_url):
    page.goto(site_url + "/search/?q=" + "qzxwv")
    wait_fulltext_search(page)
    status = page.locator("#fulltext-status")
    assert "没有找到与“qzxwv”相关的答复" in status.inner_text()
    assert page.locator(".fulltext-result").count() == 0 and page.locator("#fulltext-more").is_hidden()
    status.get_by_role("link", name="分类浏览").click()
    page.wait_for_url("**/browse/")


def test_search_page_without_scripts(chromium, site_url):
    context = chromium.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(site_url + "/search/?q=人才公寓")
    notice = page.locator("noscript p")  # (Playwright's text selectors skip <noscript>)
    assert notice.is_visible() and "全文检索需要启用浏览器脚本" in notice.inner_text()
    assert not page.locator("#fulltext-search").is_visible()
    context.close()


def test_search_loads_only_the_filter_files_it_applies(page, site_url, built_site):
    """The filter choices are in the page: no pagefind.filters(), no Pagefind UI; a filter's file only once applied."""
    urls = []
    page.on("request", lambda request: urls.append(request.url))
    page.goto(site_url + "/search/?q=人才公寓")
    wait_fulltext_results(page)
    page.wait_for_load_state("networkidle")
    assert not [u for u in urls if "pagefind-ui" in u or "/pagefind/filter/" in u], urls
    assert len([u for u in urls if "/pagefind/fragment/" in u]) == page.locator(".fulltext-result").count()
    page.get_by_label("年度", exact=True).select_option("2025")
    wait_fulltext_search(page)
    assert len([u for u in urls if "/pagefind/filter/" in u]) == 1
    # Every choice the page offers is a value Pagefind indexed, and the other way round.
    offered = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#fulltext-search select')]
        .map(s => [s.name, [...s.options].map(o => o.value).filter(Boolean).sort()]))""")
    indexed = page.evaluate("""async () => {
      const pagefind = await import('/pagefind/pagefind.js');
      const filters = await pagefind.filters();
      return Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, Object.keys(v).sort()]));
    }""")
    assert indexed.pop("bundle") == ["1"]  # fulltext_bundles' hidden filter, never offered
    assert offered == indexed


@pytest.fixture(scope="module")
def synthetic_site_url(tmp_path_factory):
    """A 45-reply synthetic site (``generator synth``): more candidates than are checked at once."""
    work = tmp_path_factory.mktemp("synthetic")
    made = run_generator("synth", "--records", "45", "--out", str(work / "content"))
    assert made.returncode == 0, made.stdout + made.stderr
    built = build_site(work / "content", work)
    assert built.returncode == 0, built.stdout + built.stderr
    with serve(work / "site") as url:
        yield url


def test_more_results_ten_at_a_time(page, synthetic_site_url):
    """10 results a page; 显示更多结果 adds the next 10; fragments are fetched only for results checked.

    Up to 30 candidates are all checked at once (exact counts); more are checked ten at a time as shown.
    """
    fragments = []
    page.on("request", lambda request: fragments.append(request.url) if "/pagefind/fragment/" in request.url else None)
    page.goto(synthetic_site_url + "/search/?q=" + "答复")
    wait_fulltext_results(page)
    total = int(re.search(r"找到 (?:约 )?(\d+) 件", page.locator("#fulltext-status").inner_text()).group(1))
    assert total > 30, "the synthetic site must give more candidates than are checked at once"
    more = page.get_by_role("button", name="显示更多结果")
    assert page.locator(".fulltext-result").count() == 10 and more.is_visible()
    page.wait_for_load_state("networkidle")
    assert len(set(fragments)) == 10
    more.click()
    page.wait_for_function("n => document.querySelectorAll('.fulltext-result').length === n", arg=min(20, total))
    # Focus moves to the first added result, for keyboard and screen-reader users.
    assert page.evaluate("document.activeElement === document.querySelectorAll('.fulltext-result-link')[10]")
    assert len(set(fragments)) == min(20, total)
    shown = min(20, total)
    while shown < total:
        more.click()
        shown = min(shown + 10, total)
        page.wait_for_function("n => document.querySelectorAll('.fulltext-result').length === n", arg=shown)
    assert more.is_hidden()
    paths = [path_of(a.get_attribute("href")) for a in page.locator(RESULT_LINKS).all()]
    assert len(set(paths)) == total and all(p.startswith("/replies/") for p in paths)


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
    for hidden in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-search", "#large-text-toggle", ".md-footer",
                   ".page-tools"):
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


@pytest.mark.parametrize("path", ["/", LISTING, SEED, POLICY, "/search/?q=人才公寓",
                                  "/search/?q=qzxwv&年度=2025", "/search/"])
def test_accessibility_axe(page, site_url, artifacts, path):
    page.goto(site_url + path)
    if "search/?" in path:
        wait_fulltext_search(page)
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    violations = run_axe(page)
    name = (path.split("?")[0].strip("/").replace("/", "-") or "home") + ("-q" if "?" in path else "")
    if "qzxwv" in path:
        name += "-none"
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
