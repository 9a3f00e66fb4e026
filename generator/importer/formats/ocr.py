"""Scans: images (.jpg, .png, .tif) and PDF or OFD pages without a text layer, read by Tesseract.

Tesseract (Debian ``tesseract-ocr`` with the ``tesseract-ocr-chi-sim`` model) is
run as a program, once per page, with TSV output: every recognised word with
its box, grouped into lines by Tesseract itself (it follows a slightly
rotated scan better than grouping by height would), so the same paragraph
rules as for a PDF apply (``pages``).  PDF pages are rasterised by pypdfium2
(installed with pdfplumber) at 300 dpi.  A letter read this way carries the
note that every field needs checking against the original.
"""

from __future__ import annotations

import csv
import functools
import io
import os
import re
import statistics
import tempfile
from dataclasses import replace
from pathlib import Path

from . import OCR_NOTE, FormatError, Letter, tools
from .pages import Glyph, PageText, line_of, paragraphs, strip_running

LANGUAGE = os.environ.get("GENERATOR_OCR_LANG", "chi_sim")
PAGE_TIMEOUT = 180
PDF_DPI = 300
MIN_DPI = 150  # smaller images are enlarged first: Tesseract wants glyphs some 20 px high
# Tesseract cuts Chinese text into "words" with boxes around the ink: only a wide gap is a space.
OCR_SPACE_GAP = 0.6
OCR_WIDE_GAP = 1.2  # between two Chinese characters: a table's column gap; a word space is lost



def available() -> str | None:
    """None when Tesseract and the Chinese model are installed, else the message for staff."""
    program = tools.find("tesseract")
    if program is None:
        return tools.missing("tesseract", "tesseract-ocr tesseract-ocr-chi-sim", "识别扫描件和图片中的文字").message
    result = tools.run([program, "--list-langs"], 30, "查询文字识别语言")
    languages = set(result.stdout.decode("utf-8", "replace").split()) | set(result.stderr.decode("utf-8", "replace").split())
    if any(language not in languages for language in LANGUAGE.split("+")):
        return tools.missing("tesseract", "tesseract-ocr-chi-sim", "识别扫描件中的中文").message
    return None


def read_image(path: Path) -> Letter:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            frames = []
            for index in range(getattr(image, "n_frames", 1)):
                image.seek(index)
                frames.append(image.copy())
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise FormatError(f"不是有效的图片文件（{path.suffix.lower()}），可能已损坏或只下载了一部分") from None
    pages = [ocr_page(frame, number) for number, frame in enumerate(frames)]
    return _letter(pages)


def ocr_pdf_pages(path: Path, numbers: list[int]) -> list[PageText]:
    """The given pages of a PDF, rasterised and recognised."""
    import pypdfium2

    if message := available():
        raise FormatError(f"PDF 没有文字层（扫描件），需要文字识别：{message}")
    try:
        document = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as exc:
        raise FormatError(f"PDF 文件无法读取（{exc}）") from None
    try:
        out = []
        for number in numbers:
            page = document[number]
            width, height = page.get_size()
            image = page.render(scale=PDF_DPI / 72, grayscale=True).to_pil()
            recognised = ocr_page(image, number)
            factor = 72 / PDF_DPI  # back to PDF points, like the text pages
            out.append(PageText(width, height, [_scaled(line, factor) for line in recognised.lines], scanned=True))
        return out
    finally:
        document.close()


def ocr_image_bytes(blobs: list[bytes], number: int) -> PageText:
    """Images embedded in one page (an OFD scan), stacked in order."""
    from PIL import Image, UnidentifiedImageError

    if message := available():
        raise FormatError(f"OFD 页面是扫描图片，需要文字识别：{message}")
    stacked = PageText(0, 0, [], scanned=True)
    for blob in blobs:
        try:
            image = Image.open(io.BytesIO(blob))
            image.load()
        except (UnidentifiedImageError, OSError):
            continue
        page = ocr_page(image, number)
        offset = stacked.height
        stacked.lines.extend(_moved(line, offset) for line in page.lines)
        stacked.width = max(stacked.width, page.width)
        stacked.height += page.height
    return stacked


