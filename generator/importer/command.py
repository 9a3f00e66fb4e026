"""``python -m generator import FILE|DIR… [--out DIR | --stdout] [--format md|json] [--attach] [--new-policies]``.

Messages go to stderr in Chinese for the staff member doing the import, each
through :func:`say`, which masks personal numbers; the record (with --stdout
or --format json) goes to stdout.  The run ends with a table of every file
(summary.py) and an exit status saying whether anything needs attention.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .. import schema
from ..load import display_path
from ..privacy import find_personal_data, mask_personal_data, string_leaves
from ..schema import REPLY_FIELDS, Reply
from . import reading
from .citations import Citation, new_citations
from .emit import copy_original, write_new_policy, write_new_record
from .extract import import_text
from .folder import HARMLESS, SKIP_UNSUPPORTED, Entry, expand
from .policies import cited_policies
from .reading import PolicyRef, Unreadable
from .record import EDITORIAL, LIFECYCLE, Imported, policy_text, to_json, to_markdown
from .summary import EXIT_ATTENTION, EXIT_FAILED, EXIT_OK, NONE, OUTCOME, Progress, Row, Status, exit_status, table, totals

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_OUT = ROOT / "content" / "replies"
DEFAULT_POLICIES = ROOT / "content" / "policies"
REQUIRED = [name for name, spec in REPLY_FIELDS.items() if spec.required]
# What the importer can fill in; the denominator of 已识别字段数.
IMPORTABLE = [name for name in REPLY_FIELDS if name not in (*EDITORIAL, *LIFECYCLE)]
# getattr: schema.MEDIA_DIR and ATTACHMENT_TYPES arrive with the attachment schema, committed separately.
MEDIA_DIR = getattr(schema, "MEDIA_DIR", "media")
# The signed original is worth publishing beside the text only when it is a fixed-layout
# document; an editable .docx or a plain text is the same words again, so only on request.
KEPT_BY_DEFAULT = (".pdf", ".ofd")
ORIGINAL_TITLE = "答复函原件"

EXIT_HELP = f"""\
退出状态：
  {EXIT_OK}  全部导入，没有需要核对的内容
  {EXIT_FAILED}  有文件读不出或记录未能写入（见汇总表“错误”列）
  {EXIT_ATTENTION}  已导入，但有需要核对的内容：缺少必填字段、发现个人信息、读取提示（如扫描件文字识别）、
     编号已被占用而改用 -2 等、原件未能复制、文件夹中有不支持类型的文件被跳过，或没有找到任何文件
  （2 是命令写错时的退出状态）

文件夹中的文件逐层查找，按路径顺序导入；隐藏文件、Word 临时文件（~$开头）和不支持的类型列在汇总表中，不导入。
已有的记录、附件和政策文件从不覆盖。"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EXIT_HELP
    parser.add_argument("files", nargs="+", metavar="FILE|DIR",
                        help="答复函文件，或存放答复函的文件夹（含子文件夹）；可以一次给多个")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--out", default=str(DEFAULT_OUT),
                       help="记录写入的目录，按年份分子目录（默认 content/replies/）；原件复制到它旁边的 media/<年份>/")
    where.add_argument("--stdout", action="store_true", help="把记录打印到标准输出，不写任何文件")
    parser.add_argument("--format", choices=("md", "json"), default="md",
                        help="md：记录文件（默认）；json：字段和正文的 JSON，打印到标准输出，不写任何文件")
    parser.add_argument("--policies", default=str(DEFAULT_POLICIES),
                        help="政策文件目录，用来识别答复中引用的政策（默认 content/policies/）")
    parser.add_argument("--attach", action="store_true",
                        help="其他格式（如 .docx）的答复函也把原件复制到 media/<年份>/ 并列为附件；PDF、OFD 原件总是复制")
    parser.add_argument("--new-policies", action="store_true",
                        help="把答复以《标题》和文号引用、--policies 目录中还没有的文件写成新的政策记录（只有标题和文号）")
    parser.set_defaults(run=run)


# --- messages ----------------------------------------------------------------------------------

_progress: Progress | None = None


def say(message: str) -> None:
    """Every message of the importer; one quoting a line of the letter shows its numbers masked."""
    if _progress:
        _progress.clear()
    print(mask_personal_data(message), file=sys.stderr)
    if _progress:
        _progress.draw()


