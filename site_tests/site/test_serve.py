"""`mkdocs serve` regenerates the site when a record under content/ changes."""

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
from helpers import CONTENT, ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, timeout=90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


@pytest.mark.slow
def test_serve_rebuilds_when_content_changes(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "overrides", "generator"):
        (project / name).symlink_to(ROOT / name)
    (project / "build/docs").mkdir(parents=True)
    shutil.copytree(CONTENT, project / "content")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GENERATOR_FULLTEXT": "0"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/replies/2025/zx-20253012/"
    log = Log(server)
    try:
        assert wait_for(lambda: "肖明委员" in fetch(url)), "serve never answered"
        record = project / "content/replies/2025/zx-20253012.md"
        record.write_text(record.read_text(encoding="utf-8").replace("addressee: 肖明委员", "addressee: 肖明同志"),
                          encoding="utf-8")
        regenerated = wait_for(lambda: "肖明同志：" in fetch(url), timeout=60)
        time.sleep(8)  # room for a second rebuild, were the generated files watched
        builds_after_one_save = log.text().count("Building documentation")
        # A broken edit: the last good page stays, under a banner naming the problem.
        record.write_text(record.read_text(encoding="utf-8").replace("kind: 政协提案", "kind: 政协议案"), encoding="utf-8")
        bannered = wait_for(lambda: "预览未更新" in fetch(url), timeout=60)
        page = fetch(url)
        fixed_text = record.read_text(encoding="utf-8").replace("kind: 政协议案", "kind: 政协提案")
        record.write_text(fixed_text, encoding="utf-8")
        cleared = wait_for(lambda: "预览未更新" not in fetch(url), timeout=60)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.thread.join(timeout=10)
        output = log.text()
    assert regenerated, output
    assert "Traceback" not in output, output
    # One build at start, exactly one per save (MkDocs logs each as "Building documentation...").
    assert builds_after_one_save == 2, output
    assert bannered and cleared, output
    assert "zx-20253012.md:5: kind: 类型：“政协议案”不是允许的值" in page and "肖明同志：" in page
    assert "政协议案" in output  # and in the terminal


class Log:
    """The server's output, read as it comes (a thread), so it can be looked at while it runs."""

    def __init__(self, server):
        self.lines: list[str] = []
        self.thread = threading.Thread(target=lambda: self.lines.extend(iter(server.stdout.readline, "")), daemon=True)
        self.thread.start()

    def text(self) -> str:
        return "".join(self.lines)
