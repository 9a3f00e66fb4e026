"""``python -m generator import FILE… [--out DIR | --stdout] [--format md|json]``.

Messages go to stderr in Chinese for the staff member doing the import; the
record (with --stdout or --format json) goes to stdout.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..load import display_path
from ..privacy import mask_personal_data
from ..schema import REPLY_FIELDS
from .emit import write_new_record
from .extract import import_text
from .reading import Unreadable, read_letter, read_policies
from .record import Imported, to_json, to_markdown

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_OUT = ROOT / "content" / "replies"
DEFAULT_POLICIES = ROOT / "content" / "policies"
REQUIRED = [name for name, spec in REPLY_FIELDS.items() if spec.required]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="答复函文件（.txt、.md 或 .docx），可以一次导入多个")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--out", default=str(DEFAULT_OUT), help="记录写入的目录，按年份分子目录（默认 content/replies/）")
    where.add_argument("--stdout", action="store_true", help="把记录打印到标准输出，不写文件")
    parser.add_argument("--format", choices=("md", "json"), default="md",
                        help="md：记录文件（默认）；json：字段和正文的 JSON，打印到标准输出")
    parser.add_argument("--policies", default=str(DEFAULT_POLICIES),
                        help="政策文件目录，用来识别答复中引用的政策（默认 content/policies/）")
    parser.set_defaults(run=run)


def say(message: str) -> None:
    """Every message of the importer; one quoting a line of the letter shows its numbers masked."""
    print(mask_personal_data(message), file=sys.stderr)


def report(shown: str, imported: Imported) -> None:
    """Tell staff what the letter did not say and what needs their attention."""
    for line, field, message in imported.notes:
        say(f"{shown}:{line}: {field}: {message}")
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
        reasons.append("找不到成文日期（落款日期），无法确定年份目录")
    if not imported.record_id:
        reasons.append("无法判断是人大建议还是政协提案，无法确定文件名")
    return "；".join(reasons)


def emit(shown: str, imported: Imported, out_dir: Path) -> bool:
    """Write one record; False (and a message) when it cannot be written."""
    if reason := refusal(imported):
        say(f"{shown}: 未写入：{reason}。请补充后重新导入，或用 --stdout 导出后手工保存")
        return False
    try:
        path = write_new_record(out_dir, imported.year, imported.record_id, to_markdown(imported))
    except OSError as exc:
        say(f"{shown}: 未写入：无法写入 {display_path(out_dir)}：{exc.strerror or exc}")
        return False
    say(f"{shown}: 已导入为 {display_path(path)}")
    return True


def run(args) -> int:
    policies, problems = read_policies(Path(args.policies))
    for problem in problems:
        say(str(problem))
    failed = False
    as_json: list[Imported] = []
    for name in args.files:
        path = Path(name)
        shown = display_path(path)
        try:
            text = read_letter(path)
        except Unreadable as exc:
            say(str(exc.problem))
            failed = True
            continue
        imported = import_text(text, policies)
        report(shown, imported)
        if args.format == "json":
            as_json.append(imported)
        elif args.stdout:
            sys.stdout.write(to_markdown(imported))
        else:
            failed |= not emit(shown, imported, Path(args.out))
    if as_json:
        sys.stdout.write(to_json(as_json))
    return 1 if failed else 0
