"""The pieces of a letter that extraction reads, gathered once."""

from __future__ import annotations

from dataclasses import dataclass, field

from .cleaning import Line
from .lines import Kind, classify, parse_labels, plain


@dataclass(frozen=True)
class Parts:
    source_url: str
    header: tuple[Line, ...]
    addressee: str
    opening: str  # the first paragraph of the body ("…收悉，现答复如下：")
    body: str  # the body as Markdown
    closing: tuple[Line, ...]
    labels: dict = field(default_factory=dict)  # web information table before the salutation
    closing_labels: dict = field(default_factory=dict)  # label lines after the body (footers included)

    @property
    def header_texts(self) -> list[str]:
        return [plain(line.text) for line in self.header if line.text]

    @property
    def closing_texts(self) -> list[str]:
        return [plain(line.text) for line in self.closing if line.text]


def collect_labels(lines) -> dict[str, str]:
    """Labels of the information-table lines among ``lines``, first value wins."""
    labels: dict[str, str] = {}
    for line in lines:
        if classify(line.text) is Kind.LABELS:
            for key, value in parse_labels(plain(line.text)).items():
                if value:
                    labels.setdefault(key, value)
    return labels
