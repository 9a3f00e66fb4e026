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
import pickle
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

from .memo import Memo
from .processes import BACKGROUND_NICENESS
from .write import write_atomic

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


# Per-record results (memo.py): "loaded" from the cache by the command line for the next
# generation, "built" by the last generation that succeeded in this process (mkdocs serve).
MEMO: dict = {}


def next_memo() -> Memo:
    built = MEMO.get("built")
    if built is not None:
        return Memo(dict(built.kept), built.texts)
    return Memo(MEMO.pop("loaded", None))


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
        self._loaded: dict[str, set] = {}  # memo shard -> the entries it held when read

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

    def remember(self, site_dir: Path, key: str, memo: Memo | None = None) -> None:
        """Record ``site_dir`` as the output of a build with ``key``, and the memo it leaves."""
        state = self._state_file(site_dir)
        if memo is not None:
            self._save_memo(state.with_suffix(".memo"), memo.kept)
        write_atomic(state, json.dumps({"key": key, "index": _stamp(site_dir)}).encode("utf-8"))

    def memo(self, site_dir: Path) -> dict:
        """The memo of the build that made ``site_dir`` (only trusted when ``matches``).

        A shard that cannot be read (missing, truncated, another Python) is
        simply not there: its records are computed again.
        """
        entries: dict = {}
        for path in sorted(self._state_file(site_dir).with_suffix(".memo").glob("*.pickle")):
            try:
                shard = pickle.loads(path.read_bytes())
            except Exception:  # noqa: BLE001
                continue
            entries.update(shard)
            self._loaded[path.name] = set(shard)
        return entries

    def _save_memo(self, directory: Path, kept: dict) -> None:
        """Write the shards whose entries changed; remove the others' leftovers.

        Why shards: at 10,000 replies the memo is ~300 MB, 3 s to write
        whole; an edit changes a few entries, so a few of 256 shards (keyed
        by the digests' first two hex digits) are written again.
        """
        directory.mkdir(parents=True, exist_ok=True)
        shards: dict[str, dict] = {}
        for entry, value in kept.items():
            shards.setdefault(f"{entry[1][:2]}.pickle", {})[entry] = value
        for name, shard in sorted(shards.items()):
            if self._loaded.get(name) != set(shard):
                write_atomic(directory / name, pickle.dumps(shard, protocol=pickle.HIGHEST_PROTOCOL))
        for path in directory.glob("*.pickle"):
            if path.name not in shards:
                path.unlink()

    @property
    def pagefind(self) -> Path:
        return self.directory / "pagefind"


def _stamp(site_dir: Path) -> list:
    """The site's home page as the build left it: a site replaced or edited by hand is not trusted.

    Size, mtime and content, not the inode: CI restores site/ from its cache (tar keeps mtimes).
    """
    page = site_dir / "index.html"
    return [page.stat().st_size, page.stat().st_mtime_ns, hashlib.sha256(page.read_bytes()).hexdigest()]


DISCARDED = ".discarded-"


def discard(directory: Path) -> None:
    """Move ``directory`` aside and delete it in a detached process.

    Why: the site a build replaces is 44,000 files at 10,000 replies, 3–4 s
    of unlinking that nobody needs to wait for.  Its new name marks it, so
    the next build deletes what a stopped process left (``sweep``).
    """
    directory = Path(directory)
    if not directory.exists():
        return
    aside = Path(tempfile.mkdtemp(prefix=DISCARDED, dir=directory.parent))
    os.rename(directory, aside / directory.name)
    _delete_detached(aside)


def sweep(parent: Path) -> None:
    """Delete (detached) what ``discard`` left in ``parent`` and did not finish."""
    for leftover in Path(parent).glob(DISCARDED + "*"):
        _delete_detached(leftover)


