"""Extracting the record's fields from the parts of a letter.

Pure functions over strings.  Each field comes from the places the standard
letter layout puts it, in order of reliability; a field that is not found is
returned empty and reported, never guessed.
"""

from __future__ import annotations

import re

from .. import conventions
from ..schema import Disclosure, HandlingRole, Kind as ReplyKind
from .lines import (
    DISCLOSURE_WORDS,
    Kind,
    bare_number,
    category_in,
    classify,
    date_line,
    disclosure_in,
    doc_number_line,
    doc_number_parts,
    doc_numbers,
    is_title,
    org_names,
    split_list,
)
from .parts import Parts

# --- title, 文号, 索引号, 答复类别 ----------------------------------------------------------------


TITLE_LABEL = re.compile(r"^(?:标题|信息名称|名称)\s*[:：]\s*")


def find_title(parts: Parts) -> str:
    """The letter's title; one wrapped over two lines is joined again."""
    texts = [TITLE_LABEL.sub("", text) for text in parts.header_texts]
    for index, text in enumerate(texts):
        if is_title(text) and classify(text) is Kind.TITLE:
            before = texts[index - 1] if index else ""
            if wrapped_title_start(before):
                return before + text
            return text
    # A title the line rules do not know ("对…第3号建议的答复：镇西镇…的建议") is still
    # the title when the page's 标题 cell repeats a line of the letter's header.
    for key in ("标题", "信息名称", "名称"):
        if (value := parts.labels.get(key, "")) and value in parts.header_texts:
            return value
    return ""


WRAPPED_TITLE_MAX = 40  # a title is printed in 二号 type: a line holds well under 40 characters


def wrapped_title_start(text: str) -> bool:
    """The first line of a title printed over two: it holds 关于 (the title opens
    with it, or with the issuer before it: "马关县交通运输局关于马关县第十七届")
    and is no line of its own kind nor a finished sentence."""
    return (len(text) <= WRAPPED_TITLE_MAX and "关于" in text and classify(text) is Kind.OTHER
            and not re.search(r"[。；！？]$", text))


def find_doc_number(parts: Parts) -> str:
    for text in parts.header_texts:
        if found := doc_number_line(text):
            return found[0]
    for key in ("文号", "发文字号"):
        if found := doc_numbers(parts.labels.get(key, "")):
            return str(found[0][-1])
    return ""


def find_index_no(parts: Parts) -> str:
    return parts.labels.get("索引号", "").split()[0] if parts.labels.get("索引号") else ""


def find_reply_category(parts: Parts) -> str:
    """答复类别：A类 anywhere outside the body; a bare "A类" only beside the 文号 or
    on the letter's top line (the upper-left corner where local rules print it)."""
    texts = [text for text in parts.header_texts if classify(text) is not Kind.CHROME or category_in(text, True)]
    doc_lines = [index for index, text in enumerate(texts) if doc_number_line(text)]
    for index, text in enumerate(texts):
        beside = index == 0 or any(abs(index - doc) <= 1 for doc in doc_lines)
        if category := category_in(text, bare_allowed=beside):
            return category
        if (found := doc_number_line(text)) and found[1]:
            return found[1]
    for key in ("答复类别", "办理类别"):
        if category := category_in(f"答复类别：{parts.labels.get(key, '')}"):
            return category
    return next((category for text in parts.closing_texts if (category := category_in(text))), "")


# --- 公开属性 -----------------------------------------------------------------------------------


def find_disclosure(parts: Parts) -> tuple[str, bool]:
    """(公开属性, whether the letter itself says so); empty when nothing says.

    A copy saved from the issuer's public website (first line ``source: URL``)
    was published by the issuer, so it is 主动公开 with that page as source.
    """
    for text in (*parts.header_texts, *parts.closing_texts):
        if value := disclosure_in(text):
            return value, True
    for text in parts.header_texts:  # "岳发改字〔2020〕46号A类 同意公开"
        if (found := doc_number_parts(text)) and found["disclosure"]:
            return found["disclosure"], True
    for key in ("公开方式", "公开属性"):
        if value := DISCLOSURE_WORDS.get(parts.labels.get(key, "")):
            return value, True
    if parts.source_url:
        return Disclosure.PUBLIC.value, False
    return "", False


