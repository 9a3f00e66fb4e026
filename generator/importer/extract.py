"""From a letter's text to an :class:`Imported` record.  Pure: strings in, record out."""

from __future__ import annotations

import re

from .. import conventions
from ..privacy import find_personal_data, string_leaves
from ..schema import REPLY_FIELDS
from . import fields, markdown, people
from .cleaning import Line, prefers_halfwidth, split_lines, split_source, to_fullwidth
from .layout import Layout, split_letter
from .lines import Kind, bare_number, category_in, classify, plain, split_list
from .parts import Parts, collect_labels
from .policies import cited_policies
from .reading import PolicyRef
from .record import EDITORIAL, LIFECYCLE, Imported

FULLWIDTH_ALNUM = str.maketrans(
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ",
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
)
GREETING = re.compile(r"^(?:您|你)们?好[！!，,。]?\s*")  # "您好！" before the opening sentence
PRIVACY_ADVICE = "个人信息不得公开：请删除，或改为单位办公电话；确需保留时在 privacy 中写明 allow 或 mask"


def prepare(text: str) -> tuple[str, list[Line]]:
    """Split off the source line and restore full-width punctuation a web page removed."""
    source_url, lines = split_source(split_lines(text))
    if prefers_halfwidth("\n".join(line.text for line in lines)):
        lines = [Line(line.number, to_fullwidth(line.text)) for line in lines]
    return source_url, lines


def gather(source_url: str, layout: Layout) -> Parts:
    blocks = markdown.blocks(layout.body)
    paragraphs = (GREETING.sub("", markdown.unbold(block.text)) for block in blocks if block.level == 0)
    opening = next((text for text in paragraphs if text), "")
    return Parts(
        source_url=source_url,
        header=layout.header,
        addressee=layout.addressee,
        opening=opening,
        body=markdown.to_markdown(blocks),
        closing=layout.closing,
        labels=collect_labels(layout.header),
        closing_labels=collect_labels(layout.closing),
    )


def session_value(mention) -> dict | None:
    if mention is None:
        return None
    found = mention.session
    return {"body": found.body, "term": found.term, "meeting": found.meeting, "text": mention.text}


def extract_fields(parts: Parts, policies: tuple[PolicyRef, ...]) -> tuple[dict, list[str]]:
    title = fields.find_title(parts)
    session = fields.find_session(parts, title)
    issuer = fields.find_issuer(parts, title)
    proposer = fields.find_proposer(parts)
    disclosure, _ = fields.find_disclosure(parts)
    contacts, lone_phones = people.find_contacts(parts)
    values = {
        "title": title,
        "doc_number": fields.find_doc_number(parts),
        "index_no": fields.find_index_no(parts),
        "issuer": issuer,
        "kind": fields.find_kind(parts, title, session, proposer or parts.addressee),
        "session": session_value(session),
        "item_no": fields.find_item_no(parts, title, session).translate(FULLWIDTH_ALNUM),
        "proposal_title": fields.find_proposal_title(parts, title),
        "proposer": proposer,
        "addressee": parts.addressee,
        "handling_role": fields.find_handling_role(parts, title, issuer),
        "co_units": fields.find_co_units(parts, issuer),
        "reply_category": fields.find_reply_category(parts),
        "disclosure": disclosure,
        "written_date": fields.find_written_date(parts),
        "published_date": fields.find_published_date(parts),
        "policies": cited_policies(parts.body, policies),
        "signatories": people.find_signatories(parts),
        "contacts": contacts,
        "cc": people.find_cc(parts),
        "source_url": parts.source_url,
    }
    return values, lone_phones


def missing_fields(values: dict) -> list[str]:
    skipped = (*EDITORIAL, *LIFECYCLE)
    return [key for key in REPLY_FIELDS if key not in skipped and not values.get(key)]


# --- notes for staff -----------------------------------------------------------------------


def squash(text: str) -> str:
    return re.sub(r"[\s“”‘’\"'《》「」:：,，。]", "", text)


def explained(text: str, previous: str, values: dict) -> bool:
    """A header or closing line the importer used although it has no kind of its own."""
    if conventions.find_sessions(text) and len(conventions.find_sessions(text)[0].text) >= len(text) - 8:
        return True  # the session name line of a listing page
    if bare_number(text) and conventions.find_sessions(previous):
        return True  # the item number under it
    if values.get("reply_category") and category_in(text, bare_allowed=True) == values["reply_category"]:
        return True  # a bare "B类" beside the 文号
    if values.get("cc") and split_list(text) and all(item in values["cc"] for item in split_list(text)):
        return True  # the second line of a 抄送 list
    repeated = squash(text)
    return bool(repeated) and any(repeated in squash(values.get(key) or "") for key in ("title", "proposal_title"))


def leftover_notes(layout: Layout, values: dict) -> list[tuple[int, str, str]]:
    notes, previous = [], ""
    for line in (*layout.header, *layout.closing):
        text = plain(line.text)
        if classify(text) is Kind.OTHER and not explained(text, previous, values):
            notes.append((line.number, "import", f"此行未导入，请核对是否需要补入：“{text}”"))
        previous = text or previous
    return notes


def disclosure_notes(parts: Parts) -> list[tuple[int, str, str]]:
    value, said_by_letter = fields.find_disclosure(parts)
    if value and not said_by_letter:
        return [(1, "disclosure", f"提示：原文未写公开属性，但这是发文机关网站上公开发布的网页（{parts.source_url}），"
                                  "按“主动公开”导入，原文链接记为该网址")]
    return []


def line_of(value: str, lines: list[Line]) -> int:
    return next((line.number for line in lines if value in line.text), 1)


def privacy_notes(values: dict, body: str, lines: list[Line]) -> list[tuple[int, str, str]]:
    """Run the privacy guard over the result, as ``generator check`` will."""
    notes = []
    for key, text in (*string_leaves(values), ("body", body)):
        for finding in find_personal_data(text):
            notes.append((line_of(finding.value, lines), key, f"发现{finding.kind.value} {finding.masked}；{PRIVACY_ADVICE}"))
    return notes


def import_text(text: str, policies: tuple[PolicyRef, ...] = ()) -> Imported:
    source_url, lines = prepare(text)
    layout = split_letter(lines)
    parts = gather(source_url, layout)
    values, lone_phones = extract_fields(parts, policies)
    notes = leftover_notes(layout, values)
    notes += disclosure_notes(parts)
    notes += [(line_of(phone, lines), "contacts", f"联系电话 {phone} 没有对应的联系人姓名，未导入，请核对")
              for phone in lone_phones]
    notes += privacy_notes(values, parts.body, lines)
    return Imported(values, parts.body, missing_fields(values), notes)
