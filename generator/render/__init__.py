"""Stage 5: render the resolved records into the files of the docs directory.

Pure: returns an :class:`Output` holding every file's text plus the data the
MkDocs hooks hand to the search plugin, Pagefind and mkdocs-redirects.
"""

from __future__ import annotations

import calendar
import contextlib
from dataclasses import dataclass, replace

from ..resolve import Resolved
from . import aside
from .feeds import render_feed
from .field_guide import render_field_guide
from .listings import render_listings
from .opendata import open_data_records, render_csv, render_json, render_schema
from .reply_page import render_reply, reply_doc
from .search_data import FULLTEXT_BUNDLE_RECORDS, bundle_count, fulltext_bundles, fulltext_records, lean_entries
from .search_page import render_search_page


@dataclass(frozen=True)
class Output:
    files: dict  # docs-relative path -> text
    lean_index: tuple
    fulltext: tuple  # Pagefind bundles, newest first: each a tuple of records
    redirects: dict  # old docs path -> new docs path
    source_date_epoch: int
    user_dictionary: tuple = ()


def content_epoch(resolved: Resolved) -> int:
    """A build timestamp derived from the content, so output never depends on the clock."""
    dates = [d for r in resolved.selection.published for d in (r.publication_date, r.updated) if d]
    latest = max(dates) if dates else None
    return calendar.timegm(latest.timetuple()) if latest else 0


def search_part(resolved: Resolved, part: Resolved, with_lean: bool) -> tuple:
    """The lean index (when asked) and the Pagefind records of ``part``'s replies."""
    return (tuple(lean_entries(resolved)) if with_lean else None), tuple(fulltext_records(part))


def render_site(resolved: Resolved, bundle_records: int = FULLTEXT_BUNDLE_RECORDS) -> Output:
    selection = resolved.selection
    bundles = bundle_count(len(selection.listed), bundle_records)
    # Performance: the search data needs nothing rendered here and is most of the work
    # at 10,000 replies, so forked workers compute it on the other cores meanwhile, the
    # Pagefind records in contiguous runs of replies (one record per reply, so the
    # concatenation is the same tuple); see aside.py.  Same values as in-process.
    runs = aside.workers(len(selection.published))
    if not runs:
        files = render_files(resolved, bundles)
        lean_index, fulltext = tuple(lean_entries(resolved)), tuple(fulltext_records(resolved))
    else:
        parts = [replace(resolved, selection=replace(selection, published=run))
                 for run in aside.split(selection.published, runs)]
        with contextlib.ExitStack() as stack:
            jobs = [stack.enter_context(aside.Aside(search_part, resolved, part, index == 0))
                    for index, part in enumerate(parts)]
            files = render_files(resolved, bundles)
            results = [job.result() for job in jobs]
        lean_index = results[0][0]
        fulltext = tuple(record for _, records in results for record in records)
    redirects = {
        f"replies/{alias}.md": reply_doc(reply)
        for reply in selection.published for alias in reply.aliases
    }
    return Output(files, lean_index, fulltext_bundles(fulltext, bundle_records), redirects, content_epoch(resolved), selection.user_dictionary)


def render_files(resolved: Resolved, fulltext_bundles: int = 1) -> dict[str, str]:
    selection = resolved.selection
    files: dict[str, str] = {}
    for reply in selection.published:
        path, text = render_reply(reply, resolved)
        files[path] = text
    for path, text in render_listings(resolved):
        files[path] = text
    files["search/index.md"] = render_search_page(resolved, fulltext_bundles)
    files["help/fields.md"] = render_field_guide()
    for page in selection.pages:
        files[page.target] = page.text
    files["feed.xml"] = render_feed(resolved)
    records = open_data_records(resolved)
    files["data/replies.json"] = render_json(resolved, records)
    files["data/replies.schema.json"] = render_schema()
    files["data/replies.csv"] = render_csv(resolved, records)
    return files
