"""The whole pipeline, stage by stage: load → validate → select → resolve → render → write."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .load import load_content
from .memo import Memo
from .problems import BuildFailed, Problem, error, has_errors, sort_problems
from .render import FULLTEXT_BUNDLE_RECORDS, Output, SearchData, render_site
from .resolve import Resolved, resolve
from .select import select
from .validate import validate
from .write import write_output


@dataclass(frozen=True)
class Checked:
    resolved: Resolved | None
    problems: list[Problem]


@contextmanager
def gc_paused():
    """Pause CPython's cyclic garbage collector while the pipeline builds its values.

    Why: the pipeline makes ~10^6 long-lived, acyclic objects (records,
    strings, frozen dataclasses), and each full collection rescans all of
    them: at 10,000 replies loading took 3.7 s with the collector and 2.3 s
    without (five full collections), the super-linear part of the
    generator.  Cycles made meanwhile are collected once it resumes.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check(content_dir: Path) -> Checked:
    """Run every check without writing anything."""
    with gc_paused():
        return _check(content_dir)


def _check(content_dir: Path, memo: Memo | None = None, selected=None) -> Checked:
    """``selected(selection, problems)``: called between select and resolve."""
    validated = validate(load_content(Path(content_dir), memo), memo)
    if validated.site is None:
        problems = list(validated.problems)
        if not any(p.path.endswith("site.yml") for p in problems):
            problems.append(error(str(Path(content_dir) / "site.yml"), 1, "site.yml", "网站配置无效"))
        return Checked(None, sort_problems(problems))
    selection = select(validated)
    if selected is not None:
        selected(selection, validated.problems)
    resolved = resolve(selection, memo)
    return Checked(resolved, sort_problems([*validated.problems, *resolved.problems]))


def generate(content_dir: Path, docs_dir: Path, strict: bool = False, memo: Memo | None = None,
             search_ready=None, **render_options) -> tuple[Output, list[Problem], dict]:
    """``memo``: per-record results of the previous build (memo.py), for an incremental build.

    ``search_ready(search)`` is called with the search data as soon as the public records are
    known (before cross-links, pages and writing), so the full-text indexer can start on the
    other core meanwhile; it is not called when validation already failed.
    """
    searches: list[SearchData] = []

    def selected(selection, problems):
        if not has_errors(problems, strict):
            searches.append(SearchData(selection, render_options.get("bundle_records", FULLTEXT_BUNDLE_RECORDS), memo))
            if search_ready is not None:
                search_ready(searches[0])

    with gc_paused():
        checked = _check(content_dir, memo, selected)
        if checked.resolved is None or has_errors(checked.problems, strict):
            raise BuildFailed(checked.problems)
        output = render_site(checked.resolved, memo=memo, search=searches[0] if searches else None, **render_options)
        stats = write_output(output.files, Path(docs_dir), output.copies, memo)
    return output, checked.problems, stats
