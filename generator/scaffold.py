"""``python -m generator new``: an empty record with every field, explained in Chinese.

The text is written by hand from the schema because PyYAML cannot emit
comments, and the comments are the point: they tell staff what each field
means and which values are allowed.
"""

from __future__ import annotations

import re
from pathlib import Path

from .fieldtypes import Choice, ListOf, Nested, field_specs
from .importer.record import ascii_slug
from .schema import ID_PREFIXES, KIND_SLUGS, REPLY_FIELDS, Kind

SKIPPED = {"status", "withdrawal", "changes", "aliases", "updated", "privacy"}
PLACEHOLDER_BODY = "（在此粘贴答复正文：从“您提出的……收悉”写起，到正文最后一段为止。\n一、二、写作“## 一、……”，署名、日期、公开属性和抄送不要写在正文里，填在上面的字段中。）\n"


def allowed(field_type) -> str:
    if isinstance(field_type, Choice):
        return "，可选：" + "、".join(m.value for m in field_type.choices)
    return ""


def field_lines(name: str, spec, indent: str = "") -> list[str]:
    note = "（必填）" if spec.required else ""
    explanation = f"：{spec.help}" if spec.help else allowed(spec.type)
    lines = [f"{indent}# {spec.label}{note}{explanation}"]
    if isinstance(spec.type, Nested):
        lines.append(f"{indent}{name}:")
        for sub_name, sub_spec in field_specs(spec.type.record).items():
            lines.extend(field_lines(sub_name, sub_spec, indent + "  "))
    elif isinstance(spec.type, ListOf) and isinstance(spec.type.item, Nested):
        keys = ", ".join(f'{k}: ""' for k in field_specs(spec.type.item.record))
        lines.append(f"{indent}{name}: []  # 每项一行，如：- {{{keys}}}")
    elif isinstance(spec.type, ListOf):
        lines.append(f"{indent}{name}: []")
    else:
        lines.append(f'{indent}{name}: ""')
    return lines


def scaffold_text(kind: Kind | None = None, topics: tuple[str, ...] = ()) -> str:
    lines = ["---", "# 新答复记录。填写后运行 make check 检查；不知道的内容留空，不要猜测。"]
    for name, spec in REPLY_FIELDS.items():
        if name in SKIPPED:
            continue
        block = field_lines(name, spec)
        if name == "kind" and kind:
            block[-1] = f"kind: {kind.value}"
        if name == "topics" and topics:
            block[0] += "；本站主题：" + "、".join(topics)
        lines.extend(block)
    lines.append("---")
    return "\n".join(lines) + "\n\n" + PLACEHOLDER_BODY


def next_id(existing: set[str], kind: Kind | None, item_no: str, year: int) -> str:
    """The id for a new record; the writer adds -2, -3 … when it is taken."""
    prefix = ID_PREFIXES[kind] if kind else "reply"
    item = ascii_slug(item_no)
    if item:
        return f"{prefix}-{item}"
    numbers = [int(m.group(1)) for i in existing if (m := re.fullmatch(rf"{prefix}-{year}-(\d+)", i))]
    return f"{prefix}-{year}-{max(numbers, default=0) + 1:03d}"


def existing_ids(content: Path) -> set[str]:
    return {path.stem for path in (content / "replies").rglob("*.md")}


def parse_kind(value: str | None) -> Kind | None:
    if not value:
        return None
    for kind in Kind:
        if value in (kind.value, KIND_SLUGS[kind], ID_PREFIXES[kind]):
            return kind
    raise ValueError(f"类型“{value}”不正确，可选：人大建议、政协提案")