def _letter(pages: list[PageText]) -> Letter:
    text = "\n".join(paragraphs(strip_running(pages)))
    if not text.strip():
        raise FormatError("图片中没有识别出文字（可能过于模糊、太小或不是文字）；请重新扫描（300 dpi）后再导入")
    return Letter(text, (OCR_NOTE,))


def ocr_page(image, number: int) -> PageText:
    """One page image recognised into positioned lines (pixels)."""
    if message := available():
        raise FormatError(message)
    image = image.convert("L")
    dpi = image.info.get("dpi", (0, 0))[0] or 0
    if dpi and dpi < MIN_DPI:
        factor = MIN_DPI / dpi
        image = image.resize((round(image.width * factor), round(image.height * factor)))
    with tempfile.TemporaryDirectory(prefix="import-ocr-") as scratch:
        source = Path(scratch) / "page.png"
        image.save(source)
        result = tools.run([tools.find("tesseract"), str(source), "stdout", "-l", LANGUAGE, "--psm", "3", "tsv"],
                           PAGE_TIMEOUT, "文字识别", env={"OMP_THREAD_LIMIT": "1"})
    if result.returncode != 0:
        raise FormatError(f"文字识别失败：{result.stderr.decode('utf-8', 'replace').strip()[:200]}")
    return PageText(float(image.width), float(image.height), tsv_lines(result.stdout.decode("utf-8", "replace"), number),
                    scanned=True)


def tsv_lines(tsv: str, number: int) -> list:
    """Tesseract's TSV: its lines (level 4) with their words (level 5)."""
    rows = list(csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE))
    groups: dict[tuple, list[dict]] = {}
    boxes: dict[tuple, dict] = {}
    for row in rows:
        try:
            key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
            level = int(row["level"])
        except (KeyError, TypeError, ValueError):
            continue
        if level == 4:
            boxes[key] = row
        elif level == 5 and (row.get("text") or "").strip():
            groups.setdefault(key, []).append(row)
    out = []
    for key, words in groups.items():
        wide = [int(word["height"]) for word in words if _wide(word["text"])]
        if wide:  # the ink of a Chinese character is about 0.9 of its size
            size = statistics.median(wide) * 1.1
        else:  # Latin text: ascender to descender is about the size
            size = max(int(w["top"]) + int(w["height"]) for w in words) - min(int(w["top"]) for w in words)
        size = max(size, 1)
        glyphs = [Glyph(word["text"], float(word["left"]), float(word["left"]) + float(word["width"]),
                        float(word["top"]), float(word["top"]) + float(word["height"]), size) for word in words]
        line = line_of(glyphs, number, OCR_SPACE_GAP, OCR_WIDE_GAP, in_order=True)
        if line is not None:
            out.append(replace(line, text=space_labels(line.text)))
    out.sort(key=lambda line: (line.top, line.x0))
    return out


def space_labels(text: str) -> str:
    """"管理员成文日期：" -> "管理员 成文日期：": the word space before a label that OCR loses."""
    return _glued_label().sub(lambda match: " " + match.group(0), text)


@functools.lru_cache(maxsize=1)
def _glued_label():
    from ..lines import KNOWN_LABELS

    names = "|".join(sorted(map(re.escape, KNOWN_LABELS), key=len, reverse=True))
    return re.compile(rf"(?<=[\u3400-\u9fff）)])(?:{names})(?=\s*[:：])")


def _wide(text: str) -> bool:
    return any(ord(ch) >= 0x2E80 for ch in text)


def _scaled(line, factor: float):
    return replace(line, x0=line.x0 * factor, x1=line.x1 * factor, top=line.top * factor, bottom=line.bottom * factor,
                   size=line.size * factor)


def _moved(line, offset: float):
    return replace(line, top=line.top + offset, bottom=line.bottom + offset)
