"""Saved web pages (.html, .htm, and .mht/.mhtml single-file pages): the letter among the portal.

A government portal's page holds the letter in one element among the site's
header, navigation, breadcrumb, "related articles" and footer, with the
信息公开 table (索引号、发布机构、成文日期、文号 …) above it.  The reader

1. decodes the page (BOM, ``<meta charset>``, else UTF-8, else GB18030);
2. takes the page's address from ``<link rel=canonical>``, ``og:url``, the
   ``Url`` meta tag or the ``saved from url=`` comment a browser writes;
3. drops what is never the letter (scripts, ``<nav>``, ``<header>``,
   ``<footer>``, ``<aside>`` and elements named like menus, breadcrumbs,
   footers, share bars or related links);
4. finds the letter by text density: from ``<body>`` it descends into the
   child holding most of the Chinese text outside links, as long as that
   child holds at least 70 % of it or three times as much as any other child;
5. reads the 信息公开 table outside the letter (th/td cells, dt/dd pairs, or
   "label：value" spans) into ``label：value`` lines, the form the importer
   reads in a letter's header, and puts the page's title (``<h1>``, the
   ``ArticleTitle`` meta tag) before the letter when the letter lacks it.

Readability-lxml and trafilatura were measured against this on the fixtures
(``benchmarks/import_formats.py --html-engines``): both find the article, but
neither keeps the 信息公开 table, and readability drops short signature lines;
this reader needs only lxml, already installed with python-docx.
"""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

from . import FormatError, Letter

CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
SAVED_FROM = re.compile(r"saved from url=\(\d+\)(\S+?)\s*-->", re.I)
DROP_TAGS = {"script", "style", "noscript", "template", "iframe", "svg", "canvas", "object", "embed", "select",
             "button", "input", "textarea", "nav", "header", "footer", "aside", "form", "map", "video", "audio"}
CHROME_WORDS = ("nav", "navbar", "menu", "menus", "footer", "foot", "bottom", "copyright", "crumb", "crumbs",
                "breadcrumb", "breadcrumbs", "location", "position", "share", "sharebar", "bdshare", "sidebar", "side",
                "related", "xgwz", "xglj", "links", "friendlink", "toolbar", "tools", "search", "login", "topbar",
                "banner", "logo", "qrcode", "ewm", "print", "fontsize", "zoomsize")
CHROME_NAME = re.compile(rf"(?:^|[-_])(?:{'|'.join(CHROME_WORDS)})(?:$|[-_\d])", re.I)
SITE_HEADER = re.compile(r"^(?:header|head|top)(?:$|[-_\d])", re.I)  # header-nav, head_top; not article-header
BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "table", "tbody", "thead",
              "section", "article", "main", "blockquote", "pre", "dl", "dt", "dd", "center", "hr", "address",
              "figure", "figcaption", "body", "html", "td", "th", "caption"}
BOLD_TAGS = {"b", "strong"}
CJK = re.compile(r"[\u3400-\u9fff]")
TITLE_SUFFIX = re.compile(r"\s*[-_|｜—–]\s*[^-_|｜—–]{2,30}$")
DESCEND_SHARE = 0.7


def read_html(path: Path) -> Letter:
    return read_html_bytes(path.read_bytes())


def read_mhtml(path: Path) -> Letter:
    """A single-file web page (MHTML, also what Word writes for "save as web page" into a .doc)."""
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.compat32)
    location = ""
    for part in message.walk():
        if part.get_content_type() == "text/html":
            location = part.get("Content-Location", "") or message.get("Snapshot-Content-Location", "")
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset()
            if charset and not CHARSET.search(payload[:4096]):
                payload = f'<meta charset="{charset}">'.encode("ascii") + payload
            return read_html_bytes(payload, location if location.startswith("http") else "")
    raise FormatError("单一网页文件（.mht）中没有网页内容")


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    declared = CHARSET.search(data[:4096])
    candidates = []
    if declared:
        name = declared.group(1).decode("ascii").lower()
        candidates.append("gb18030" if name in ("gb2312", "gbk", "gb18030", "x-gbk", "cp936") else name)
    candidates += ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise FormatError("网页的文字编码无法识别；请在浏览器中重新“另存为”网页（UTF-8）后再导入")


def read_html_bytes(data: bytes, location: str = "") -> Letter:
    import lxml.html
    from lxml import etree

    text = decode(data)
    saved = SAVED_FROM.search(text[:2000])
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError):
        raise FormatError("网页文件无法解析，可能已损坏") from None
    url = _address(root) or (saved.group(1) if saved else "") or location
    title = _title(root)
    body = root.find("body")
    if body is None:
        body = root
    _drop(body)
    content = _main(body)
    content_lines = render(content)
    meta = _metadata(body, content)
    lines = []
    if url:
        lines.append(f"source: {url}")
    lines += meta
    if title and not any(_squash(title) in _squash(line) for line in content_lines[:12]):
        lines.append(title)
    lines += content_lines
    if not any(CJK.search(line) for line in content_lines):
        raise FormatError("网页中没有找到答复正文（可能只保存了网页框架，正文由脚本加载）；请在浏览器中打开后"
                          "“另存为：网页，全部”或复制正文到 .txt 文件再导入")
    return Letter("\n".join(lines))


