"""Writing imported records, kept originals and new policies: the only importer code that writes files.

Nothing existing is ever overwritten.  Every file is created exclusively
(``open(..., "x")``), so two imports running at once cannot clobber each
other either:

- a record whose file name is taken (in any year, since ids are unique across
  the site) gets -2, -3 …;
- a kept original goes to ``media/<year>/<record id><suffix>``; when that name
  is taken by different bytes it is not copied (the caller says so);
- a new policy whose file name is taken gets -2, -3 ….
"""

from __future__ import annotations

import filecmp
import itertools
import shutil
from pathlib import Path
from typing import Callable, Union

# The record's text may depend on the id finally claimed (its attachment is named after it).
RecordText = Union[str, Callable[[str], str]]


def id_taken(replies_dir: Path, record_id: str) -> bool:
    return any(replies_dir.glob(f"*/{record_id}.md"))


def write_new_record(replies_dir: Path, year: int, record_id: str, text: RecordText) -> Path:
    """Create ``<replies_dir>/<year>/<id>.md`` (or ``<id>-2.md`` …) and return its path.

    ``text`` may be a function of the id claimed: it is called once the file
    exists (so the name is ours) and before anything is written to it.
    """
    year_dir = replies_dir / str(year)
    year_dir.mkdir(parents=True, exist_ok=True)
    for number in itertools.count(1):
        candidate = record_id if number == 1 else f"{record_id}-{number}"
        if id_taken(replies_dir, candidate):
            continue
        path = year_dir / f"{candidate}.md"
        try:
            handle = path.open("x", encoding="utf-8", newline="\n")
        except FileExistsError:
            continue
        try:
            with handle:
                handle.write(text(candidate) if callable(text) else text)
        except BaseException:
            path.unlink(missing_ok=True)  # an empty or half-written record would hold the id
            raise
        return path
    raise AssertionError("unreachable")


def copy_original(source: Path, target: Path) -> bool:
    """Copy ``source`` to ``target`` unless ``target`` exists; True when ``target`` now holds these bytes.

    An existing file with the same bytes counts as kept (a re-import after the
    record was deleted); one with other bytes is left alone and False returned.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open("rb") as reader:
        try:
            writer = target.open("xb")
        except FileExistsError:
            return filecmp.cmp(source, target, shallow=False)
        try:
            with writer:
                shutil.copyfileobj(reader, writer)
        except BaseException:
            target.unlink(missing_ok=True)  # only ever a file this call created
            raise
    return True


def write_new_policy(policies_dir: Path, policy_id: str, text: str) -> Path:
    """Create ``<policies_dir>/<id>.yml`` (or ``<id>-2.yml`` …) and return its path."""
    policies_dir.mkdir(parents=True, exist_ok=True)
    for number in itertools.count(1):
        candidate = policy_id if number == 1 else f"{policy_id}-{number}"
        if (policies_dir / f"{candidate}.yaml").exists():
            continue
        path = policies_dir / f"{candidate}.yml"
        try:
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except FileExistsError:
            continue
        return path
    raise AssertionError("unreachable")
