"""Both search layers answer every way a visitor enters a query, and only with real matches.

Header search (material's box, lean index search/search_index.json fetched
when the search is opened) and the full-text page /search/ (Pagefind) are
driven in Debian's chromium with each input method a browser has: typing key
by key, one ``input`` event with the whole text (autofill, ``fill``), a
paste from the clipboard (Ctrl+V) or from the context menu (events only, no
keys), an IME commit (``insert_text``; a composition sequence) and a query
entered before the search data has arrived, on a fast and on a throttled
connection.  Then: queries of words no reply uses find nothing, several
words rank the replies holding all of them first, and highlights mark whole
words.  Expectations are computed from the built site's own data
(data/replies.json, search/search_index.json), so they follow content/.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import re
import threading
import time
from urllib.parse import quote, unquote, urlsplit

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from generator.schema import KIND_LABELS, Kind
from harness import SiteHandler
from helpers import CONTENT

pytestmark = pytest.mark.browser

NAME = "肖明"  # the proposer of the seed reply: in its lean entry and its letter
DOC_NUMBER = "厦湖人社函〔2025〕5号"
SEED = "/replies/2025/zx-20253012/"
ANSWER_MS = 10_000  # every query must be answered within this

HEADER_BOX = "input[data-md-component=search-query]"
HEADER_LINKS = ".md-search-result__item > a.md-search-result__link"
HEADER_META = ".md-search-result__meta"
FULLTEXT_BOX = "#fulltext-query"
FULLTEXT_LINKS = ".fulltext-result-link"

LOADING = "正在载入检索数据…"  # both layers, while their search data is on its way
PLACEHOLDER = "键入以开始搜索"  # material's zh text for an empty header search
HEADER_NONE = "没有找到符合条件的结果"

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# A slow mobile connection, as Chrome DevTools' presets: 1.6 Mbit/s both ways, 150 ms latency.
SLOW_NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 200_000, "uploadThroughput": 200_000}

# Queries whose words (the parts between spaces) no reply uses.
# 区块链元宇宙 is not among them: 区块链, one of its words, is in the seed letter, so it is a
# partial match there (see test_a_query_with_one_word_in_a_letter_is_a_partial_match).
NOISE = ["量子纠缠火星殖民", "元宇宙星际", "blockchain", "xyzzy123", "火星 殖民"]

# Candidate word pairs, the first that fits the content is used (content/ grows):
# full text: together in one or two replies, each also in replies without the other.
FULLTEXT_PAIRS = {
    "one character and a common word": [("本", "交通"), ("预", "交通"), ("园", "交通"), ("张", "交通")],
    "two words": [("基本", "覆盖"), ("条件", "踏勘"), ("方面", "需求")],
}
# header (lean index): together in 2..10 entries, or in exactly one.
HEADER_PAIRS = {
    "several": ([("政协", "交通运输"), ("政协", "民政")], range(2, 11)),
    "one": ([("政协", "教育"), ("人大", "教育"), ("政协", "交通运输")], range(1, 2)),
}
SINGLE_WORD = "交通"
# Two-character words the browser's segmenter (ICU) keeps whole, or cuts into characters (公交 -> 公|交).
HIGHLIGHT_WORDS = ["覆盖", "公交"]

# Records what the page shows, and when (performance.now()): every text of the
# header's meta line and of the full-text status line, and the first moment a
# result link to each path is shown.  A MutationObserver, so no state the page
# passes through is missed between two polls.
RECORDER = """(() => {
  const log = window.__searchLog = { meta: [], status: [], links: {} };
  const note = () => {
    const now = performance.now();
    for (const [key, selector] of [["meta", ".md-search-result__meta"], ["status", "#fulltext-status"]]) {
      const el = document.querySelector(selector);
      if (!el) continue;
      const text = el.textContent.trim(), seen = log[key];
      if (!seen.length || seen[seen.length - 1][0] !== text) seen.push([text, now]);
    }
    for (const a of document.querySelectorAll(".md-search-result__item > a.md-search-result__link, .fulltext-result-link")) {
      const path = decodeURI(new URL(a.getAttribute("href"), location.href).pathname);
      if (!(path in log.links)) log.links[path] = now;
    }
  };
  new MutationObserver(note).observe(document, { subtree: true, childList: true, characterData: true });
})();"""

HAS_LINK = """([selector, path]) => Array.from(document.querySelectorAll(selector)).some(
  a => decodeURI(new URL(a.getAttribute("href"), location.href).pathname).endsWith(path))"""

# When each resource under ``part`` finished arriving (performance.now() time), in request order.
ARRIVED = """part => performance.getEntriesByType("resource")
  .filter(e => e.name.includes(part)).map(e => e.responseEnd)"""

# The full-text page has finished its search for ``query``: its count line or no-results message is shown.
FULLTEXT_DONE = """query => {
  const status = document.getElementById("fulltext-status").textContent;
  return status.includes("“" + query + "”") && !status.includes("正在检索") && !status.includes("正在载入")
    && !document.getElementById("fulltext-list").hasAttribute("aria-busy");
}"""

# A paste from the context menu: the paste event, then beforeinput/input of
# type insertFromPaste; no key events at all.
CONTEXT_MENU_PASTE = """(el, text) => {
  el.focus();
  const clipboard = new DataTransfer();
  clipboard.setData("text/plain", text);
  const flags = { bubbles: true, cancelable: true, composed: true };
  if (!el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: clipboard, ...flags }))) return;
  if (!el.dispatchEvent(new InputEvent("beforeinput", { inputType: "insertFromPaste", data: text, ...flags }))) return;
  el.setRangeText(text, el.selectionStart, el.selectionEnd, "end");
  el.dispatchEvent(new InputEvent("input", { inputType: "insertFromPaste", data: text, bubbles: true, composed: true }));
}"""

# An IME (pinyin) commit as Chrome sends it: the composition runs while the
# value stays as it was; at the end the value changes, with an input event
# still flagged isComposing, and compositionend.  No key events.
IME_COMPOSITION = """(el, text) => {
  el.focus();
  const flags = { bubbles: true, composed: true };
  const composition = (type, data) => el.dispatchEvent(new CompositionEvent(type, { data, ...flags }));
  composition("compositionstart", "");
  composition("compositionupdate", "x");
  composition("compositionupdate", "xiao'ming");
  composition("compositionupdate", text);
  const committed = { inputType: "insertCompositionText", data: text, isComposing: true, ...flags };
  el.dispatchEvent(new InputEvent("beforeinput", { ...committed, cancelable: true }));
  el.setRangeText(text, el.selectionStart, el.selectionEnd, "end");
  el.dispatchEvent(new InputEvent("input", committed));
  composition("compositionend", text);
}"""


# Types ``text`` into ``selector`` the moment the parser adds it to the page (a
# visitor's typing, or the browser restoring the box), before the page's own
# scripts at the end of <body> have run; notes document.readyState then.
TYPE_WHEN_PARSED = """(selector, text) => new MutationObserver((_, observer) => {
  const box = document.querySelector(selector);
  if (!box) return;
  observer.disconnect();
  box.value = text;
  box.dispatchEvent(new InputEvent("input", { inputType: "insertText", data: text, bubbles: true, composed: true }));
  window.__typedWhile = document.readyState;
}).observe(document, { subtree: true, childList: true })"""


def path_of(url: str) -> str:
    return unquote(urlsplit(url).path)


# ---- contexts and the network ----

def throttle(page):
    """Throttle ``page``'s network to SLOW_NETWORK through the DevTools protocol."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_NETWORK)
    return cdp


