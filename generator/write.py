"""Stage 6: write the rendered files.  The only stage that writes.

Files whose content is unchanged are not touched (so MkDocs's watcher and
incremental tooling see only real changes); stale generated files are
removed.  Each file is replaced atomically.
"""

from __future__ import annotations

import fcntl
import filecmp
import gzip
import hashlib
import json
import os
import sys
import tempfile
import threading
from pathlib import Path, PurePosixPath

import brotli

from .memo import Memo, digest, file_status
from .processes import start_child
from .problems import BuildFailed, error

MARKER = ".generated-by-generator"


class UnsafePath(BuildFailed, ValueError):
    """A write that would leave the output directory or clobber files not ours.

    A :class:`BuildFailed`, so ``build`` reports it like any other problem
    (and keeps the previous site) instead of failing with a traceback.
    """

    def __init__(self, message: str):
        super().__init__([error("输出目录", 1, "输出", message)])
        self.message = message

    def __str__(self) -> str:
        return self.message

    def report(self) -> str:
        return ""  # the message says it all; there is no content file to point at


def safe_target(root: Path, relative: str) -> Path:
    """The absolute path of ``relative`` inside ``root``, or :class:`UnsafePath`.

    Refuses absolute paths, ``..`` (also written with backslashes), the root
    itself, and any path that passes through a symbolic link.
    """
    base = Path(root).resolve()
    target = base.joinpath(*_inside_parts(relative))
    if target.resolve() != target:
        raise UnsafePath(f"输出路径越出输出目录：{relative}")
    return target


def _inside_parts(relative: str) -> tuple[str, ...]:
    """The parts of a path that stays inside its root (no absolute path, ``..`` or NUL), or UnsafePath."""
    parts = tuple(part for part in PurePosixPath(str(relative).replace("\\", "/")).parts if part != ".")
    if not parts or str(relative).startswith(("/", "\\")) or ".." in parts or "\x00" in str(relative):
        raise UnsafePath(f"输出路径越出输出目录：{relative}")
    return parts


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes files private; generated files are for everyone to read
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


MARKER_TEXT = "Generated from content/ by `python -m generator`; do not edit.\n"


def write_output(files: dict[str, str], root: Path, copies: dict[str, str] | None = None,
                 memo: Memo | None = None) -> dict[str, int]:
    """Write ``files`` under ``root``; return counts of written, unchanged and removed files.

    ``memo``: remembers the file status (size, times, inode) each file had
    once it held its text, so a file with the same text and status is known
    unchanged without reading it (the rule git uses for its work tree).

    ``copies``: docs-relative path -> a file of content/ (attachments), copied
    byte for byte.  Why they are read here and not by load: at 10,000
    replies the signed PDFs are gigabytes; load only takes their sizes.
    Refuses a ``root`` that holds anything not made by the generator, and any
    path that would land outside ``root``.  Unchanged files keep their bytes,
    inode and mtime; files no longer generated are removed.
    """
    root = Path(root)
    if root.exists() and not root.is_dir():
        raise UnsafePath(f"输出路径 {root} 不是目录，拒绝覆盖")
    if root.exists() and any(root.iterdir()) and not (root / MARKER).is_file():
        raise UnsafePath(f"输出目录 {root} 不是生成器创建的，拒绝覆盖")
    existing, links, directories = _tree(root)
    targets: dict[str, str | Path] = {}
    for rel, value in sorted([*files.items(), *((rel, Path(source)) for rel, source in (copies or {}).items())]):
        parts = _inside_parts(rel)
        # Performance: symbolic links found by one walk of the tree, not by resolving each path.
        if links and any("/".join(parts[:depth]) in links for depth in range(1, len(parts) + 1)):
            raise UnsafePath(f"输出路径越出输出目录：{rel}")
        target = "/".join(parts)
        if target in targets:
            raise UnsafePath(f"两个输出文件指向同一路径：{rel}")
        targets[target] = value
    root.mkdir(parents=True, exist_ok=True)
    marker = root / MARKER
    if not marker.is_file() or marker.read_text(encoding="utf-8", errors="replace") != MARKER_TEXT:
        write_atomic(marker, MARKER_TEXT.encode("utf-8"))
    # Stale files go first, so a file may replace a directory of the same name and back.
    removed = 0
    for rel in sorted(existing.keys() | links, reverse=True):
        if rel in links or (rel not in targets and rel != MARKER):
            (root / rel).unlink()
            removed += 1
    for directory in sorted(directories, reverse=True):  # deepest first
        if not os.listdir(root / directory):
            os.rmdir(root / directory)
    written = unchanged = 0
    for rel, value in targets.items():
        path = root / rel
        status = None
        if rel in existing and rel not in links:
            try:
                status = file_status(existing[rel].stat(follow_symlinks=False))
            except OSError:
                pass
        if isinstance(value, Path):
            if status is not None and _same_file(value, path):
                unchanged += 1
                continue
            data, key = value.read_bytes(), ""
        else:
            # The same text object this process left there (the memo's pages are): known without a digest.
            known = memo.texts.get(rel) if memo is not None else None
            if status is not None and known is not None and known[0] is value and known[1] == status:
                unchanged += 1
                continue
            data = value.encode("utf-8")
            key = _text_key(rel, value, data) if memo is not None else ""
            if status is not None and _holds(path, data, status, memo, key):
                _remember(memo, rel, value, status, key)
                unchanged += 1
                continue
        if path.is_dir():
            raise UnsafePath(f"输出文件与已有目录同名：{rel}")
        write_atomic(path, data)
        _remember(memo, rel, value, file_status(path.stat()), key)
        written += 1
    return {"written": written, "unchanged": unchanged, "removed": removed}


