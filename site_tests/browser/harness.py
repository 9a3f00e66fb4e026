"""Real-browser plumbing shared by site_tests/browser and site_tests/search.

Debian's chromium (never a downloaded browser) driven by Playwright's sync
API, and the built site served over http on 127.0.0.1 by a threaded
http.server that gzips text the way a production web server would, so the
transfer sizes the tests and measure.py see are the ones visitors pay.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import threading
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
GZIP_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; text types gzipped when the browser asks (as nginx's gzip on)."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "application/javascript", ".json": "application/json", ".xml": "application/xml"}

    def log_message(self, *args):  # keep test output clean
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # redirects to the address with "/"
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        # Pagefind's own files are gzip data already: served as they are.
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", "") \
                or not ctype.startswith(GZIP_TYPES):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` at the root of http://127.0.0.1:<free port>."""
    handler = functools.partial(SiteHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def require_chromium():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM} (`make test` installs it)")


# Fixtures, imported by the conftest.py of site_tests/browser and site_tests/search.
# Both conftests register them, so pytest would run each body twice in one
# session; one Playwright (it allows one sync instance) and one server are
# shared through this module instead, the last user closing them.
_SHARED: dict = {}


@contextlib.contextmanager
def _shared(key, start, stop):
    if key not in _SHARED:
        _SHARED[key] = [start(), 0]
    _SHARED[key][1] += 1
    try:
        yield _SHARED[key][0]
    finally:
        _SHARED[key][1] -= 1
        if not _SHARED[key][1]:
            stop(_SHARED.pop(key)[0])


def _start_browser():
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    return playwright, launch(playwright)


def _stop_browser(pair):
    playwright, browser = pair
    browser.close()
    playwright.stop()


@pytest.fixture(scope="session")
def chromium():
    require_chromium()
    with _shared("browser", _start_browser, _stop_browser) as (_, browser):
        yield browser


def _start_server(directory):
    server = serve(directory)
    return server, server.__enter__()


@pytest.fixture(scope="session")
def site_url(built_site):
    with _shared(("site", str(built_site)), lambda: _start_server(built_site),
                 lambda pair: pair[0].__exit__(None, None, None)) as (_, url):
        yield url


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"