@contextlib.contextmanager
def fresh_page(chromium, *, throttled=False, viewport=DESKTOP):
    """A page in a new context (empty cache, nothing loaded yet), with the recorder; JS errors fail the test."""
    context = chromium.new_context(viewport=viewport, locale="zh-CN")
    context.add_init_script(RECORDER)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    if throttled:
        throttle(page)
    try:
        yield page
    finally:
        context.close()
    assert not errors, f"JavaScript errors: {errors}"


def arrived(page, part: str) -> list[float]:
    return page.evaluate(ARRIVED, part)


def shown_at(log: list, moment: float) -> str | None:
    """The text a recorded line showed at ``moment`` (None before the line existed)."""
    text = None
    for value, at in log:
        if at > moment:
            break
        text = value
    return text


# ---- input methods ----

def by_keys(page, box, text):
    box.press_sequentially(text)


def by_fill(page, box, text):
    box.fill(text)


def by_clipboard_paste(page, box, text):
    page.evaluate("text => navigator.clipboard.writeText(text)", text)
    page.keyboard.press("Control+V")


def by_context_menu_paste(page, box, text):
    box.evaluate(CONTEXT_MENU_PASTE, text)


def by_ime_insert(page, box, text):
    page.keyboard.insert_text(text)


def by_ime_composition(page, box, text):
    box.evaluate(IME_COMPOSITION, text)


