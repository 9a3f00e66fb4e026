"""From positioned glyphs (PDF, OFD, OCR) to the letter's paragraphs.

A fixed-layout page holds lines, not paragraphs: a paragraph of the letter is
broken wherever the line was full, the page repeats its running header and
footer, and numbers its pages.  This module, shared by every fixed-layout
reader, rebuilds what a word processor held:

1. ``lines``: glyphs grouped by baseline, read left to right, spaces where the
   page leaves a gap (the small gap a typesetter puts between Chinese and
   Latin text is not a space);
2. ``strip_running``: page numbers ("— 2 —", "第 2 页 共 3 页", "2/3") and
   lines repeated at the top or bottom of several pages are dropped, and so
   is a running header that only later pages carry;
3. ``paragraphs``: a line is joined to the next unless the page shows a
   paragraph end: the line stops short of the right margin, the next line is
   indented, set apart, in another size, or starts a numbered item, a date,
   a signature or a labelled line; where the letter has no first-line
   indents, a line ending in 。！？：； also ends its paragraph.

Coordinates are any unit with y growing downwards (points, millimetres,
pixels), the same within a page.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field, replace

from ..lines import Kind, classify


@dataclass(frozen=True)
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False


@dataclass(frozen=True)
class TextLine:
    text: str  # bold runs marked with **
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int = 0


@dataclass
class PageText:
    width: float
    height: float
    lines: list[TextLine] = field(default_factory=list)
    scanned: bool = False  # positions from OCR: a slightly rotated page, boxes around the ink


# --- glyphs to lines -----------------------------------------------------------------------------

ASCII_WORD = re.compile(r"[A-Za-z0-9]")
SPACE_GAP = 0.2  # in characters (the font size): a word space is about a quarter of one
WIDE_MARKS = set("，。、；：！？（）《》“”‘’〔〕【】「」…—·")
COLUMN_GAP = 1.0  # where the page draws its spaces, only a wider gap (table cells) is one more


def is_wide(ch: str) -> bool:
    return bool(ch) and ord(ch[0]) >= 0x2E80


def drawn_spaces(glyphs: list[Glyph]) -> bool:
    """Whether the file draws its spaces (LibreOffice does; many PDF printers leave a gap)."""
    return any(g.text.isspace() for g in glyphs)


def lines(glyphs: list[Glyph], page: int = 0, spaces_drawn: bool | None = None) -> list[TextLine]:
    """Glyphs grouped into lines by their vertical centre, top to bottom.

    Where the file draws its spaces, a gap is no space: a justified line widens the
    gaps between Chinese and Latin text.  Otherwise a gap of about a word space is one.
    ``spaces_drawn`` None decides line by line (OFD: one object per line draws its
    spaces, one object per character does not).
    """
    glyphs = [g for g in glyphs if g.text and g.x1 >= g.x0]
    glyphs.sort(key=lambda g: ((g.top + g.bottom) / 2, g.x0))
    groups: list[list[Glyph]] = []
    centre = 0.0
    for glyph in glyphs:
        middle = (glyph.top + glyph.bottom) / 2
        if groups and abs(middle - centre) <= 0.45 * max(glyph.size, 1e-6):
            groups[-1].append(glyph)
            centre = statistics.median((g.top + g.bottom) / 2 for g in groups[-1] if g.text.strip()) if any(
                g.text.strip() for g in groups[-1]) else middle
        else:
            groups.append([glyph])
            centre = middle
    out = []
    for group in groups:
        drawn = drawn_spaces(group) if spaces_drawn is None else spaces_drawn
        line = line_of(group, page, COLUMN_GAP if drawn else SPACE_GAP)
        if line is not None:
            out.append(line)
    out.sort(key=lambda line: (line.top, line.x0))
    return out


def line_of(group: list[Glyph], page: int = 0, space_gap: float = SPACE_GAP, wide_gap: float | None = None,
            in_order: bool = False) -> TextLine | None:
    """One line from its glyphs (any order): text left to right, its box and size.

    A gap wider than ``space_gap`` characters is a space (a little more between Chinese
    and Latin text, where typesetters leave a small gap of their own; ``wide_gap``
    between two Chinese characters, when given).  ``in_order``: the glyphs are in reading
    order already."""
    if not in_order:  # OCR words come in the recogniser's reading order, boxes may overlap
        group.sort(key=lambda g: g.x0)
    visible = [g for g in group if g.text.strip()]
    if not visible:
        return None
    size = statistics.median(g.size for g in visible)
    pieces: list[tuple[str, bool]] = []
    previous: Glyph | None = None
    pending_space = False
    for glyph in group:
        if not glyph.text.strip():
            pending_space = previous is not None
            continue
        if previous is not None:
            if glyph.text == previous.text and abs(glyph.x0 - previous.x0) < 0.25 * size:
                continue  # the same glyph drawn twice (fake bold, shadow)
            gap = glyph.x0 - previous.x1
            left_wide, right_wide = is_wide(previous.text[-1]), is_wide(glyph.text[0])
            needed = space_gap + (0.04 if left_wide != right_wide else 0.0)
            if wide_gap is not None and left_wide and right_wide:
                marks = previous.text[-1] in WIDE_MARKS or glyph.text[0] in WIDE_MARKS
                needed = 3 * wide_gap if marks else wide_gap  # OCR: ink around ，。、 leaves gaps
            if pending_space or gap > needed * size:
                pieces.append((" ", pieces[-1][1] if pieces else False))
        pieces.append((glyph.text, glyph.bold))
        previous = glyph
        pending_space = False
    return TextLine(
        text=_mark_bold(pieces),
        x0=visible[0].x0,
        x1=max(g.x1 for g in visible),
        top=min(g.top for g in visible),
        bottom=max(g.bottom for g in visible),
        size=size,
        page=page,
    )


def _mark_bold(pieces: list[tuple[str, bool]]) -> str:
    if not any(bold for _, bold in pieces):
        return "".join(text for text, _ in pieces)
    out, bold_now = [], False
    for text, bold in pieces:
        if bold != bold_now and text.strip():
            out.append("**")
            bold_now = bold
        out.append(text)
    if bold_now:
        out.append("**")
    return re.sub(r"\s+\*\*$", "**", "".join(out))


# --- running headers, footers and page numbers ------------------------------------------------------

DASHES = r"\-－—–_~·•一=＝"
PAGE_NUMBER = re.compile(
    rf"^[\s{DASHES}]*(?:"
    r"第\s*\d+\s*页(?:\s*[,，/／]?\s*共\s*\d+\s*页)?"
    r"|\d+\s*[/／]\s*\d+"
    r"|(?:page\s*)?\d+(?:\s*of\s*\d+)?"
    r"|共\s*\d+\s*页\s*第\s*\d+\s*页"
    rf")[\s{DASHES}]*$",
    re.I,
)
EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be running text
EDGE_SHARE = 0.2  # ... and only within this share of the page height from its edge


def plain(text: str) -> str:
    return text.replace("**", "").strip()


def _normal(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", plain(text)))


def _edges(page: PageText) -> list[tuple[int, str]]:
    """(index, 'top'/'bottom') of the lines that may be running text."""
    found = []
    for index, line in enumerate(page.lines[:EDGE_LINES]):
        if line.bottom <= page.height * EDGE_SHARE:
            found.append((index, "top"))
    count = len(page.lines)
    for index in range(max(count - EDGE_LINES, 0), count):
        if page.lines[index].top >= page.height * (1 - EDGE_SHARE) and (index, "top") not in found:
            found.append((index, "bottom"))
    return found


def strip_running(pages: list[PageText]) -> list[PageText]:
    """The pages without page numbers, running headers and footers."""
    counts: dict[tuple[str, str], set[int]] = {}
    for number, page in enumerate(pages):
        for index, zone in _edges(page):
            counts.setdefault((zone, _normal(page.lines[index].text)), set()).add(number)
    repeated = {key for key, on in counts.items() if len(on) >= 2 and len(on) * 2 >= len(pages) and key[1]}
    out = []
    for number, page in enumerate(pages):
        drop = set()
        for index, zone in _edges(page):
            text = plain(page.lines[index].text)
            if PAGE_NUMBER.match(text) or (zone, _normal(text)) in repeated:
                drop.add(index)
        out.append(PageText(page.width, page.height, [line for i, line in enumerate(page.lines) if i not in drop],
                            page.scanned))
    return _strip_later_headers(out)


def _strip_later_headers(pages: list[PageText]) -> list[PageText]:
    """A header that only pages 2… carry stands above where page 1's text starts, set apart."""
    if len(pages) < 2 or not pages[0].lines:
        return pages
    body_top = pages[0].lines[0].top
    gaps = [b.top - a.bottom for page in pages for a, b in zip(page.lines, page.lines[1:]) if b.top > a.bottom]
    usual = statistics.median(gaps) if gaps else 0.0
    for page in pages[1:]:
        if len(page.lines) < 2:
            continue
        first, second = page.lines[0], page.lines[1]
        gap_after = second.top - first.bottom
        if (first.bottom < body_top - 0.3 * first.size and first.bottom <= page.height * EDGE_SHARE
                and gap_after > 1.5 * usual + 0.3 * first.size):
            page.lines.pop(0)
    return pages


