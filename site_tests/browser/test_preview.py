"""`make serve` (``mkdocs serve --dirty``): the preview follows every save, in a real browser."""

import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from helpers import CONTENT, ROOT
from nginx_server import free_port

RECORD = "content/replies/2025/zx-20253012.md"
PAGE = "replies/2025/zx-20253012/"


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_for(predicate, timeout=90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


class Log:
    """The server's output, read as it comes (a thread), so it can be looked at while it runs."""

    def __init__(self, server):
        self.lines: list[str] = []
        self.thread = threading.Thread(target=lambda: self.lines.extend(iter(server.stdout.readline, "")), daemon=True)
        self.thread.start()

    def text(self) -> str:
        return "".join(self.lines)

    def builds(self) -> int:
        return self.text().count("Building documentation")


@pytest.fixture
def preview(tmp_path):
    """``mkdocs serve --dirty`` as ``make serve`` runs it, on a copy of the content."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "overrides", "generator", "node_modules", "package-lock.json"):
        (project / name).symlink_to(ROOT / name)
    (project / "build/docs").mkdir(parents=True)
    shutil.copytree(CONTENT, project / "content")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GENERATOR_FULLTEXT": "0"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log = Log(server)
    base = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(lambda: "肖明委员" in fetch(base + PAGE)), "serve never answered\n" + log.text()
        yield project, base, log
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.thread.join(timeout=10)
    assert "Traceback" not in log.text(), log.text()
    assert "dirty" not in log.text(), log.text()  # MkDocs' stale-navigation warning: not true here


def save(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.slow
def test_the_preview_shows_each_save_once_and_a_broken_save_as_a_banner(preview, chromium):
    project, base, log = preview
    record = project / RECORD
    page = chromium.new_page()
    page.goto(base + PAGE)
    save(record, "addressee: 肖明委员", "addressee: 肖明同志")
    # The open page reloads by itself (MkDocs' live reload) and shows the edit.
    page.wait_for_function("document.body.innerText.includes('肖明同志：')", timeout=60_000)
    time.sleep(5)  # room for a second rebuild, were the generated files watched
    assert log.builds() == 2, log.text()  # one at start, exactly one per save

    save(record, "kind: 政协提案", "kind: 政协议案")
    banner = page.locator(".preview-error[role=alert]")
    banner.wait_for(timeout=60_000)
    text = banner.inner_text()
    assert text.startswith("预览未更新，请改正以下问题后保存：")
    assert "zx-20253012.md:5: kind: 类型：“政协议案”不是允许的值" in text
    assert "肖明同志：" in page.inner_text("article")  # the last good page stays beneath
    assert "政协议案" in log.text()  # and the problem is in the terminal

    save(record, "kind: 政协议案", "kind: 政协提案")
    page.wait_for_function("!document.querySelector('.preview-error')", timeout=60_000)
    page.close()


@pytest.mark.slow
def test_a_record_deleted_or_withheld_while_previewing_leaves_the_preview(preview):
    project, base, log = preview
    other = sorted((project / "content/replies").rglob("*.md"))[0]
    other_page = base + other.relative_to(project / "content").with_suffix("").as_posix() + "/"
    assert status(other_page) == 200
    assert PAGE in fetch(base + "search/search_index.json")
    other.unlink()
    assert wait_for(lambda: status(other_page) == 404, timeout=60), log.text()
    save(project / RECORD, "disclosure: 主动公开", "disclosure: 依申请公开")
    assert wait_for(lambda: status(base + PAGE) == 404, timeout=60), log.text()
    assert PAGE not in fetch(base + "sitemap.xml")
    for listing in ("search/search_index.json", "data/replies.json", "feed.xml", "browse/year/2025/"):
        text = fetch(base + listing)
        if PAGE in text:
            open("/tmp/preview.log", "w").write(log.text())
        assert PAGE not in text, listing