# --- dates ------------------------------------------------------------------------------------

WRITTEN_LABELS = ("成文日期", "落款日期", "答复时间", "答复日期", "办复时间", "办复日期")
PUBLISHED_LABELS = ("发布日期", "发布时间", "公开日期")


def _labelled_date(parts: Parts, keys) -> str:
    for labels in (parts.labels, parts.closing_labels):
        for key in keys:
            if found := conventions.find_dates(labels.get(key, "")):
                return found[0][1].isoformat()
    return ""


def find_written_date(parts: Parts) -> str:
    """The date under the signature; a 成文日期/答复时间 label when there is none."""
    for text in reversed(parts.closing_texts):
        if date := date_line(text):
            return date.isoformat()
    return _labelled_date(parts, WRITTEN_LABELS)


def find_published_date(parts: Parts) -> str:
    return _labelled_date(parts, PUBLISHED_LABELS)


# --- session, item number, kind ---------------------------------------------------------------

ITEM_IN_TEXT = re.compile(r"(?<![〕】\]］）)\d])第\s*(?P<item>[A-Za-z]{0,4}\d[0-9A-Za-z]*)\s*号(?:提案|建议|议案)?")
ITEM_LABELS = ("提案号", "建议号", "提案编号", "建议编号", "编号", "案号")


def session_sources(parts: Parts, title: str) -> list[str]:
    return [title, *parts.header_texts, parts.opening]


def find_session(parts: Parts, title: str) -> conventions.SessionMention | None:
    for text in session_sources(parts, title):
        if mentions := conventions.find_sessions(text):
            return mentions[0]
    if name := parts.labels.get("会议名称"):
        return next(iter(conventions.find_sessions(name)), None)
    return None


def find_item_no(parts: Parts, title: str, session) -> str:
    """第N号 after the session name, a 提案号 label, （第N号） in the opening, or the
    bare number a listing page shows on the line after the session name."""
    if session and session.item:
        return session.item
    for key in ITEM_LABELS:
        if item := bare_number(parts.labels.get(key, "")):
            return item
    for text in (title, parts.opening):
        if match := ITEM_IN_TEXT.search(text):
            return match["item"]
    texts = parts.header_texts
    for before, text in zip(texts, texts[1:]):
        if conventions.find_sessions(before) and (item := bare_number(text)):
            return item
    return ""


def find_kind(parts: Parts, title: str, session, who: str) -> str:
    """人大建议 or 政协提案: the session decides; then the words of the letter."""
    if session:
        return ReplyKind.MEMBER_PROPOSAL.value if session.session.body == "政协" else ReplyKind.DEPUTY_SUGGESTION.value
    text = " ".join([title, *parts.header_texts, parts.opening])
    if "议案转建议" in text or re.search(r"号(?:建议|议案)", text):
        return ReplyKind.DEPUTY_SUGGESTION.value
    if re.search(r"号提案", text):
        return ReplyKind.MEMBER_PROPOSAL.value
    if re.search(r"委员(?:们)?$", who):
        return ReplyKind.MEMBER_PROPOSAL.value
    if re.search(r"代表(?:们)?$", who):
        return ReplyKind.DEPUTY_SUGGESTION.value
    if "提案" in text:
        return ReplyKind.MEMBER_PROPOSAL.value
    if "建议" in text or "议案" in text:
        return ReplyKind.DEPUTY_SUGGESTION.value
    return ""


# --- issuer -------------------------------------------------------------------------------------