def _usual_pitch(page: PageText) -> float:
    steps = [b.bottom - a.bottom for a, b in zip(page.lines, page.lines[1:]) if b.top > a.bottom and a.page == b.page]
    return statistics.median(steps) if steps else 0.0


# --- lines to paragraphs ---------------------------------------------------------------------------

STOP = "。！？：；!?:;"
LOW_MARKS = "，。、；：！？,.;:!?"  # drawn in the left half of their box
CLOSERS = "”’）)」』】〕》\"'*"
NUMBERED = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、.．](?!\d)"
    r"|第[一二三四五六七八九十百\d]+[条章节部分项]|[①②③④⑤⑥⑦⑧⑨⑩])")
URL_TAIL = re.compile(r"https?://\S*$")
URL_PIECE = re.compile(r"[A-Za-z0-9._~:/?#@!$&'()*+,;=%\-]+")
SOURCE_LABEL = re.compile(r"^(?:source|url|原文链接|原文地址|来源网址|网页地址)\s*[:：]$", re.I)
# Lines the importer reads on their own (its line kinds): never the tail of a paragraph.
OWN_LINE_KINDS = {Kind.DISCLOSURE, Kind.CC, Kind.PEOPLE, Kind.DATE, Kind.DOC_NUMBER, Kind.SEPARATOR, Kind.LABELS,
                  Kind.CATEGORY, Kind.SEAL}