def _delete_detached(directory: Path) -> None:
    subprocess.Popen(["rm", "-rf", "--", str(directory)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True)


class BaseCopy:
    """The hard-link copy of the previous site into the staging directory, made in the background.

    Why a child process: the links are kernel time (~2 s at 10,000
    replies, 44,000 files) that can overlap the generator; a thread would
    keep the generator from forking its search workers (aside.py).  GNU
    ``cp -al`` does it; elsewhere (BSD cp has no -l) ``wait`` links in
    this process instead.
    """

    def __init__(self, source: Path, target: Path):
        self.source, self.target = Path(source), Path(target)
        try:
            # At a lower priority: the build waits for Pagefind, not for the copy (it is done well
            # before MkDocs writes), and both want the second core.
            nice = ["nice", "-n", str(BACKGROUND_NICENESS)] if shutil.which("nice") else []
            self._process = subprocess.Popen([*nice, "cp", "-al", "--", f"{self.source}/.", str(self.target)],
                                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                             stderr=subprocess.DEVNULL)
        except OSError:
            self._process = None
        self._done = False

    def wait(self) -> None:
        if self._done:
            return
        self._done = True
        if self._process is not None and self._process.wait() == 0:
            return
        for leftover in self.target.iterdir():
            shutil.rmtree(leftover) if leftover.is_dir() and not leftover.is_symlink() else leftover.unlink()
        hardlink_copy(self.source, self.target)


# The copy the engine's hooks wait for before the engine touches the staging directory.
BASE: list[BaseCopy] = []


# Work for the time Pagefind still needs once the pages are written (the command line's
# precompression of what is there; what is written after is compressed when the build ends).
WHILE_INDEXING: list = []


def while_indexing() -> None:
    while WHILE_INDEXING:
        WHILE_INDEXING.pop(0)()


# Threads a command must let finish before it exits (an abandoned indexer filling the cache).
BACKGROUND: list = []


def finish_background() -> None:
    while BACKGROUND:
        BACKGROUND.pop().join()


def wait_for_base() -> None:
    while BASE:
        BASE.pop().wait()


def settle() -> None:
    """Once a build has ended (or failed): what it started in the background is over, and the
    work it would have done while Pagefind ran is dropped (a build without the full-text index
    never ran it; the command line compresses everything at the end anyway)."""
    WHILE_INDEXING.clear()
    wait_for_base()
    finish_background()


def hardlink_copy(source: Path, target: Path) -> None:
    """``target`` (existing, empty) becomes a copy of ``source`` sharing its files' inodes.

    Strings and os.walk, not pathlib: 44,000 files at 10,000 replies, where
    pathlib's per-path objects cost more than the links themselves.
    """
    source, target = os.fspath(source), os.fspath(target)
    for directory, _, names in os.walk(source):
        into = target + directory[len(source):]
        if into != target:
            os.mkdir(into)
        os.chmod(into, os.stat(directory).st_mode & 0o7777)
        for name in names:
            try:
                os.link(os.path.join(directory, name), os.path.join(into, name))
            except OSError:  # a file system without hard links: a copy (mtimes kept) does the same
                shutil.copy2(os.path.join(directory, name), os.path.join(into, name))


def prune(site_dir: Path, expected: set[str]) -> int:
    """Remove every file the build does not stand for (and its compressed copies); returns how many."""
    removed = 0
    root = os.fspath(site_dir)
    directories = []
    for directory, subdirs, names in os.walk(root):
        relative = directory[len(root) + 1:].replace(os.sep, "/")
        if not relative and "pagefind" in subdirs:  # Pagefind's bundles are replaced whole, never pruned
            subdirs.remove("pagefind")
        prefix = relative + "/" if relative else ""
        if relative:
            directories.append(directory)
        for name in names:
            path = prefix + name
            original = path[:-3] if path.endswith(COMPRESSED) else path
            if path not in expected and original not in expected:
                os.unlink(os.path.join(directory, name))
                removed += 1
    for directory in reversed(directories):  # os.walk lists a directory before those inside it
        if not os.listdir(directory):
            os.rmdir(directory)
    return removed