METHODS = {
    "keys": by_keys,
    "fill": by_fill,
    "clipboard-paste": by_clipboard_paste,
    "context-menu-paste": by_context_menu_paste,
    "ime-insert-text": by_ime_insert,
    "ime-composition": by_ime_composition,
}


def enter(page, box, method: str, text: str, origin: str):
    """Put ``text`` into the focused ``box`` with ``method``; fails if the text did not arrive there."""
    if method == "clipboard-paste":
        page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    METHODS[method](page, box, text)
    assert box.input_value() == text, f"{method} did not put {text!r} in the box: {box.input_value()!r}"


# ---- what the page shows ----

def header_paths(page) -> list[str]:
    return [path_of(a.get_attribute("href")) for a in page.locator(HEADER_LINKS).all()]


def fulltext_paths(page) -> list[str]:
    return [path_of(a.get_attribute("href")) for a in page.locator(FULLTEXT_LINKS).all()]


def state(page) -> str:
    """What a failure message needs: the boxes, the status lines and the links shown."""
    return page.evaluate("""() => {
      const text = s => { const el = document.querySelector(s); return el ? JSON.stringify(el.textContent.trim()) : "-"; };
      const value = s => { const el = document.querySelector(s); return el ? JSON.stringify(el.value) : "-"; };
      const links = Array.from(document.querySelectorAll(".md-search-result__item > a.md-search-result__link, .fulltext-result-link"))
        .map(a => decodeURI(new URL(a.getAttribute("href"), location.href).pathname));
      return `header box ${value("input[data-md-component=search-query]")}, meta ${text(".md-search-result__meta")}; `
        + `full-text box ${value("#fulltext-query")}, status ${text("#fulltext-status")}; links ${JSON.stringify(links)}`;
    }""")


def wait_for_link(page, selector: str, path: str, what: str, timeout: float = ANSWER_MS):
    try:
        page.wait_for_function(HAS_LINK, arg=[selector, path], timeout=timeout)
    except PlaywrightTimeoutError:
        raise AssertionError(f"{what}: no result link to {path} within {timeout / 1000:g} s; {state(page)}") from None


def wait_fulltext_done(page, query: str):
    try:
        page.wait_for_function(FULLTEXT_DONE, arg=query, timeout=ANSWER_MS)
    except PlaywrightTimeoutError:
        raise AssertionError(f"全文检索“{query}”: no finished search within {ANSWER_MS / 1000:g} s; {state(page)}") from None


def open_header_search(page, site_url):
    """The home page with the header search open and its index loaded (the meta shows the placeholder)."""
    page.goto(site_url + "/")
    box = page.locator(HEADER_BOX)
    box.click()
    expect(page.locator(HEADER_META)).to_have_text(PLACEHOLDER, timeout=ANSWER_MS)
    return box


def header_query(page, box, query: str):
    """A query as material has always been told: the text, then a key (material searched on keyup)."""
    box.fill(query)
    box.press("End")


# ---- the site's own data ----