@dataclass(frozen=True)
class Margins:
    left: float
    right: float
    size: float
    pitch: float  # the usual distance from one line's baseline (bottom) to the next
    slack: float = 1.2  # how far (in characters) short of the right margin a line still counts as full
    size_change: float = 0.15  # a larger change of size between two lines ends the paragraph


def margins(page: PageText, fallback: Margins | None = None) -> Margins | None:
    body = [line for line in page.lines if len(plain(line.text)) >= 2]
    if len(body) < 6 and fallback is not None:
        return fallback
    if not body:
        return fallback
    size = statistics.median(line.size for line in body)
    left = _edge([line.x0 for line in body], size, lowest=True)
    right = _edge([line.x1 for line in body], size, lowest=False)
    near = [line for line in body if line.x1 >= right - 1.5 * size and line.x0 <= left + 2.6 * size]
    tight = [line for line in near if line.x1 >= right - 0.3 * size]
    justified = len(tight) >= 3 and len(tight) >= 0.5 * len(near)  # full lines end exactly at the margin
    return Margins(left, right, size, _usual_pitch(page), (0.3 if justified else 1.2) + (0.4 if page.scanned else 0.0),
                   0.3 if page.scanned else 0.15)  # OCR sizes come from ink boxes


def _edge(values: list[float], size: float, lowest: bool) -> float:
    """The leftmost (rightmost) position at least two lines share: the margin."""
    ordered = sorted(values, reverse=not lowest)
    for index, value in enumerate(ordered[:-1]):
        if abs(ordered[index + 1] - value) <= 0.3 * size:
            return value
    return ordered[0]


