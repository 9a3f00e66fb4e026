"""Splitting a letter into header, salutation, body and closing.

The header is everything before the salutation (web page table, 发文机关标志,
文号, title); the body runs from the line after the salutation to the last
line before the closing block (signatures, contact, 发文机关署名, 成文日期,
附注, 抄送 and whatever the web page put after them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import conventions
from .cleaning import Line
from .lines import Kind, classify, date_line, org_names, plain, salutation_in, uncoloned_salutation_in

ADDRESSEE_ENDINGS = re.compile(r"(?:委员|代表|同志|先生|女士|们|等|联络组|小组)$")


def names_addressee(text: str) -> bool:
    """Whether "X：" names a person or unit rather than opening a sentence or labelling a cell."""
    return bool(ADDRESSEE_ENDINGS.search(text) or org_names(text))


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
        if not self.salutation:
            return ""
        return salutation_in(self.salutation.text) or uncoloned_salutation_in(self.salutation.text) or ""


def looks_like_body(text: str) -> bool:
    text = plain(text)
    if classify(text) is not Kind.OTHER:
        return False
    return bool(OPENING_WORDS.search(text)) or (len(text) >= BODY_MIN_LENGTH and "。" in text)


def find_salutation(lines: list[Line]) -> int | None:
    """Index of the salutation (主送), or None.

    GB/T 9704 puts the 主送 line before the first paragraph, straight under the
    title.  A candidate counts before any body paragraph, or after one only when
    it stands directly under a title line: a web page may show text before the
    letter (the 内容 of the suggestion on a listing page) and the letter proper
    starts again at its title.  A salutation that names its addressee (…代表,
    …委员, …同志, a unit) is preferred to a bare "X：" line, which on a web copy
    is as often an empty cell of the page's table (归档时间：, 内容：, 部号：).
    """
    bare = None
    body_seen = False
    previous = None
    for index, line in enumerate(lines):
        text = plain(line.text)
        if not text:
            continue
        kind = classify(text)
        addressee = salutation_in(text)
        if not addressee and (uncoloned := uncoloned_salutation_in(text)) and opens_body_next(lines, index):
            addressee = uncoloned
        if addressee and (not body_seen or previous is Kind.TITLE):
            if names_addressee(addressee):
                return index
            if bare is None:
                bare = index
        elif kind is not Kind.TITLE and looks_like_body(text):
            body_seen = True
        previous = kind
    return bare


def opens_body_next(lines: list[Line], index: int) -> bool:
    """Whether the next non-blank line after ``index`` opens the body."""
    following = next((line.text for line in lines[index + 1 :] if plain(line.text)), "")
    return bool(following) and looks_like_body(following)


def find_body_start(lines: list[Line]) -> int:
    return next((index for index, line in enumerate(lines) if looks_like_body(line.text)), 0)


def find_signature_date(lines: list[Line], start: int) -> int | None:
    """The last line after ``start`` that is only a date: the 成文日期."""
    for index in range(len(lines) - 1, start - 1, -1):
        if date_line(lines[index].text):
            return index
    return None


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


SENTENCE_END = re.compile(r"[。！？!?；;…”’）)]")


def split_run_in_closing(lines: list[Line]) -> list[Line]:
    """"…反馈。 镇康县水务局 2019年7月15日" or "鲁桥镇人民政府 2025年6月2日" (pages that
    drop line breaks run the 发文机关署名 and 成文日期 into the last paragraph, or
    into one line) becomes the paragraph, the signature line and the date line.

    Only when the line ends with a date, the words before it name organisations
    and, if anything precedes them, it ends a sentence; read from the last line
    up, so the letter's own closing is the one split.
    """
    for index in range(len(lines) - 1, -1, -1):
        text = plain(lines[index].text)
        dates = conventions.find_dates(text)
        if not dates or not text.endswith(dates[-1][0]) or date_line(text):
            continue
        before = text[: len(text) - len(dates[-1][0])].rstrip()
        ends = list(SENTENCE_END.finditer(before))
        cut = ends[-1].end() if ends else 0
        signature = before[cut:].strip()
        if not signature or not org_names(signature):
            continue
        number = lines[index].number
        pieces = [before[:cut].strip(), signature, dates[-1][0]]
        return [*lines[:index], *(Line(number, piece) for piece in pieces if piece), *lines[index + 1 :]]
    return lines


def split_letter(lines: list[Line]) -> Layout:
    if find_salutation(lines) is None:
        lines = split_run_in_salutation(lines)
    if find_signature_date(lines, find_body_start(lines)) is None:
        lines = split_run_in_closing(lines)
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
