"""OFD (GB/T 33190-2016), read from its XML.

An OFD file is a zip package: ``OFD.xml`` names each document's root
(``Doc_0/Document.xml``), which lists the pages (``Pages/Page_N/Content.xml``)
and the template pages they draw on.  Text is in ``TextObject`` elements
(``Boundary`` = x y w h in millimetres, ``Size``, optional ``CTM``), each
holding ``TextCode`` runs positioned by ``X``/``Y`` (the baseline, relative to
the boundary) and ``DeltaX`` (the advance between characters, ``g N d`` for N
equal steps).  Producers (数科, 福昕, 书生) differ in how they cut the text:
one object per line or one per character, in any order; the glyphs are
therefore placed on the page and read by position (``pages``).

A page with no text but images (a scanned letter saved as OFD) is read by
OCR of those images.  The package is read directly rather than through
easyofd, which renders pages through PyMuPDF and reportlab and is not needed
to get the text.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from . import OCR_NOTE, FormatError, Letter
from .pages import Glyph, PageText, lines, paragraphs, strip_running

A4 = (210.0, 297.0)


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def children(element, name: str):
    return [child for child in element if local(child.tag) == name]


def child(element, name: str):
    return next((c for c in element if local(c.tag) == name), None)


def descendants(element, name: str):
    return [node for node in element.iter() if local(node.tag) == name]


def numbers(text: str | None) -> list[float]:
    try:
        return [float(value) for value in (text or "").split()]
    except ValueError:
        return []


def deltas(text: str | None) -> list[float]:
    """DeltaX/DeltaY: numbers, with "g N d" for N steps of d."""
    tokens = (text or "").split()
    out: list[float] = []
    index = 0
    while index < len(tokens):
        if tokens[index] == "g" and index + 2 < len(tokens):
            try:
                out.extend([float(tokens[index + 2])] * int(float(tokens[index + 1])))
            except ValueError:
                pass
            index += 3
            continue
        try:
            out.append(float(tokens[index]))
        except ValueError:
            pass
        index += 1
    return out


class Package:
    def __init__(self, path: Path):
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError):
            raise FormatError("不是有效的 .ofd 文件（不是 OFD 压缩包），可能已损坏或只下载了一部分") from None
        self.names = {name.lower().lstrip("/"): name for name in self.zip.namelist()}

    def xml(self, name: str):
        real = self.names.get(name.lower().lstrip("/"))
        if real is None:
            raise FormatError(f"OFD 文件不完整，缺少 {name}")
        try:
            return ElementTree.fromstring(self.zip.read(real))
        except ElementTree.ParseError:
            raise FormatError(f"OFD 文件已损坏（{name} 无法解析）") from None

    def has(self, name: str) -> bool:
        return name.lower().lstrip("/") in self.names

    def read(self, name: str) -> bytes:
        return self.zip.read(self.names[name.lower().lstrip("/")])


def resolve(base: str, location: str) -> str:
    """A BaseLoc relative to the file (directory) that names it, or absolute from the package root."""
    if location.startswith("/"):
        return location.lstrip("/")
    return posixpath.normpath(posixpath.join(base, location))


def read_ofd(path: Path) -> Letter:
    package = Package(path)
    if not package.has("OFD.xml"):
        raise FormatError("不是有效的 .ofd 文件（缺少 OFD.xml）")
    root = package.xml("OFD.xml")
    body = child(root, "DocBody")
    doc_root = child(body, "DocRoot") if body is not None else None
    if doc_root is None or not (doc_root.text or "").strip():
        raise FormatError("不是有效的 .ofd 文件（OFD.xml 没有指明文档）")
    if (body is not None and child(body, "Encryptions") is not None) or package.has("Encryptions.xml"):
        raise FormatError("OFD 文件已加密，无法读取；请在原软件中取消加密后重新导出再导入")
    document_path = resolve("", doc_root.text.strip())
    document = package.xml(document_path)
    doc_dir = posixpath.dirname(document_path)
    common = child(document, "CommonData")
    default_box = _box(common) or A4
    templates = {}
    images = _media(package, document, doc_dir)
    if common is not None:
        for template in children(common, "TemplatePage"):
            if template.get("BaseLoc"):
                templates[template.get("ID")] = resolve(doc_dir, template.get("BaseLoc"))
    pages_node = child(document, "Pages")
    page_refs = children(pages_node, "Page") if pages_node is not None else []
    if not page_refs:
        raise FormatError("OFD 文件中没有页面")
    read: list[tuple[float, float, list[Glyph]]] = []
    scanned: dict[int, list[bytes]] = {}
    for number, ref in enumerate(page_refs):
        location = resolve(doc_dir, ref.get("BaseLoc", ""))
        page = package.xml(location)
        width, height = _box(page) or default_box
        glyphs = _glyphs(page)
        for template in children(page, "Template"):
            if (template_path := templates.get(template.get("TemplateID"))) and package.has(template_path):
                glyphs += _glyphs(package.xml(template_path))
        if sum(1 for glyph in glyphs if glyph.text.strip()) == 0:
            found = [images[ref_id] for ref_id in _image_refs(page) if ref_id in images]
            if found:
                scanned[number] = found
        read.append((width, height, glyphs))
    pages = [PageText(width, height, lines(glyphs, number))
             for number, (width, height, glyphs) in enumerate(read)]
    notes: tuple[str, ...] = ()
    if scanned:
        from .ocr import ocr_image_bytes

        for number, blobs in scanned.items():
            pages[number] = ocr_image_bytes(blobs, number)
        notes = (OCR_NOTE,)
    text = "\n".join(paragraphs(strip_running(pages)))
    if not text.strip():
        raise FormatError("OFD 文件中没有可读的文字")
    return Letter(text, notes)


def _box(node) -> tuple[float, float] | None:
    if node is None:
        return None
    area = child(node, "PageArea")
    if area is None:
        area = child(node, "Area")
    box = child(area, "PhysicalBox") if area is not None else None
    values = numbers(box.text if box is not None else None)
    return (values[2], values[3]) if len(values) == 4 else None


def _glyphs(page) -> list[Glyph]:
    out: list[Glyph] = []
    for obj in descendants(page, "TextObject"):
        boundary = numbers(obj.get("Boundary"))
        if len(boundary) != 4:
            continue
        bx, by = boundary[0], boundary[1]
        size = float(obj.get("Size") or 3.5)
        ctm = numbers(obj.get("CTM"))
        a, b, c, d, e, f = ctm if len(ctm) == 6 else (1, 0, 0, 1, 0, 0)
        scale = abs(a * d - b * c) ** 0.5 or 1.0
        bold = obj.get("Weight") in ("700", "800", "900") or obj.get("Bold") == "true"
        x = y = 0.0
        for code in children(obj, "TextCode"):
            text = code.text or ""
            x = float(code.get("X", x))
            y = float(code.get("Y", y))
            dx, dy = deltas(code.get("DeltaX")), deltas(code.get("DeltaY"))
            for index, ch in enumerate(text):
                wide = ord(ch) >= 0x2E80
                advance = dx[index] if index < len(dx) else (size if wide else size * 0.5)
                px, py = a * x + c * y + e, b * x + d * y + f
                em = size * scale
                x0 = bx + px
                out.append(Glyph(ch, x0, x0 + advance * scale, by + py - em * 0.88, by + py + em * 0.12, em, bold))
                if dx or not dy:  # horizontal text; vertical text only moves down
                    x += advance
                if index < len(dy):
                    y += dy[index]
            if out and text and not dx and not dy and boundary[2] > 0:
                last = out[-1]  # no DeltaX: the boundary tells where the text ends
                end = bx + (a * boundary[2] if len(text) == 1 else max(boundary[2] * a, last.x1 - bx))
                out[-1] = Glyph(last.text, last.x0, max(end, last.x0), last.top, last.bottom, last.size, last.bold)
    return out


def _image_refs(page) -> list[str]:
    return [obj.get("ResourceID") for obj in descendants(page, "ImageObject") if obj.get("ResourceID")]


def _media(package: Package, document, doc_dir: str) -> dict[str, bytes]:
    """Image resources (MultiMedia Type="Image") of the document, by ID."""
    found: dict[str, bytes] = {}
    common = child(document, "CommonData")
    if common is None:
        return found
    for res_name in ("PublicRes", "DocumentRes"):
        for res in children(common, res_name):
            res_path = resolve(doc_dir, (res.text or "").strip())
            if not package.has(res_path):
                continue
            res_root = package.xml(res_path)
            base = resolve(posixpath.dirname(res_path), res_root.get("BaseLoc", ""))
            for media in descendants(res_root, "MultiMedia"):
                if (media.get("Type") or "").lower() != "image":
                    continue
                file_node = child(media, "MediaFile")
                if file_node is None or not (file_node.text or "").strip():
                    continue
                location = resolve(base, file_node.text.strip())
                if package.has(location):
                    found[media.get("ID")] = package.read(location)
    return found

