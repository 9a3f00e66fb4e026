"""``python -m generator dist``: the built site as one versioned, reproducible tarball.

For an office that publishes on its own server: ``make dist`` builds the
site, then writes ``dist/<slug>-<version>.tar.gz`` and beside it
``<name>.tar.gz.sha256``.  The tarball holds one folder, ``site/``, with
every file of the built site and a ``SHA256SUMS`` file (``sha256sum -c``
in the unpacked ``site/`` checks every file).  Only the site directory is
read: nothing outside it can enter the tarball, and a symbolic link or any
other special file in it stops the command.

Reproducible: entries are sorted, every entry has mtime
``SOURCE_DATE_EPOCH`` (the environment's, else the one the build derives
from the content), uid/gid 0 and owner "root", modes 0644/0755, and the
gzip header has no file name and mtime 0, so the same site always gives
the same bytes.

The version is ``<YYYYMMDD>-<commit>[-dirty]``: the date of
``SOURCE_DATE_EPOCH`` (the day of the newest published or updated
record, so names sort by content and say what they hold) and the first 12
hex digits of the content's commit, so the tarball can be traced to one
state of the repository.  ``-dirty`` when a tracked file differs from that
commit, or the content directory holds files not yet committed (a new
reply imported but not committed): then the commit alone does not say what
is inside.  Outside git (a copied folder) the version is
``<YYYYMMDD>-nogit-<hash>``, the hash being the first 10 hex digits of the
SHA-256 of ``SHA256SUMS``, so different sites still get different names.
The clock is never read.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import re
import stat
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

TOP = "site"
SUMS = "SHA256SUMS"
REQUIRED = ("index.html",)  # every build writes it; without it the site is not a whole build
CHUNK = 1 << 20


class DistError(Exception):
    """A reason not to package, in Chinese for staff."""


@dataclass(frozen=True)
class Packed:
    tarball: Path
    checksum: Path
    files: int
    version: str


# --- what goes in ---------------------------------------------------------------


def site_files(site_dir: Path, shown: str) -> list[tuple[str, Path, bool]]:
    """(relative POSIX path, absolute path, is directory) of everything under ``site_dir``, sorted.

    Sorted by path components, so a directory always comes before what it holds.
    """
    if not site_dir.exists() and not site_dir.is_symlink():
        raise DistError(f"{shown}/ 不存在，请先运行 make site")
    if not site_dir.is_dir():
        raise DistError(f"{shown} 不是目录，请先运行 make site")
    missing = [name for name in REQUIRED if not (site_dir / name).is_file()]
    if missing:
        raise DistError(f"{shown}/ 不完整（缺少 {'、'.join(missing)}），请重新运行 make site")
    entries: list[tuple[str, Path, bool]] = []
    for root, dirs, files in os.walk(site_dir):
        for name in dirs + files:
            path = Path(root) / name
            rel = path.relative_to(site_dir).as_posix()
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                raise DistError(f"{shown}/{rel} 是符号链接，拒绝打包（只打包网站本身的文件）")
            if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                raise DistError(f"{shown}/{rel} 不是普通文件，拒绝打包")
            if any(ord(c) < 32 or ord(c) == 127 for c in rel):
                raise DistError(f"{shown}/ 中的文件名含控制字符，拒绝打包：{rel!r}")
            entries.append((rel, path, stat.S_ISDIR(mode)))
    if any(rel == SUMS for rel, _, _ in entries):
        raise DistError(f"{shown}/{SUMS} 已存在；它由打包时生成，请重新运行 make site")
    entries.sort(key=lambda entry: entry[0].split("/"))
    return entries


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def sums_line(digest: str, name: str) -> str:
    """One line of ``sha256sum`` output; names with a backslash are escaped as coreutils does."""
    if "\\" in name:
        return f"\\{digest}  {name.replace(chr(92), chr(92) * 2)}\n"
    return f"{digest}  {name}\n"


# --- the version ----------------------------------------------------------------


def _git(cwd: Path, *args: str) -> str | None:
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def git_version(content_dir: Path) -> str | None:
    """``<commit>`` or ``<commit>-dirty`` of the repository holding ``content_dir``; None outside git."""
    commit = _git(content_dir, "rev-parse", "--short=12", "--verify", "-q", "HEAD")
    top = _git(content_dir, "rev-parse", "--show-toplevel")
    if not commit or not top:
        return None
    tracked = _git(Path(top.strip()), "status", "--porcelain", "--untracked-files=no")
    content = _git(content_dir, "status", "--porcelain", "--untracked-files=all", "--", ".")
    if tracked is None or content is None:
        return None
    return commit.strip() + ("-dirty" if tracked.strip() or content.strip() else "")


def slug(site_url: str) -> str:
    """A file-name form of the site's address: host and path, e.g. ``www.example.gov.cn-zwgk-jytabl``."""
    parts = urlsplit(site_url)
    words = [parts.netloc.replace(":", "-"), *(p for p in parts.path.split("/") if p)]
    text = "-".join(words)
    text = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")
    return text or "site"


