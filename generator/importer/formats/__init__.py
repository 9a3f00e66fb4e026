"""Readers for every file type a reply letter arrives in, one module per format.

Each reader turns a file into the letter's text as the importer reads it: one
paragraph per line, bold runs marked ``**…**``, and for a saved web page the
page's address as a first ``source: URL`` line.  ``read`` picks the reader by
what the file holds (its first bytes) and falls back on the suffix only for
plain text, so a ``.doc`` that is really a ``.docx``, or a web page saved
as ``.doc``, is still read.

Readers raise :class:`FormatError` with a message for staff; ``reading``
turns it into a ``file:line: import: …`` problem.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path


class FormatError(Exception):
    """A file that cannot be read; ``message`` is shown to staff (Chinese)."""

    def __init__(self, message: str, line: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Letter:
    text: str
    notes: tuple[str, ...] = ()  # for staff: how the text was obtained, what to check


OCR_NOTE = "此文件经文字识别（OCR）导入，请逐项核对原件"

# suffix -> the kind of content expected; the order is the order shown to staff.
SUFFIXES = {
    ".txt": "text", ".md": "text",
    ".docx": "docx",
    ".doc": "word97", ".wps": "word97", ".rtf": "rtf",
    ".pdf": "pdf",
    ".ofd": "ofd",
    ".html": "html", ".htm": "html", ".mht": "mhtml", ".mhtml": "mhtml",
    ".jpg": "image", ".jpeg": "image", ".png": "image", ".tif": "image", ".tiff": "image",
}
NAMES = {
    "text": "文本", "docx": ".docx", "word97": "Word 97–2003/WPS", "rtf": "RTF", "pdf": "PDF", "ofd": "OFD",
    "html": "网页", "mhtml": "单一网页文件", "image": "图片",
}

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(path: Path, head: bytes) -> str | None:
    """What the file holds, from its first bytes; None for plain text (or unknown)."""
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = {name.lower() for name in archive.namelist()}
        except (zipfile.BadZipFile, OSError):
            return "zip"
        if "word/document.xml" in names:
            return "docx"
        if "ofd.xml" in names:
            return "ofd"
        return "zip"
    if head.startswith(OLE):
        return "word97"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff") or head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image"
    lowered = stripped[:4096].lower()
    if lowered.startswith(b"mime-version:") or (b"mime-version:" in lowered[:600] and b"multipart/related" in lowered):
        return "mhtml"
    if lowered.startswith(b"<?xml") and b"progid=\"word.document\"" in lowered:
        return "rtf"  # Word 2003 XML (<?mso-application progid="Word.Document"?>): for LibreOffice, as RTF
    if lowered.startswith((b"<!doctype html", b"<html", b"<!--", b"<head", b"<meta", b"<?xml")) and (
            b"<html" in lowered or b"<body" in lowered or b"<head" in lowered or b"<meta" in lowered):
        return "html"
    if lowered.startswith(b"<") and (b"<body" in lowered or b"<html" in lowered):
        return "html"
    return None


def read(path: Path) -> Letter:
    """The letter in ``path``; raises :class:`FormatError`."""
    expected = SUFFIXES[path.suffix.lower()]
    with path.open("rb") as handle:
        head = handle.read(8192)
    actual = sniff(path, head)
    if actual is None:
        if expected in ("html", "mhtml"):
            actual = "html"  # a fragment of a page, without <html> or <body>
        elif expected == "word97" and _plain_text(path):
            actual = "text"  # a text file given the name of a Word file
        elif expected != "text":
            raise FormatError(_not_what_it_says(path, expected))
        else:
            actual = "text"
    if actual == "zip":
        raise FormatError(f"文件内容是压缩包，不是{NAMES[expected]}文件；请解压后导入其中的答复函")
    if path.suffix.lower() == ".md" and actual in ("html", "mhtml"):
        actual = "text"  # Markdown may open with an HTML comment or tag
    if actual == "text":
        from .text import read_text

        return Letter(read_text(path))
    letter = READERS[actual](path)
    # The importer finds a saved page's "source: URL" on line 1; a converted file's blank
    # first lines (antiword writes one) hold nothing, and its line numbers point nowhere.
    return Letter(letter.text.lstrip("\n"), letter.notes)


def _plain_text(path: Path) -> bool:
    from .text import decode_text

    data = path.read_bytes()
    try:
        text = decode_text(data)
    except FormatError:
        return False
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t")
    return bool(text.strip()) and controls == 0


def _not_what_it_says(path: Path, expected: str) -> str:
    return f"不是有效的 {path.suffix.lower()} 文件（内容不是{NAMES[expected]}格式，可能已损坏或只下载了一部分）"


def _docx(path: Path) -> Letter:
    from .docx import read_docx

    return Letter(read_docx(path))


def _word97(path: Path) -> Letter:
    from .word import read_word97

    return read_word97(path)


def _pdf(path: Path) -> Letter:
    from .pdf import read_pdf

    return read_pdf(path)


def _ofd(path: Path) -> Letter:
    from .ofd import read_ofd

    return read_ofd(path)


def _html(path: Path) -> Letter:
    from .webpage import read_html

    return read_html(path)


def _mhtml(path: Path) -> Letter:
    from .webpage import read_mhtml

    return read_mhtml(path)


def _image(path: Path) -> Letter:
    from .ocr import read_image

    return read_image(path)


READERS = {
    "docx": _docx, "word97": _word97, "rtf": _word97, "pdf": _pdf, "ofd": _ofd, "html": _html, "mhtml": _mhtml,
    "image": _image,
}
