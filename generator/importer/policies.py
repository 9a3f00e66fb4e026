"""Policies cited in a reply: 《title》 or 文号 of a file in content/policies/."""

from __future__ import annotations

import re

from .. import conventions
from .lines import doc_numbers
from .reading import PolicyRef

BOOK_TITLE = re.compile(r"《(?P<title>[^《》]+)》")


def squash(text: str) -> str:
    """Compare titles without the spaces a letter may or may not put in them."""
    return re.sub(r"\s+", "", text)


def same_doc_number(found, known) -> bool:
    """Running text lets the 机关代字 swallow the word before it (“和厦府〔2024〕3号”),
    so the written prefix need only end with the policy's."""
    return (found.year, found.sequence) == (known.year, known.sequence) and found.prefix.endswith(known.prefix)


def cited_policies(text: str, policies: tuple[PolicyRef, ...]) -> list[str]:
    """Ids of the policies ``text`` cites, in the order they are first cited."""
    found_ids: list[tuple[int, str]] = []
    by_name = {squash(name): policy.id for policy in policies for name in policy.names}
    for match in BOOK_TITLE.finditer(text):
        if policy_id := by_name.get(squash(match["title"])):
            found_ids.append((match.start(), policy_id))
    numbered = [(number, policy.id) for policy in policies
                if (number := conventions.parse_doc_number(policy.doc_number or ""))]
    for start, _, found in doc_numbers(text):
        for number, policy_id in numbered:
            if same_doc_number(found, number):
                found_ids.append((start, policy_id))
    ordered: list[str] = []
    for _, policy_id in sorted(found_ids):
        if policy_id not in ordered:
            ordered.append(policy_id)
    return ordered


# Running text gives the 机关代字 no boundary of its own: conventions.DOC_NUMBER
# starts it at the first Chinese character of the run, so "现省交通厅已下达湘交函〔2022〕179号"
# reads as one prefix.  A 代字 is an abbreviation (湘交函, 国办发, 武昌城管函字) and
# never holds the verbs and function words that introduce a cited document, so
# the prefix is cut after the last of them.  A one-character word at the very
# start of the run may be the 代字's own first character (和政发: 和政县), so it is
# cut only where the run follows another 文号 ("国办发〔2020〕1号和湘政办发〔2021〕3号").
CITING_WORDS = (
    "印发了", "印发", "下发了", "下发", "下达了", "下达", "转发了", "转发", "出台了", "出台", "发布了", "发布",
    "制定了", "制定", "根据", "按照", "依据", "依照", "参照", "对照", "执行", "落实", "贯彻", "通过", "关于",
    "以及", "文件", "通知", "要求", "精神", "规定", "和", "及", "与", "或", "即", "了", "已", "的", "是", "按", "据",
)


def citing_prefix(prefix: str, after_number: bool = False) -> str:
    """The 机关代字 of a prefix read from running text (see CITING_WORDS)."""
    cut = 0
    for word in CITING_WORDS:
        at = prefix.rfind(word)
        while at >= 0:
            end = at + len(word)
            if (len(word) > 1 or at > 0 or after_number) and len(prefix) - end >= 2:
                cut = max(cut, end)
                break
            at = prefix.rfind(word, 0, at)
    return prefix[cut:]


def cited_doc_numbers(text: str) -> list[str]:
    """The 文号 ``text`` cites, each as 代字〔年份〕序号号, in order of first citation."""
    cited: list[str] = []
    for start, _, found in doc_numbers(text):
        prefix = citing_prefix(found.prefix, after_number=text[start - 1 : start] == "号")
        number = str(conventions.DocNumber(prefix, found.year, found.sequence))
        if number not in cited:
            cited.append(number)
    return cited
