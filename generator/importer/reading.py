"""Reading letters and policy files: the only importer module that reads files.

Everything downstream works on the text returned here, so extraction can be
tested on strings without touching the disk.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..load import display_path, load_yaml_file
from ..problems import Problem, error

LETTER_SUFFIXES = (".txt", ".md", ".docx")


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


def read_letter(path: Path) -> str:
    """The letter's text with Unix line endings; raises :class:`Unreadable`."""
    shown = display_path(path)
    suffix = path.suffix.lower()
    if suffix not in LETTER_SUFFIXES:
        raise Unreadable(error(shown, 1, "import", f"不支持的文件类型“{path.suffix or '无扩展名'}”，只能导入 .txt、.md 或 .docx"))
    if not path.is_file():
        raise Unreadable(error(shown, 1, "import", "文件不存在或不是普通文件"))
    try:
        text = read_docx(path) if suffix == ".docx" else decode_text(path.read_bytes(), shown)
    except OSError as exc:
        raise Unreadable(error(shown, 1, "import", f"无法读取文件：{exc.strerror or exc}")) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise Unreadable(error(shown, 1, "import", "文件没有文字内容"))
    return text


def decode_text(data: bytes, shown: str) -> str:
    """UTF-8, else GBK; a UTF-8 file with one bad byte is reported, not misread as GBK."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        failure = exc
    if data[: failure.start].isascii():
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            pass
    line = data[: failure.start].count(b"\n") + 1
    raise Unreadable(error(shown, line, "import", "文字编码无法识别（应为 UTF-8 或 GBK），请另存为 UTF-8 文本后再导入"))


def read_docx(path: Path) -> str:
    """Paragraphs and table rows in document order; bold runs kept as **…**."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    shown = display_path(path)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise Unreadable(error(shown, 1, "import", f"不是有效的 .docx 文件（{exc.__class__.__name__}）；.doc 文件请先另存为 .docx")) from None
    lines = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            lines.extend(_table_lines(block))
        else:
            lines.append(_paragraph_text(block))
    return "\n".join(lines)


def _paragraph_text(paragraph) -> str:
    """Mark bold runs with ** unless the whole paragraph is bold (titles, headings)."""
    runs = [(run.text, bool(run.bold)) for run in paragraph.runs if run.text]
    if not runs or all(bold for _, bold in runs) or not any(bold for _, bold in runs):
        return paragraph.text
    pieces, in_bold = [], False
    for text, bold in runs:
        if bold != in_bold:
            pieces.append("**")
            in_bold = bold
        pieces.append(text)
    if in_bold:
        pieces.append("**")
    return "".join(pieces)


def _table_lines(table) -> list[str]:
    """One line per row, cells separated by spaces, as a web page's info table reads."""
    lines = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            text = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
            if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                cells.append(text)
        lines.append(" ".join(cells))
    return lines


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
