"""Stage 6: write the rendered files.  The only stage that writes.

Files whose content is unchanged are not touched (so MkDocs's watcher and
incremental tooling see only real changes); stale generated files are
removed.  Each file is replaced atomically.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

MARKER = ".generated-by-generator"


class UnsafePath(ValueError):
    pass


def safe_target(root: Path, relative: str) -> Path:
    target = (root / relative).resolve()
    if relative.startswith(("/", "\\")) or ".." in Path(relative).parts or root.resolve() not in target.parents:
        raise UnsafePath(f"输出路径越出输出目录：{relative}")
    return target


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_output(files: dict[str, str], root: Path) -> dict[str, int]:
    """Write ``files`` under ``root``; return counts of written, unchanged and removed files."""
    root = Path(root)
    targets = {safe_target(root, rel): text.encode("utf-8") for rel, text in sorted(files.items())}
    if root.exists() and any(root.iterdir()) and not (root / MARKER).exists():
        raise UnsafePath(f"输出目录 {root} 不是生成器创建的，拒绝覆盖")
    root.mkdir(parents=True, exist_ok=True)
    (root / MARKER).write_text("Generated from content/ by `python -m generator`; do not edit.\n")
    written = unchanged = removed = 0
    for path, data in targets.items():
        try:
            if path.read_bytes() == data:
                unchanged += 1
                continue
        except FileNotFoundError:
            pass
        write_atomic(path, data)
        written += 1
    keep = set(targets) | {(root / MARKER).resolve()}
    for path in sorted(root.rglob("*"), reverse=True):
        if path.is_file() and path.resolve() not in keep:
            path.unlink()
            removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return {"written": written, "unchanged": unchanged, "removed": removed}
