"""Recognising the standard lines of a reply letter that are not its body.

A reply follows GB/T 9704 and the local 建议提案办理 rules: 发文机关标志, 文号
(with 签发人 and the 答复类别 beside it), title, salutation, body, the
signatures of the leader in charge and the contact person, 发文机关署名, 成文日期,
附注 (公开属性) and 抄送.  Web copies add an information table (索引号, 发布日期 …).
Each function here looks at one line of text; none reads files.
"""

from __future__ import annotations

import datetime as dt
import enum
import re

from .. import conventions
from .cleaning import is_chrome

CJK = "\u4e00-\u9fff"


# Labels spaced out to line up in print: "联 系 人：", "抄 送：", "签 发 人："; a web
# page pads them with a no-break space and a space ("名  称：", "文  号：").
SPACED_LABEL = re.compile(rf"(?:^|(?<=[\s，,；;（(【]))(?P<label>[{CJK}](?: {{1,2}}[{CJK}]){{1,5}})(?=\s*[:：])")


# A web page's information list converted to Markdown: "- 索引号: …", "* 发文机关: …".
# Only an ASCII marker followed by Chinese text, so a page number "- 2 -" stays.
LIST_MARKER = re.compile(rf"^[-*+]\s+(?=[{CJK}])")


def plain(text: str) -> str:
    """A line without Markdown heading marks, list markers, whole-line bold or spaced-out labels."""
    text = LIST_MARKER.sub("", re.sub(r"^#{1,6}\s+", "", text.strip()))
    if text.startswith("**") and text.endswith("**") and text.count("**") == 2 and len(text) > 4:
        text = text[2:-2].strip()
    return SPACED_LABEL.sub(lambda match: match["label"].replace(" ", ""), text)


# --- information tables of web pages and listing pages ------------------------------

KNOWN_LABELS = (
    "索引号", "发布机构", "发文机关", "发文单位", "公开目录", "主题分类", "体裁分类", "组配分类", "服务对象分类",
    "发布日期", "发布时间", "公开日期", "成文日期", "生效日期", "文号", "发文字号", "主题词", "关键词", "浏览量",
    "浏览次数", "阅读量", "访问量", "点击数", "来源", "信息来源", "作者", "类别", "分类", "有效性", "公开方式",
    "公开范围", "公开时限", "公开属性", "建议人", "提案人", "领衔人", "领衔代表", "领衔委员", "提出人", "主办单位",
    "会办单位", "协办单位", "承办单位", "答复时间", "答复日期", "办复时间", "办复日期", "落款日期", "提案号",
    "建议号", "编号", "提案编号", "建议编号", "案号", "标题", "信息名称", "会议名称", "届次", "字号", "字体",
    "答复类别", "办理类别",
    # more cells of portals' information tables and listing pages
    "名称", "归档时间", "发文日期", "发文时间", "办文单位", "失效日期", "交办日期", "内容", "办理情况",
    "文章录入", "责任编辑",
)
# A label starts a line or follows a space, or directly follows the colon of an
# empty cell before it: "索引号：主题分类：科技、教育" (once the copy's spaces around
# ASCII colons are gone) is 索引号 empty and 主题分类 科技、教育.
LABEL = re.compile(
    r"(?:^|(?<=[\s:：]))(?P<label>" + "|".join(sorted(KNOWN_LABELS, key=len, reverse=True)) + r")(?:\s*[:：]\s*|(?=\s)|$)"
)


def parse_labels(text: str) -> dict[str, str] | None:
    """Read "索引号 X 发布机构 Y" or "来源：X 发布时间：Y"; None if not such a line."""
    matches = list(LABEL.finditer(text))
    if not matches or matches[0].start() != 0:
        return None
    labels: dict[str, str] = {}
    for match, following in zip(matches, [*matches[1:], None]):
        value = text[match.end() : following.start() if following else len(text)]
        labels.setdefault(match["label"], value.strip(" ：:，,;；"))
    return labels


# --- signatures and contacts ---------------------------------------------------------