def _same_file(source: Path, path: Path) -> bool:
    try:
        return filecmp.cmp(source, path, shallow=False)
    except OSError:
        return False


# Texts past this size (the open-data downloads) change with any record: digesting them (0.2 s
# at 10,000 replies) would rarely spare a read, and keeping them would only hold memory.
REMEMBERED_LIMIT = 1024 * 1024


def _text_key(rel: str, value: str, data: bytes) -> str:
    """The memo's key for ``rel`` holding ``data`` ("" for a text too large to remember)."""
    return digest(rel, hashlib.blake2b(data, digest_size=16).hexdigest()) if len(value) <= REMEMBERED_LIMIT else ""


def _holds(path: Path, data: bytes, status: tuple, memo: Memo | None, key: str) -> bool:
    """Whether the file at ``path`` (of ``status``) holds ``data``: known from the memo's
    status for that text (the rule git uses for its work tree), or read and compared."""
    if key and memo.known("written", key) and memo.get("written", key, None) == status:
        return True
    try:
        return status[0] == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _remember(memo: Memo | None, rel: str, value, status: tuple, key: str) -> None:
    """What ``rel`` now holds, for the next build: the text object (this process) and its status."""
    if key:
        memo.texts[rel] = (value, status)
        memo.put("written", key, status)


def _tree(root: Path) -> tuple[dict[str, os.DirEntry], set[str], list[str]]:
    """(files, symbolic links, directories) under ``root``, relative, found without following any link.

    The files map to their directory entries: their status is read once, when needed.
    """
    files: dict[str, os.DirEntry] = {}
    links: set[str] = set()
    directories: list[str] = []
    if not root.is_dir():
        return files, links, directories

    def walk(directory: str, prefix: str) -> None:
        with os.scandir(directory) as listing:
            for entry in listing:
                if entry.is_symlink():
                    links.add(prefix + entry.name)
                elif entry.is_dir(follow_symlinks=False):
                    directories.append(prefix + entry.name)
                    walk(entry.path, prefix + entry.name + "/")
                else:
                    files[prefix + entry.name] = entry

    walk(os.fspath(root), "")
    return files, links, directories


# --- Pagefind's bundle, made reproducible -----------------------------------
#
# Pagefind (1.5) writes the values of each filter, and the list of filters in
# its metadata file, in hash-map order, so two builds of the same content give
# different filter files, metadata and entry hash (Pagefind issue #638 fixed
# this for fragments only).  The files are gzip'd CBOR after a "pagefind_dcd"
# signature; they are re-encoded here in sorted order and renamed by a hash of
# their content, as Pagefind names them.

PAGEFIND_SIGNATURE = b"pagefind_dcd"