def source_date_epoch(content_epoch: int) -> int:
    """The environment's SOURCE_DATE_EPOCH when it is set (as the build honours it), else the content's."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value:
        if not value.isdigit():
            raise DistError(f"环境变量 SOURCE_DATE_EPOCH 应为非负整数（秒），现为 {value!r}")
        return int(value)
    return content_epoch


def content_identity(content_dir: Path) -> tuple[str, int]:
    """(site_url, content-derived epoch), from the same checks ``build`` runs."""
    from .pipeline import check
    from .problems import Severity
    from .render import content_epoch

    checked = check(content_dir)
    errors = [p for p in checked.problems if p.severity is Severity.ERROR]
    if checked.resolved is None or errors:
        raise DistError(f"{content_dir} 中有 {len(errors) or 1} 个错误，网站不能按当前内容生成；"
                        "请先运行 make check 按提示修改，再运行 make dist")
    return checked.resolved.selection.site.site_url, content_epoch(checked.resolved)


# --- the tarball ----------------------------------------------------------------


def _info(name: str, mtime: int, directory: bool, size: int = 0) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = tarfile.DIRTYPE if directory else tarfile.REGTYPE
    info.mode = 0o755 if directory else 0o644
    info.size = 0 if directory else size
    info.mtime = mtime
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    return info


def write_tarball(handle, entries, sums: bytes, mtime: int) -> None:
    """The tar.gz of ``entries`` plus ``SHA256SUMS`` into the binary file ``handle``."""
    members = [*entries, (SUMS, None, False)]
    members.sort(key=lambda entry: entry[0].split("/"))
    # filename="" and mtime=0: no name and no time in the gzip header.
    with gzip.GzipFile(filename="", mode="wb", fileobj=handle, compresslevel=6, mtime=0) as packed:
        with tarfile.open(fileobj=packed, mode="w", format=tarfile.PAX_FORMAT, encoding="utf-8") as tar:
            tar.addfile(_info(TOP, mtime, True))
            for rel, path, is_dir in members:
                name = f"{TOP}/{rel}"
                if is_dir:
                    tar.addfile(_info(name, mtime, True))
                elif path is None:
                    tar.addfile(_info(name, mtime, False, len(sums)), io.BytesIO(sums))
                else:
                    with open(path, "rb") as data:
                        size = os.fstat(data.fileno()).st_size
                        tar.addfile(_info(name, mtime, False, size), data)


def _replace(target: Path, write) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def make_dist(site_dir: Path, out_dir: Path, content_dir: Path, shown: str | None = None) -> Packed:
    shown = shown if shown is not None else str(site_dir).rstrip("/")
    site_dir = Path(site_dir)
    entries = site_files(site_dir, shown)
    resolved_site = site_dir.resolve()
    resolved_out = Path(out_dir).resolve()
    if resolved_out == resolved_site or resolved_site in resolved_out.parents:
        raise DistError(f"输出目录 {out_dir} 在 {shown}/ 之内，请换一个输出目录")
    site_url, epoch = content_identity(Path(content_dir))
    mtime = source_date_epoch(epoch)

    sums = "".join(sums_line(sha256_file(path), rel) for rel, path, is_dir in entries if not is_dir)
    sums_bytes = sums.encode("utf-8")
    day = time.strftime("%Y%m%d", time.gmtime(mtime))
    git = git_version(Path(content_dir))
    version = f"{day}-{git}" if git else f"{day}-nogit-{hashlib.sha256(sums_bytes).hexdigest()[:10]}"
    name = f"{slug(site_url)}-{version}.tar.gz"

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tarball = out / name
    _replace(tarball, lambda handle: write_tarball(handle, entries, sums_bytes, mtime))
    checksum = out / f"{name}.sha256"
    line = sums_line(sha256_file(tarball), name).encode("utf-8")
    _replace(checksum, lambda handle: handle.write(line))
    files = sum(1 for _, _, is_dir in entries if not is_dir)
    return Packed(tarball, checksum, files, version)


def cmd_dist(args) -> int:
    shown = str(args.site).rstrip("/") or "/"
    try:
        packed = make_dist(Path(args.site), Path(args.out), Path(args.content), shown)
    except DistError as problem:
        print(problem, file=sys.stderr)
        return 1
    print(f"已打包 {packed.files} 个文件（另含 {SUMS}）：{packed.tarball}", file=sys.stderr)
    print(f"校验值：{packed.checksum}（版本 {packed.version}）", file=sys.stderr)
    print(packed.tarball)
    return 0


def configure(command) -> None:
    command.add_argument("--site", "--site-dir", dest="site", default="site", help="已生成的网站目录（默认 site/）")
    command.add_argument("--out", default="dist", help="压缩包输出目录（默认 dist/）")
    command.add_argument("--content", default="content", help="内容目录（默认 content/），用于版本号和时间戳")
    command.set_defaults(run=cmd_dist)

