"""Shared fixtures: real builds of real content into temporary directories."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import ARTIFACTS, CONTENT, FIXTURES, ROOT, build_site, copy_content, run_generator  # noqa: F401


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
