"""Splitting a letter into header, salutation, body and closing.

The header is everything before the salutation (web page table, 发文机关标志,
文号, title); the body runs from the line after the salutation to the last
line before the closing block (signatures, contact, 发文机关署名, 成文日期,
附注, 抄送 and whatever the web page put after them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cleaning import Line
from .lines import Kind, classify, date_line, org_names, plain, salutation_in

# Words that open the body of a reply when there is no salutation line.
OPENING_WORDS = re.compile(r"收悉|收到|答复如下|现将|现答复|经研究|经认真研究")
BODY_MIN_LENGTH = 40
CLOSING_KINDS = {Kind.BLANK, Kind.ORG, Kind.PEOPLE, Kind.DISCLOSURE, Kind.CC, Kind.SEPARATOR, Kind.SEAL, Kind.CATEGORY}
# Without a date line the page's own footer may follow the letter directly.
CLOSING_KINDS_UNDATED = CLOSING_KINDS | {Kind.CHROME, Kind.LABELS, Kind.DATE}


@dataclass(frozen=True)
class Layout:
    header: tuple[Line, ...]
    salutation: Line | None
    body: tuple[Line, ...]
    closing: tuple[Line, ...]

    @property
    def addressee(self) -> str:
        return salutation_in(self.salutation.text) if self.salutation else ""


def looks_like_body(text: str) -> bool:
    text = plain(text)
    if classify(text) is not Kind.OTHER:
        return False
    return bool(OPENING_WORDS.search(text)) or (len(text) >= BODY_MIN_LENGTH and "。" in text)


def find_salutation(lines: list[Line]) -> int | None:
    """Index of the salutation; the search stops at the first body paragraph."""
    for index, line in enumerate(lines):
        if looks_like_body(line.text):
            return None
        if salutation_in(line.text):
            return index
    return None


def find_body_start(lines: list[Line]) -> int:
    return next((index for index, line in enumerate(lines) if looks_like_body(line.text)), 0)


def find_signature_date(lines: list[Line], start: int) -> int | None:
    """The last line after ``start`` that is only a date: the 成文日期."""
    for index in range(len(lines) - 1, start - 1, -1):
        if date_line(lines[index].text):
            return index
    return None


ADDRESSEE_ENDINGS = re.compile(r"(?:委员|代表|同志|先生|女士|们|等|联络组|小组)$")


def names_addressee(text: str) -> bool:
    """Whether a run-in "X：" names a person or unit rather than opening a sentence."""
    return bool(ADDRESSEE_ENDINGS.search(text) or org_names(text))


RUN_IN_SALUTATION = re.compile(r"^(?P<salutation>[^：:，。；]{2,30}[：:])(?P<opening>\S.*)$")


def split_run_in_salutation(lines: list[Line]) -> list[Line]:
    """"肖明委员：您提出的《…》收悉…" on one line (pages that drop line breaks)
    becomes a salutation line and the opening line."""
    for index, line in enumerate(lines):
        if looks_like_body(line.text):
            match = RUN_IN_SALUTATION.match(plain(line.text))
            addressee = salutation_in(match["salutation"]) if match else None
            if addressee and names_addressee(addressee) and OPENING_WORDS.search(match["opening"]):
                pair = [Line(line.number, match["salutation"]), Line(line.number, match["opening"])]
                return [*lines[:index], *pair, *lines[index + 1 :]]
            return lines
    return lines


def split_letter(lines: list[Line]) -> Layout:
    if find_salutation(lines) is None:
        lines = split_run_in_salutation(lines)
    salutation = find_salutation(lines)
    header_end = salutation if salutation is not None else find_body_start(lines)
    body_start = header_end + 1 if salutation is not None else header_end
    dated = find_signature_date(lines, body_start)
    closing_kinds = CLOSING_KINDS if dated is not None else CLOSING_KINDS_UNDATED
    body_end = dated if dated is not None else len(lines)
    while body_end > body_start and classify(lines[body_end - 1].text) in closing_kinds:
        body_end -= 1
    return Layout(
        header=tuple(lines[:header_end]),
        salutation=lines[salutation] if salutation is not None else None,
        body=tuple(lines[body_start:body_end]),
        closing=tuple(lines[body_end:]),
    )
