"""PDF through pdfplumber (pdfminer.six): the text layer's glyphs with their positions.

A page without a usable text layer (a scan, or glyphs that do not decode) is
rasterised with pypdfium2 and read by Tesseract (``ocr``); the letter then
carries the OCR note.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import OCR_NOTE, FormatError, Letter
from .pages import Glyph, PageText, drawn_spaces, lines, paragraphs, strip_running

BOLD_FONT = re.compile(r"bold|heavy|black|semibold|demibold|黑体|-b$|,b$", re.I)
MIN_TEXT_CHARS = 10  # a page with fewer decoded characters counts as a scan
UNDECODED = re.compile(r"\(cid:\d+\)|[\ufffd\ue000-\uf8ff]")


def read_pdf(path: Path) -> Letter:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(str(path)) as pdf:
            pages, scans, spaces_drawn = [], [], None
            for number, page in enumerate(pdf.pages):
                glyphs = [_glyph(char) for char in page.chars if char.get("upright", True)]
                if spaces_drawn is None and glyphs:
                    spaces_drawn = drawn_spaces(glyphs)  # decided on the first page with text
                decoded = "".join(g.text for g in glyphs if g.text.strip())
                if len(decoded) < MIN_TEXT_CHARS or len(UNDECODED.findall(decoded)) > len(decoded) * 0.1:
                    scans.append(number)
                    pages.append(PageText(float(page.width), float(page.height), []))
                    continue
                pages.append(PageText(float(page.width), float(page.height), lines(glyphs, number, spaces_drawn)))
    except PdfminerException as exc:
        raise FormatError(_pdf_error(exc.args[0] if exc.args else exc)) from None
    except (PDFPasswordIncorrect, PDFEncryptionError, PDFSyntaxError) as exc:
        raise FormatError(_pdf_error(exc)) from None
    except Exception as exc:  # pdfminer raises many kinds on a damaged file
        raise FormatError(f"PDF 文件无法读取（{exc.__class__.__name__}），可能已损坏；请重新导出 PDF 后再导入") from None
    notes: tuple[str, ...] = ()
    if scans:
        from .ocr import ocr_pdf_pages

        for number, page in zip(scans, ocr_pdf_pages(path, scans)):
            pages[number] = page
        notes = (OCR_NOTE if len(scans) == len(pages) else
                 f"{OCR_NOTE}（第 {'、'.join(str(n + 1) for n in scans)} 页没有文字层，经文字识别导入）",)
    text = "\n".join(paragraphs(strip_running(pages)))
    if not text.strip():
        raise FormatError("PDF 中没有可读的文字")
    return Letter(text, notes)


def _glyph(char: dict) -> Glyph:
    text = char["text"]
    return Glyph(text, float(char["x0"]), float(char["x1"]), float(char["top"]), float(char["bottom"]),
                 float(char.get("size") or (char["bottom"] - char["top"])),
                 bool(BOLD_FONT.search(char.get("fontname") or "")))


def _pdf_error(exc) -> str:
    name = exc.__class__.__name__
    if "Password" in name or "Encrypt" in name:
        return "PDF 文件已加密（设有打开密码），无法读取；请取消密码后重新导出再导入"
    if "Syntax" in name or "EOF" in str(exc):
        return "不是有效的 PDF 文件，可能已损坏或只下载了一部分"
    return f"PDF 文件无法读取（{name}），可能已损坏；请重新导出 PDF 后再导入"