SIGNATORY_ROLE = rf"[{CJK}]{{0,10}}?(?:领导|签发人|签发|负责人|负责同志|审核人|审签人|核稿人|县长|区长|市长|州长|局长|厅长|主任|书记|处长|科长|部长)"
CONTACT_ROLE = rf"[{CJK}]{{0,10}}?(?:联系人|经办人|承办人|联络员)(?:姓名)?(?:及(?:联系)?(?:电话|方式))?"
PHONE_LABEL = r"(?:联系电话|办公电话|联系方式|手机号码|手机|座机|电话)"
PEOPLE_LABEL = re.compile(
    rf"(?:(?<![{CJK}])(?P<contact>{CONTACT_ROLE})|(?<![{CJK}])(?P<signatory>{SIGNATORY_ROLE})|(?P<phone>{PHONE_LABEL}))\s*[:：]\s*"
)
NAME = rf"[{CJK}·]{{2,6}}"
NAMES = re.compile(rf"^{NAME}(?:\s*[、，,]\s*{NAME})*$")
PHONE = r"(?:\+?86[\s-]?)?[0-9（）()][0-9（）()\-\s转]{5,}[0-9]"
CONTACT_VALUE = re.compile(rf"^(?P<name>{NAME})(?:[\s，,；;]*(?P<phone>{PHONE}))?$")
PHONE_VALUE = re.compile(rf"^{PHONE}(?:\s*[、，,/]\s*{PHONE})*$")


def parse_people(text: str) -> list[tuple[str, str, str]] | None:
    """Read "区政府分管领导：焦杨" or "联系人：童汝慧，联系电话：0577-63385314".

    Returns (kind, label, value) with kind signatory, contact or phone; None
    unless the whole line is such pairs (a sentence mentioning 联系人 is body).
    A 附注 in parentheses, "（联系人：王五，电话：020-38622000）", is read the same.
    """
    text = unwrap(text)
    matches = list(PEOPLE_LABEL.finditer(text))
    if not matches or matches[0].start() != 0:
        return None
    pairs = []
    for match, following in zip(matches, [*matches[1:], None]):
        value = text[match.end() : following.start() if following else len(text)].strip(" ，,；;。")
        kind = next(k for k in ("contact", "signatory", "phone") if match[k])
        label = match[kind]
        if not _valid_value(kind, value):
            return None
        pairs.append((kind, label, value))
    return pairs


def unwrap(text: str) -> str:
    """A line without the parentheses enclosing all of it.

    The closing parenthesis may be missing: a stored copy of a page can end a
    line where it was cut ("（联系人：乐希，联系电话：138…"), and the contact in
    it must still be read, so that its number is checked like any other.
    """
    match = re.fullmatch(r"[（(](?P<inner>[^（）()]*)(?:[）)][。.]?)?", text.strip())
    return match["inner"].strip() if match else text


def _valid_value(kind: str, value: str) -> bool:
    if kind == "signatory":
        return bool(NAMES.match(value))
    if kind == "contact":
        return bool(CONTACT_VALUE.match(value))
    return bool(PHONE_VALUE.match(value)) and sum(ch.isdigit() for ch in value) >= 7


def split_contact(value: str) -> tuple[str, str]:
    match = CONTACT_VALUE.match(value)
    return (match["name"], (match["phone"] or "").strip()) if match else (value, "")


# --- 公开属性, 答复类别, 抄送 ---------------------------------------------------------------

DISCLOSURE_WORDS = {
    "主动公开": "主动公开", "公开发布": "主动公开", "同意公开": "主动公开", "同意": "主动公开", "公开": "主动公开",
    "是": "主动公开", "依申请公开": "依申请公开", "不予公开": "不予公开", "不公开": "不予公开",
    "不同意公开": "不予公开", "不同意": "不予公开", "否": "不予公开",
}
OPEN, CLOSE = "[（(【\\[［〔]", "[）)】\\]］〕]"
# 附注 forms: （此件主动公开）, （此件公开发布）, and with the letter named: （此回复件公开）,
# （本答复公开）, where a bare 公开 after the subject means 主动公开.
DISCLOSURE_NOTE = re.compile(
    rf"^{OPEN}?\s*(?:(?:此|本)(?:回复|答复|复函|办理)?(?:件|文|函)?)?\s*"
    rf"(?P<value>主动公开|公开发布|依申请公开|不予公开|不公开|同意公开|不同意公开)\s*{CLOSE}?\s*[。.]?$"
    rf"|^{OPEN}?\s*(?:此|本)(?:(?:回复|答复|复函)(?:件|函)?|件|文|函)\s*(?P<bare>公开)\s*{CLOSE}?\s*[。.]?$"
)
DISCLOSURE_LABELLED = re.compile(
    rf"^(?:信息)?(?:公开方式|公开属性|公开类型|公开选项|公开意见|是否同意公开|是否公开)\s*[:：]?\s*{OPEN}?\s*"
    rf"(?P<value>主动公开|依申请公开|不予公开|不同意公开|同意公开|不公开|不同意|同意|公开|是|否)\s*{CLOSE}?\s*[。.]?$"
)


