"""The build cache: what lets ``generator build`` redo only what an edit changed.

MkDocs has no incremental build of its own that can be trusted (its
``--dirty`` mode rebuilds pages whose source is newer than their output,
and leaves everything else, stale files included, as it was).  It is made
trustworthy here, engine-independently:

* **A key of everything besides the records** that can change the output
  (the generator's code, mkdocs.yml, overrides/, content/site.yml and
  content/portal/, the installed packages, the options).  A different key
  means a clean build; so does ``--clean``.  With the same key, a page's
  output depends only on its generated Markdown, whose mtime the generator
  keeps when it does not change it (write.write_output).
* **The previous site as the base**: the new site starts as a hard-link
  copy of it in a staging directory, so a failed build leaves the site
  untouched; every writer then replaces files (new inodes) instead of
  writing into them (mkdocs_hooks.atomic_writes).
* **Stale files removed**: the engine reports every file the build stands
  for (``EXPECTED``); anything else in the staging copy goes.
* **One build at a time**: an exclusive lock on the cache directory.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import sys
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE_VERSION = "1"
# Whose code renders the pages: a new version of any of them means a clean build.
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-redirects", "Markdown", "pymdown-extensions", "PyYAML",
            "pagefind", "pagefind-bin", "jieba", "rjieba", "Brotli", "nh3", "Jinja2")
# Files the build stands for, set by the engine's hooks during a build (relative to the site).
EXPECTED: dict[str, set[str]] = {}
COMPRESSED = (".gz", ".br")
# Not part of what a build runs: compiled caches, and the importer (it writes records, not the site).
SKIPPED = {"__pycache__", "importer"}


class BuildBusy(Exception):
    """Another build holds the cache."""


def package_versions() -> dict[str, str]:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = ""
    return versions


def tree_digest(digest, root: Path) -> None:
    """Names and bytes of every file under ``root`` (or of ``root`` itself), in sorted order."""
    if root.is_file():
        paths = [root]
    elif root.is_dir():
        paths = sorted(p for p in root.rglob("*") if p.is_file() and not SKIPPED.intersection(p.relative_to(root).parts))
    else:
        paths = []
    digest.update(f"{root}\0{len(paths)}\0".encode())
    for path in paths:
        digest.update(f"{path.relative_to(root) if path != root else ''}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def build_key(config_file: Path, content: Path, options: dict) -> str:
    """A digest of everything but the records that can change the built site."""
    digest = hashlib.sha256(f"{CACHE_VERSION}\0{sys.version}\0".encode())
    digest.update(json.dumps({"options": options, "packages": package_versions(),
                              "env": {k: v for k, v in sorted(os.environ.items())
                                      if k.startswith("GENERATOR_") or k == "SOURCE_DATE_EPOCH"}},
                             sort_keys=True).encode())
    # package-lock.json: the editor's bundle (/admin/) is copied from node_modules.
    for root in (ROOT / "generator", config_file, config_file.parent / "overrides", ROOT / "package-lock.json",
                 content / "site.yml", content / "portal"):
        tree_digest(digest, root)
    return digest.hexdigest()


class BuildCache:
    def __init__(self, directory: Path):
        self.directory = Path(directory)

    @contextmanager
    def locked(self):
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.directory / "lock", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise BuildBusy(f"另一个构建正在进行（{self.directory}），请等它完成后再试") from None
            yield self

    def _state_file(self, site_dir: Path) -> Path:
        return self.directory / ("site-" + hashlib.sha256(str(site_dir).encode()).hexdigest()[:16] + ".json")

    def matches(self, site_dir: Path, key: str) -> bool:
        """Whether ``site_dir`` is the untouched output of a build with ``key``."""
        try:
            state = json.loads(self._state_file(site_dir).read_text(encoding="utf-8"))
            return state["key"] == key and state["index"] == _stamp(site_dir)
        except (OSError, ValueError, KeyError, TypeError):
            return False

    def forget(self, site_dir: Path) -> None:
        self._state_file(site_dir).unlink(missing_ok=True)

    def remember(self, site_dir: Path, key: str) -> None:
        self._state_file(site_dir).write_text(json.dumps({"key": key, "index": _stamp(site_dir)}), encoding="utf-8")

    @property
    def pagefind(self) -> Path:
        return self.directory / "pagefind"


def _stamp(site_dir: Path) -> list:
    """The site's home page as the build left it: a site replaced or edited by hand is not trusted.

    Size, mtime and content, not the inode: CI restores site/ from its cache (tar keeps mtimes).
    """
    page = site_dir / "index.html"
    return [page.stat().st_size, page.stat().st_mtime_ns, hashlib.sha256(page.read_bytes()).hexdigest()]


def hardlink_copy(source: Path, target: Path) -> None:
    """``target`` (existing, empty) becomes a copy of ``source`` sharing its files' inodes."""
    for directory, subdirs, names in os.walk(source):
        relative = Path(directory).relative_to(source)
        (target / relative).mkdir(exist_ok=True)
        os.chmod(target / relative, os.stat(directory).st_mode & 0o7777)
        for name in names:
            try:
                os.link(Path(directory) / name, target / relative / name)
            except OSError:  # a file system without hard links: a copy (mtimes kept) does the same
                shutil.copy2(Path(directory) / name, target / relative / name)


def prune(site_dir: Path, expected: set[str]) -> int:
    """Remove every file the build does not stand for (and its compressed copies); returns how many."""
    removed = 0
    for path in sorted(site_dir.rglob("*"), reverse=True):
        relative = path.relative_to(site_dir).as_posix()
        if path.is_dir():
            if not any(path.iterdir()):
                path.rmdir()
            continue
        original = relative[:-3] if relative.endswith(COMPRESSED) else relative
        if relative in expected or original in expected or relative.startswith("pagefind/"):
            continue
        path.unlink()
        removed += 1
    return removed