def report(shown: str, imported: Imported) -> None:
    """Tell staff what the letter did not say and what needs their attention."""
    for line, field_name, message in imported.notes:
        say(f"{shown}:{line}: {field_name}: {message}")
    required = [name for name in imported.missing if name in REQUIRED]
    optional = [name for name in imported.missing if name not in REQUIRED]
    if required:
        say(f"{shown}: 必填字段未找到，已留空，请根据原件填写：{describe(required)}")
        if "disclosure" in required:
            say(f"{shown}: 原文没有写明公开属性，disclosure 留空，本件不会发布；确认可以公开后填写“主动公开”")
    if optional:
        say(f"{shown}: 以下字段原文中未找到，已留空（原文确实没有的可以不填）：{describe(optional)}")
    say(f"{shown}: 主题分类（topics）和标签（tags）由编辑填写，导入时不填")


def describe(names: list[str]) -> str:
    return "、".join(f"{name}（{REPLY_FIELDS[name].label}）" for name in names)


def refusal(imported: Imported) -> str:
    reasons = []
    if not imported.year:
        reasons.append("找不到成文日期（落款日期）或发布日期，无法确定年份目录")
    if not imported.fields.get("kind"):  # with a kind, the date alone gives a file name
        reasons.append("无法判断是人大建议还是政协提案，无法确定文件名")
    return "；".join(reasons)


# --- one run -----------------------------------------------------------------------------------


@dataclass
class Run:
    args: argparse.Namespace
    known: tuple[PolicyRef, ...]  # content/policies/ plus those written by this run
    writing: bool
    unrecorded: list[Citation] = field(default_factory=list)  # cited, not held, not written
    written_policies: list[tuple[Citation, Path]] = field(default_factory=list)
    json_records: list[Imported] = field(default_factory=list)

    @property
    def out(self) -> Path:
        return Path(self.args.out)

    @property
    def media(self) -> Path:
        return self.out.parent / MEDIA_DIR


def run(args) -> int:
    global _progress
    policies, problems = reading.read_policies(Path(args.policies))
    for problem in problems:
        say(str(problem))
    writing = args.format == "md" and not args.stdout
    entries = expand(args.files, tuple(reading.LETTER_SUFFIXES))
    state = Run(args, policies, writing)
    if not writing and (args.attach or args.new_policies
                        or any(not e.skip and e.path.suffix.lower() in KEPT_BY_DEFAULT for e in entries)):
        say("使用 --stdout 或 --format json 时只打印，不写任何文件：原件不复制到 media/，新的政策文件也不写入")
    letters = [entry for entry in entries if not entry.skip]
    rows: list[Row] = []
    _progress = Progress(len(letters))
    try:
        for entry in entries:
            if entry.skip:
                rows.append(skipped(entry))
                continue
            _progress.start(entry.shown)
            rows.append(import_one(entry, state))
            _progress.advance()
    finally:
        _progress.close()
        _progress = None
    if state.json_records:
        sys.stdout.write(to_json(state.json_records))
    finish(rows, state)
    return exit_status(rows)


def skipped(entry: Entry) -> Row:
    status = Status.IGNORED if entry.skip in HARMLESS else Status.SKIPPED
    if entry.skip == SKIP_UNSUPPORTED:
        say(f"{entry.shown}: {entry.skip}，未导入；答复函请存为 {'、'.join(reading.LETTER_SUFFIXES)} 之一")
    return Row(entry.shown, status, error=entry.skip)


def read(path: Path) -> tuple[str, list]:
    """The letter's text and the reader's notes (OCR of a scan …), when the reader gives them."""
    with_notes = getattr(reading, "read_letter_with_notes", None)
    if with_notes is None:
        return reading.read_letter(path), []
    text, notes = with_notes(path)
    return text, list(notes or ())


def note_text(shown: str, note) -> tuple[str, str]:
    """A reader's note as a message line and as the bare message for the table."""
    if hasattr(note, "message") and hasattr(note, "path"):  # a Problem
        return str(note), note.message
    if isinstance(note, tuple) and len(note) == 3:  # (line, field, message), as Imported.notes
        line, field_name, message = note
        return f"{shown}:{line}: {field_name}: {message}", str(message)
    return f"{shown}: {note}", str(note)