def disclosure_in(text: str) -> str | None:
    """Read 此件主动公开, （同意公开）, 是否同意公开【主动公开】 or 公开方式 主动公开."""
    text = plain(text)
    match = DISCLOSURE_NOTE.match(text) or DISCLOSURE_LABELLED.match(text)
    if not match:
        return None
    groups = match.groupdict()
    return DISCLOSURE_WORDS[groups["value"] or groups["bare"]]


# A letter after the class is a local sub-class (B1, B2: 列入计划 / 正在解决 …) of the
# national A–D scale the record holds, so "B1 类" is recorded as B.  "办理结果：（C）" is
# how some listing pages label the class.
SUBCLASS = r"(?:\s*[1-9](?![0-9]))?"
CATEGORY_LABELLED = re.compile(
    rf"^(?:答复类别|办理类别|答复类型|办复类别|办理结果类别|办理结果|答复分类|分类标识|类别标识|类别)\s*[:：]?\s*{OPEN}?\s*"
    rf"(?P<category>[A-Da-d]){SUBCLASS}\s*类?\s*{CLOSE}?"
    rf"(?:\s*[（(][^（）()]*[）)])?$"  # "A（所提问题已经解决或者基本解决）"
)
CATEGORY_BARE = re.compile(rf"^{OPEN}?\s*(?P<category>[A-D]){SUBCLASS}\s*类?\s*{CLOSE}?$")


def category_in(text: str, bare_allowed: bool = False) -> str | None:
    """Read 答复类别：A类 or 分类标识【D】; a bare A类 or A only where the layout
    puts the mark (the caller knows: beside the 文号, or the letter's top line)."""
    text = plain(text)
    if match := CATEGORY_LABELLED.match(text):
        return match["category"].upper()
    if bare_allowed and (match := CATEGORY_BARE.match(text)):
        return match["category"]
    return None


CC = re.compile(r"^(?:抄送|抄报)\s*[:：]\s*(?P<list>.*)$")


def cc_in(text: str) -> list[str] | None:
    match = CC.match(plain(text))
    return split_list(match["list"]) if match else None


def split_list(text: str) -> list[str]:
    return [item.strip(" 。.") for item in re.split(r"[，,、；;]", text) if item.strip(" 。.")]


# --- 文号 line ---------------------------------------------------------------------------

DOC_LABEL = re.compile(r"^(?:文号|发文字号)\s*[:：]?\s*")
# Bracket forms of the year that conventions.DOC_NUMBER does not list: the small
# form variants ﹝﹞ (U+FE5D/FE5E) some portals' fonts substitute for 〔〕.  One
# character for one, so offsets into the text stay valid.
BRACKET_VARIANTS = str.maketrans("﹝﹞", "〔〕")
# A web form that lays out the 机关代字 as a label, "建议字:〔2023〕8号": the colon
# is the form's, the 文号 is 建议字〔2023〕8号.
LABELLED_PREFIX = re.compile(rf"(?<=[{CJK}])\s*[:：]\s*(?=[〔【\[［(（〖]\s*(?:19|20)\d\d\s*[〕】\]］)）〗])")


def doc_numbers(text: str) -> list:
    """conventions.find_doc_numbers over ``text`` with the variants above read as 〔〕."""
    return conventions.find_doc_numbers(text.translate(BRACKET_VARIANTS))


# What may follow the 文号 on its line besides people: the 答复类别 mark and the
# 公开属性 ("岳县路字〔2023〕41号 B1 类 同意公开", "岳发改字〔2020〕46号A类 同意公开").
DOC_TAIL = re.compile(
    rf"^(?:{OPEN}?\s*(?P<category>[A-D]){SUBCLASS}\s*类?\s*{CLOSE}?)?\s*"
    rf"(?:{OPEN}?\s*(?:此件|本件)?\s*(?P<disclosure>主动公开|公开发布|同意公开|依申请公开|不予公开|不公开)\s*{CLOSE}?)?$"
)


