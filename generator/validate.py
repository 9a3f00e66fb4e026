"""Stage 2: turn raw YAML into typed records, collecting every problem.

Pure: takes what :mod:`generator.load` read, returns frozen records and a
list of problems.  Nothing stops at the first problem; staff see them all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import PurePosixPath

from . import conventions
from .fieldtypes import FieldError, did_you_mean, field_specs
from .htmlcheck import fragment_issues, html_issues
from .load import Content, MediaFile, RawDocument, StaticPage
from .memo import Memo, digest, memoised
from .privacy import find_personal_data, same_value, string_leaves
from .problems import Problem, error, warning
from .schema import (
    ATTACHMENT_TYPES,
    ID_PATTERN,
    Attachment,
    KIND_BODY,
    REPLY_FIELDS,
    Disclosure,
    Policy,
    Portal,
    PrivacyRules,
    Reply,
    Site,
    SourceInfo,
    Status,
)

ID_RE = re.compile(ID_PATTERN)
ALIAS_RE = re.compile(r"^(19|20)\d\d/[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class ValidatedContent:
    site: Site | None
    policies: tuple[Policy, ...]
    replies: tuple[Reply, ...]
    problems: tuple[Problem, ...]
    user_dictionary: tuple[str, ...] = ()
    pages: tuple = ()


def today() -> dt.date:
    """Plausibility needs the real date; it only decides messages, never output bytes."""
    return dt.date.today()


def is_blank(value) -> bool:
    """Unfilled scaffold values (``""``, ``[]``, a mapping of blanks) count as absent."""
    if isinstance(value, dict):
        return all(is_blank(item) for item in value.values())
    return value is None or value == "" or value == []


def convert_fields(doc: RawDocument, record_type, extra: dict, problems: list[Problem]):
    """Convert a mapping through the schema of ``record_type``."""
    specs = field_specs(record_type)
    labels = {spec.label: name for name, spec in specs.items()}
    values = {}
    for key in doc.data:
        name = str(key)
        if name in specs:
            continue
        if name in labels:
            hint = f"，请使用英文键名“{labels[name]}”"
        else:
            hint = did_you_mean(name, specs)
        problems.append(error(doc.path, doc.lines.get(name, 1), name, f"未知的字段“{name}”{hint}"))
    ok = True
    for name, spec in specs.items():
        raw = doc.data.get(name)
        if is_blank(raw):
            if spec.required and name != "disclosure":
                problems.append(error(doc.path, doc.lines.get("", 1), name, f"缺少必填字段 {name}（{spec.label}）"))
                ok = False
            continue
        try:
            values[name] = spec.type.convert(raw)
        except FieldError as exc:
            for message, path in exc.each():
                key = ".".join((name, *path))
                problems.append(error(doc.path, _line(doc, key), key, f"{spec.label}：{message}"))
            ok = False
    for group in getattr(record_type, "REQUIRED_ONE_OF", ()):
        if all(is_blank(doc.data.get(name)) for name in group):
            first, *others = group
            alternatives = "、".join(f"{name}（{specs[name].label}）" for name in others)
            problems.append(error(doc.path, doc.lines.get("", 1), first,
                                  f"缺少必填字段 {first}（{specs[first].label}）；原件没有写明时留空，改填 {alternatives}"))
            ok = False
    if not ok:
        return None
    return record_type(**values, **extra)


def _line(doc: RawDocument, key: str) -> int:
    while key:
        if key in doc.lines:
            return doc.lines[key]
        key = key.rpartition(".")[0]
    return doc.lines.get("", 1)


def validate_site(doc: RawDocument, problems: list[Problem], portal_files: tuple[StaticPage, ...] = ()) -> Site | None:
    if doc.data is None:
        return None
    site = convert_fields(doc, Site, {}, problems)
    if site is None:
        return None
    if site.portal:
        site = dataclasses.replace(site, portal=check_portal(doc, site.portal, portal_files, problems))
    seen = set()
    for index, topic in enumerate(site.topics):
        line = _line(doc, f"topics.{index}")
        if not ID_RE.match(topic.slug):
            problems.append(error(doc.path, line, "topics", f"主题代码“{topic.slug}”只能使用小写英文字母、数字和连字符"))
        if topic.slug in seen:
            problems.append(error(doc.path, line, "topics", f"主题代码“{topic.slug}”重复"))
        seen.add(topic.slug)
    return site


def check_portal(doc: RawDocument, portal: Portal, files: tuple[StaticPage, ...], problems: list[Problem]) -> Portal:
    """The portal's header and footer: one way each, the named fragment present and fit to insert."""
    by_name = {page.target: page for page in files}
    texts = {}
    for slot, label in (("header", "页头"), ("footer", "页脚")):
        name, include = getattr(portal, f"{slot}_file"), getattr(portal, f"{slot}_include")
        line = _line(doc, f"portal.{slot}_file" if name else f"portal.{slot}_include")
        if name and include:
            problems.append(error(doc.path, line, f"portal.{slot}_file",
                                  f"{label}只能选一种方式：{slot}_file（片段文件）或 {slot}_include（服务器包含），请删去其中一项"))
        if not name:
            continue
        page = by_name.get(name)
        if page is None:
            folder = PurePosixPath(doc.path.replace(os.sep, "/")).parent / "portal"
            problems.append(error(doc.path, line, f"portal.{slot}_file",
                                  f"找不到{label}片段文件 {folder}/{name}{did_you_mean(name, by_name)}"))
            continue
        problems += [error(page.path, at, "portal", message) for at, message in fragment_issues(page.text)]
        texts[f"{slot}_html"] = page.text.strip()
    return dataclasses.replace(portal, **texts)


