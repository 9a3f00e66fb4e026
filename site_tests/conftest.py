"""Shared fixtures: real builds of real content into temporary directories."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real content/ built once with --strict; returns the site directory."""
    workdir = tmp_path_factory.mktemp("built")
    result = build_site(CONTENT, workdir, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return workdir / "site"


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
