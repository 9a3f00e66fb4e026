"""Raw HTML in record bodies, judged against nh3's (ammonia's) allow-list.

The tokenizer is the standard library's HTMLParser, which tolerates the
Markdown around the tags and reports each tag's line; what is allowed comes
from nh3 so the rules are a maintained sanitizer's, not ours.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import nh3

GENERIC_ATTRIBUTES = {"lang", "title", "class"}
# Inline links and images, reference definitions, and <scheme:...> autolinks.
MARKDOWN_LINK = re.compile(
    r"\]\(\s*<?([^)\s>]+)|^[ \t]{0,3}\[[^\]]+\]:[ \t]*<?(\S+?)>?[ \t]*$|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]+)>", re.M)
# Python-Markdown's own autolink and automail patterns: these become links, not raw HTML.
# <...> around a link destination ([x](<url>), [1]: <url>) is Markdown too, when
# it holds no spaces (with spaces it may be left as raw HTML).  The named group
# of each match is hidden from the tag scan; its scheme is still judged
# through MARKDOWN_LINK.
NOT_TAGS = re.compile(
    r"(?P<tagless><(?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>]*>|<[^<> !]+@[^@<> ]+>)"
    r"|\]\([ \t]*(?P<inline><[^<>\s]*>)"
    r"|^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*(?P<reference><[^<>\s]*>)",
    re.M,
)


def _hide_markdown_brackets(text: str) -> str:
    """Blank out what looks like a tag but is Markdown, keeping every line in place."""
    pieces, last = [], 0
    for match in NOT_TAGS.finditer(text):
        name = next(name for name in ("tagless", "inline", "reference") if match.group(name))
        start, end = match.span(name)
        pieces += [text[last:start], re.sub(r"[^\n]", " ", text[start:end])]
        last = end
    return "".join(pieces) + text[last:]
URL_ATTRIBUTES = {"href", "src", "cite", "action", "formaction", "xlink:href"}


def _unsafe_scheme(url: str) -> str | None:
    """The scheme a browser would see, after Markdown passes entities through
    (``&#106;avascript:``, ``javascript&colon;``) and the URL parser drops
    tabs and newlines."""
    compact = re.sub(r"[\s\x00-\x1f]", "", html.unescape(url)).lower()
    match = re.match(r"^([a-z][a-z0-9+.-]*):", compact)
    if match and match.group(1) not in nh3.ALLOWED_URL_SCHEMES:
        return match.group(1)
    return None


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.issues: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        if tag not in nh3.ALLOWED_TAGS:
            self.issues.append((line, f"不允许使用 HTML 标签 <{tag}>，请删除或改用 Markdown 写法"))
            return
        allowed = nh3.ALLOWED_ATTRIBUTES.get(tag, set()) | GENERIC_ATTRIBUTES
        for name, value in attrs:
            if name.startswith("on"):
                self.issues.append((line, f"不允许在 <{tag}> 中使用事件属性 {name}="))
            elif name not in allowed:
                self.issues.append((line, f"不允许在 <{tag}> 中使用属性 {name}="))
            elif name in URL_ATTRIBUTES and value and _unsafe_scheme(value):
                self.issues.append((line, f"不允许使用 {_unsafe_scheme(value)}: 链接"))


def html_issues(markdown_text: str) -> list[tuple[int, str]]:
    """Return (line within the text, Chinese message) for each unsafe construct."""
    collector = _TagCollector()
    collector.feed(_hide_markdown_brackets(markdown_text))
    collector.close()
    issues = list(collector.issues)
    for match in MARKDOWN_LINK.finditer(markdown_text):
        group = next(index for index, value in enumerate(match.groups(), 1) if value)
        scheme = _unsafe_scheme(match.group(group))
        if scheme:
            line = markdown_text.count("\n", 0, match.start(group)) + 1
            issues.append((line, f"不允许使用 {scheme}: 链接"))
    return sorted(set(issues))


# Elements that have no end tag (WHATWG "void elements").
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
DOCUMENT_ELEMENTS = {"html", "head", "body"}


class _FragmentBalance(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, int]] = []
        self.issues: list[tuple[int, str]] = []

    def handle_decl(self, decl):
        self.issues.append((self.getpos()[0], "应为页面片段，不能含 <!DOCTYPE>，请只保留页头或页脚部分"))

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        if tag in DOCUMENT_ELEMENTS:
            self.issues.append((line, f"应为页面片段，不能含 <{tag}>，请只保留页头或页脚部分"))
        elif tag not in VOID_ELEMENTS:
            self.open.append((tag, line))

    def handle_endtag(self, tag):
        if tag in DOCUMENT_ELEMENTS or tag in VOID_ELEMENTS:
            return
        if not any(name == tag for name, _ in self.open):
            self.issues.append((self.getpos()[0], f"多余的结束标签 </{tag}>"))
            return
        while self.open:
            name, line = self.open.pop()
            if name == tag:
                return
            self.issues.append((line, f"<{name}> 没有对应的结束标签 </{name}>"))


def fragment_issues(text: str) -> list[tuple[int, str]]:
    """Why an HTML fragment would break the pages it is inserted into: a whole document, or unbalanced tags.

    Why by hand: html5lib and lxml repair a fragment silently (they close
    what is open), which is what a browser does to every page of the site;
    the portal's header must instead be caught once, with its line.
    """
    checker = _FragmentBalance()
    checker.feed(text)
    checker.close()
    unclosed = [(line, f"<{name}> 没有对应的结束标签 </{name}>") for name, line in checker.open
                if name not in {"p", "li", "option", "td", "th", "tr", "dt", "dd"}]  # end tag optional in HTML
    return sorted(checker.issues + unclosed)
