"""Horizontal bar charts as inline SVG, drawn at build time for the 办理总体情况 pages.

Why by hand: the pages need a few bars with Chinese labels, as small static
markup with no script, no web font and no request to another host (the
site's CSP allows only itself).  No well-kept Python library makes that:
pygal's SVG embeds a script tag for its tooltips, loaded from another host;
matplotlib writes text as glyph paths at float coordinates with generated
ids (not readable text, not byte-reproducible without care); both are heavy
dependencies for a hundred lines.

Accessibility, one choice for every chart: ``role="img"`` with an
``aria-label`` sentence that carries every figure the chart shows
("2025年答复类别分布：A类 12 件，B类 3 件。").  A chart is then never an
unnamed image, even read apart from the page (axe's svg-img-alt, WCAG 1.1.1),
and a screen-reader user gets the same at-a-glance reading a sighted one
does; the table beside it stays the exact, structured alternative.  No
``<title>`` as well: with both, browsers expose the title as the
description and the figures would be read twice.

Layout: each label sits on its own line(s) above its bar, so a unit name of
20+ characters never squeezes the bars; counts are text after the bar's end
(on the page background, so they print and keep their contrast whatever the
bar's colour).  The viewBox is about a phone's content width, so at 375 px
the text is near its nominal size; CSS scales the SVG to 100 % of its box.
Colours come from classes (gov.css: the theme's custom properties, forced
colours, print); the presentation attributes are only the fallback.

Deterministic: same input, byte-identical SVG.  Every coordinate is an int
computed with integer arithmetic, so no float repr reaches the output.
"""

from __future__ import annotations

import unicodedata
from typing import Sequence

from .markup import esc

WIDTH = 320
LABEL_SIZE = 14
COUNT_SIZE = 13
LINE = 18        # height of one label line; the baseline sits LABEL_SIZE below its top
BAR = 16
LABEL_GAP = 3    # label line(s) -> their bar
ROW_GAP = 12     # bar -> next row's label
COUNT_GAP = 5    # bar end -> its count
MIN_BAR = 2      # a count of 1 among hundreds stays visible
KEY_GAP = 8      # series name -> its bar, in grouped charts
# Fallback fills (the presentation attributes); gov.css sets the theme's colours.
FILLS = ("#b71c1c", "#757575")


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def text_width(text: str, size: int) -> int:
    """An upper estimate of the rendered width: CJK glyphs are 1 em, others at most 0.6 em."""
    tenths = sum(10 if _wide(char) else 6 for char in text)
    return (tenths * size + 9) // 10


def wrap(text: str, size: int, width: int) -> list[str]:
    """``text`` cut into lines no wider than ``width`` (by character: Chinese has no spaces to cut at)."""
    lines, line = [], ""
    for char in text:
        if line and text_width(line + char, size) > width:
            lines.append(line)
            line = ""
        line += char
    return lines + [line]


def count_text(count: int) -> str:
    return f"{count} 件"


def bar_length(count: int, most: int, room: int) -> int:
    """``count / most * room`` rounded half up, in integers."""
    if count <= 0 or most <= 0:
        return 0
    return max(MIN_BAR, (2 * count * room + most) // (2 * most))


def _label(x: int, top: int, text: str, extra: str = "") -> str:
    return f'<text class="chart__label{extra}" x="{x}" y="{top + LABEL_SIZE}">{esc(text)}</text>'


def _bar(x: int, top: int, length: int, series: int = 0) -> str:
    css = "chart__bar" + (f" chart__bar--s{series}" if series else "")
    return (f'<rect class="{css}" x="{x}" y="{top}" width="{length}" height="{BAR}" '
            f'fill="{FILLS[series % len(FILLS)]}"/>')


def _count(x: int, top: int, count: int) -> str:
    # Baseline about a third of the font below the bar's middle: the digits sit centred on it.
    return (f'<text class="chart__count" x="{x}" y="{top + BAR // 2 + COUNT_SIZE * 35 // 100}" '
            f'font-size="{COUNT_SIZE}">{esc(count_text(count))}</text>')


def _svg(css: str, description: str, height: int, parts: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart{" " + css if css else ""}" '
            f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
            f'aria-label="{esc(description)}" font-size="{LABEL_SIZE}" fill="currentColor">'
            + "".join(parts) + "</svg>")


def _spoken(pairs: Sequence[tuple[str, int]]) -> str:
    return "，".join(f"{label} {count_text(count)}" for label, count in pairs)


def bar_chart(name: str, rows: Sequence[tuple[str, int]], css: str = "") -> str:
    """One bar per (label, count), labels above their bars.

    ``name`` opens the accessible sentence: "2025年答复类别分布" ->
    "2025年答复类别分布：A类 1 件，未标注类别 6 件。"
    """
    most = max((count for _, count in rows), default=0)
    room = WIDTH - COUNT_GAP - max((text_width(count_text(c), COUNT_SIZE) for _, c in rows), default=0)
    parts, top = [], 0
    for label, count in rows:
        for line in wrap(label, LABEL_SIZE, WIDTH):
            parts.append(_label(0, top, line))
            top += LINE
        top += LABEL_GAP
        length = bar_length(count, most, room)
        parts += [_bar(0, top, length), _count(length + COUNT_GAP, top, count)]
        top += BAR + ROW_GAP
    description = f"{name}：{_spoken(rows)}。" if rows else f"{name}：暂无数据。"
    return _svg(css, description, max(top - ROW_GAP, 1), parts)


def grouped_bar_chart(name: str, series: Sequence[str], groups: Sequence[tuple[str, Sequence[int]]],
                      css: str = "") -> str:
    """Per group (e.g. a year) a heading line, then one bar per series named at its left.

    Each bar carries its series' name as text, so the series are told apart
    without colour (WCAG 1.4.1); the colours only help.
    """
    counts = [count for _, values in groups for count in values]
    most = max(counts, default=0)
    key = max((text_width(s, LABEL_SIZE) for s in series), default=0) + KEY_GAP
    room = WIDTH - key - COUNT_GAP - max((text_width(count_text(c), COUNT_SIZE) for c in counts), default=0)
    parts, top = [], 0
    for heading, values in groups:
        for line in wrap(heading, LABEL_SIZE, WIDTH):
            parts.append(_label(0, top, line, " chart__label--group"))
            top += LINE
        top += LABEL_GAP
        for index, (label, count) in enumerate(zip(series, values)):
            length = bar_length(count, most, room)
            # The series name is centred on its bar like the count (the same baseline rule).
            parts += [f'<text class="chart__label chart__key" x="0" y="{top + BAR // 2 + LABEL_SIZE * 35 // 100}">'
                      f'{esc(label)}</text>',
                      _bar(key, top, length, index), _count(key + length + COUNT_GAP, top, count)]
            top += BAR + LABEL_GAP
        top += ROW_GAP - LABEL_GAP
    spoken = "；".join(f"{heading}：{_spoken(list(zip(series, values)))}" for heading, values in groups)
    description = f"{name}：{spoken}。" if groups else f"{name}：暂无数据。"
    return _svg(css, description, max(top - ROW_GAP, 1), parts)