def record_id(path: str) -> str:
    return PurePosixPath(path.replace(os.sep, "/")).stem


def validate_policy(doc: RawDocument, problems: list[Problem]) -> Policy | None:
    if doc.data is None:
        return None
    policy_id = record_id(doc.path)
    if not ID_RE.match(policy_id):
        problems.append(error(doc.path, 1, "id", f"文件名“{policy_id}”只能使用小写英文字母、数字和连字符"))
        return None
    policy = convert_fields(doc, Policy, {"id": policy_id, "source": SourceInfo(doc.path, doc.lines)}, problems)
    if policy and policy.doc_number:
        check_doc_number(doc, policy.doc_number, None, problems)
    return policy


def check_doc_number(doc: RawDocument, value: str, written: dt.date | None, problems: list[Problem]):
    line = _line(doc, "doc_number")
    parsed = conventions.parse_doc_number(value)
    if parsed is None:
        problems.append(error(doc.path, line, "doc_number",
                              f"文号格式不正确：“{value}”，应为 机关代字〔年份〕序号号，如 厦湖人社函〔2025〕5号"))
        return
    if str(parsed) != value:
        problems.append(warning(doc.path, line, "doc_number", f"文号“{value}”应规范写作“{parsed}”（六角括号〔〕，序号不加“第”和前导零）"))
    if written and parsed.year != written.year:
        problems.append(warning(doc.path, line, "doc_number",
                                f"文号年份 {parsed.year} 与成文日期 {written.isoformat()} 的年份不一致，请核对"))


def validate_reply_path(doc: RawDocument, problems: list[Problem]) -> tuple[str, int] | None:
    parts = PurePosixPath(doc.path.replace(os.sep, "/")).parts
    reply_id = record_id(doc.path)
    year_dir = parts[-2] if len(parts) >= 2 else ""
    ok = True
    if not ID_RE.match(reply_id):
        problems.append(error(doc.path, 1, "id", f"文件名“{reply_id}”只能使用小写英文字母、数字和连字符，如 2025-rsj-20253012"))
        ok = False
    if not re.fullmatch(r"(19|20)\d\d", year_dir):
        problems.append(error(doc.path, 1, "id", f"答复应放在 replies/<年份>/ 目录下，当前目录为“{year_dir}”"))
        ok = False
    return (reply_id, int(year_dir)) if ok else None


def checked_reply(doc: RawDocument, site: Site | None, policy_ids: set[str], problems: list[Problem],
                  media: dict[str, MediaFile] | None = None) -> tuple[Reply | None, bool]:
    """Every check of a reply but its dates against today; the reply (or None) and whether
    its file is where it belongs (only a placed reply is published)."""
    if doc.data is None:
        return None, False
    # Every check runs even when an earlier one failed, so staff see all
    # problems of a file at once; only a record with none is returned.
    location = validate_reply_path(doc, problems)
    reply_id, year = location or (record_id(doc.path), 0)
    extra = {"id": reply_id, "year": year, "body": doc.body,
             "source": SourceInfo(doc.path, doc.lines, doc.body_line)}
    reply = convert_fields(doc, Reply, extra, problems)
    for line, message in html_issues(doc.body):
        problems.append(error(doc.path, doc.body_line + line - 1, "body", message))
    if reply is None:
        if str(doc.data.get("disclosure", "")).strip() == Disclosure.PUBLIC.value:
            check_privacy(doc, doc.body, _privacy_rules(doc), problems)
        return None, False
    check_disclosure(doc, reply, problems)
    if reply.doc_number:
        check_doc_number(doc, reply.doc_number, reply.written_date, problems)
    check_session(doc, reply, problems)
    check_references(doc, reply, site, policy_ids, problems)
    check_lifecycle(doc, reply, problems)
    if reply.attachments:
        reply = dataclasses.replace(reply, attachments=check_attachments(doc, reply, media or {}, problems))
    # Also a record without its disclosure yet (a fresh import): it is one field away from the site.
    if reply.is_public or reply.disclosure is None:
        check_privacy(doc, reply.body, reply.privacy, problems)
    if location is None:
        return reply, False
    if reply.written_date and reply.written_date.year != year:
        problems.append(warning(doc.path, _line(doc, "written_date"), "written_date",
                                f"成文日期年份 {reply.written_date.year} 与所在目录 replies/{year}/ 不一致"))
    return reply, True


