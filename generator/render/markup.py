"""Small helpers shared by the renderers: escaping, dates, links, front matter."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import posixpath
import re
from urllib.parse import quote

import yaml

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")


def esc(text) -> str:
    return html.escape(str(text), quote=True)


def md_text(text: str) -> str:
    """Text placed into Markdown, with Markdown syntax characters escaped."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def cn_date(value: dt.date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def iso(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def relative_path(target: str, start: str) -> str:
    """``posixpath.relpath(target, start)`` for clean relative paths (no ``.``, ``..`` or ``//``).

    Performance: relpath makes both paths absolute through the working
    directory on every call; with ~20 links a page it was a sixth of
    rendering the pages.
    """
    to = target.split("/") if target not in ("", ".") else []
    base = start.split("/") if start not in ("", ".") else []
    common = 0
    for a, b in zip(to, base):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


def doc_link(from_doc: str, to_doc: str) -> str:
    """Relative link between two generated Markdown files (MkDocs validates these)."""
    return relative_path(to_doc, posixpath.dirname(from_doc))


def url_link(from_doc: str, to_url: str) -> str:
    """Relative link from a page to a directory URL, for raw HTML blocks.

    ``from_doc`` is the Markdown path; with directory URLs ``a/b.md`` is served
    at ``a/b/`` and ``a/index.md`` at ``a/``.
    """
    target = relative_path(to_url.rstrip("/"), page_dir(from_doc))
    return "./" if target == "." else target + "/"


def file_link(from_doc: str, to_file: str) -> str:
    """Relative link from a page to a file of the site (an attachment), percent-encoded."""
    return quote(relative_path(to_file, page_dir(from_doc)))


def page_dir(doc: str) -> str:
    """The directory a generated Markdown file is served at (directory URLs)."""
    return posixpath.dirname(doc) if doc.endswith("index.md") else doc[:-3]


# Performance: PyYAML's pure-Python emitter was half of rendering a reply page.
# libyaml's emitter (CSafeDumper) writes the same bytes for text made only of
# the characters below (checked against PyYAML on every front matter of a
# 10,000-reply archive and on fuzzed strings with YAML's special words and
# punctuation); anything else (tabs, control characters, NEL, U+2028/2029,
# BOM, characters beyond the BMP) still goes through PyYAML's SafeDumper.
FAST_DUMPER = getattr(yaml, "CSafeDumper", None)
NOT_FAST = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]")


def _fast_safe(value) -> bool:
    if isinstance(value, str):
        return not NOT_FAST.search(value)
    if isinstance(value, dict):
        return all(_fast_safe(k) and _fast_safe(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return all(_fast_safe(item) for item in value)
    return value is None or isinstance(value, (bool, int, float))


def front_matter(meta: dict) -> str:
    dumper = FAST_DUMPER if FAST_DUMPER is not None and _fast_safe(meta) else yaml.SafeDumper
    return "---\n" + yaml.dump(meta, Dumper=dumper, allow_unicode=True, sort_keys=False, width=10_000) + "---\n\n"


def slug_for(text: str, prefix: str) -> str:
    """A stable ASCII slug for a Chinese name (units, sessions)."""
    return f"{prefix}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:8]}"


def table(headers: list[str], rows: list[list[str]], css: str = "") -> str:
    """An HTML table; cells are already-escaped HTML."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    cls = f' class="{css}"' if css else ""
    return f"<table{cls}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>\n"


def breadcrumbs(from_doc: str, trail: list[tuple[str, str]]) -> str:
    """当前位置：首页 › … › the page, as an ordered list of links (the last item is the page itself).

    ``trail`` holds (label, site URL) pairs after 首页; the last pair's URL is
    not linked.  Plain HTML in the generated Markdown, so any engine shows it.
    """
    items = [("首页", ""), *trail]
    parts = [f'<li><a href="{url_link(from_doc, url)}">{esc(label)}</a></li>' for label, url in items[:-1]]
    parts.append(f'<li aria-current="page">{esc(items[-1][0])}</li>')
    return f'<nav class="breadcrumbs" aria-label="当前位置"><ol>{"".join(parts)}</ol></nav>\n\n'
