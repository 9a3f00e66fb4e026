"""Conventions of Chinese official documents shared by validation and import.

GB/T 9704 document numbers (机关代字〔年份〕序号号), session names of people's
congresses and CPPCC committees, and Chinese numerals.  No library parses
these, so they are written here once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_BRACKETS = "〔【[［(（〖"
CLOSE_BRACKETS = "〕】]］)）〗"

DOC_NUMBER = re.compile(
    rf"(?P<prefix>[\u4e00-\u9fff][\u4e00-\u9fffA-Za-z0-9]*?)\s*[{re.escape(OPEN_BRACKETS)}]\s*"
    rf"(?P<year>(?:19|20)\d\d)\s*[{re.escape(CLOSE_BRACKETS)}]\s*第?\s*(?P<seq>\d{{1,5}})\s*号"
)


@dataclass(frozen=True)
class DocNumber:
    prefix: str
    year: int
    sequence: int

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.sequence}号"


def parse_doc_number(text: str) -> DocNumber | None:
    """Parse a whole 文号, tolerating bracket variants and stray spaces."""
    match = DOC_NUMBER.fullmatch(text.strip())
    if not match:
        return None
    return DocNumber(match["prefix"], int(match["year"]), int(match["seq"]))


def find_doc_numbers(text: str) -> list[tuple[int, str, DocNumber]]:
    """Every 文号 in running text as (offset, text as written, parsed)."""
    return [
        (m.start(), m.group(0), DocNumber(m["prefix"], int(m["year"]), int(m["seq"])))
        for m in DOC_NUMBER.finditer(text)
    ]


CHINESE_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_number(text: str) -> int | None:
    """Parse 九, 十八, 二十一, 一百零二 or ASCII digits; None when not a number."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(ch not in CHINESE_DIGITS and ch not in "十百" for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = CHINESE_DIGITS[ch]
    return total + current


NUMERAL = r"[0-9〇零一二两三四五六七八九十百]+"
SESSION_TERM = re.compile(rf"第?\s*(?P<term>{NUMERAL})\s*届")
SESSION_MEETING = re.compile(rf"第?\s*(?P<meeting>{NUMERAL})\s*次(?:会议|全体会议|大会)?")
CPPCC_WORDS = ("政协", "政治协商")
CONGRESS_WORDS = ("人大", "人民代表大会")


@dataclass(frozen=True)
class SessionName:
    body: str
    term: int
    meeting: int


def parse_session(text: str) -> SessionName | None:
    """Read body, term and meeting from a session name as written.

    Handles 区政协九届四次会议, 县第十八届人大第一次会议,
    政协盐池县第十届委员会五次会议, 淄川区第十九届人民代表大会第二次会议.
    """
    if any(word in text for word in CPPCC_WORDS):
        body = "政协"
    elif any(word in text for word in CONGRESS_WORDS):
        body = "人大"
    else:
        return None
    term_match = SESSION_TERM.search(text)
    if not term_match:
        return None
    meeting_match = SESSION_MEETING.search(text, term_match.end())
    if not meeting_match:
        return None
    term = chinese_number(term_match["term"])
    meeting = chinese_number(meeting_match["meeting"])
    if not term or not meeting:
        return None
    return SessionName(body, term, meeting)