def reply_context(content: Content) -> str:
    """What ``checked_reply`` reads besides the record: site.yml and the portal (the Site), the
    policies (their ids) and the media listing.  Not today's date: ``check_dates`` runs outside
    the memo, so a new day does not make every record new.  Empty (nothing memoised) when a
    document was not read from a file."""
    if not content.site.digest or not all(doc.digest for doc in content.policies):
        return ""
    return digest(content.site.digest, *(f"{page.target}\0{page.text}" for page in content.portal),
                  *(doc.digest for doc in content.policies), *(repr(item) for item in content.media))


def validated_reply(doc: RawDocument, site: Site | None, policy_ids: set[str], media: dict, context: str,
                    memo: Memo | None) -> tuple[Reply | None, tuple[Problem, ...]]:
    """``checked_reply`` of ``doc``, memoised, then its dates against today; the reply carries its
    key as ``source.digest``, and is None unless it is valid where it lies."""
    key = digest(context, doc.digest) if context and doc.digest else ""

    def compute():
        found: list[Problem] = []
        reply, placed = checked_reply(doc, site, policy_ids, found, media)
        if reply is not None and key:
            reply = dataclasses.replace(reply, source=dataclasses.replace(reply.source, digest=key))
        return reply, placed, tuple(found)

    reply, placed, found = memoised(memo, "validate", key, compute)
    if reply is not None:  # outside the memo: it depends on the day
        dated: list[Problem] = []
        check_dates(doc, reply, dated)
        found = (*found, *dated)
    return (reply if placed else None), found


def _privacy_rules(doc: RawDocument) -> PrivacyRules | None:
    """privacy.allow / privacy.mask of a record whose other fields did not convert."""
    raw = doc.data.get("privacy")
    try:
        return REPLY_FIELDS["privacy"].type.convert(raw) if isinstance(raw, dict) else None
    except FieldError:
        return None  # already reported by convert_fields


def check_attachments(doc, reply: Reply, media: dict[str, MediaFile], problems) -> tuple[Attachment, ...]:
    """Each attachment is a file of content/media/ of a known type, or a link; the file's size is filled in."""
    checked = []
    for index, attachment in enumerate(reply.attachments):
        line = _line(doc, f"attachments.{index}")
        key = f"attachments.{index}.file"
        if bool(attachment.file) == bool(attachment.url):
            problems.append(error(doc.path, line, f"attachments.{index}",
                                  "附件应填写 file（content/media/ 中的文件）或 url（网址）其中一项"))
        if not attachment.file:
            checked.append(attachment)
            continue
        if not attachment.type_name:
            problems.append(error(doc.path, line, key, f"附件“{attachment.file}”的文件类型不能发布，可用："
                                  + "、".join(sorted(set(ATTACHMENT_TYPES.values())))))
        found = media.get(attachment.file)
        if found is None:
            folder = PurePosixPath(attachment.file).parent.as_posix()
            names = {PurePosixPath(name).name for name in media if name.startswith(folder + "/")}
            problems.append(error(doc.path, line, key, f"找不到附件文件 content/{attachment.file}"
                                  + did_you_mean(PurePosixPath(attachment.file).name, names)))
            checked.append(attachment)
            continue
        checked.append(dataclasses.replace(attachment, size=found.size, source=found.source))
    return tuple(checked)


def check_unused_media(media: tuple[MediaFile, ...], replies, problems) -> None:
    used = {a.file for reply in replies for a in reply.attachments}
    for item in media:
        if item.relative not in used:
            problems.append(warning(item.path, 1, "文件", "没有答复引用这个附件（attachments），它不会发布"))