def _address(root) -> str:
    for xpath in ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content',
                  '//meta[@name="Url" or @name="url" or @name="URL"]/@content'):
        found = [value.strip() for value in root.xpath(xpath) if value.strip().startswith("http")]
        if found:
            return found[0]
    return ""


def _title(root) -> str:
    for xpath in ('//meta[@name="ArticleTitle"]/@content', "//h1"):
        for found in root.xpath(xpath):
            text = found if isinstance(found, str) else found.text_content()
            text = re.sub(r"\s+", " ", text).strip()
            if len(text) >= 6 and CJK.search(text):
                return text
    titles = root.xpath("//title")
    if titles:  # "the letter's title_the site's name"; a bare site name is no title
        text = re.sub(r"\s+", " ", titles[0].text_content()).strip()
        shortened = TITLE_SUFFIX.sub("", text)
        if shortened != text and len(shortened) >= 8 and CJK.search(shortened):
            return shortened
    return ""


def _is_chrome(element) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in DROP_TAGS:
        return True
    names = f"{element.get('class', '')} {element.get('id', '')}".split()
    if any(CHROME_NAME.search(name) or SITE_HEADER.match(name) for name in names):
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or element.get("hidden") is not None


def _drop(body) -> None:
    from lxml import etree

    for comment in list(body.iter(etree.Comment)):
        if comment.getparent() is not None:
            comment.drop_tree()  # keeps the text after it
    for element in list(body.iter()):
        if not isinstance(element.tag, str):
            continue
        if element is not body and element.getparent() is not None and _is_chrome(element):
            element.drop_tree()
    etree.strip_elements(body, etree.ProcessingInstruction, with_tail=False)


def _weight(element) -> int:
    """Chinese characters outside links: how much of the letter an element may hold."""
    total = len(CJK.findall(element.text_content()))
    links = sum(len(CJK.findall(a.text_content())) for a in element.iter("a"))
    return total - links


def _main(body):
    node = body
    while True:
        weight = _weight(node)
        children = [child for child in node if isinstance(child.tag, str)]
        if not children or weight == 0:
            return node
        ranked = sorted(children, key=_weight, reverse=True)
        best, runner_up = _weight(ranked[0]), (_weight(ranked[1]) if len(ranked) > 1 else 0)
        if ranked[0].tag in ("p", "li", "tr", "span", "font", "strong", "b", "br"):
            return node
        if best < DESCEND_SHARE * weight and best < 3 * runner_up:
            return node
        node = ranked[0]


# --- metadata --------------------------------------------------------------------------------------


def _known_labels() -> tuple[str, ...]:
    from ..lines import KNOWN_LABELS

    extra = ("发文日期", "失效日期", "发布单位", "办文单位", "名称", "所属机构", "所属主题", "信息分类", "生成日期",
             "文件编号", "公开时间")
    return tuple(sorted({*KNOWN_LABELS, *extra}, key=len, reverse=True))


def _label_of(text: str, labels) -> str | None:
    key = re.sub(r"[\s\u3000]", "", text).rstrip(":：")
    return key if key in labels else None


def _metadata(body, content) -> list[str]:
    """The 信息公开 table outside the letter, as ``label：value`` lines."""
    labels = _known_labels()
    pairs: list[tuple[str, str]] = []
    seen = set()
    inside = set(content.iter())
    for table in body.iter("table"):
        if table in inside or table in seen:
            continue
        for row in table.iter("tr"):
            cells = [re.sub(r"\s+", " ", cell.text_content()).strip() for cell in row if cell.tag in ("td", "th")]
            pairs += _cell_pairs(cells, labels)
        seen.update(table.iter())
    for dl in body.iter("dl"):
        if dl in inside or dl in seen:
            continue
        key = None
        for item in dl:
            if item.tag == "dt":
                key = _label_of(item.text_content(), labels) or re.sub(r"\s+", "", item.text_content()).rstrip(":：")
            elif item.tag == "dd" and key:
                pairs.append((key, re.sub(r"\s+", " ", item.text_content()).strip()))
                key = None
        seen.update(dl.iter())
    lines = [f"{key}：{value}" for key, value in pairs if value]
    for element in body.iter():
        if element in inside or element in seen or not isinstance(element.tag, str) or element is content:
            continue
        if element.tag in BLOCK_TAGS and not any(child in inside for child in element.iter()):
            if any(isinstance(child.tag, str) and child.tag in BLOCK_TAGS for child in element):
                continue  # read at the innermost block
            for line in _segments(element, labels):
                if _has_labels(line, labels):
                    lines.append(line)
            seen.update(element.iter())
    return lines


