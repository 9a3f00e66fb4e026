"""Helpers shared by the tests: run the generator and build real sites in temporary directories."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTIFACTS = ROOT / "test-artifacts"


def run_generator(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m generator`` in a fresh process, as staff and CI do."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=600)


def build_site(content: Path, workdir: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Build ``content`` into ``workdir/site`` using ``workdir/docs`` for generated Markdown."""
    return run_generator("build", "--content", str(content), "--site-dir", str(workdir / "site"),
                         "--docs-dir", str(workdir / "docs"), *extra, env=env)


def copy_content(target: Path) -> Path:
    shutil.copytree(CONTENT, target)
    return target