def check_disclosure(doc, reply: Reply, problems):
    if reply.disclosure is None:
        problems.append(warning(doc.path, _line(doc, "disclosure"), "disclosure",
                                "未填写公开属性，本件不会发布；确认可以公开后请填写“主动公开”"))


def check_dates(doc, reply: Reply, problems):
    now = today()
    for name in ("written_date", "published_date", "updated"):
        value = getattr(reply, name)
        if value and value > now:
            problems.append(error(doc.path, _line(doc, name), name, f"日期 {value.isoformat()} 晚于今天，请核对"))
        if value and value.year < 1990:
            problems.append(error(doc.path, _line(doc, name), name, f"日期 {value.isoformat()} 过早，请核对"))
    if reply.published_date and reply.written_date and reply.published_date < reply.written_date:
        problems.append(error(doc.path, _line(doc, "published_date"), "published_date",
                              f"发布日期 {reply.published_date.isoformat()} 早于成文日期 {reply.written_date.isoformat()}"))


def check_session(doc, reply: Reply, problems):
    session = reply.session
    if session is None:
        return
    parsed = conventions.parse_session(session.text)
    if parsed is None:
        problems.append(warning(doc.path, _line(doc, "session.text"), "session.text",
                                f"无法从会议名称“{session.text}”读出届次和会次，请核对"))
    else:
        for key, expected, actual in (("body", parsed.body, session.body.value),
                                      ("term", parsed.term, session.term),
                                      ("meeting", parsed.meeting, session.meeting)):
            if expected != actual:
                problems.append(error(doc.path, _line(doc, f"session.{key}"), f"session.{key}",
                                      f"与会议名称“{session.text}”不一致：名称中为 {expected}，此处为 {actual}"))
    if KIND_BODY[reply.kind] is not session.body:
        problems.append(error(doc.path, _line(doc, "session.body"), "session.body",
                              f"类型为{reply.kind.value}，会议却是{session.body.value}会议，请核对"))


def check_references(doc, reply: Reply, site: Site | None, policy_ids: set[str], problems):
    topic_slugs = [topic.slug for topic in site.topics] if site else []
    for index, slug in enumerate(reply.topics):
        if site and slug not in topic_slugs:
            problems.append(error(doc.path, _line(doc, f"topics.{index}"), "topics",
                                  f"未知的主题分类“{slug}”{did_you_mean(slug, topic_slugs)}（可选：{'、'.join(topic_slugs)}）"))
    for index, policy_id in enumerate(reply.policies):
        if policy_id not in policy_ids:
            problems.append(error(doc.path, _line(doc, f"policies.{index}"), "policies",
                                  f"找不到政策文件 content/policies/{policy_id}.yml{did_you_mean(policy_id, policy_ids)}"))
    for index, alias in enumerate(reply.aliases):
        if not ALIAS_RE.match(alias):
            problems.append(error(doc.path, _line(doc, f"aliases.{index}"), "aliases",
                                  f"旧地址“{alias}”应写作 年份/旧编号，如 2025/old-id"))


def check_lifecycle(doc, reply: Reply, problems):
    if reply.status is Status.WITHDRAWN and reply.withdrawal is None:
        problems.append(error(doc.path, _line(doc, "status"), "withdrawal", "已撤回的答复须填写 withdrawal 的 date 与 reason"))
    if reply.withdrawal is not None and reply.status is not Status.WITHDRAWN:
        problems.append(error(doc.path, _line(doc, "withdrawal"), "status", "填写了撤回说明，status 应为“已撤回”"))
    if reply.withdrawal and reply.written_date and reply.withdrawal.date < reply.written_date:
        problems.append(error(doc.path, _line(doc, "withdrawal.date"), "withdrawal.date", "撤回日期早于成文日期"))
    if reply.changes:
        latest = max(change.date for change in reply.changes)
        if reply.updated is None or reply.updated < latest:
            where = "updated" if reply.updated else "changes"
            problems.append(error(doc.path, _line(doc, where), "updated",
                                  f"有更正说明时，updated 应不早于最近一次更正日期 {latest.isoformat()}"))
        for index, change in enumerate(reply.changes):
            if reply.publication_date and change.date < reply.publication_date:
                problems.append(error(doc.path, _line(doc, f"changes.{index}"), "changes",
                                      "更正日期早于发布日期，请核对"))


PRIVACY_ADVICE = "个人信息不得公开：请删除；如为单位对外公布的号码或邮箱，在 privacy.allow 中列出；如需遮盖后发布，在 privacy.mask 中列出"
# The only places the renderers apply privacy.mask (reply page, open data, search).
MASKABLE_FIELD = re.compile(r"^(?:body|contacts\.\d+\.phone)$")


