"""The ways into the archive: one facet per browse dimension."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..schema import KIND_LABELS, KIND_SLUGS, Reply, Site
from .markup import slug_for

PAGE_SIZE = 50


@dataclass(frozen=True)
class FacetValue:
    slug: str
    label: str
    sort_key: tuple


@dataclass(frozen=True)
class Facet:
    key: str
    label: str
    values_of: Callable[[Reply, Site], list[FacetValue]]

    def index_doc(self) -> str:
        return f"browse/{self.key}/index.md"

    def index_url(self) -> str:
        return f"browse/{self.key}/"

    def trail(self, value: "FacetValue | None" = None) -> list[tuple[str, str]]:
        """The breadcrumbs (markup.breadcrumbs) down to this facet, or to one of its values."""
        steps = [("分类浏览", "browse/"), (self.label, self.index_url())]
        return steps + [(value.label, self.value_url(value.slug))] if value else steps

    def value_doc(self, slug: str, page: int = 1) -> str:
        return f"browse/{self.key}/{slug}/index.md" if page == 1 else f"browse/{self.key}/{slug}/{page}.md"

    def value_url(self, slug: str, page: int = 1) -> str:
        return f"browse/{self.key}/{slug}/" if page == 1 else f"browse/{self.key}/{slug}/{page}/"


def _year(reply: Reply, site: Site):
    return [FacetValue(str(reply.year), f"{reply.year}年", (-reply.year,))]


def _session(reply: Reply, site: Site):
    if reply.session is None:
        return []
    s = reply.session
    return [FacetValue(slug_for(s.text, "s"), s.text, (s.body.value, -s.term, -s.meeting, s.text))]


def _kind(reply: Reply, site: Site):
    return [FacetValue(KIND_SLUGS[reply.kind], KIND_LABELS[reply.kind], (KIND_SLUGS[reply.kind],))]


def _unit(reply: Reply, site: Site):
    return [FacetValue(unit_slug(reply.issuer), reply.issuer, (reply.issuer,))] if reply.issuer else []


def _category(reply: Reply, site: Site):
    if reply.reply_category is None:
        return []
    letter = reply.reply_category.value
    return [FacetValue(letter.lower(), f"{letter}类：{site.category_meaning(reply.reply_category)}", (letter,))]


def _topic(reply: Reply, site: Site):
    order = {topic.slug: index for index, topic in enumerate(site.topics)}
    return [FacetValue(slug, site.topic_label(slug), (order.get(slug, 999), slug)) for slug in reply.topics]


def unit_slug(issuer: str) -> str:
    return slug_for(issuer, "u")


FACETS = (
    Facet("year", "按年度", _year),
    Facet("kind", "按类型", _kind),
    Facet("session", "按会议", _session),
    Facet("unit", "按办理单位", _unit),
    Facet("category", "按答复类别", _category),
    Facet("topic", "按主题", _topic),
)
FACET_BY_KEY = {facet.key: facet for facet in FACETS}
