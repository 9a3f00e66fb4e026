"""Documents a letter cites by title and 文号 that content/policies/ does not hold yet.

Pure: strings in, citations out.  Only a title paired with its 文号 counts as
a cited document: a bare 《…》 also wraps the proposal's own title, laws and
newspapers, and its title alone would not identify one document.  Two forms
are read, each with the title and the number side by side:

- 《关于……的意见》（湘交函〔2022〕179号）: the parentheses bound the 文号;
- 湘交函〔2022〕179号《关于……的意见》: running text lets the 文号's pattern
  swallow the words before it (“省交通厅已下达湘交函”), so the 机关代字 is cut
  after the last verb or conjunction of a citation (policies.citing_prefix);
  when what is left is longer than any 机关代字 the pair is not taken (nothing
  is guessed).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from .. import conventions
from .policies import BOOK_TITLE, citing_prefix, same_doc_number
from .reading import PolicyRef

NUMBER_IN_BRACKETS = re.compile(
    rf"\s*[（(]\s*(?P<number>{conventions.DOC_NUMBER.pattern})\s*[）)]"
)
TITLE_AFTER = re.compile(r"\s*《(?P<title>[^《》]+)》")
# 机关代字 such as 厦湖人社函 or 湘政办发 are 2–6 characters; longer after the cut means words the cut did not know.
PREFIX_MAX = 8


@dataclass(frozen=True)
class Citation:
    title: str  # as cited, without 《》
    doc_number: str  # canonical: 〔〕 around the year, no 第, no leading zeros

    @property
    def policy_id(self) -> str:
        """``doc-<year>-<sequence>-<6 hex>``: readable year and number, and a hash of the whole 文号.

        No pinyin library is available to spell the 机关代字, so the hash (of the
        canonical 文号, the document's identifier) tells apart two offices'
        documents of the same year and number; the same document cited with
        other brackets, 第 or leading zeros gets the same id.
        """
        number = conventions.parse_doc_number(self.doc_number)
        digest = hashlib.sha256(self.doc_number.encode("utf-8")).hexdigest()[:6]
        return f"doc-{number.year}-{number.sequence}-{digest}"

    @property
    def shown(self) -> str:
        return f"《{self.title}》（{self.doc_number}）"

    def as_ref(self, policy_id: str) -> PolicyRef:
        return PolicyRef(id=policy_id, names=(self.title,), doc_number=self.doc_number)


def fold(text: str) -> str:
    """Compare titles regardless of spacing and full- or half-width forms."""
    return unicodedata.normalize("NFKC", re.sub(r"\s+", "", text))


def cited_pairs(body: str) -> list[tuple[str, conventions.DocNumber, conventions.DocNumber | None]]:
    """(title, 文号 as matched, 文号 with a trustworthy 机关代字 or None), in order of citation."""
    pairs = []
    for match in BOOK_TITLE.finditer(body):
        after = NUMBER_IN_BRACKETS.match(body, match.end())
        if after:
            number = conventions.DocNumber(after["prefix"], int(after["year"]), int(after["seq"]))
            pairs.append((match.start(), match["title"].strip(), number, number))
    for start, written, number in conventions.find_doc_numbers(body):
        title = TITLE_AFTER.match(body, start + len(written))
        if not title:
            continue
        prefix = citing_prefix(number.prefix)
        trusted = conventions.DocNumber(prefix, number.year, number.sequence) if 2 <= len(prefix) <= PREFIX_MAX else None
        pairs.append((start, title["title"].strip(), number, trusted))
    return [(title, found, trusted) for _, title, found, trusted in sorted(pairs, key=lambda item: item[0])]


def is_known(title: str, number: conventions.DocNumber, policies: tuple[PolicyRef, ...]) -> bool:
    """Held already: by title or alias, or by 文号 (the written prefix need only end with the policy's)."""
    wanted = fold(title)
    for policy in policies:
        if any(fold(name) == wanted for name in policy.names):
            return True
        known = conventions.parse_doc_number(policy.doc_number or "")
        if known and same_doc_number(number, known):
            return True
    return False


def new_citations(body: str, policies: tuple[PolicyRef, ...]) -> list[Citation]:
    """Documents ``body`` cites by title and 文号 that none of ``policies`` is, in order of citation."""
    found: list[Citation] = []
    for title, number, trusted in cited_pairs(body):
        if not title or trusted is None or is_known(title, number, policies):
            continue
        citation = Citation(title, str(trusted))
        if not any(fold(c.title) == fold(title) or c.doc_number == citation.doc_number for c in found):
            found.append(citation)
    return found