def _segments(element, labels) -> list[str]:
    """The element's text, a new line wherever a child (a span, a <b>) starts with a label."""
    pieces = [element.text or ""]
    for child in element:
        pieces.append(child.text_content() if isinstance(child.tag, str) else "")
        pieces.append(child.tail or "")
    out: list[str] = []
    for piece in pieces:
        piece = re.sub(r"\s+", " ", piece)
        if not piece.strip():
            if out:
                out[-1] += piece
            continue
        if not out or _has_labels(piece, labels):
            out.append(piece)
        else:
            out[-1] += " " + piece  # the page's elements are apart on screen
    return [line.strip() for line in out if line.strip()]


def _cell_pairs(cells: list[str], labels) -> list[tuple[str, str]]:
    pairs, index = [], 0
    while index < len(cells):
        key = _label_of(cells[index], labels) or (
            re.sub(r"\s+", "", cells[index]).rstrip(":：") if re.search(r"[:：]\s*$", cells[index]) and len(cells[index]) <= 10 else None)
        if key and index + 1 < len(cells) and not _label_of(cells[index + 1], labels):
            pairs.append((key, cells[index + 1]))
            index += 2
            continue
        if match := re.match(r"^\s*([^:：]{2,8})\s*[:：]\s*(.+)$", cells[index]):
            if _label_of(match.group(1), labels):
                pairs.append((_label_of(match.group(1), labels), match.group(2).strip()))
        index += 1
    return pairs


def _has_labels(line: str, labels) -> bool:
    compact = re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff][\s\u4e00-\u9fff]{0,4}[:：])", "", line)
    return any(re.match(rf"^\s*{re.escape(label)}\s*[:：]", compact) for label in labels)


# --- text of an element, line by line -------------------------------------------------------------


def render(element) -> list[str]:
    """Lines as a browser lays them out: blocks and <br> break lines, table cells are spaced."""
    pieces: list[tuple[str, bool]] = []  # (text, bold); "\n" breaks
    _walk(element, pieces, False)
    lines: list[str] = []
    current: list[tuple[str, bool]] = []
    for text, bold in pieces:
        if text == "\n":
            lines.append(_line(current))
            current = []
        else:
            current.append((text, bold))
    lines.append(_line(current))
    return [line for line in lines if line]


def _walk(element, pieces, bold: bool) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "br":
        pieces.append(("\n", False))
        if element.tail:
            pieces.append((element.tail, bold))
        return
    block = tag in BLOCK_TAGS
    here_bold = bold or tag in BOLD_TAGS or "bold" in (element.get("style") or "").replace(" ", "").lower() \
        or re.search(r"font-weight:(?:bold|[6-9]00)", (element.get("style") or "").replace(" ", "").lower()) is not None
    if block and tag not in ("td", "th"):
        pieces.append(("\n", False))
    if tag in ("td", "th"):
        pieces.append((" ", False))
    if element.text:
        pieces.append((element.text, here_bold))
    for child in element:
        if isinstance(child.tag, str):
            _walk(child, pieces, here_bold)
        elif child.tail:  # a comment or processing instruction
            pieces.append((child.tail, here_bold))
    if block and tag not in ("td", "th"):
        pieces.append(("\n", False))
    if element.tail:
        pieces.append((element.tail, bold))


def _line(pieces: list[tuple[str, bool]]) -> str:
    runs: list[tuple[str, bool]] = []
    for text, bold in pieces:
        text = re.sub(r"[ \t\r\n\f\u00a0]+", " ", text)
        if not text:
            continue
        if runs and runs[-1][1] == bold:
            runs[-1] = (runs[-1][0] + text, bold)
        else:
            runs.append((text, bold))
    plain_text = re.sub(r" {2,}", " ", "".join(text for text, _ in runs)).strip()
    visible = [(text, bold) for text, bold in runs if text.strip()]
    if not visible or all(bold for _, bold in visible) or not any(bold for _, bold in visible):
        return plain_text
    out = []
    for text, bold in runs:
        if bold and text.strip():
            lead, core, trail = re.match(r"^(\s*)(.*?)(\s*)$", text, re.S).groups()
            out.append(f"{lead}**{core}**{trail}")
        else:
            out.append(text)
    return re.sub(r" {2,}", " ", "".join(out)).strip()


def _squash(text: str) -> str:
    return re.sub(r"[\s*“”\"'《》:：,，。]", "", text)
