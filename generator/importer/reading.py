"""Reading letters and policy files: with the readers in ``formats/``, the only importer code that reads files.

A letter in any supported format (``formats.SUFFIXES``: text, Word, WPS, PDF,
OFD, saved web pages, scans) becomes the same kind of text: one paragraph per
line, bold as ``**…**``, a saved page's address as a first ``source: URL``
line.  Everything downstream works on that text, so extraction can be tested
on strings without touching the disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..load import display_path, load_yaml_file
from ..problems import Problem, error
from . import formats
from .formats import OCR_NOTE, FormatError, Letter  # noqa: F401 - part of this module's interface

# Every suffix the importer reads (formats/ holds one reader per format); folder import uses it too.
LETTER_SUFFIXES = tuple(formats.SUFFIXES)


class Unreadable(Exception):
    """A letter that cannot be read; carries a file:line problem for staff."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class PolicyRef:
    """What the importer needs to recognise a policy cited in a letter."""

    id: str
    names: tuple[str, ...]
    doc_number: str = ""


def supported() -> str:
    return "、".join(LETTER_SUFFIXES)


def read_letter_with_notes(path: Path) -> tuple[str, list[str]]:
    """The letter's text with Unix line endings, and notes for staff on how it was read
    (a scan read by OCR needs every field checked); raises :class:`Unreadable`."""
    shown = display_path(path)
    suffix = path.suffix.lower()
    if suffix not in formats.SUFFIXES:
        raise Unreadable(error(shown, 1, "import", f"不支持的文件类型“{path.suffix or '无扩展名'}”，只能导入 {supported()}"))
    if not path.is_file():
        raise Unreadable(error(shown, 1, "import", "文件不存在或不是普通文件"))
    try:
        letter = formats.read(path)
    except FormatError as exc:
        raise Unreadable(error(shown, exc.line, "import", exc.message)) from None
    except OSError as exc:
        raise Unreadable(error(shown, 1, "import", f"无法读取文件：{exc.strerror or exc}")) from None
    text = letter.text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise Unreadable(error(shown, 1, "import", "文件没有文字内容"))
    return text, list(letter.notes)


def read_letter(path: Path) -> str:
    """The letter's text with Unix line endings; raises :class:`Unreadable`."""
    return read_letter_with_notes(path)[0]


def decode_text(data: bytes, shown: str) -> str:
    """UTF-8, else GBK (kept for callers of the former interface)."""
    from .formats.text import decode_text as decode

    try:
        return decode(data)
    except FormatError as exc:
        raise Unreadable(error(shown, exc.line, "import", exc.message)) from None


def read_docx(path: Path) -> str:
    """A .docx file's paragraphs and table rows (kept for callers of the former interface)."""
    from .formats.docx import read_docx as read

    try:
        return read(path)
    except FormatError as exc:
        raise Unreadable(error(display_path(path), exc.line, "import", exc.message)) from None


def read_policies(directory: Path) -> tuple[tuple[PolicyRef, ...], list[Problem]]:
    """Titles, aliases and 文号 of content/policies/*.yml, keyed by file name."""
    policies, problems = [], []
    if not directory.is_dir():
        return (), [error(display_path(directory), 1, "policies", "政策目录不存在，无法识别答复中引用的政策")]
    for path in sorted(directory.glob("*.y*ml")):
        doc = load_yaml_file(path)
        problems.extend(doc.problems)
        if not isinstance(doc.data, dict):
            continue
        names = [doc.data.get("title")] + list(doc.data.get("aliases") or [])
        policies.append(PolicyRef(
            id=path.stem,
            names=tuple(str(name) for name in names if name),
            doc_number=str(doc.data.get("doc_number") or ""),
        ))
    return tuple(policies), problems