def _cbor_decode(data: bytes, at: int = 0):
    """Decode the CBOR subset Pagefind writes: unsigned ints, text, arrays."""
    head = data[at]
    major, info = head >> 5, head & 0x1F
    at += 1
    if info < 24:
        value = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        value = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise ValueError("unsupported CBOR length")
    if major == 0:
        return value, at
    if major == 3:
        return data[at : at + value].decode("utf-8"), at + value
    if major == 4:
        items = []
        for _ in range(value):
            item, at = _cbor_decode(data, at)
            items.append(item)
        return items, at
    raise ValueError(f"unsupported CBOR major type {major}")


def _cbor_head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise ValueError("integer too large for CBOR")


def _cbor_encode(value) -> bytes:
    if isinstance(value, bool) or not isinstance(value, (int, str, list)):
        raise ValueError(f"cannot encode {type(value).__name__}")
    if isinstance(value, int):
        return _cbor_head(0, value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _cbor_head(3, len(raw)) + raw
    return _cbor_head(4, len(value)) + b"".join(_cbor_encode(item) for item in value)


def _read_pagefind(path: Path):
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(PAGEFIND_SIGNATURE):
        raise ValueError(f"{path.name}: not a Pagefind file")
    value, end = _cbor_decode(raw, len(PAGEFIND_SIGNATURE))
    if end != len(raw):
        raise ValueError(f"{path.name}: trailing bytes")
    return value


def _pagefind_bytes(value) -> tuple[bytes, str]:
    raw = PAGEFIND_SIGNATURE + _cbor_encode(value)
    return gzip.compress(raw, compresslevel=9, mtime=0), hashlib.sha256(raw).hexdigest()


def canonical_pagefind(bundle: Path) -> bool:
    """Rewrite a Pagefind bundle so the same records always give the same bytes.

    Sorts each filter's values and the metadata's filter list, renames the
    rewritten files by content hash and points ``pagefind-entry.json`` at the
    new metadata.  Returns False, leaving the bundle as it was, when the files
    are not in the format this understands (a future Pagefind).
    """
    bundle = Path(bundle)
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        plan: list[tuple[Path, Path, bytes]] = []  # (old file, new file, bytes)
        for language, info in sorted(entry["languages"].items()):
            meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
            meta = _read_pagefind(meta_path)
            filters = meta[3]
            renamed = []
            for name, old_hash in filters:
                path = bundle / "filter" / f"{old_hash}.pf_filter"
                filter_name, values = _read_pagefind(path)
                data, digest = _pagefind_bytes([filter_name, sorted(values, key=lambda v: (v[0], v[1]))])
                new_hash = f"{language}_{digest[:7]}"
                plan.append((path, path.with_name(f"{new_hash}.pf_filter"), data))
                renamed.append([name, new_hash])
            meta[3] = sorted(renamed)
            data, digest = _pagefind_bytes(meta)
            new_hash = f"{language}_{digest[:10]}"
            plan.append((meta_path, bundle / f"pagefind.{new_hash}.pf_meta", data))
            info["hash"] = new_hash
    except (OSError, ValueError, KeyError, IndexError, TypeError, EOFError, gzip.BadGzipFile):
        return False
    for old, _, _ in plan:
        old.unlink()
    for _, new, data in plan:
        new.write_bytes(data)
    entry_text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    entry_path.write_text(entry_text, encoding="utf-8")
    return True


# What a web server sends compressed; Pagefind's own files are gzip data already.
PRECOMPRESSED_SUFFIXES = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv", ".map")
# Fetched by every visitor: the theme's bundles get brotli's best quality (10 % smaller than
# quality 5; 0.8 s, once: an incremental build keeps their copies).  Pages get quality 5: as fast
# as gzip level 6 and 9 % smaller; quality 11 on every page would add ~15 s at 10,000 replies.
BROTLI_BEST = ("assets/",)
# ... but not what no visitor's page loads: source maps (developer tools) and material's lunr
# language plugins (the header search runs its own worker; wordcut.js is for Thai).  They took
# 3.0 of the 3.8 s quality 11 cost on assets/, at the end of a clean build.
BROTLI_BEST_EXCEPT = ("assets/javascripts/lunr/",)
# The header search's index changes with every title: quality 11 took 5.2 s of each such build
# at 10,000 replies (3.5 MB: 195 KB), quality 9 takes 0.17 s (230 KB), quality 10 2.3 s (205 KB).
BROTLI_GOOD = ("search/search_index.json",)
# Any file past this size gets gzip only, at level 3.  Which ones: the open-data downloads
# (data/replies.json and .csv, 46 and 41 MB at 10,000 replies), rewritten at every edit; brotli
# would save a sixth of gzip's size for 1.4 s each, and level 3 takes 0.8 s against 1.75 s at
# level 6 for 6 % more.  Pages, assets and the header search's index (3.5 MB) stay far below.
BROTLI_LIMIT = 8 * 1024 * 1024
# A page with server-side include lines (site.yml portal.header_include) must pass the server's
# SSI filter, which skips an already-encoded response: such a page gets no compressed copy.
SSI_DIRECTIVE = b"<!--#include "


def precompress(site_dir: Path) -> int:
    """Write ``name.gz`` and ``name.br`` beside every text file of the built site; returns how many it compressed.

    Why: a government web server (nginx with ``gzip_static on``, or
    ``brotli_static`` where the module is installed) then sends the ready
    copy instead of compressing each response or, where compression is off,
    the full file (Lighthouse counted ~220 KB that compression saves).
    gzip level 6: 0.2 % larger than 9 at half the time (measured on 3,000
    pages of the 10,000-reply site: 0.9 s against 1.6 s).  No name and mtime
    0 in the gzip header, so builds stay byte-identical (brotli has no
    header fields).  Threads, one a core: zlib and brotli release the GIL
    while they compress (10,000 replies: 10.5 s on one).
    """
    from concurrent.futures import ThreadPoolExecutor

    jobs = sorted(_precompress_jobs(os.fspath(site_dir), ""))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return sum(pool.map(_precompress_one, *zip(*jobs))) if jobs else 0


def _precompress_jobs(directory: str, relative: str):
    """(path, brotli quality) of each text file whose copies are missing or older than it.

    Why scandir: one listing gives the stat of a file and of its copies
    (44,000 files at 10,000 replies); an incremental build keeps the copies
    of every file it did not rewrite, so most files are passed over here.
    """
    with os.scandir(directory) as listing:
        entries = {entry.name: entry for entry in listing}
    for name, entry in entries.items():
        if entry.is_dir(follow_symlinks=False):
            if not (relative == "" and name == "pagefind"):
                yield from _precompress_jobs(entry.path, relative + name + "/")
            continue
        if not gets_copies(relative + name) or not entry.is_file(follow_symlinks=False):
            continue
        copies = [entries.get(name + ".gz")] + ([entries.get(name + ".br")] if entry.stat().st_size <= BROTLI_LIMIT else [])
        if all(copies) and min(copy.stat().st_mtime_ns for copy in copies) >= entry.stat().st_mtime_ns:
            continue
        yield entry.path, brotli_quality(relative + name)


def gets_copies(relative: str) -> bool:
    """Whether the site's file at ``relative`` gets compressed copies."""
    return relative.endswith(PRECOMPRESSED_SUFFIXES) and not relative.startswith("pagefind/")


def brotli_quality(relative: str) -> int:
    if relative.startswith(BROTLI_BEST) and not relative.startswith(BROTLI_BEST_EXCEPT) and not relative.endswith(".map"):
        return 11
    return 9 if relative.startswith(BROTLI_GOOD) else 5


def _precompress_one(name: str, quality: int = 5) -> bool:
    path = Path(name)
    gz, br = path.with_name(path.name + ".gz"), path.with_name(path.name + ".br")
    data = path.read_bytes()
    level = 6 if len(data) <= BROTLI_LIMIT else 3
    packed = b"" if path.suffix == ".html" and SSI_DIRECTIVE in data else gzip.compress(data, compresslevel=level, mtime=0)
    if not packed or len(packed) >= len(data):
        gz.unlink(missing_ok=True)
        br.unlink(missing_ok=True)
        return False
    write_atomic(gz, packed)
    if len(data) > BROTLI_LIMIT:
        br.unlink(missing_ok=True)
    else:
        write_atomic(br, brotli.compress(data, quality=quality))
    return True


class CompressionFailed(RuntimeError):
    """The compressed copies could not be made: the build fails and keeps the previous site."""


class Compressor:
    """Makes the compressed copies of each file of ``site_dir`` as it is written, in a child process.

    Why: MkDocs renders and writes pages on one core; the copies are made on
    the other meanwhile instead of in a pass after the last page (10.5 s on
    one core at 10,000 replies).  Why a process (processes.py): on a thread,
    each file's reads, writes and renames waited for MkDocs to let go of the
    GIL, and the copies ended 17 s behind the last page at 10,000 replies.
    The child is told each file's name and reads it back (from the page
    cache), in the order the files were written, so a file written twice
    ends with the copies of its last bytes; the copies are written after the
    file, so :func:`precompress` finds them up to date.
    """

    # The names waiting for the child: a pipe this large holds ~10,000 of them, so MkDocs does
    # not wait when the child falls behind while Pagefind has the other core (Linux's default,
    # 64 KB, held ~700).  1 MB is what an unprivileged process may ask for.
    PIPE_BYTES = 1 << 20

    def __init__(self, site_dir: Path):
        self.root = os.path.abspath(site_dir) + os.sep
        self._child = None  # started with the first file
        self._lock = threading.Lock()  # MkDocs' thread and the hooks' may both write files

    def written(self, path: str) -> None:
        path = os.path.abspath(path)
        relative = path[len(self.root):].replace(os.sep, "/")
        if not path.startswith(self.root) or not gets_copies(relative):
            return
        with self._lock:
            if self._child is None:
                self._child = start_child(COMPRESSOR_CHILD)
                try:
                    fcntl.fcntl(self._child.stdin.fileno(), fcntl.F_SETPIPE_SZ, self.PIPE_BYTES)
                except (OSError, AttributeError):  # an older kernel: the default pipe
                    pass
            try:
                self._child.stdin.write(json.dumps([brotli_quality(relative), path]).encode() + b"\n")
            except BrokenPipeError:  # it stopped: finish() says why
                pass

    def finish(self) -> None:
        """Wait for the copies of what was written so far; the first failure is raised."""
        with self._lock:
            if self._child is None:
                return
            try:
                self._child.stdin.write(b"\n")
                self._child.stdin.flush()
            except BrokenPipeError:
                pass
            answer = self._child.stdout.readline()
        if answer != b"ok\n":
            reason = json.loads(answer) if answer else f"压缩进程异常退出（{self._child.wait()}）"
            raise CompressionFailed(f"生成压缩副本失败：{reason}")

    def close(self) -> None:
        """finish(), and the child ends."""
        self.finish()
        self._end()

    def abort(self) -> None:
        """The build failed: the child stops where it is (the staging site is thrown away)."""
        if self._child is not None:
            self._child.kill()
        self._end()

    def _end(self) -> None:
        if self._child is not None:
            try:
                self._child.stdin.close()
            except BrokenPipeError:  # its buffer could not be flushed: the child is gone
                pass
            self._child.wait()


COMPRESSOR_CHILD = "from generator.write import compress_for_parent; compress_for_parent()"


def compress_for_parent() -> None:
    """The child's side of Compressor: one JSON line [quality, path] a file; an empty line asks
    for an answer, "ok" or the first failure, once every file before it has its copies."""
    failure = None
    answer = sys.stdout.buffer
    for line in sys.stdin.buffer:
        if line == b"\n":
            answer.write(b"ok\n" if failure is None else json.dumps(failure).encode() + b"\n")
            answer.flush()
        elif failure is None:
            quality, path = json.loads(line)
            try:
                _precompress_one(path, quality)
            except FileNotFoundError:  # gone since (moved or removed): no copies of it either
                for copy in (path + ".gz", path + ".br"):
                    Path(copy).unlink(missing_ok=True)
            except Exception as exc:  # noqa: BLE001 - reported to the build, which fails
                failure = f"{path}: {exc}"


COMPRESSORS: list[Compressor] = []


def file_written(path: str) -> None:
    """Called for each file MkDocs writes (generator/mkdocs_hooks.py, atomic_writes)."""
    for compressor in COMPRESSORS:
        compressor.written(path)
