"""Preview latency of ``make serve``: ``python benchmarks/preview.py [N ...]`` (default 1000).

For each N, on ``benchmarks/work/N/content`` (made by ``generator synth``
when missing), this starts ``mkdocs serve --dirty`` (what ``make serve``
runs, full-text index included) and opens the first record's page in
Debian's chromium.  Then, one after another, it

* appends a sentence to the record's body,
* gives the record a new title (also on the year's listing, opened in a
  second tab),
* breaks the record (an unknown ``kind``), then repairs it,

and measures, from the moment the file is saved, how long until the open
tabs show the change (the live reload refreshes them; ``wait_for_function``
polls the page every animation frame): the new sentence, the new title on
both pages, the problem banner; ``*_built_s`` is until the server logged
the rebuild done (the rest is the browser's reload), ``*_fulltext_s`` until
it logged the preview's full-text index updated.  Saves come one at a time:
the next waits for that index.  It also counts the builds each save
started (MkDocs logs each as "Building documentation").  The record is
restored at the end.  Prints the figures and writes them to
``benchmarks/preview.json``; ``make bench`` adds them to report.json.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "work"
sys.path.insert(0, str(ROOT / "site_tests" / "browser"))
sys.path.insert(0, str(ROOT / "site_tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))
from incremental import content_for, first_record  # noqa: E402  (benchmarks/incremental.py)
from nginx_server import free_port  # noqa: E402  (site_tests/nginx_server.py)
from generator.mkdocs_hooks import FULLTEXT_UPDATED  # noqa: E402
START_TIMEOUT_S = 1800
EDIT_TIMEOUT_S = 600


class Server:
    """``mkdocs serve --dirty`` on a project whose content is ``content``; its log is read as it comes."""

    def __init__(self, content: Path):
        self.project = Path(tempfile.mkdtemp(prefix="preview-bench-"))
        for name in ("mkdocs.yml", "overrides", "generator", "node_modules", "package-lock.json"):
            (self.project / name).symlink_to(ROOT / name)
        (self.project / "build" / "docs").mkdir(parents=True)
        self.port = free_port()
        env = {**os.environ, "PYTHONPATH": str(ROOT), "GENERATOR_CONTENT": str(content),
               "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{self.port}"],
            cwd=self.project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        self.built_at: list[float] = []  # when each "Documentation built" line came
        self.indexed_at: list[float] = []  # when the preview said its full-text index was updated
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.base = f"http://127.0.0.1:{self.port}/"

    def _read(self) -> None:
        for line in iter(self.process.stdout.readline, ""):
            self.lines.append(line)
            if "Documentation built in" in line:
                self.built_at.append(time.perf_counter())
            if FULLTEXT_UPDATED in line:
                self.indexed_at.append(time.perf_counter())

    def wait_for_index(self, start: float) -> float | None:
        """Seconds from ``start`` until the preview's full-text index of a later build was in place."""
        deadline = time.monotonic() + EDIT_TIMEOUT_S
        while time.monotonic() < deadline:
            ends = [at for at in list(self.indexed_at) if at > start]
            if ends:
                return round(ends[0] - start, 2)
            time.sleep(0.1)
        return None

    def built_since(self, start: float) -> float | None:
        """Seconds from ``start`` to the first build that ended after it."""
        ends = [at for at in list(self.built_at) if at > start]
        return round(ends[0] - start, 2) if ends else None

    def builds(self) -> int:
        return sum("Building documentation" in line for line in list(self.lines))

    def stop(self) -> None:
        import shutil

        self.process.terminate()
        self.process.wait(timeout=60)
        shutil.rmtree(self.project, ignore_errors=True)


def with_title(text: str, title: str) -> str:
    lines = text.split("\n")
    lines = [line for line in lines if not line.startswith("title: ")]
    lines.insert(1, f"title: {title}")
    return "\n".join(lines)


