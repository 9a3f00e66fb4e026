"""`mkdocs serve` regenerates the site when a record under content/ changes."""

import os
import shutil
import socket
import subprocess
import sys
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
    try:
        assert wait_for(lambda: "肖明委员" in fetch(url)), "serve never answered"
        record = project / "content/replies/2025/zx-20253012.md"
        record.write_text(record.read_text(encoding="utf-8").replace("addressee: 肖明委员", "addressee: 肖明同志"),
                          encoding="utf-8")
        regenerated = wait_for(lambda: "肖明同志：" in fetch(url), timeout=60)
        time.sleep(8)  # room for a second rebuild, were the generated files watched
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert regenerated, output
    assert "Traceback" not in output, output
    # One build at start, exactly one per save (MkDocs logs each as "Building documentation...").
    assert output.count("Building documentation") == 2, output
