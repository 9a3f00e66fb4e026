"""Stage 5: render the resolved records into the files of the docs directory.

Pure: returns an :class:`Output` holding every file's text plus the data the
MkDocs hooks hand to the search plugin, Pagefind and mkdocs-redirects.
"""

from __future__ import annotations

import calendar
import threading
import weakref
from dataclasses import dataclass, field

from ..memo import Memo, digest, memoised
from ..resolve import Resolved
from ..select import Selection
from ..schema import Site
from . import aside
from .editor_files import editor_copies, render_editor_files
from .feeds import render_feed
from .field_guide import render_field_guide
from .listings import listing_pages
from .opendata import open_data_rows, render_csv, render_json, render_schema
from .reply_page import render_reply, reply_doc
from .search_data import FULLTEXT_BUNDLE_RECORDS, bundle_count, fulltext_bundles, fulltext_record, lean_entries
from .search_page import render_search_page


class SearchData:
    """The lean index and the Pagefind bundles of a build, maybe still being computed.

    Performance: the Pagefind records need nothing the pages need and are
    about half of rendering at 10,000 replies, so forked workers compute
    them on the other cores (aside.py) while this process renders and
    writes the pages and MkDocs builds them; only the Pagefind thread waits
    for them.  With a memo (memo.py), only the replies whose record is not
    in it are computed; the records are put back together in the order of
    ``selection.listed``, so the value is the one computed in-process, which
    is what happens when forking is not possible (see aside.workers).
    """

    def __init__(self, selection: Selection, bundle_records: int, memo: Memo | None = None):
        self._selection = selection
        self._bundle_records = bundle_records
        self._memo = memo
        self._lock = threading.Lock()
        self._lean: tuple | None = None
        self._bundles: tuple | None = None
        self._jobs: list = []
        self._keys = [fulltext_key(reply, selection.user_dictionary) for reply in selection.listed]
        # Taken now, while the memo holds the previous build's: the bundles may be assembled
        # after the build let it go (the preview indexes once its pages are written).
        self._known = [memo.get("fulltext", key, None) if memo and memo.known("fulltext", key) else None
                       for key in self._keys]
        missing = tuple(reply for reply, known in zip(selection.listed, self._known) if known is None)
        # One core stays with the pages (and then MkDocs).
        runs = aside.workers(len(missing), spare=1)
        if runs:
            self._jobs = [aside.Aside(fulltext_records_of, selection, part) for part in aside.split(missing, runs)]
        else:
            self._jobs = [aside.InProcess(fulltext_records_of, selection, missing)]
        # A value nobody asks for (a failed build) must not leave workers behind.
        weakref.finalize(self, aside.stop_all, self._jobs)

    def lean(self) -> tuple:
        """The header search's entries, each reply's from the memo if it is there."""
        with self._lock:
            if self._lean is None:
                self._lean = tuple(lean_entries(self._selection, self._memo))
            return self._lean

    def bundles(self) -> tuple:
        """The Pagefind bundles; waits for the workers the first time."""
        with self._lock:
            if self._bundles is None:
                computed = iter([record for job in self._jobs for record in job.result()])
                self._jobs.clear()  # in place: the finalizer holds this list, and the jobs hold the records
                records = []
                for key, known in zip(self._keys, self._known):
                    record = known if known is not None else next(computed)
                    if self._memo is not None and known is None:
                        self._memo.get("fulltext", key, lambda record=record: record)
                    records.append(record)
                self._known = []
                self._bundles = fulltext_bundles(tuple(records), self._bundle_records)
            return self._bundles

    def keyed_bundles(self) -> tuple[tuple, list[str]]:
        """The bundles, and for each a digest of its records' memo keys ("" for one without)."""
        bundles = self.bundles()
        runs = aside.split(tuple(self._keys), len(bundles))
        return bundles, [digest(*run) if all(run) else "" for run in runs]

    def value(self) -> tuple:
        """(lean index entries, Pagefind bundles)."""
        return self.lean(), self.bundles()

    def __eq__(self, other) -> bool:
        return isinstance(other, SearchData) and self.value() == other.value()


