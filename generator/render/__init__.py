"""Stage 5: render the resolved records into the files of the docs directory.

Pure: returns an :class:`Output` holding every file's text plus the data the
MkDocs hooks hand to the search plugin, Pagefind and mkdocs-redirects.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass

from ..resolve import Resolved
from .feeds import render_feed
from .field_guide import render_field_guide
from .listings import render_listings
from .opendata import render_csv, render_json, render_schema
from .reply_page import render_reply, reply_doc
from .search_data import fulltext_records, lean_entries
from .search_page import render_search_page


@dataclass(frozen=True)
class Output:
    files: dict  # docs-relative path -> text
    lean_index: tuple
    fulltext: tuple
    redirects: dict  # old docs path -> new docs path
    source_date_epoch: int
    user_dictionary: tuple = ()


def content_epoch(resolved: Resolved) -> int:
    """A build timestamp derived from the content, so output never depends on the clock."""
    dates = [d for r in resolved.selection.published for d in (r.publication_date, r.updated) if d]
    latest = max(dates) if dates else None
    return calendar.timegm(latest.timetuple()) if latest else 0


def render_site(resolved: Resolved) -> Output:
    selection = resolved.selection
    files: dict[str, str] = {}
    for reply in selection.published:
        path, text = render_reply(reply, resolved)
        files[path] = text
    for path, text in render_listings(resolved):
        files[path] = text
    files["search/index.md"] = render_search_page()
    files["help/fields.md"] = render_field_guide()
    for page in selection.pages:
        files[page.target] = page.text
    files["feed.xml"] = render_feed(resolved)
    files["data/replies.json"] = render_json(resolved)
    files["data/replies.schema.json"] = render_schema()
    files["data/replies.csv"] = render_csv(resolved)
    redirects = {
        f"replies/{alias}.md": reply_doc(reply)
        for reply in selection.published for alias in reply.aliases
    }
    return Output(files, tuple(lean_entries(resolved)), tuple(fulltext_records(resolved)),
                  redirects, content_epoch(resolved), selection.user_dictionary)