ISSUER_LABELS = ("发文机关", "发文单位", "发布机构", "来源", "信息来源")
TITLE_ISSUER = re.compile(r"^(?P<org>[\u4e00-\u9fff]{2,30}?)关于")


def signature_orgs(parts: Parts) -> list[str]:
    """The organisation lines just above the 成文日期 (发文机关署名), or just below it
    on pages that print the date first."""
    texts = parts.closing_texts
    dated = max((index for index, text in enumerate(texts) if date_line(text)), default=len(texts))
    return _org_run(reversed(texts[:dated]))[::-1] or _org_run(texts[dated + 1 :])


def _org_run(texts) -> list[str]:
    names: list[str] = []
    for text in texts:
        if classify(text) is Kind.ORG:
            names.append("、".join(org_names(text)))
        elif names or classify(text) is not Kind.SEAL:
            break
    return names


def find_issuer(parts: Parts, title: str) -> str:
    """发文机关署名; else the 发文机关标志 or the issuer the title names
    ("天水市交通运输局关于…的答复"), both the letter's own words; only then the
    page's 发文机关/发布机构, which on a portal is often the office that runs the
    page (天水市人民政府办公室) rather than the unit that answered."""
    if names := signature_orgs(parts):
        return "、".join(sorted(set(names), key=names.index))
    for text in parts.header_texts:
        if classify(text) is Kind.ORG:
            return "、".join(org_names(text))
    if (match := TITLE_ISSUER.match(title)) and org_names(match["org"]):
        return match["org"]
    for key in ISSUER_LABELS:
        if (value := parts.labels.get(key, "")) and org_names(value):
            return value
    return ""


# --- what the letter answers ------------------------------------------------------------------

PROPOSER_LABELS = ("建议人", "提案人", "领衔人", "领衔代表", "领衔委员", "提出人")
# "张三委员提出的", "您在区政协九届四次会议期间所提的", "您们提出的"
SUBJECT = re.compile(r"^(?P<who>[^，。；：《“”]{1,40}?)(?:在[^，。；《“]{2,50}?(?:期间|上|中))?(?:领衔|联名)?(?:所提出|所提交|所提|提出|提交)的")
GROUP_ENDINGS = re.compile(r"(?:委员|代表|委员们|代表们|等|联络组|小组|组|委员会|支部|总支|界别|党派|民革|民盟|民建|民进|农工党|致公党|九三学社|台盟|工商联)$")
DEPUTY_OR_MEMBER = re.compile(r"(?:委员|代表)$")
HONORIFIC = re.compile(r"^(?:尊敬的|敬爱的)")


def find_proposer(parts: Parts) -> str:
    for key in PROPOSER_LABELS:
        if value := parts.labels.get(key):
            return value
    addressee = HONORIFIC.sub("", parts.addressee)
    if match := SUBJECT.match(parts.opening):
        who = match["who"].strip()
        if re.fullmatch(r"[您你](?:们)?", who):
            return addressee
        if GROUP_ENDINGS.search(who):
            return who
    # A reply is addressed to the deputy or member who made the suggestion.
    return addressee if DEPUTY_OR_MEMBER.search(addressee) else ""


