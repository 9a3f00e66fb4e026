"""What a visitor's browser downloads: a reply page view, and a first full-text search.

Reusable by the benchmarks::

    from measure import measure_page_view, measure_first_search   # site_tests/browser on sys.path
    measure_page_view("http://127.0.0.1:8000", "/replies/2025/zx-20253012/")
    measure_first_search("http://127.0.0.1:8000", "人才公寓")

or ``python site_tests/browser/measure.py SITE_DIR [REPLY_PATH] [QUERY]`` to
serve a built site and print both as JSON.

Sizes are compressed bytes on the wire: the encoded body when the server
gzips, else the gzip size of text bodies (what any gzip-serving web server
sends) and the plain size of binaries (Pagefind's files are gzip data
already).  Each measurement uses a fresh browser context: an empty cache,
as on a first visit.  Targets at 10,000 replies: page view ≤ 300 KB, first
search ≤ 500 KB with results within 1.5 s.
"""

from __future__ import annotations

import gzip
import json
import sys
import time

try:
    from harness import launch, serve
except ImportError:  # imported as site_tests.browser.measure
    from .harness import launch, serve

TEXT_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")
SEARCH_FILES = ("search/search_index.json", "/pagefind/")


def _compressed(response) -> int:
    headers = response.headers
    sizes = response.request.sizes()
    if headers.get("content-encoding"):
        return sizes["responseBodySize"]
    try:
        body = response.body()
    except Exception:  # redirects and aborted requests have no body
        return sizes["responseBodySize"]
    if headers.get("content-type", "").startswith(TEXT_TYPES):
        return len(gzip.compress(body, 6))
    return len(body)


class _Recorder:
    """Every finished request of a page, with its compressed size."""

    def __init__(self, page):
        self.rows: list[dict] = []
        self.api = page.context.request
        page.on("requestfinished", self._finished)

    def _finished(self, request):
        response = request.response()
        if response is None:
            return
        size = _compressed(response)
        if size == 0 and response.status == 200:
            # Worker scripts come back without body or sizes: fetch them again to weigh them.
            again = self.api.get(request.url)
            body = again.body()
            text = again.headers.get("content-type", "").startswith(TEXT_TYPES)
            size = len(gzip.compress(body, 6)) if text else len(body)
        self.rows.append({"url": request.url, "bytes": size, "status": response.status})

    def since(self, start: int) -> list[dict]:
        return self.rows[start:]


def _kb(rows) -> float:
    return round(sum(r["bytes"] for r in rows) / 1024, 1)


def _with_page(browser, fn):
    """Run fn(page) in a fresh context of ``browser``, or of a browser launched for it."""
    if browser is not None:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        try:
            return fn(context.new_page())
        finally:
            context.close()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        own = launch(playwright)
        try:
            return _with_page(own, fn)
        finally:
            own.close()


def measure_page_view(base_url: str, path: str, browser=None) -> dict:
    """Bytes of one page view without search: the page, its assets, and what its scripts load."""

    def run(page):
        recorder = _Recorder(page)
        started = time.perf_counter()
        page.goto(base_url.rstrip("/") + path, wait_until="networkidle")
        page.wait_for_timeout(300)  # late requests (the search worker) land in the log too
        rows = recorder.since(0)
        return {
            "path": path,
            "kb": _kb(rows),
            "requests": len(rows),
            "seconds": round(time.perf_counter() - started, 2),
            "search_requests": [r["url"] for r in rows if any(s in r["url"] for s in SEARCH_FILES)],
            "files": rows,
        }

    return _with_page(browser, run)


def measure_first_search(base_url: str, query: str, browser=None, path: str = "/search/") -> dict:
    """Open the full-text page, type ``query``, wait for the first result.

    ``seconds`` runs from the input event to the first result in the DOM,
    both stamped inside the page (fulltext-search.js's 200 ms typing pause
    included); ``search_kb`` is what the search itself downloaded,
    ``kb`` adds the page view of the search page (which loads Pagefind's
    engine and metadata before the first keystroke).
    """

    def run(page):
        recorder = _Recorder(page)
        page.goto(base_url.rstrip("/") + path, wait_until="networkidle")
        page.wait_for_timeout(300)
        page_rows = len(recorder.rows)
        page.evaluate("""() => {
          const root = document.getElementById("fulltext-search");
          window.__typed = null; window.__shown = null;
          root.addEventListener("input", () => { if (window.__typed === null) window.__typed = performance.now(); }, true);
          new MutationObserver(() => {
            if (window.__typed !== null && window.__shown === null && document.querySelector(".fulltext-result-link")) {
              window.__shown = performance.now();
            }
          }).observe(document.getElementById("fulltext-list"), {childList: true, subtree: true});
        }""")
        page.locator("#fulltext-query").fill(query)
        page.wait_for_function("window.__shown !== null", timeout=30_000)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        typed, shown = page.evaluate("[window.__typed, window.__shown]")
        search_rows = recorder.since(page_rows)
        return {
            "query": query,
            "kb": _kb(recorder.rows),
            "page_kb": _kb(recorder.rows[:page_rows]),
            "search_kb": _kb(search_rows),
            "seconds": round((shown - typed) / 1000, 3),
            "results": page.locator(".fulltext-result").count(),
            "files": search_rows,
        }

    return _with_page(browser, run)


def measure_header_search(base_url: str, query: str, browser=None) -> dict:
    """Open the home page, click the header box, enter ``query`` at once, wait for the first result.

    ``seconds`` runs from the input event to the answer (the first result, or none found; the
    index download and lunr's index build included: the index is fetched
    only once the box is focused); ``index_kb`` is search/search_index.json
    on the wire.
    """

    def run(page):
        recorder = _Recorder(page)
        page.goto(base_url.rstrip("/") + "/", wait_until="networkidle")
        box = page.locator("input[data-md-component=search-query]")
        box.click()
        started = page.evaluate("performance.now()")
        box.fill(query)
        page.wait_for_function("""() => {
          const meta = document.querySelector('.md-search-result__meta').textContent.trim();
          return meta && !['正在载入检索数据…', '键入以开始搜索'].includes(meta);
        }""", timeout=60_000)
        shown = page.evaluate("performance.now()")
        page.wait_for_load_state("networkidle")
        index = [r for r in recorder.rows if "search/search_index.json" in r["url"]]
        return {"query": query, "seconds": round((shown - started) / 1000, 3), "index_kb": _kb(index),
                "results": page.locator(".md-search-result__item").count()}

    return _with_page(browser, run)


def main(argv: list[str]) -> int:
    from pathlib import Path

    if not argv:
        print(__doc__)
        return 2
    site = Path(argv[0])
    reply = argv[1] if len(argv) > 1 else "/replies/2025/zx-20253012/"
    query = argv[2] if len(argv) > 2 else "人才公寓"
    with serve(site) as url:
        view = measure_page_view(url, reply)
        search = measure_first_search(url, query)
    for result in (view, search):
        result.pop("files")
    print(json.dumps({"page_view": view, "first_search": search}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
