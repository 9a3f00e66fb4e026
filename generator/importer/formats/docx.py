"""Word 2007+ (.docx) through python-docx: paragraphs and table rows in document order."""

from __future__ import annotations

import zipfile
from pathlib import Path

from . import FormatError


def read_docx(path: Path) -> str:
    """Paragraphs and table rows in document order; bold runs kept as **…**."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise FormatError(f"不是有效的 .docx 文件（{exc.__class__.__name__}），可能已损坏；"
                          "请用 Word 或 WPS 打开后重新保存再导入") from None
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