def import_one(entry: Entry, state: Run) -> Row:
    shown = entry.shown
    try:
        text, reader_notes = read(entry.path)
        imported = import_text(text, state.known)
    except Unreadable as exc:
        say(str(exc.problem))
        return Row(shown, Status.FAILED, error=exc.problem.message)
    except Exception as exc:  # noqa: BLE001 - one letter the reader or extraction trips over must not stop a folder of them
        message = f"导入程序出错（{exc.__class__.__name__}: {exc}），本件未导入，请把这份答复函报告给维护人员"
        say(f"{shown}: {message}")
        return Row(shown, Status.FAILED, error=message)
    attention = []
    for note in reader_notes:
        line, message = note_text(shown, note)
        say(line)
        attention.append(message)
    report(shown, imported)
    citations = new_citations(imported.body, state.known)
    if not state.writing:
        imported.new_policies = [{"id": c.policy_id, "title": c.title, "doc_number": c.doc_number} for c in citations]
        note_unrecorded(shown, citations, state)
        if state.args.format == "json":
            state.json_records.append(imported)
        else:
            sys.stdout.write(to_markdown(imported))
        return result_row(shown, imported, imported.record_id, attention)
    if reason := refusal(imported):
        say(f"{shown}: 未写入：{reason}。请补充后重新导入，或用 --stdout 导出后手工保存")
        note_unrecorded(shown, citations, state)
        return failed_row(result_row(shown, imported, "", attention), f"未写入：{reason}")
    if state.args.new_policies:
        add_policies(shown, imported, citations, state)
    else:
        note_unrecorded(shown, citations, state)
    return write_record(entry, imported, state, attention)


def note_unrecorded(shown: str, citations: list[Citation], state: Run) -> None:
    for citation in citations:
        say(f"{shown}: 未收录的政策文件：{citation.shown}")
        if all(c.doc_number != citation.doc_number for c in state.unrecorded):
            state.unrecorded.append(citation)


def add_policies(shown: str, imported: Imported, citations: list[Citation], state: Run) -> None:
    """Write each new cited document as a policy and cite it from this record, as later ones will."""
    policies_dir = Path(state.args.policies)
    wrote = False
    for citation in citations:
        try:
            path = write_new_policy(policies_dir, citation.policy_id, policy_text(citation.title, citation.doc_number))
        except OSError as exc:
            say(f"{shown}: 未收录的政策文件：{citation.shown}；无法写入 {display_path(policies_dir)}：{exc.strerror or exc}")
            state.unrecorded.append(citation)
            continue
        say(f"{shown}: 新的政策文件已写入 {display_path(path)}：{citation.shown}，发文机关、日期、链接和摘要请补填")
        state.known = (*state.known, citation.as_ref(path.stem))
        state.written_policies.append((citation, path))
        wrote = True
    if wrote:
        imported.fields["policies"] = cited_policies(imported.body, state.known)
        if imported.fields["policies"] and "policies" in imported.missing:
            imported.missing.remove("policies")


def write_record(entry: Entry, imported: Imported, state: Run, attention: list[str]) -> Row:
    shown, suffix = entry.shown, entry.path.suffix.lower()
    attachable = tuple(getattr(schema, "ATTACHMENT_TYPES", {suffix: ""}))
    keep = suffix in KEPT_BY_DEFAULT or (state.args.attach and suffix in attachable)
    if state.args.attach and not keep:
        say(f"{shown}: 原件为 {suffix} 文件，不能作为附件发布，未复制")

    def text_for(record_id: str) -> str:
        # Called once the record's file is ours, so the original is named after the id it really got.
        if keep:
            attach_original(entry, imported, record_id, state, attention)
        return to_markdown(imported)

    try:
        path = write_new_record(state.out, imported.year, imported.record_id, text_for)
    except OSError as exc:
        say(f"{shown}: 未写入：无法写入 {display_path(state.out)}：{exc.strerror or exc}")
        return failed_row(result_row(shown, imported, "", attention), f"未写入：{exc.strerror or exc}")
    say(f"{shown}: 已导入为 {display_path(path)}")
    record = path.stem
    if record != imported.record_id:
        say(f"{shown}: 编号 {imported.record_id} 已被占用，本件记为 {record}；如果是同一件答复重复导入，请删除 {display_path(path)}")
        return result_row(shown, imported, f"{record}（{imported.record_id} 已存在）", attention, renamed=True)
    return result_row(shown, imported, record, attention)


