"""Shared fixtures: real builds of real content into temporary directories."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from helpers import ARTIFACTS, CONTENT, FIXTURES, OTHER_OFFICE, ROOT, build_site, copy_content, run_generator  # noqa: F401


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


def office_build(tmp_path_factory, name: str, portal: dict | None = None, **site_values) -> Path:
    """The real content with only site.yml changed to another office at /zwgk/jytabl/, built with umask 022.

    ``portal``: site.yml's portal block; its *_file fragments are copied from fixtures/portal/.
    """
    work = tmp_path_factory.mktemp(name)
    content = copy_content(work / "content")
    site = yaml.safe_load((content / "site.yml").read_text(encoding="utf-8"))
    site.update(OTHER_OFFICE, **site_values)
    if portal:
        site["portal"] = portal
        (content / "portal").mkdir()
        for key, file_name in portal.items():
            if key.endswith("_file"):
                shutil.copy(FIXTURES / "portal" / file_name, content / "portal" / file_name)
    (content / "site.yml").write_text(yaml.safe_dump(site, allow_unicode=True, sort_keys=False), encoding="utf-8")
    previous = os.umask(0o022)
    try:
        result = build_site(content, work, "--strict")
    finally:
        os.umask(previous)
    assert result.returncode == 0, result.stdout + result.stderr
    return work / "site"


CONAC_ID = "CA350000000601234560001"  # made up, in the shape of the real ones


@pytest.fixture(scope="session")
def other_office(tmp_path_factory) -> Path:
    return office_build(tmp_path_factory, "other-office")


@pytest.fixture(scope="session")
def portal_office(tmp_path_factory) -> Path:
    """The other office inside its portal's header and footer, inserted from fragment files; with a 党政机关网站标识."""
    return office_build(tmp_path_factory, "portal-office", {"header_file": "header.html", "footer_file": "footer.html"},
                        conac_id=CONAC_ID)


@pytest.fixture(scope="session")
def ssi_office(tmp_path_factory) -> Path:
    """The other office inside its portal's header and footer, included by the web server (SSI)."""
    return office_build(tmp_path_factory, "ssi-office",
                        {"header_include": "/include/header.html", "footer_include": "/include/footer.html"})