def paragraphs(pages: list[PageText]) -> list[str]:
    """The letter's paragraphs, in reading order."""
    whole = PageText(0, 0, [line for page in pages for line in page.lines], any(page.scanned for page in pages))
    overall = margins(whole)
    if overall is None:
        return []
    per_page = [replace(found, slack=overall.slack, size_change=overall.size_change)
                if (found := margins(page, overall)) else overall for page in pages]
    sequence = [(line, per_page[number] or overall) for number, page in enumerate(pages) for line in page.lines]
    indented_document = any(_first_line_indent(a, am, b, bm) for (a, am), (b, bm) in zip(sequence, sequence[1:]))
    out: list[str] = []
    current = ""
    for index, (line, m) in enumerate(sequence):
        if index == 0:
            current = line.text
            continue
        previous, pm = sequence[index - 1]
        if _continues(previous, pm, line, m, indented_document):
            current = _join(current, line.text)
        else:
            out.append(current)
            current = line.text
    out.append(current)
    return [_tidy_bold(text) for text in out if plain(text)]


def _reaches_right(line: TextLine, m: Margins) -> bool:
    """Whether the line is full; a scan's ink of ，。、 ends short of the character's box."""
    allowance = m.slack + (0.6 if plain(line.text)[-1:] in LOW_MARKS else 0.0)
    return line.x1 >= m.right - allowance * m.size


def _first_line_indent(a: TextLine, am: Margins, b: TextLine, bm: Margins) -> bool:
    """A full line indented by about two characters over one at the margin: paragraphs are indented."""
    return (a.page == b.page and abs(a.size - b.size) < 0.05 * a.size
            and am.left + 1.5 * am.size <= a.x0 <= am.left + 2.6 * am.size and _reaches_right(a, am)
            and b.x0 <= bm.left + 0.3 * bm.size)


def _continues(a: TextLine, am: Margins, b: TextLine, bm: Margins, indented_document: bool) -> bool:
    size = max(am.size, 1e-6)
    if abs(a.size - b.size) > am.size_change * max(a.size, b.size):
        return False
    if a.page == b.page and am.pitch and b.bottom - a.bottom > 1.4 * am.pitch:
        return False  # set apart (measured baseline to baseline: a scan's ink boxes vary in height)
    a_text, b_text = plain(a.text), plain(b.text)
    if SOURCE_LABEL.match(a_text) and b_text.startswith(("http://", "https://")):
        return True  # "source:" and the page's address, set on the next line
    if URL_TAIL.search(a_text) and URL_PIECE.fullmatch(b_text) and b.x0 <= bm.left + 0.6 * bm.size:
        return True  # a long address broken at a "/" (the line need not look full)
    ends_stop = a_text.rstrip(CLOSERS)[-1:] in STOP if a_text.rstrip(CLOSERS) else False
    if NUMBERED.match(b_text) or classify(b_text) in OWN_LINE_KINDS:
        return False
    symmetric_b = abs((b.x0 - bm.left) - (bm.right - b.x1)) < 1.5 * size
    centred_b = symmetric_b and b.x0 > bm.left + 1.0 * size
    full_a = a.x0 <= am.left + 2.6 * size and _reaches_right(a, am)
    if not full_a:
        centred_a = abs((a.x0 - am.left) - (am.right - a.x1)) < 1.5 * size and a.x0 > am.left + 0.25 * size
        return centred_a and symmetric_b and not ends_stop  # a title set over two centred lines
    if centred_b:
        return not ends_stop and a.size > size * 1.05  # a long title's last line
    if b.x0 > bm.left + 0.6 * size:
        return False  # indented, or set to the right: a paragraph of its own
    if ends_stop and not indented_document:
        return False
    return True


def _join(a: str, b: str) -> str:
    left, right = plain(a)[-1:], plain(b)[:1]
    if URL_TAIL.search(plain(a)):
        return a + b
    if left in ":：" and plain(b).startswith(("http://", "https://")):
        return f"{a} {b}"
    if ASCII_WORD.match(left or " ") and ASCII_WORD.match(right or " "):
        return f"{a} {b}"
    return a + b


def _tidy_bold(text: str) -> str:
    """Bold runs that crossed a line break are one run; a wholly bold paragraph has no marks."""
    text = text.replace("****", "")
    if text.startswith("**") and text.endswith("**") and text.count("**") == 2:
        return text[2:-2]
    return text