def attach_original(entry: Entry, imported: Imported, record_id: str, state: Run, attention: list[str]) -> None:
    suffix = entry.path.suffix.lower()
    name = f"{record_id}{suffix}"
    target = state.media / str(imported.year) / name
    try:
        kept = copy_original(entry.path, target)
    except OSError as exc:
        say(f"{entry.shown}: 原件未复制：无法写入 {display_path(target)}：{exc.strerror or exc}")
        attention.append("原件未复制")
        return
    if not kept:
        say(f"{entry.shown}: 原件未复制：{display_path(target)} 已存在且内容不同，没有覆盖；请核对后手工补入 attachments")
        attention.append(f"原件未复制（{MEDIA_DIR}/{imported.year}/{name} 已存在）")
        return
    imported.fields["attachments"] = [{"title": ORIGINAL_TITLE, "file": f"{MEDIA_DIR}/{imported.year}/{name}"}]
    say(f"{entry.shown}: 原件已复制为 {display_path(target)}，列为附件“{ORIGINAL_TITLE}”")


# --- the table ---------------------------------------------------------------------------------


def recognised(imported: Imported) -> str:
    filled = sum(1 for name in IMPORTABLE if imported.fields.get(name) not in (None, "", [], {}, ()))
    return f"{filled}/{len(IMPORTABLE)}"


def required_missing(imported: Imported) -> list[str]:
    labels = [REPLY_FIELDS[name].label for name in imported.missing if name in REQUIRED]
    for group in Reply.REQUIRED_ONE_OF:
        if all(name in imported.missing for name in group):
            labels.append("或".join(REPLY_FIELDS[name].label for name in group))
    return labels


def missing_cell(imported: Imported) -> str:
    required = required_missing(imported)
    optional = len(imported.missing) - sum(name in REQUIRED for name in imported.missing)
    optional -= sum(len(group) for group in Reply.REQUIRED_ONE_OF if all(name in imported.missing for name in group))
    parts = ([f"必填：{'、'.join(required)}"] if required else []) + ([f"可选 {optional} 项"] if optional else [])
    return "；".join(parts) or NONE


def personal_cell(imported: Imported) -> str:
    seen: list[str] = []
    for _, text in (*string_leaves(imported.fields), ("body", imported.body)):
        for finding in find_personal_data(text):
            shown = f"{finding.kind.value} {finding.masked}"
            if shown not in seen:
                seen.append(shown)
    return "、".join(seen) or NONE


def result_row(shown: str, imported: Imported, record: str, attention: list[str], renamed: bool = False) -> Row:
    """``renamed``: the record got -2 … because its id was taken, perhaps a letter imported twice."""
    personal = personal_cell(imported)
    needs_attention = bool(required_missing(imported)) or personal != NONE or bool(attention) or renamed
    return Row(shown, Status.ATTENTION if needs_attention else Status.IMPORTED, record=record or "（无）",
               recognised=recognised(imported), missing=missing_cell(imported), personal=personal,
               error=("需核对：" + "；".join(attention)) if attention else NONE)


def failed_row(row: Row, error: str) -> Row:
    row.status, row.record, row.error = Status.FAILED, "", error
    return row


def finish(rows: list[Row], state: Run) -> None:
    if not rows:
        say(f"没有找到文件：{'、'.join(state.args.files)} 中没有可以导入的答复函")
        return
    say("")
    say("导入结果：")
    for line in table(rows):
        say(line)
    say(totals(rows, state.writing))
    if state.written_policies:
        say(f"新写入的政策文件 {len(state.written_policies)} 个（只有标题和文号，请补填发文机关、日期、链接和摘要）：")
        for citation, path in state.written_policies:
            say(f"  {display_path(path)}  {citation.shown}")
    if state.unrecorded:
        hint = "" if state.args.new_policies else "；加 --new-policies 可写成新的政策记录"
        say(f"未收录的政策文件 {len(state.unrecorded)} 个{hint}：")
        for citation in state.unrecorded:
            say(f"  {citation.shown}")
    status = exit_status(rows)
    say(f"退出状态 {status}：{OUTCOME[status]}")