def listing_page(base: str, listing_url: str, reply_url: str) -> str:
    """The page of the year's listing that lists the reply (listings are paginated)."""
    import urllib.request

    for page in range(1, 1000):
        url = listing_url + ("" if page == 1 else f"{page}/")
        with urllib.request.urlopen(base + url, timeout=30) as response:
            if reply_url.split("/", 1)[1] in response.read().decode("utf-8"):
                return url
    raise SystemExit(f"no page of {listing_url} lists {reply_url}")


def timed_save(record: Path, text: str, pages, condition: str, argument, server=None, figures=None,
               name: str = "") -> float:
    """Seconds from saving ``text`` until every page shows it; ``figures[name + "_built_s"]``:
    until the server's log said the rebuild was done (the rest is the reload in the browser)."""
    start = time.perf_counter()
    record.write_text(text, encoding="utf-8")
    for page in pages:
        page.wait_for_function(condition, arg=argument, timeout=EDIT_TIMEOUT_S * 1000, polling="raf")
    shown = round(time.perf_counter() - start, 2)
    if server is not None:
        figures[f"{name}_built_s"] = server.built_since(start)
        # One save at a time: the next waits until this one's full-text index is in place.
        figures[f"{name}_fulltext_s"] = server.wait_for_index(start)
    return shown


def measure(n: int, work: Path = WORK) -> dict:
    from harness import launch
    from playwright.sync_api import sync_playwright

    content = content_for(n, work)
    record = first_record(content)
    original = record.read_text(encoding="utf-8")
    reply_url = f"replies/{record.parent.name}/{record.stem}/"
    listing_url = f"browse/year/{record.parent.name}/"
    figures: dict = {}
    start = time.perf_counter()
    server = Server(content)
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            reply = browser.new_page()
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:
                try:
                    if reply.goto(server.base + reply_url, timeout=10_000).ok:
                        break
                except Exception:  # noqa: BLE001 - not serving yet
                    pass
                if time.monotonic() > deadline or server.process.poll() is not None:
                    raise SystemExit("serve never answered:\n" + "".join(server.lines[-40:]))
                time.sleep(0.5)
            figures["start_s"] = round(time.perf_counter() - start, 2)  # MkDocs serves once its first build is done
            listing = browser.new_page()
            listing.goto(server.base + listing_page(server.base, listing_url, reply_url))

            sentence = "本段为预览基准测试所加。"
            builds = server.builds()
            figures["body_edit_s"] = timed_save(record, original.rstrip("\n") + "\n\n" + sentence + "\n", [reply],
                                                "s => !!document.body && document.body.innerText.includes(s)", sentence,
                                                server, figures, "body_edit")
            time.sleep(2)  # a second build, were one started by the generator's own writes
            figures["body_edit_builds"] = server.builds() - builds

            title = "关于预览基准测试标题的答复"
            builds = server.builds()
            figures["title_edit_s"] = timed_save(record, with_title(original, title), [reply, listing],
                                                 "s => !!document.body && document.body.innerText.includes(s)", title,
                                                 server, figures, "title_edit")
            time.sleep(2)
            figures["title_edit_builds"] = server.builds() - builds

            broken = original.replace("kind: 人大建议", "kind: 人大议案").replace("kind: 政协提案", "kind: 政协议案")
            figures["broken_edit_s"] = timed_save(record, broken, [reply],
                                                  "() => !!document.querySelector('.preview-error')", None)
            figures["broken_banner"] = reply.inner_text(".preview-error").splitlines()[0]
            figures["repaired_s"] = timed_save(record, original, [reply],
                                               "() => !document.querySelector('.preview-error')", None)
            browser.close()
    finally:
        record.write_text(original, encoding="utf-8")
        server.stop()
    return figures


def main(argv: list[str]) -> None:
    sizes = [int(arg) for arg in argv] or [1000]
    report = {}
    for n in sizes:
        figures = measure(n)
        report[str(n)] = figures
        print(f"{n} replies: " + ", ".join(f"{k} {v}" for k, v in figures.items()), flush=True)
    path = ROOT / "benchmarks" / "preview.json"
    old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    path.write_text(json.dumps({**old, **report}, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                    encoding="utf-8")
    print(f"written: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