@pytest.fixture(scope="module")
def record_texts(built_site) -> dict[str, str]:
    """Reply path -> the text its full-text record holds (search_data.fulltext_records):
    the letter (body_text) and the title fields of the page's metadata table."""
    data = json.loads((built_site / "data" / "replies.json").read_text(encoding="utf-8"))
    site = yaml.safe_load((CONTENT / "site.yml").read_text(encoding="utf-8"))
    topics = {topic["slug"]: topic["label"] for topic in site.get("topics", [])}
    texts = {}
    for reply in data["replies"]:
        fields = [reply["body_text"], reply["title"], reply.get("doc_number"), (reply.get("session") or {}).get("text"),
                  reply.get("proposer"), reply.get("issuer"), reply.get("proposal_title"),
                  KIND_LABELS[Kind(reply["kind"])], *(topics.get(t, "") for t in reply.get("topics", []))]
        texts[path_of(reply["url"])] = " ".join(f for f in fields if f)
    return texts


@pytest.fixture(scope="module")
def lean_texts(built_site) -> dict[str, str]:
    """Page path -> the text of its entry in the header's lean index (title and text, without the word breaks)."""
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return {"/" + doc["location"]: (doc["title"] + " " + doc.get("text", "")).replace("\u200b", "")
            for doc in index["docs"]}


def holding(texts: dict[str, str], *words: str) -> set[str]:
    return {path for path, text in texts.items() if all(word in text for word in words)}


def pick_pair(texts, candidates, together: range):
    """The first candidate pair found together in ``together`` pages, each word also in a page without the other."""
    for first, second in candidates:
        both = holding(texts, first, second)
        if len(both) in together and holding(texts, first) - both and holding(texts, second) - both:
            return first, second, both
    raise AssertionError(f"no candidate pair in {candidates} fits the content any more (together in {together.start}.."
                         f"{together.stop - 1} pages, each word also alone): add one found in content/replies")


# ==== 1. header search: every input method ====

@pytest.mark.parametrize("method, query", [pytest.param(m, NAME, id=f"{m}-name") for m in METHODS] + [
    pytest.param("fill", DOC_NUMBER, id="fill-doc-number"),
    pytest.param("ime-insert-text", DOC_NUMBER, id="ime-insert-text-doc-number"),
])
def test_header_search_answers_every_input_method(page, site_url, method, query):
    page.goto(site_url + "/")
    box = page.locator(HEADER_BOX)
    box.click()  # opens the search; the index is requested now
    enter(page, box, method, query, site_url)
    wait_for_link(page, HEADER_LINKS, SEED, f"页头检索“{query}” by {method}")


def test_header_search_on_a_phone_answers_fill(chromium, site_url):
    with fresh_page(chromium, viewport=PHONE) as page:
        page.goto(site_url + "/")
        box = page.locator(HEADER_BOX)
        magnifier = page.locator("label.md-header__button[for=__search]")
        expect(magnifier).to_be_visible()
        magnifier.click()
        expect(box).to_be_focused()
        enter(page, box, "fill", NAME, site_url)
        wait_for_link(page, HEADER_LINKS, SEED, f"页头检索“{NAME}” on a phone")


class SlowIndexHandler(SiteHandler):
    """The site, with the header index held back for INDEX_DELAY_S: the query surely comes first."""

    def send_head(self):
        if "search/search_index.json" in self.path:
            time.sleep(INDEX_DELAY_S)
        return super().send_head()


INDEX_DELAY_S = 2.0


