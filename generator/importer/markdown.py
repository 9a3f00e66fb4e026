"""Turning the body of a letter into Markdown.

一、 headings become ``##``; （一） becomes ``###`` only when it stands alone
as a short heading line (a run-in 「（一）针对…建议。一是…」 stays a paragraph);
paragraphs cut by page breaks are joined again; existing **bold** is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cleaning import Line

SECTION = re.compile(r"^[一二三四五六七八九十]{1,3}、")
SUBSECTION = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")
# Markers that start a new numbered item, so a page break before one is real.
NUMBERED = re.compile(
    r"^(?:\*\*)?(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}(?:[.．](?!\d)|、)|[①-⑳]"
    r"|[一二三四五六七八九十]{1,3}是|第[一二三四五六七八九十]{1,3}[，、,])"
)
TERMINAL = "。！？!?；;：:…"
CLOSERS = "”’」』）)】》*\"' "
HEADING_MAX_LENGTH = 40
MID_SENTENCE_END = re.compile(r"[。！？；!?;]")


@dataclass(frozen=True)
class Block:
    level: int  # 0 paragraph, 2 or 3 heading
    text: str


def strip_markup(text: str) -> str:
    """A body line without Markdown heading marks (levels are derived anew)."""
    return re.sub(r"^#{1,6}\s+", "", text.strip())


def unbold(text: str) -> str:
    if text.startswith("**") and text.endswith("**") and text.count("**") == 2:
        return text[2:-2].strip()
    return text


def is_heading_text(text: str) -> bool:
    """Short, standing alone, and at most one sentence (a trailing 。 is allowed)."""
    text = unbold(text)
    return len(text) <= HEADING_MAX_LENGTH and not MID_SENTENCE_END.search(text[:-1])


def heading_level(text: str) -> int:
    bare = unbold(text)
    if SECTION.match(bare) and is_heading_text(text):
        return 2
    if SUBSECTION.match(bare) and is_heading_text(text):
        return 3
    return 0


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in TERMINAL


def join(first: str, second: str) -> str:
    """Join two halves of a paragraph; a space only between two Latin letters or digits."""
    if first[-1:].isascii() and first[-1:].isalnum() and second[:1].isascii() and second[:1].isalnum():
        return f"{first} {second}"
    return first + second


def blocks(lines: list[Line] | tuple[Line, ...]) -> list[Block]:
    """Headings and paragraphs, with paragraphs broken by page breaks re-joined."""
    result: list[Block] = []
    for line in lines:
        text = strip_markup(line.text)
        if not text:
            continue
        level = heading_level(text)
        previous = result[-1] if result else None
        if level:
            result.append(Block(level, unbold(text)))
        elif previous and previous.level == 0 and not ends_sentence(previous.text) and not NUMBERED.match(text):
            result[-1] = Block(0, join(previous.text, text))
        else:
            result.append(Block(0, text))
    return result


def to_markdown(body_blocks: list[Block]) -> str:
    rendered = [f"{'#' * block.level} {block.text}" if block.level else block.text for block in body_blocks]
    return "\n\n".join(rendered) + "\n" if rendered else ""