def check_privacy(doc, body: str, rules: PrivacyRules | None, problems):
    """Personal data in a public record is an error unless privacy.allow lists it
    or privacy.mask covers it where masking is applied.  Messages show only the
    masked form, never the number itself."""
    allowed = rules.allow if rules else ()
    masked = rules.mask if rules else ()
    used_masks: set[int] = set()

    def scan(text: str, line: int, field: str):
        for finding in find_personal_data(text):
            here = line + text.count("\n", 0, finding.start)
            if any(same_value(finding.value, value) for value in allowed):
                continue
            mask_index = next((i for i, value in enumerate(masked) if same_value(finding.value, value)), None)
            if mask_index is not None and MASKABLE_FIELD.match(field):
                used_masks.add(mask_index)
                continue
            if mask_index is not None:
                problems.append(error(doc.path, here, field,
                                      f"发现{finding.kind.value} {finding.masked}；privacy.mask 只对正文和联系电话生效，"
                                      "此处的号码请删除"))
                continue
            problems.append(error(doc.path, here, field, f"发现{finding.kind.value} {finding.masked}；{PRIVACY_ADVICE}"))

    for key, value in string_leaves(doc.data):
        if key.split(".")[0] == "privacy":
            continue
        scan(value, _line(doc, key), key)
    scan(body, doc.body_line, "body")
    for index, value in enumerate(masked):
        if index not in used_masks:
            problems.append(warning(doc.path, _line(doc, f"privacy.mask.{index}"), "privacy.mask",
                                    f"第 {index + 1} 项没有在正文或联系电话中找到可遮盖的个人信息，不会起作用"))


def check_uniqueness(replies: list[Reply], problems):
    by_id = defaultdict(list)
    by_number = defaultdict(list)
    claims = defaultdict(list)  # URL -> (reply, index of the alias claiming it, or None for its own URL)
    for reply in replies:
        by_id[reply.id].append(reply)
        claims[reply.url].append((reply, None))
        for index, alias in enumerate(reply.aliases):
            claims[f"replies/{alias}/"].append((reply, index))
        if reply.doc_number:
            number = conventions.parse_doc_number(reply.doc_number)
            by_number[str(number) if number else reply.doc_number].append(reply)
    for reply_id, group in by_id.items():
        for reply in group[1:]:
            problems.append(error(reply.source.path, 1, "id", f"编号 {reply_id} 与 {group[0].source.path} 重复，编号须唯一"))
    for url, group in claims.items():
        if len(group) < 2:
            continue
        owner = next((claim for claim in group if claim[1] is None), group[0])
        owner_reply = owner[0]
        for claim in group:
            if claim is owner:
                continue
            reply, index = claim
            if index is None:
                problems.append(error(reply.source.path, 1, "id", f"网址 /{url} 已被 {owner_reply.source.path} 使用"))
                continue
            alias = reply.aliases[index]
            if reply is owner_reply and owner[1] is None:
                message = f"旧地址 {alias} 就是本答复现在的网址，请删除"
            elif reply is owner_reply:
                message = f"旧地址 {alias} 重复"
            else:
                message = f"旧地址 {alias} 对应的网址 /{url} 已被 {owner_reply.source.path} 使用"
            problems.append(error(reply.source.path, reply.source.line_of(f"aliases.{index}"), "aliases", message))
    for number, group in by_number.items():
        for reply in group[1:]:
            problems.append(error(reply.source.path, reply.source.line_of("doc_number"), "doc_number",
                                  f"文号 {number} 与 {group[0].source.path} 重复"))


def validate(content: Content, memo: Memo | None = None) -> ValidatedContent:
    problems: list[Problem] = list(content.problems)
    site = validate_site(content.site, problems, content.portal)
    policies = [p for p in (validate_policy(doc, problems) for doc in content.policies) if p]
    policy_ids = {policy.id for policy in policies}
    media = {item.relative: item for item in content.media}
    context = reply_context(content)
    replies = []
    for doc in content.replies:
        reply, found = validated_reply(doc, site, policy_ids, media, context, memo)
        problems += found
        if reply:
            replies.append(reply)
    check_uniqueness(replies, problems)
    check_unused_media(content.media, replies, problems)
    for page in content.pages:  # staff-written Markdown too: the same rules for raw HTML
        if page.target.endswith(".md"):
            problems += [error(page.path, line, "body", message) for line, message in html_issues(page.text)]
    return ValidatedContent(site, tuple(policies), tuple(replies), tuple(problems),
                            content.user_dictionary, content.pages)
