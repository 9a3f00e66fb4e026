"""Policies cited in a reply: 《title》 or 文号 of a file in content/policies/."""

from __future__ import annotations

import re

from .. import conventions
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
    for start, _, found in conventions.find_doc_numbers(text):
        for number, policy_id in numbered:
            if same_doc_number(found, number):
                found_ids.append((start, policy_id))
    ordered: list[str] = []
    for _, policy_id in sorted(found_ids):
        if policy_id not in ordered:
            ordered.append(policy_id)
    return ordered
