"""Raw HTML in record bodies, judged against nh3's (ammonia's) allow-list.

The tokenizer is the standard library's HTMLParser, which tolerates the
Markdown around the tags and reports each tag's line; what is allowed comes
from nh3 so the rules are a maintained sanitizer's, not ours.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

GENERIC_ATTRIBUTES = {"lang", "title", "class"}
MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|^\s*\[[^\]]+\]:\s*<?(\S+?)>?\s*$|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]+)>", re.M)
URL_ATTRIBUTES = {"href", "src", "cite", "action", "formaction", "xlink:href"}


def _unsafe_scheme(url: str) -> str | None:
    compact = re.sub(r"[\s\x00-\x1f]", "", url).lower()
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
    collector.feed(markdown_text)
    collector.close()
    issues = list(collector.issues)
    for match in MARKDOWN_LINK.finditer(markdown_text):
        url = next(group for group in match.groups() if group)
        scheme = _unsafe_scheme(url)
        if scheme:
            line = markdown_text.count("\n", 0, match.start()) + 1
            issues.append((line, f"不允许使用 {scheme}: 链接"))
    return sorted(set(issues))