@pytest.fixture(scope="module")
def slow_index_url(built_site):
    handler = functools.partial(SlowIndexHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def test_header_query_entered_before_the_index_arrived(chromium, slow_index_url):
    site_url = slow_index_url
    with fresh_page(chromium, throttled=True) as page:
        page.goto(site_url + "/")
        box = page.locator(HEADER_BOX)
        box.click()
        box.fill(NAME)
        assert not arrived(page, "search/search_index.json"), \
            "the index arrived before the query: not the case under test"
        wait_for_link(page, HEADER_LINKS, SEED, f"页头检索“{NAME}” entered before the index arrived")


def test_header_says_it_is_loading_while_the_index_loads(chromium, site_url):
    with fresh_page(chromium, throttled=True) as page:
        page.goto(site_url + "/")
        box = page.locator(HEADER_BOX)
        box.click()
        filled = page.evaluate("performance.now()")
        box.fill(NAME)
        wait_for_link(page, HEADER_LINKS, SEED, f"页头检索“{NAME}” on a slow connection")
        index = arrived(page, "search/search_index.json")
        log = page.evaluate("window.__searchLog.meta")
        assert index and index[0] > filled, \
            f"the index arrived before the query: not the case under test ({index}, {filled})"
        seen = [text for text, at in log if at >= filled]
        assert shown_at(log, index[0]) == LOADING, \
            f"meta line when the index arrived: {shown_at(log, index[0])!r}; after the query: {seen}"
        assert seen and seen[-1] != LOADING, seen


def test_header_search_robustness_in_fresh_contexts(chromium, site_url):
    """20 fresh contexts alternating fill at once / fill after 3 s, and 5 on a slow connection: 0 misses.

    Up to ``window`` tries run at once, each in its own context (own cache,
    own network emulation); each is timed inside its page (RECORDER), from
    the moment before its query was filled to the first moment the reply's
    link was shown, so a try is not charged for the time spent on the others.
    """
    tries = [("fill at once" if n % 2 == 0 else "fill after 3 s") for n in range(20)] + ["slow connection"] * 5
    window, running, failures = 5, [], []

    def start(number, mode):
        context = chromium.new_context(viewport=DESKTOP, locale="zh-CN")
        context.add_init_script(RECORDER)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            if mode == "slow connection":
                throttle(page)
            page.goto(site_url + "/")
            box = page.locator(HEADER_BOX)
            box.click()
            if mode == "fill after 3 s":
                page.wait_for_timeout(3000)
            filled = page.evaluate("performance.now()")
            box.fill(NAME)
        except Exception as exc:  # noqa: BLE001  (a try that cannot even start is a miss too)
            failures.append(f"try {number} ({mode}): {type(exc).__name__}: {exc}")
            context.close()
            return None
        return {"number": number, "mode": mode, "context": context, "page": page, "errors": errors,
                "filled": filled, "deadline": time.monotonic() + ANSWER_MS / 1000}

    def finish(run):
        page, label = run["page"], f"try {run['number']} ({run['mode']})"
        try:
            shown = page.evaluate("path => window.__searchLog.links[path]", SEED)
            remaining = (run["deadline"] - time.monotonic()) * 1000
            if shown is None and remaining > 0:
                with contextlib.suppress(PlaywrightTimeoutError):
                    page.wait_for_function(HAS_LINK, arg=[HEADER_LINKS, SEED], timeout=remaining)
                shown = page.evaluate("path => window.__searchLog.links[path]", SEED)
            if shown is None or shown - run["filled"] > ANSWER_MS or not page.evaluate(HAS_LINK, [HEADER_LINKS, SEED]):
                after = "never" if shown is None else f"{shown - run['filled']:.0f} ms after the query"
                failures.append(f"{label}: link shown {after}; {state(page)}")
            if run["errors"]:
                failures.append(f"{label}: JavaScript errors {run['errors']}")
        finally:
            run["context"].close()

    try:
        for number, mode in enumerate(tries, start=1):
            run = start(number, mode)
            if run:
                running.append(run)
            if len(running) >= window:
                finish(running.pop(0))
        while running:
            finish(running.pop(0))
    finally:
        for run in running:
            run["context"].close()
    assert not failures, f"{len(failures)} of {len(tries)} tries missed:\n" + "\n".join(failures)


# ==== 2. full-text page: the same ====

def test_fulltext_address_query_on_a_slow_connection(chromium, site_url):
    with fresh_page(chromium, throttled=True) as page:
        page.goto(site_url + "/search/?q=" + quote(NAME), wait_until="commit")
        wait_for_link(page, FULLTEXT_LINKS, SEED, f"全文检索 /search/?q={NAME} on a slow connection")


def test_fulltext_query_filled_before_pagefind_loaded(chromium, site_url):
    with fresh_page(chromium, throttled=True) as page:
        held, released = [], []

        def hold(route):  # Pagefind's engine waits until the query is in the box
            (route.continue_() if released else held.append(route))

        page.route("**/pagefind/pagefind.js", hold)
        page.goto(site_url + "/search/", wait_until="commit")
        box = page.locator(FULLTEXT_BOX)
        box.fill(NAME)
        assert not arrived(page, "/pagefind/"), "Pagefind was loaded before the query: not the case under test"
        released.append(True)
        for route in held:
            route.continue_()
        wait_for_link(page, FULLTEXT_LINKS, SEED, f"全文检索“{NAME}” filled before Pagefind was loaded")


def test_fulltext_query_typed_before_the_page_scripts_ran(chromium, site_url):
    """Typed (or restored by the browser) while the page still loads: the box is in the document, its script is not."""
    with fresh_page(chromium, throttled=True) as page:
        page.add_init_script(f"({TYPE_WHEN_PARSED})({json.dumps(FULLTEXT_BOX)}, {json.dumps(NAME)})")
        page.goto(site_url + "/search/", wait_until="commit")
        page.wait_for_function("() => window.__typedWhile !== undefined", timeout=ANSWER_MS)
        assert page.evaluate("window.__typedWhile") == "loading", "typed after the page was parsed: not the case under test"
        wait_for_link(page, FULLTEXT_LINKS, SEED, f"全文检索“{NAME}” typed while the page loaded")


def test_fulltext_says_it_is_loading_while_pagefind_loads(chromium, site_url):
    with fresh_page(chromium, throttled=True) as page:
        page.goto(site_url + "/search/?q=" + quote(NAME), wait_until="commit")
        wait_for_link(page, FULLTEXT_LINKS, SEED, f"全文检索 /search/?q={NAME} on a slow connection")
        engine = arrived(page, "/pagefind/pagefind.js")
        log = page.evaluate("window.__searchLog.status")
        assert engine, "pagefind.js was never loaded"
        assert shown_at(log, engine[0]) == LOADING, \
            f"status when pagefind.js arrived: {shown_at(log, engine[0])!r}; all: {log}"


@pytest.mark.parametrize("method", [m for m in METHODS])
def test_fulltext_answers_every_input_method(page, site_url, method):
    page.goto(site_url + "/search/")
    box = page.locator(FULLTEXT_BOX)
    box.click()
    enter(page, box, method, NAME, site_url)
    wait_for_link(page, FULLTEXT_LINKS, SEED, f"全文检索“{NAME}” by {method}")


# ==== 3. no noise ====

def test_noise_words_occur_in_no_reply():
    files = sorted((CONTENT / "replies").rglob("*.md"))
    assert files
    # Each word, and each two characters of a Chinese word (the browser may cut it anywhere).
    pieces = {piece for query in NOISE for word in query.split()
              for piece in ([word] + [word[i:i + 2] for i in range(len(word) - 1)] if re.search(r"[\u3400-\u9fff]", word) else [word])}
    used = [(piece, path.relative_to(CONTENT).as_posix()) for piece in sorted(pieces)
            for path in files if piece.lower() in path.read_text(encoding="utf-8").lower()]
    assert not used, f"noise words found in content/replies: {used}"


@pytest.mark.parametrize("query", NOISE)
def test_header_noise_finds_nothing(page, site_url, query):
    box = open_header_search(page, site_url)
    header_query(page, box, query)
    expect(page.locator(HEADER_META)).to_have_text(HEADER_NONE, timeout=ANSWER_MS)
    assert header_paths(page) == []


@pytest.mark.parametrize("query", NOISE)
def test_fulltext_noise_finds_nothing(page, site_url, query):
    page.goto(site_url + "/search/?q=" + quote(query))
    wait_fulltext_done(page, query)
    status = page.locator("#fulltext-status").inner_text().strip()
    assert status.startswith(f"没有找到与“{query}”相关的答复"), f"{status!r}; results {fulltext_paths(page)}"
    assert page.locator(".fulltext-result").count() == 0


# ==== 4. several words ====

@pytest.mark.parametrize("kind", FULLTEXT_PAIRS)
def test_fulltext_ranks_replies_with_every_word_first(page, site_url, record_texts, kind):
    first, second, both = pick_pair(record_texts, FULLTEXT_PAIRS[kind], range(1, 3))
    some = (holding(record_texts, first) | holding(record_texts, second)) - both
    query = f"{first} {second}"
    page.goto(site_url + "/search/?q=" + quote(query))
    wait_fulltext_done(page, query)
    status = page.locator("#fulltext-status").inner_text().strip()
    got = fulltext_paths(page)
    found = re.fullmatch(rf"找到与“{re.escape(query)}”相关的答复：包含全部检索词的 (\d+) 件(?:，包含部分检索词的 (\d+) 件)?",
                         status)
    assert found, f"全文检索“{query}” status {status!r} (expected {len(both)} with both words, {len(some)} with one)"
    assert int(found.group(1)) == len(both), (status, sorted(both))
    if found.group(2) is not None:
        assert int(found.group(2)) == len(some), (status, sorted(some))
    assert set(got[:len(both)]) == both, f"全文检索“{query}”: replies with both words {sorted(both)} not first in {got}"


def test_fulltext_single_word_status_counts_its_replies(page, site_url, record_texts):
    using = holding(record_texts, SINGLE_WORD)
    assert len(using) >= 2
    page.goto(site_url + "/search/?q=" + quote(SINGLE_WORD))
    wait_fulltext_done(page, SINGLE_WORD)
    assert page.locator("#fulltext-status").inner_text().strip() == f"找到 {len(using)} 件与“{SINGLE_WORD}”相关的答复"


@pytest.mark.parametrize("kind", HEADER_PAIRS)
def test_header_lists_only_entries_with_every_word(page, site_url, lean_texts, kind):
    candidates, together = HEADER_PAIRS[kind]
    first, second, both = pick_pair(lean_texts, candidates, together)
    query = f"{first} {second}"
    box = open_header_search(page, site_url)
    header_query(page, box, query)
    meta = page.locator(HEADER_META)
    try:
        expect(meta).to_have_text(f"包含全部检索词的 {len(both)} 个结果", timeout=ANSWER_MS)
    except AssertionError:
        raise AssertionError(f"页头检索“{query}”: meta {meta.inner_text()!r}, expected 包含全部检索词的 {len(both)} 个结果 "
                             f"({sorted(both)}); links {header_paths(page)}") from None
    assert set(header_paths(page)) == both


# ==== 5. highlights mark whole words ====

def test_header_highlights_the_whole_name(page, site_url):
    box = open_header_search(page, site_url)
    header_query(page, box, NAME)
    wait_for_link(page, HEADER_LINKS, SEED, f"页头检索“{NAME}”")
    marks = page.evaluate("""seed => Array.from(document.querySelectorAll(".md-search-result__item"))
      .filter(item => { const a = item.querySelector(":scope > a.md-search-result__link");
                        return a && decodeURI(new URL(a.getAttribute("href"), location.href).pathname).endsWith(seed); })
      .flatMap(item => Array.from(item.querySelectorAll("mark"), m => m.textContent.replace(/\\u200b/g, "")))""", SEED)
    assert marks and set(marks) == {NAME}, f"页头检索“{NAME}” marks {marks}"


@pytest.mark.parametrize("word", HIGHLIGHT_WORDS)
def test_fulltext_highlights_whole_words(page, site_url, record_texts, word):
    assert holding(record_texts, word), f"{word} is in no reply any more: pick another word"
    page.goto(site_url + "/search/?q=" + quote(word))
    wait_fulltext_done(page, word)
    marks = page.locator(".fulltext-excerpt mark").all_inner_texts()
    assert marks, f"全文检索“{word}”: no marks in {page.locator('.fulltext-excerpt').all_inner_texts()}"
    partial = [m for m in marks if word not in m]
    assert not partial, f"全文检索“{word}”: marks without the whole word {partial} (all: {marks})"


def test_a_query_with_one_word_in_a_letter_is_a_partial_match(page, site_url):
    """区块链元宇宙, cut 区块|链|元|宇宙 by the browser: 区块 is in the seed letter, 宇宙 in none: a partial match."""
    page.goto(site_url + "/search/?q=" + quote("区块链元宇宙"))
    page.wait_for_function("() => document.querySelector('.fulltext-result')")
    status = page.locator("#fulltext-status").inner_text()
    assert status == "找到与“区块链元宇宙”相关的答复：没有答复包含全部检索词，包含部分检索词的 1 件", status
    assert page.locator(".fulltext-excerpt mark").all_inner_texts() == ["区块"]