def fulltext_key(reply, words: tuple[str, ...]) -> str:
    """A reply's Pagefind record is made of the reply (its digest covers site.yml) and the user dictionary."""
    return digest(reply.source.digest, *words) if reply.source.digest else ""


@dataclass(frozen=True)
class Output:
    files: dict  # docs-relative path -> text
    search: SearchData
    redirects: dict  # old docs path -> new docs path
    source_date_epoch: int
    user_dictionary: tuple = ()
    site: Site | None = None  # the site's identity (content/site.yml), for the engine's settings
    # docs-relative path -> a file to copy there byte for byte (attachments of listed replies), by write.
    copies: dict = field(default_factory=dict)
    robots: dict = field(default_factory=dict)  # docs path -> the robots meta of its page (withdrawn: noindex)


def content_epoch(resolved: Resolved) -> int:
    """A build timestamp derived from the content, so output never depends on the clock."""
    dates = [d for r in resolved.selection.published for d in (r.publication_date, r.updated) if d]
    latest = max(dates) if dates else None
    return calendar.timegm(latest.timetuple()) if latest else 0


def fulltext_records_of(selection: Selection, replies: tuple) -> tuple:
    site, words = selection.site, selection.user_dictionary
    return tuple(fulltext_record(reply, site, words) for reply in replies)


def render_site(resolved: Resolved, bundle_records: int = FULLTEXT_BUNDLE_RECORDS, memo: Memo | None = None,
                search: SearchData | None = None) -> Output:
    """``search``: this build's search data when the caller made it first (to start indexing early)."""
    selection = resolved.selection
    search = search or SearchData(selection, bundle_records, memo)
    files = render_files(resolved, bundle_count(len(selection.listed), bundle_records), memo)
    redirects = {
        f"replies/{alias}.md": reply_doc(reply)
        for reply in selection.published for alias in reply.aliases
    }
    # Listed replies only: a withdrawn reply keeps its page, not its downloads.
    attachments = {a.file: a.source for reply in selection.listed for a in reply.attachments if a.file}
    robots = {reply_doc(reply): "noindex" for reply in selection.published if reply.is_withdrawn}
    # The web editor (/admin/) unless site.yml turns it off: Decap's bundle from node_modules.
    copies = {**attachments, **editor_copies(selection.site)}
    return Output(files, search, redirects, content_epoch(resolved), selection.user_dictionary, selection.site,
                  copies, robots)


def reply_page_key(reply, mentions: tuple, related: tuple) -> str:
    """``render_reply``'s arguments: the reply (its digest covers site.yml), the policies it mentions
    and the replies it lists as related (theirs)."""
    if not reply.source.digest or not all(other.source.digest for _, other in related):
        return ""
    return digest(reply.source.digest, repr(mentions), *(f"{reason}\0{other.source.digest}" for reason, other in related))


def render_files(resolved: Resolved, fulltext_bundles: int = 1, memo: Memo | None = None) -> dict[str, str]:
    selection = resolved.selection
    files: dict[str, str] = {}
    for reply in selection.published:
        mentions, related = resolved.mentions.get(reply.id, ()), resolved.related.get(reply.id, ())
        path, text = memoised(memo, "reply page", reply_page_key(reply, mentions, related),
                              lambda: render_reply(reply, selection.site, mentions, related))
        files[path] = text
    for path, text in listing_pages(resolved, memo):
        files[path] = text
    files["search/index.md"] = render_search_page(resolved, fulltext_bundles)
    files["help/fields.md"] = render_field_guide()
    for page in selection.pages:
        files[page.target] = page.text
    files["feed.xml"] = render_feed(resolved)
    rows = open_data_rows(resolved, memo)
    files["data/replies.json"] = render_json(resolved, rows)
    files["data/replies.schema.json"] = render_schema()
    files["data/replies.csv"] = render_csv(rows)
    files.update(render_editor_files(selection.site))
    return files
