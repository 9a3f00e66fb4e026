"""Personal data detection for the privacy guard.

Patterns for mainland mobile numbers, 居民身份证号 (GB 11643 checksum), e-mail
addresses and bank card numbers (Luhn).  Written by hand because the PyPI
PII scanners are English-centric and miss Chinese formats; each pattern is
anchored against surrounding digits so office landlines and 文号 pass.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class PersonalData(enum.Enum):
    MOBILE = "手机号码"
    ID_CARD = "居民身份证号"
    EMAIL = "电子邮箱"
    BANK_CARD = "银行卡号"


# Chinese text often writes numbers in full-width forms (１３７１２３４７６２７).
# Detection runs on a copy where these become ASCII one character for one,
# so offsets still point into the original text.
FULL_WIDTH = str.maketrans({**{chr(0xFF10 + d): str(d) for d in range(10)},
                            "＋": "+", "－": "-", "＠": "@", "．": ".", "Ｘ": "X", "ｘ": "x", "\u3000": " "})
HAS_FULL_WIDTH = re.compile("[" + "".join(chr(c) for c in FULL_WIDTH) + "]")

# All patterns are ASCII (re.A): \w would swallow the Chinese text before an
# e-mail address into it, and \d would take digits of other scripts.
# A "+" written straight before 1… (＋13712347627) is still taken for a mainland mobile
# number: the guard errs on the visitor's side (a foreign private number is personal data too).
MOBILE = re.compile(r"(?<!\d)(?:(?:\+|00)?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?![\d])", re.A)
ID_CARD = re.compile(r"(?<!\d)\d{17}[\dXx](?![\dXx])", re.A)
EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])",
                   re.A)
BANK_CARD = re.compile(r"(?<!\d)(?:\d{4}[\s-]?){3}\d{4,7}(?!\d)", re.A)

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


@dataclass(frozen=True)
class Finding:
    kind: PersonalData
    value: str
    start: int
    end: int

    @property
    def masked(self) -> str:
        return mask(self.value, self.kind)


def digits(value: str) -> str:
    return re.sub(r"[^0-9]", "", value.translate(FULL_WIDTH))


def valid_id_card(value: str) -> bool:
    value = value.translate(FULL_WIDTH)
    body, check = value[:17], value[17].upper()
    total = sum(int(d) * w for d, w in zip(body, ID_WEIGHTS))
    return ID_CHECK[total % 11] == check and 1 <= int(value[10:12]) <= 12


def luhn_valid(number: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(number)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def mask(value: str, kind: PersonalData) -> str:
    value = value.translate(FULL_WIDTH)
    if kind is PersonalData.EMAIL:
        name, _, domain = value.partition("@")
        return f"{name[:1]}***@{domain}"
    number = digits(value) if kind is not PersonalData.ID_CARD else re.sub(r"[^0-9Xx]", "", value)
    if kind is PersonalData.MOBILE:
        number = number[-11:]
        return f"{number[:3]}****{number[-4:]}"
    if kind is PersonalData.ID_CARD:
        return f"{number[:6]}********{number[-4:]}"
    return f"{number[:4]}****{number[-4:]}"


# Every kind of personal data found here has digits or an @ (any width); most
# strings of a record (names, titles, units) have neither.
NEEDS_SCAN = re.compile(r"[0-9０-９@＠]")


def find_personal_data(text: str) -> list[Finding]:
    if not NEEDS_SCAN.search(text):
        return []
    findings: list[Finding] = []
    taken: list[range] = []

    def add(kind, match):
        span = range(match.start(), match.end())
        if any(span.start < other.stop and other.start < span.stop for other in taken):
            return
        taken.append(span)
        findings.append(Finding(kind, text[match.start():match.end()], match.start(), match.end()))

    scanned = text.translate(FULL_WIDTH) if HAS_FULL_WIDTH.search(text) else text  # translate is slow
    for match in ID_CARD.finditer(scanned):
        if valid_id_card(match.group(0)):
            add(PersonalData.ID_CARD, match)
    for match in MOBILE.finditer(scanned):
        add(PersonalData.MOBILE, match)
    for match in EMAIL.finditer(scanned):
        add(PersonalData.EMAIL, match)
    for match in BANK_CARD.finditer(scanned):
        number = digits(match.group(0))
        if 16 <= len(number) <= 19 and luhn_valid(number):
            add(PersonalData.BANK_CARD, match)
    return sorted(findings, key=lambda f: f.start)


def normalise(value: str) -> str:
    """One written form of a number or address: no spaces or dashes, no +86/0086
    before a mobile number, upper-case X in an ID number, lower-case e-mail."""
    value = value.translate(FULL_WIDTH).strip()
    if "@" in value:
        return value.lower()
    number = re.sub(r"[^0-9Xx]", "", value).upper()
    if re.fullmatch(r"(?:0086|86)1[3-9][0-9]{9}", number):
        number = number[-11:]
    return number


def same_value(a: str, b: str) -> bool:
    """Compare two written forms of one number or address."""
    first, second = normalise(a), normalise(b)
    return first == second and (("@" in first) or len(first) >= 7)


def apply_masks(text: str, masked_values) -> str:
    """Replace the values a record asked to mask with their masked form."""
    if not masked_values:
        return text
    pieces, last = [], 0
    for finding in find_personal_data(text):
        if any(same_value(finding.value, value) for value in masked_values):
            pieces.append(text[last : finding.start])
            pieces.append(finding.masked)
            last = finding.end
    pieces.append(text[last:])
    return "".join(pieces)


def mask_personal_data(text: str) -> str:
    """Every personal number or address in ``text`` in its masked form (for messages, never for records)."""
    pieces, last = [], 0
    for finding in find_personal_data(text):
        pieces += [text[last:finding.start], finding.masked]
        last = finding.end
    return "".join(pieces) + text[last:] if pieces else text


def string_leaves(value, prefix=""):
    """Every scalar of a YAML mapping as (dotted key, text), for scanning each field."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from string_leaves(item, f"{prefix}{key}.")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from string_leaves(item, f"{prefix}{index}.")
    elif value is not None and not isinstance(value, bool):
        yield prefix.rstrip("."), str(value)
