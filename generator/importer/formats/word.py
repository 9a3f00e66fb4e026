"""Word 97–2003 (.doc), WPS Writer (.wps) and RTF.

WPS Writer saves ``.wps`` in the Word 97 binary format (an OLE compound file
with a ``WordDocument`` stream; LibreOffice's own type registry lists
``doc wps`` for ``writer_MS_Word_97``), so both go the same way.  Two readers:

- ``antiword`` (Debian ``antiword``, 0.6 MB installed): reads Word 97–2003 text
  in a few milliseconds; no bold, tables as ``|`` cells;
- LibreOffice (``libreoffice-writer-nogui`` without recommends: 86 MB download,
  about 255 MB installed with its libraries): converts to .docx, read like any
  .docx (bold runs, table rows); about 2 s per file, mostly its start-up; also
  reads RTF, Word 2003 XML, Word 6/95 and Microsoft Works ``.wps``.

antiword is tried first for an OLE file (``benchmarks/import_formats.py``
measured the same key fields as LibreOffice on every sample letter, at a
thousandth of the time); LibreOffice takes what antiword cannot read, and
RTF.  ``GENERATOR_WORD_READER=libreoffice|antiword`` forces one (benchmarks).
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from . import OLE, FormatError, Letter, tools

ANTIWORD_TIMEOUT = 60
SOFFICE_TIMEOUT = 180


WORD_STREAM = "WordDocument".encode("utf-16-le")  # names in the OLE directory
WORKS_STREAM = "CONTENTS".encode("utf-16-le")  # Microsoft Works' .wps
FILTERS = {"word": "MS Word 97", "works": "MS_Works", "rtf": "Rich Text Format", "wordxml": "MS Word 2003 XML"}


def ole_kind(data: bytes) -> str | None:
    """Which program's OLE file this is: "word", "works", or None (Excel, PowerPoint, damaged)."""
    if WORD_STREAM in data:
        return "word"
    if WORKS_STREAM in data:
        return "works"
    return None


def read_word97(path: Path) -> Letter:
    data = path.read_bytes()
    head = data[:8]
    forced = os.environ.get("GENERATOR_WORD_READER", "")
    kind = "rtf" if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf") else "wordxml"
    if head == OLE:
        kind = ole_kind(data)
        if kind is None:
            raise FormatError("不是 Word 或 WPS 文档（可能是 Excel、PowerPoint 文件，或文件已损坏）；"
                              "请用 Word 或 WPS 打开后另存为 .docx 再导入")
    if kind == "word" and forced != "libreoffice":
        text, reason = antiword_text(path)
        if text is not None:
            return Letter(text)
        if forced == "antiword":
            raise FormatError(reason)
        if tools.find("soffice") is None:
            raise FormatError(reason if tools.find("antiword") else
                              tools.missing("soffice", "antiword libreoffice-writer-nogui",
                                            "读取 Word 97–2003（.doc）和 WPS（.wps）文件").message)
    return Letter(libreoffice_text(path, FILTERS[kind]))


# --- antiword ---------------------------------------------------------------------------------------

ANTIWORD_FAILURES = {
    "is not a Word Document": "不是 Word 文档",
    "password protected": "文件设有打开密码",
    "encrypted": "文件已加密",
    "Rich Text Format": "是 RTF 格式",
    "'fast-saved'": "以“快速保存”方式保存",
}


def antiword_text(path: Path) -> tuple[str | None, str]:
    """(text, "") or (None, why antiword could not read it)."""
    program = tools.find("antiword")
    if program is None:
        return None, tools.missing("antiword", "antiword", "读取 Word 97–2003（.doc）和 WPS（.wps）文件").message
    result = tools.run([program, "-m", "UTF-8.txt", "-w", "0", "-i", "1", str(path)], ANTIWORD_TIMEOUT, "读取 .doc 文件")
    output = result.stdout.decode("utf-8", errors="replace")
    if result.returncode != 0 or not output.strip():
        message = result.stderr.decode("utf-8", errors="replace")
        reason = next((why for key, why in ANTIWORD_FAILURES.items() if key in message), "")
        if "password" in message.lower() or "encrypt" in message.lower():
            return None, "文件设有打开密码或已加密，无法读取；请取消密码后重新保存再导入"
        return None, f"无法读取此 Word 文件{('（' + reason + '）') if reason else ''}，可能已损坏；请用 Word 或 WPS 打开后另存为 .docx 再导入"
    return _tidy_antiword(output), ""


def _tidy_antiword(text: str) -> str:
    """antiword's table cells (|a|b|) as space-separated cells, as the .docx reader gives them."""
    lines = []
    for line in text.replace("\r", "").split("\n"):
        if line.startswith("|") and line.rstrip().endswith("|"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            merged: list[str] = []
            for cell in cells:
                if cell and (not merged or merged[-1] != cell):
                    merged.append(cell)
            line = " ".join(merged)
        lines.append(re.sub(r"[ \t]+$", "", line))
    return "\n".join(lines)


# --- LibreOffice ------------------------------------------------------------------------------------


def libreoffice_text(path: Path, import_filter: str | None = None) -> str:
    """LibreOffice converts the file to .docx, read like any .docx.  The import filter is named:
    left to guess, LibreOffice reads a damaged file as plain text."""
    from .docx import read_docx

    converted = convert(path, "docx", import_filter)
    try:
        return read_docx(converted)
    finally:
        converted.unlink(missing_ok=True)
        converted.parent.rmdir()


def convert(path: Path, target: str, import_filter: str | None = None) -> Path:
    """``path`` converted by LibreOffice into a new temporary directory; the caller removes it."""
    program = tools.find("soffice") or tools.find("libreoffice")
    if program is None:
        raise tools.missing("soffice")
    out_dir = Path(tempfile.mkdtemp(prefix="import-lo-"))
    with tempfile.TemporaryDirectory(prefix="import-lo-profile-") as profile:
        result = tools.run(
            [program, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore", "--nolockcheck",
             *([f"--infilter={import_filter}"] if import_filter else []),
             "--convert-to", target, "--outdir", str(out_dir), str(path.resolve())],
            SOFFICE_TIMEOUT, "LibreOffice 转换", env={"HOME": profile})
    made = out_dir / f"{path.stem}.{target}"
    if result.returncode != 0 or not made.exists():
        for leftover in out_dir.iterdir():
            leftover.unlink()
        out_dir.rmdir()
        raise FormatError(f"LibreOffice 无法读取此文件（{path.suffix.lower()}），可能已损坏或设有打开密码；"
                          "请用 Word 或 WPS 打开后另存为 .docx 再导入")
    return made
