"""Walk every HTML file of a built site and report internal links that do not resolve."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html as lxml_html

LINK_ATTRIBUTES = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("form", "action"))


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


def broken_links(site: Path) -> list[str]:
    problems = []
    id_cache: dict = {}
    for file in sorted(site.rglob("*.html")):
        tree = lxml_html.fromstring(file.read_bytes())
        base = page_url(site, file)
        for tag, attribute in LINK_ATTRIBUTES:
            for element in tree.iter(tag):
                value = element.get(attribute)
                if value is None or value.startswith(("http:", "https:", "mailto:", "tel:", "data:", "javascript:")):
                    continue
                parts = urlsplit(value)
                if parts.scheme or parts.netloc:
                    continue
                path = posixpath.normpath(posixpath.join(posixpath.dirname(base), unquote(parts.path))) if parts.path else base
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
