"""What ``import FILE|DIR …`` will read: the command line expanded, in order.

Each argument is taken in the order given; a directory is walked recursively
and its files are taken sorted by their path inside it: code-point order, the
same on every machine, with runs of digits compared by value (2 before 10).  Nothing is passed over silently: a file the importer
cannot read, a hidden file or a Word lock file becomes an entry with a
``skip`` reason, listed in the final table.  A file named on the command line
is always read (an unsupported type is then an error, as for a single file),
since the staff member asked for exactly that file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..load import display_path

SKIP_UNSUPPORTED = "跳过（不支持的文件类型）"
SKIP_HIDDEN = "跳过（隐藏文件）"
SKIP_HIDDEN_DIR = "跳过（隐藏文件夹）"
SKIP_LOCK = "跳过（Word 临时文件）"
SKIP_LINKED_DIR = "跳过（链接的文件夹，未进入）"
SKIP_REPEATED = "跳过（重复列出）"
# Skips that say nothing about a letter: the system's and the editors' own files.
HARMLESS = (SKIP_HIDDEN, SKIP_HIDDEN_DIR, SKIP_LOCK, SKIP_REPEATED)


@dataclass(frozen=True)
class Entry:
    path: Path
    shown: str
    skip: str = ""  # why it is not read; empty for a letter to import


def expand(arguments: list[str], suffixes: tuple[str, ...]) -> list[Entry]:
    """The entries of ``arguments`` in order; a file reached twice is read once."""
    entries: list[Entry] = []
    seen: set[Path] = set()
    for argument in arguments:
        path = Path(argument)
        found = walk(path, suffixes) if path.is_dir() else [Entry(path, display_path(path))]
        for entry in found:
            if not entry.skip:
                key = _identity(entry.path)
                if key in seen:
                    entry = Entry(entry.path, entry.shown, SKIP_REPEATED)
                seen.add(key)
            entries.append(entry)
    return entries


def walk(root: Path, suffixes: tuple[str, ...]) -> list[Entry]:
    found: list[tuple[tuple[str, ...], Entry]] = []
    for directory, subdirs, files in os.walk(root, followlinks=False):
        here = Path(directory)
        for name in list(subdirs):
            path = here / name
            if name.startswith(".") or path.is_symlink():
                subdirs.remove(name)  # neither a repository's .git nor a loop through a link is walked
                reason = SKIP_HIDDEN_DIR if name.startswith(".") else SKIP_LINKED_DIR
                found.append((_key(root, path), Entry(path, display_path(path) + os.sep, reason)))
        for name in files:
            path = here / name
            found.append((_key(root, path), Entry(path, display_path(path), classify(name, suffixes))))
    return [entry for _, entry in sorted(found, key=lambda item: item[0])]


def classify(name: str, suffixes: tuple[str, ...]) -> str:
    if name.startswith("~$"):
        return SKIP_LOCK  # Word's owner file beside an open document: 162 bytes, not a letter
    if name.startswith("."):
        return SKIP_HIDDEN
    if Path(name).suffix.lower() not in suffixes:
        return SKIP_UNSUPPORTED
    return ""


def _key(root: Path, path: Path) -> tuple:
    """Path order with numbers by value, so 2.docx comes before 10.docx as staff number their letters."""
    return tuple(tuple(int(piece) if index % 2 else piece for index, piece in enumerate(re.split(r"(\d+)", part)))
                 for part in path.relative_to(root).parts)


def _identity(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()