def doc_number_parts(text: str) -> dict | None:
    """文号, 答复类别, 公开属性 and people pairs of the 文号 line; None if it is not one."""
    text = LABELLED_PREFIX.sub("", DOC_LABEL.sub("", plain(text))).translate(BRACKET_VARIANTS)
    found = conventions.find_doc_numbers(text)
    if not found:
        return None
    _, written, number = found[0]
    rest = [part for part in re.split(r"\s{2,}|\s(?=[（(【\[A-D签])", text.replace(written, " ", 1).strip()) if part.strip()]
    parts = {"number": str(number), "category": "", "disclosure": "", "people": []}
    for part in rest:
        part = part.strip()
        if category_in(part, bare_allowed=True) and not parts["category"]:
            parts["category"] = category_in(part, bare_allowed=True)
        elif (pairs := parse_people(part)) is not None:
            parts["people"].extend(pairs)
        elif (tail := DOC_TAIL.match(part)) and (tail["category"] or tail["disclosure"]):
            parts["category"] = parts["category"] or tail["category"] or ""
            parts["disclosure"] = parts["disclosure"] or DISCLOSURE_WORDS.get(tail["disclosure"] or "", "")
        else:
            return None
    return parts


def doc_number_line(text: str) -> tuple[str, str, list] | None:
    """(文号, 答复类别, people pairs) when the line is the 文号 line of a letter.

    The 文号 may share its line with 签发人 (上行文), a bare 答复类别 mark or the
    公开属性.
    """
    parts = doc_number_parts(text)
    return (parts["number"], parts["category"], parts["people"]) if parts else None


# --- dates, organisations, titles, separators --------------------------------------------


# A stored copy may drop 年月日 from the 成文日期 (2023年6月19日 → "2023619"):
# year, month and day run together.  Read only a line that is nothing else and
# only when one split gives a real date: 2023619 is 6-19 (61-9 is none), 2023111
# (1-11 or 11-1) is not read.
COMPACT_DATE = re.compile(r"(?P<year>(?:19|20)\d\d)(?P<rest>\d{2,4})")


def compact_date(text: str):
    match = COMPACT_DATE.fullmatch(text.translate(conventions.FULLWIDTH_DIGITS))
    if not match:
        return None
    year, rest = int(match["year"]), match["rest"]
    dates = set()
    for cut in range(1, len(rest)):
        month, day = rest[:cut], rest[cut:]
        if len(month) > 2 or len(day) > 2 or month.startswith("0") and len(rest) < 4:
            continue
        try:
            dates.add(dt.date(year, int(month), int(day)))
        except ValueError:
            pass
    return dates.pop() if len(dates) == 1 else None


def date_line(text: str):
    """The date when the line is only a date (成文日期 under the signature)."""
    text = plain(text)
    return conventions.parse_date(text) or compact_date(text)


ORG_SUFFIX = (
    "局|厅|委|办|院|部|署|会|处|室|所|站|中心|政府|公司|集团|大学|学校|学院|医院|街道|办事处|镇|乡|管委会|"
    "支队|大队|银行|馆|社|队|台|组|团|园区|司"  # 司: a ministry's department (民航局综合司)
)
ORG_NAME = re.compile(rf"^[{CJK}（）()]{{1,40}}?(?:{ORG_SUFFIX})$")
SEAL_NOTE = re.compile(r"\s*[（(](?:盖章|印章|公章|签章)[）)]$")
DOCUMENT_HEAD = re.compile(rf"^(?P<org>[{CJK}（）()]{{2,40}}?)文件$")


def org_names(text: str) -> list[str]:
    """The organisation(s) a signature or header line names; [] if it is not one."""
    text = plain(text)
    if match := DOCUMENT_HEAD.match(text):  # 发文机关标志 such as 潼关县民政局文件
        return [match["org"]]
    if "关于" in text or is_chrome(text):  # 返回顶部 ends in 部 but is the page's button
        return []
    text = SEAL_NOTE.sub("", text)  # 湖里区人社局（盖章）
    parts = [part for part in re.split(r"\s+|、", text) if part]
    return parts if parts and all(ORG_NAME.match(part) for part in parts) else []