OPENING_SENTENCE = re.compile(r"^[^。]*?(?:收悉|收到|答复如下|如下)")
QUOTED_TITLE = re.compile(r"“(?P<title>[^“”]{4,120})”(?=的?(?:建议|提案|议案))|“(?P<about>关于[^“”]{2,120})”")
# A title may hold a comma ("关于加快…交通建设，服务临日都市圈的提案"); it ends at the
# first 的建议/的提案/的议案, and never runs over a full stop or a quoted or 《》 title.
ABOUT_TITLE = re.compile(r"关于[^。；《》“”]{2,120}?的(?:建议|提案|议案)")
# Proposals are also named without 关于 or quotation marks: "夏海萍委员提出的融文于城，
# 创建为民：绘就普陀新画卷的提案收悉".  Only between 提出的/所提的 and 的提案…收悉, and
# never a number ("您提出的第12号提案收悉", "编号为12的建议") or a bare 建议 ("您提出的建议收悉").
BARE_TITLE = re.compile(
    r"(?:提出|所提|提交|领衔提出|联名提出)的(?!第?\s*\d)(?P<title>[^。；《》“”]{4,120}?)的?(?:建议|提案|议案)(?:已)?(?:收悉|收到)"
)
NOT_A_TITLE = re.compile(r"\d\s*号|编号|^(?:有关|相关|多项|几点|各项|代表|委员)")
BOOK_TITLE = re.compile(r"《(?P<title>[^《》]{2,120})》")
# A 《…》 the letter names as the proposal: after 提出的/所提的 or before 收悉, or a
# title that is itself a 建议/提案/议案.  Any other 《…》 in the opening cites a law
# or plan ("根据《武汉市城市绿化条例》第三十四条…").
NAMED_BEFORE = re.compile(r"(?:提出|所提|提交|领衔|联名)的?$")
NAMED_AFTER = re.compile(r"^(?:已|已经)?(?:收悉|收到|悉)")
PROPOSAL_ENDING = re.compile(r"(?:建议|提案|议案)$")


def named_book_title(sentence: str) -> str:
    for found in BOOK_TITLE.finditer(sentence):
        named = (NAMED_BEFORE.search(sentence[: found.start()]) or NAMED_AFTER.match(sentence[found.end() :])
                 or PROPOSAL_ENDING.search(found["title"].strip()))
        if named:
            return found["title"].strip()
    return ""


def find_proposal_title(parts: Parts, title: str) -> str:
    """The proposal the opening sentence acknowledges: 《…》, “…”, 关于…的建议 or
    提出的…的提案; else a 《…》 the title names."""
    match = OPENING_SENTENCE.match(parts.opening)
    sentence = match.group(0) if match else parts.opening.split("。")[0]
    if found := named_book_title(sentence):
        return found
    if match:
        if found := BOOK_TITLE.search(sentence):  # else the acknowledging sentence's first 《…》
            return found["title"].strip()
        if found := QUOTED_TITLE.search(sentence):
            return (found["title"] or found["about"]).strip()
        if found := ABOUT_TITLE.search(sentence):
            return found.group(0)
        if (found := BARE_TITLE.search(sentence)) and not NOT_A_TITLE.search(found["title"]):
            return found["title"].strip()
    if found := BOOK_TITLE.search(title):
        return found["title"].strip()
    return ""


# --- 办理类型 and 会办单位 ---------------------------------------------------------------------------

ROLE_WORDS = (
    (HandlingRole.JOINT, re.compile(r"会办意见|作为会办单位|会办单位的")),
    (HandlingRole.ASSISTING, re.compile(r"协办意见|作为协办单位")),
    (HandlingRole.SPLIT, re.compile(r"分办意见|作为分办单位")),
    (HandlingRole.LEAD, re.compile(r"主办意见|作为主办单位")),
)


def same_unit(a: str, b: str) -> bool:
    return bool(a and b) and (a == b or a in b or b in a)


def find_handling_role(parts: Parts, title: str, issuer: str) -> str:
    text = f"{title} {parts.opening}"
    for role, pattern in ROLE_WORDS:
        if pattern.search(text):
            return role.value
    if same_unit(parts.labels.get("主办单位", ""), issuer):
        return HandlingRole.LEAD.value
    for key, role in (("会办单位", HandlingRole.JOINT), ("协办单位", HandlingRole.ASSISTING)):
        if any(same_unit(unit, issuer) for unit in split_list(parts.labels.get(key, ""))):
            return role.value
    return ""


def find_co_units(parts: Parts, issuer: str) -> list[str]:
    units = split_list(parts.labels.get("会办单位", ""))
    return [unit for unit in units if not same_unit(unit, issuer)]
