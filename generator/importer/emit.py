"""Writing imported records: the only importer code that writes files.

A record is never overwritten: when its file name is taken (in any year, since
ids are unique across the site) the name gets -2, -3 … and the file is
created exclusively, so two imports running at once cannot clobber each other.
"""

from __future__ import annotations

import itertools
from pathlib import Path


def id_taken(replies_dir: Path, record_id: str) -> bool:
    return any(replies_dir.glob(f"*/{record_id}.md"))


def write_new_record(replies_dir: Path, year: int, record_id: str, text: str) -> Path:
    """Create ``<replies_dir>/<year>/<id>.md`` (or ``<id>-2.md`` …) and return its path."""
    year_dir = replies_dir / str(year)
    year_dir.mkdir(parents=True, exist_ok=True)
    for number in itertools.count(1):
        candidate = record_id if number == 1 else f"{record_id}-{number}"
        if id_taken(replies_dir, candidate):
            continue
        path = year_dir / f"{candidate}.md"
        try:
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except FileExistsError:
            continue
        return path
    raise AssertionError("unreachable")