TITLE_END = re.compile(
    r"(?:答复|答复函|复函|的函|回复|回函|会办意见|协办意见|分办意见|办理意见|答复意见|办理情况|办理结果)[”\"]?$"
)


TITLE_LABELS = ("标题", "信息名称", "名称")


def is_title(text: str) -> bool:
    """A title line; a cell of the page's table (主题分类：建议提案答复) is none, except
    the table's own title cell (标题：…, 名称：…)."""
    text = plain(text)
    if not (len(text) <= 120 and TITLE_END.search(text) and re.search("关于|提案|建议|议案", text)):
        return False
    labels = parse_labels(text)
    return labels is None or next(iter(labels)) in TITLE_LABELS


SEPARATOR = re.compile(r"^(?:[-—_=*·.～~]\s*){3,}$")
SEAL = re.compile(rf"^{OPEN}?(?:盖章|印章|公章|签章)[{CJK}]{{0,4}}{CLOSE}?$")
BARE_NUMBER = re.compile(r"^(?:第\s*)?(?P<item>[A-Za-z]{0,4}\d[0-9A-Za-z]*)(?:\s*号)?$")


def bare_number(text: str) -> str | None:
    match = BARE_NUMBER.match(plain(text))
    return match["item"] if match else None


SALUTATION_WORDS = re.compile(r"如下|。|[:：].*[:：]")


def salutation_in(text: str) -> str | None:
    """The addressee of a salutation line such as "肖明委员：", colon removed."""
    text = plain(text)
    if not text.endswith(("：", ":")) or SALUTATION_WORDS.search(text[:-1]) or len(text) > 60:
        return None
    name = text[:-1].strip()
    if not re.search(f"[{CJK}]", name) or parse_labels(text) is not None or is_chrome(text):
        return None
    return name


# A salutation the copy printed without its colon ("尊敬的李刚委员", "张三代表").  Without
# the colon only a person's form of address is safe to read: a bare unit name on
# its own line is as likely the 发文机关标志 or a signature.  The layout also asks
# that the body opening follow it.
UNCOLONED_SALUTATION = re.compile(
    rf"^(?:尊敬的|敬爱的)?[{CJK}·、，,（）()0-9]{{1,40}}?(?:委员|代表|同志|先生|女士)(?:们)?[，,！!]?$"
)


def uncoloned_salutation_in(text: str) -> str | None:
    text = plain(text)
    if len(text) > 50 or not UNCOLONED_SALUTATION.match(text) or classify(text) is not Kind.OTHER:
        return None
    return text.rstrip("，,！!").strip()


# --- one classification used by the layout and by the leftover report --------------------


class Kind(enum.Enum):
    BLANK = "blank"
    DISCLOSURE = "disclosure"
    CC = "cc"
    PEOPLE = "people"
    CATEGORY = "category"
    DOC_NUMBER = "doc_number"
    DATE = "date"
    SEPARATOR = "separator"
    SEAL = "seal"
    TITLE = "title"
    ORG = "org"
    LABELS = "labels"
    CHROME = "chrome"
    OTHER = "other"


def classify(text: str) -> Kind:
    """What a line outside the body is; OTHER when it is none of the standard lines."""
    text = plain(text)
    checks = (
        (Kind.BLANK, lambda: not text),
        (Kind.DISCLOSURE, lambda: disclosure_in(text)),
        (Kind.CC, lambda: cc_in(text) is not None),
        (Kind.PEOPLE, lambda: parse_people(text) is not None),
        (Kind.CATEGORY, lambda: category_in(text)),
        (Kind.DOC_NUMBER, lambda: doc_number_line(text)),
        (Kind.DATE, lambda: date_line(text)),
        (Kind.SEPARATOR, lambda: SEPARATOR.match(text)),
        (Kind.SEAL, lambda: SEAL.match(text)),
        (Kind.TITLE, lambda: is_title(text)),
        (Kind.ORG, lambda: org_names(text)),
        (Kind.LABELS, lambda: parse_labels(text) is not None),
        (Kind.CHROME, lambda: is_chrome(text)),
    )
    return next((kind for kind, check in checks if check()), Kind.OTHER)
