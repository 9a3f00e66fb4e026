"""Walk every HTML file of a built site and report internal links that do not resolve.

Links are resolved against the site's own folder, whatever path the column is
served under; a root-relative link (/x) would leave that path and is reported
on its own.  The portal's header and footer (site.yml portal) are the
portal's: their links point outside the column by design and are not checked.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html as lxml_html

LINK_ATTRIBUTES = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("form", "action"))
PORTAL_PARTS = ("portal-header", "portal-footer")


def column_links(tree):
    """(element, attribute, value) of every link of the page outside the portal's header and footer."""
    portal = {element for part in PORTAL_PARTS for wrapper in tree.find_class(part) for element in wrapper.iter()}
    for tag, attribute in LINK_ATTRIBUTES:
        for element in tree.iter(tag):
            value = element.get(attribute)
            if value is not None and element not in portal:
                yield element, attribute, value


def page_url(site: Path, file: Path) -> str:
    return "/" + file.relative_to(site).as_posix()


def target_file(site: Path, path: str) -> Path | None:
    candidate = site / path.lstrip("/")
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def ids_of(file: Path, cache: dict) -> set[str]:
    if file not in cache:
        tree = lxml_html.fromstring(file.read_bytes())
        cache[file] = {el.get("id") for el in tree.iter() if el.get("id")} | {
            el.get("name") for el in tree.iter("a") if el.get("name")}
    return cache[file]


def broken_links(site: Path, column: str = "/") -> list[str]:
    """``column``: the path of site_url; the 404 page alone links by it (it is served at any depth)."""
    problems = []
    id_cache: dict = {}
    for file in sorted(site.rglob("*.html")):
        tree = lxml_html.fromstring(file.read_bytes())
        base = page_url(site, file)
        for element, attribute, value in column_links(tree):
            tag = element.tag
            if value.startswith(("http:", "https:", "mailto:", "tel:", "data:", "javascript:")):
                continue
            parts = urlsplit(value)
            if parts.scheme or parts.netloc:
                continue
            if parts.path.startswith("/"):
                if file.name != "404.html" or file.parent != site or not parts.path.startswith(column):
                    problems.append(f"{file.relative_to(site)}: {tag} {attribute}={value!r} is root-relative: leaves the column")
                    continue
                path = posixpath.normpath("/" + unquote(parts.path)[len(column):])
            elif parts.path:
                path = posixpath.normpath(posixpath.join(posixpath.dirname(base), unquote(parts.path)))
            else:
                path = base
            if parts.path.endswith("/") and not path.endswith("/"):
                path += "/"
            target = target_file(site, path)
            if target is None:
                problems.append(f"{file.relative_to(site)}: {tag} {attribute}={value!r} -> {path} not found")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html" and fragment not in ids_of(target, id_cache):
                problems.append(f"{file.relative_to(site)}: {value!r}: anchor #{fragment} missing")
    return problems
