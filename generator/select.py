"""Stage 3: the disclosure gate.  Only 主动公开 records go further.

Everything after this stage sees only :class:`Selection`, so no later output
(page, listing, count, feed, index, export, backlink) can reach a record that
is not public.
"""

from __future__ import annotations

from dataclasses import dataclass

from .schema import Policy, Reply, Site
from .validate import ValidatedContent


def newest_first(reply: Reply):
    date = reply.publication_date
    return (-(date.toordinal() if date else 0), reply.year * -1, reply.id)


@dataclass(frozen=True)
class Selection:
    site: Site
    policies: tuple[Policy, ...]
    published: tuple[Reply, ...]
    withheld_urls: dict  # URL of each non-public record -> its file, for link errors
    user_dictionary: tuple[str, ...] = ()
    pages: tuple = ()

    @property
    def listed(self) -> tuple[Reply, ...]:
        """Public replies that appear in listings, feeds, search and counts."""
        return tuple(reply for reply in self.published if not reply.is_withdrawn)


def select(content: ValidatedContent) -> Selection:
    public = sorted((r for r in content.replies if r.is_public), key=newest_first)
    withheld = {url: r.source.path for r in content.replies if not r.is_public
                for url in (r.url, *(f"replies/{alias}/" for alias in r.aliases))}
    return Selection(content.site, content.policies, tuple(public), withheld,
                     content.user_dictionary, content.pages)
