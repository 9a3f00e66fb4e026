"""Conventions of Chinese official documents shared by validation and import.

GB/T 9704 document numbers (机关代字〔年份〕序号号), session names of people's
congresses and CPPCC committees, and Chinese numerals.  No library parses
these, so they are written here once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

OPEN_BRACKETS = "〔【[［(（〖﹝"
CLOSE_BRACKETS = "〕】]］)）〗﹞"

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


# Performance: DOC_NUMBER's lazy prefix tries every start in a run of Han
# characters, so a long letter with no 文号 cost as much as one with many;
# the bracketed year every 文号 has is found in one linear pass first.
BRACKETED_YEAR = re.compile(rf"[{re.escape(OPEN_BRACKETS)}]\s*(?:19|20)\d\d\s*[{re.escape(CLOSE_BRACKETS)}]")


def find_doc_numbers(text: str) -> list[tuple[int, str, DocNumber]]:
    """Every 文号 in running text as (offset, text as written, parsed)."""
    if not BRACKETED_YEAR.search(text):
        return []
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


def chinese_numeral(number: int) -> str:
    """1..99 as written in session names (九, 十, 十八, 二十一); larger numbers in digits."""
    digits = "〇一二三四五六七八九"
    if not 0 < number < 100:
        return str(number)
    tens, ones = divmod(number, 10)
    return (("" if tens == 1 else digits[tens]) + "十" if tens else "") + (digits[ones] if ones else "")


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


# --- Dates -----------------------------------------------------------------
# GB/T 9704-2012 writes 成文日期 in Arabic numerals (2025年6月10日); older
# letters use Chinese numerals (二〇二五年六月十日) and web pages ISO dates.

FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
DATE = re.compile(
    r"(?P<year>(?:19|20)\d\d|[〇零一二三四五六七八九]{4})\s*年\s*"
    r"(?P<month>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*"
    r"(?P<day>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
    r"|(?<!\d)(?P<iso_year>(?:19|20)\d\d)\s*[-./／]\s*(?P<iso_month>\d{1,2})\s*[-./／]\s*(?P<iso_day>\d{1,2})(?!\d)"
)


def _year_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    return int("".join(str(CHINESE_DIGITS[ch]) for ch in text))


def _date_from_match(match: re.Match) -> dt.date | None:
    if match["year"]:
        year, month, day = _year_number(match["year"]), chinese_number(match["month"]), chinese_number(match["day"])
    else:
        year, month, day = int(match["iso_year"]), int(match["iso_month"]), int(match["iso_day"])
    try:
        return dt.date(year, month or 0, day or 0)
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[str, dt.date]]:
    """Every valid date in ``text`` as (text as written, datetime.date)."""
    text = text.translate(FULLWIDTH_DIGITS)
    found = []
    for match in DATE.finditer(text):
        date = _date_from_match(match)
        if date is not None:
            found.append((match.group(0), date))
    return found


def parse_date(text: str) -> dt.date | None:
    """Parse a text that is one date and nothing else; None otherwise."""
    text = text.strip().translate(FULLWIDTH_DIGITS)
    match = DATE.fullmatch(text)
    return _date_from_match(match) if match else None


# --- Session names inside running text ---------------------------------------
# A session name ends with "N次会议" and runs back over the place and body
# (区政协九届四次会议, 政治协商会议 昌宁县十届委员会第四次会议).  Reading backwards
# stops at the words that introduce it in letters (关于, 对, 您在, 的).

MEETING_END = re.compile(rf"{NUMERAL}\s*次\s*(?:全体)?(?:会议|大会)")
SESSION_LEAD_WORDS = ("关于", "对", "在", "的", "您", "你", "是", "收到", "提出", "按照", "就")
SESSION_MAX_LENGTH = 40
ITEM_AFTER_SESSION = re.compile(r"\s*第?\s*(?P<item>[A-Za-z]{0,4}\d[0-9A-Za-z]*(?:-\d+)?)\s*号")


@dataclass(frozen=True)
class SessionMention:
    text: str
    start: int
    end: int
    session: SessionName
    item: str = ""


def _session_start(text: str, pos: int) -> int:
    start = pos
    while start > 0 and pos - start < SESSION_MAX_LENGTH:
        if any(text.endswith(word, 0, start) for word in SESSION_LEAD_WORDS):
            break
        ch = text[start - 1]
        if "\u4e00" <= ch <= "\u9fff" or ch.isdigit():
            start -= 1
        elif ch == " " and start >= 2 and text[start - 2] != " ":
            start -= 1
        else:
            break
    while start < pos and text[start] == " ":
        start += 1
    return start


def find_sessions(text: str) -> list[SessionMention]:
    """Session names written in ``text``, each with the item number written after it.

    Handles 区政协九届四次会议 第20253012号, 县第十八届人大第一次会议第122号,
    政协盐池县第十届委员会五次会议49号, 市政协第十四届第四次会议 第2025D048号.
    """
    mentions = []
    for end_match in MEETING_END.finditer(text):
        start = _session_start(text, end_match.start())
        name = text[start : end_match.end()]
        parsed = parse_session(name)
        if parsed is None:
            continue
        item = ITEM_AFTER_SESSION.match(text, end_match.end())
        mentions.append(SessionMention(name, start, end_match.end(), parsed, item["item"] if item else ""))
    return mentions
