"""Cleaning a letter's text: web-page leftovers and punctuation.

Letters copied from a government website carry the page around them
(breadcrumbs, "浏览次数", accessibility toggles, tab labels, footers) and the
site has often turned the letter's full-width punctuation into ASCII.  These
rules are written for web pages in general, not for particular sites.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Line(NamedTuple):
    number: int  # 1-based line in the input file, for messages
    text: str


# --- the "source: URL" line of a saved web page ---------------------------------

SOURCE_LINE = re.compile(r"^\s*(?:source|url|原文链接|原文地址|来源网址|网页地址)\s*[:：]\s*(?P<url>https?://\S+)\s*$", re.I)


def split_source(lines: list[Line]) -> tuple[str, list[Line]]:
    """The page address recorded on the first line of a web copy, and the rest."""
    if lines and (match := SOURCE_LINE.match(lines[0].text)):
        return match["url"], lines[1:]
    return "", lines


# --- whitespace ----------------------------------------------------------------

INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
SPACES = re.compile(r"[\u00a0\u3000\u2002\u2003\u2009\t]")


def tidy(text: str) -> str:
    """Strip a line, turning ideographic and no-break spaces into plain ones."""
    return SPACES.sub(" ", text.translate(INVISIBLE)).strip()


def split_lines(text: str) -> list[Line]:
    return [Line(number, table_row(tidy(raw))) for number, raw in enumerate(text.split("\n"), start=1)]


# --- tables of web pages ---------------------------------------------------------
# A page's information table, copied as text, arrives as rows of cells between
# pipes: "索引号: | 1137…/2025-04080 | 公开方式: | 主动公开 |", "鲁桥镇人民政府 2025年6月2日 |",
# "||||||".  The pipes are the page's layout, not the letter's text: a row's
# cells are read as space-separated (as a .docx table row is read), so labels,
# signatures and dates in them are recognised.  Only lines that start or end
# with a pipe are rows; "登录|注册" or a breadcrumb "首页 | 政务公开 | …" is left
# for the chrome rules.

PIPE = re.compile(r"\s*[|｜]\s*")


def table_row(text: str) -> str:
    if not text.startswith(("|", "｜")) and not text.endswith(("|", "｜")):
        return text
    cells = [cell for cell in PIPE.split(text) if cell]
    labelled = any(cell.endswith((":", "：")) for cell in cells)
    if len(cells) > 1 and not labelled and is_breadcrumb(text):
        return text
    return "  ".join(cells)


# --- punctuation ---------------------------------------------------------------

HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
FULL_MARKS = "，：；？！（）"
CJK_PUNCTUATION = "。，、；：？！“”‘’（）《》【】〔〕…—·"


def is_cjk(ch: str) -> bool:
    return len(ch) == 1 and ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or ch in CJK_PUNCTUATION)


def _neighbour(text: str, index: int, step: int) -> str:
    index += step
    while 0 <= index < len(text) and text[index] == " ":
        index += step
    return text[index] if 0 <= index < len(text) else ""


def _touches_cjk(text: str, index: int) -> bool:
    return is_cjk(_neighbour(text, index, -1)) or is_cjk(_neighbour(text, index, 1))


def halfwidth_marks(text: str) -> list[int]:
    """Positions of ASCII , : ; ? ! ( ) standing next to Chinese text."""
    return [i for i, ch in enumerate(text) if ch in HALF_TO_FULL and _touches_cjk(text, i)]


def prefers_halfwidth(text: str) -> bool:
    """True when the page turned the letter's punctuation into ASCII wholesale.

    A letter typed with full-width marks and a few stray ASCII ones is kept as
    written (an official text is reproduced verbatim); only a copy whose
    punctuation is mostly ASCII is restored.
    """
    full = sum(text.count(mark) for mark in FULL_MARKS)
    return len(halfwidth_marks(text)) > full


def to_fullwidth(text: str) -> str:
    """Turn ASCII , : ; ? ! ( ) next to Chinese text into full-width marks.

    Parentheses are converted in pairs so 潼民发(2024)275号 stays balanced, and
    spaces around a converted mark go (full-width marks carry their own space).
    """
    convert = set(halfwidth_marks(text))
    for match in re.finditer(r"\(([^()\n]*)\)", text):
        if match.start() in convert or match.end() - 1 in convert:
            convert.update((match.start(), match.end() - 1))
    out: list[str] = []
    last_converted = False
    for index, ch in enumerate(text):
        if index in convert:
            while out and out[-1] == " ":
                out.pop()
            out.append(HALF_TO_FULL[ch])
            last_converted = True
        elif ch == " " and last_converted:
            continue
        else:
            out.append(ch)
            last_converted = False
    return "".join(out)


# --- web-page leftovers ------------------------------------------------------------

CHROME_WORDS = (
    "无障碍", "适老化", "长者模式", "关怀版", "扫码", "扫一扫", "网站标识码", "ICP备", "ICP证", "公网安备",
    "版权所有", "浏览次数", "浏览量", "阅读次数", "访问量", "点击数", "打印本页", "关闭窗口", "打印此页",
    "【字体", "字体：", "字号：", "分享到", "当前位置", "您的位置", "您当前的位置", "您现在的位置", "技术支持",
    "网站地图", "返回顶部", "上一篇", "下一篇", "相关链接", "相关文章", "政务微博", "政务微信",
)
BREADCRUMB_SPLIT = re.compile(r"\s*[|/>»›＞｜]\s*")
BREADCRUMB_START = re.compile(r"^(?:首页|网站首页|主页|当前位置|您的位置)")
TAB_LABEL = re.compile(r"^[•·●▪■◆◇○►▶]\s*\S{1,10}$")
MAX_CHROME_LENGTH = 60


def is_breadcrumb(text: str) -> bool:
    parts = [part for part in BREADCRUMB_SPLIT.split(text) if part]
    if len(parts) < 2 or len(BREADCRUMB_SPLIT.findall(text)) < 1:
        return False
    short = all(len(part) <= 15 and not re.search(r"[。，；：！？]", part) for part in parts)
    return short and (len(parts) >= 3 or bool(BREADCRUMB_START.match(text)))


def is_chrome(text: str) -> bool:
    """A line that belongs to the web page, not to the letter.

    Only called on lines outside the letter's body (before the salutation and
    after the signature), so body sentences mentioning 扫码 are never dropped.
    """
    if not text or len(text) > MAX_CHROME_LENGTH:
        return False
    if any(word in text for word in CHROME_WORDS) or is_breadcrumb(text) or TAB_LABEL.match(text):
        return True
    # a close button "x" or a stray icon glyph: no Chinese, no digits, 1-3 characters
    return len(text) <= 3 and not re.search(r"[\u4e00-\u9fff\d]", text)
