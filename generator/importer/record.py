"""The imported record: fields in schema order, its file name, YAML and JSON.

Pure: builds text; writing the file is the command's job.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import yaml

from .. import conventions
from ..load import ContentLoader
from ..schema import ID_PREFIXES, REPLY_FIELDS, Kind

# Fields staff fill in themselves; the importer never sets them.
EDITORIAL = ("topics", "tags")
# Fields about the record's life on the site, not about the letter.
LIFECYCLE = ("updated", "status", "withdrawal", "changes", "aliases", "privacy", "attachments")
ALWAYS_QUOTED = ("item_no",)


@dataclass
class Imported:
    fields: dict  # schema key -> value; empty values are omitted when written
    body: str
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # messages for staff (Chinese)
    # Documents the letter cites by title and 文号 that content/policies/ lacks:
    # {"id", "title", "doc_number"} each (see citations.py); shown with --format json.
    new_policies: list[dict] = field(default_factory=list)

    def ordered(self) -> dict:
        """Non-empty fields in the order of the schema (REPLY_FIELDS)."""
        return {key: self.fields[key] for key in REPLY_FIELDS if _filled(self.fields.get(key))}

    @property
    def year(self) -> int | None:
        """The year folder: of the 成文日期, or of the page's 发布日期 when the copy has no 落款日期
        (the schema's REQUIRED_ONE_OF, as the site's year facet reads it)."""
        date = self.fields.get("written_date") or self.fields.get("published_date") or ""
        return int(date[:4]) if date else None

    @property
    def record_id(self) -> str:
        return record_id(self.fields)


def _filled(value) -> bool:
    return value not in (None, "", [], {}, ())


def ascii_slug(text: str) -> str:
    return re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9]+", "-", text.lower())).strip("-")


def record_id(fields: dict) -> str:
    """zx-<item_no> / rd-<item_no>; without one, the 文号 sequence or the date."""
    kind = fields.get("kind")
    if not kind:
        return ""
    prefix = ID_PREFIXES[Kind(kind)]
    stem = ascii_slug(str(fields.get("item_no") or ""))
    number = conventions.parse_doc_number(fields.get("doc_number") or "")
    if not stem and number:
        stem = str(number.sequence)
    date = fields.get("written_date") or fields.get("published_date")
    if not stem and date:
        stem = date.replace("-", "")
    return f"{prefix}-{stem}" if stem else ""


# --- YAML in the style of the committed records ----------------------------------------------


def scalar(key: str, value) -> str:
    """Plain when YAML reads it back unchanged, otherwise double-quoted."""
    if isinstance(value, bool) or value is None:
        raise TypeError(f"{key}: unexpected {value!r}")
    if isinstance(value, int) and key not in ALWAYS_QUOTED:
        return str(value)
    text = str(value)
    if key not in ALWAYS_QUOTED and text == text.strip() and "\n" not in text:
        try:
            if yaml.load(f"k: {text}", Loader=ContentLoader) == {"k": text}:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)


def yaml_lines(key: str, value, indent: str = "") -> list[str]:
    if isinstance(value, dict):
        lines = [f"{indent}{key}:"]
        for sub_key, sub_value in value.items():
            lines.extend(yaml_lines(sub_key, sub_value, indent + "  "))
        return lines
    if isinstance(value, list):
        lines = [f"{indent}{key}:"]
        for item in value:
            if isinstance(item, dict):
                entries = [f"{sub_key}: {scalar(sub_key, sub_value)}" for sub_key, sub_value in item.items()]
                lines.append(f"{indent}  - {entries[0]}")
                lines.extend(f"{indent}    {entry}" for entry in entries[1:])
            else:
                lines.append(f"{indent}  - {scalar(key, item)}")
        return lines
    return [f"{indent}{key}: {scalar(key, value)}"]


def to_markdown(imported: Imported) -> str:
    lines = ["---"]
    for key, value in imported.ordered().items():
        lines.extend(yaml_lines(key, value))
    lines.append("---")
    body = imported.body.strip("\n")
    return "\n".join(lines) + "\n\n" + (body + "\n" if body else "")


def to_json_data(imported: Imported) -> dict:
    data = {**imported.ordered(), "body": imported.body}
    if imported.new_policies:
        data["new_policies"] = imported.new_policies
    return data


def to_json(items: list[Imported]) -> str:
    data = [to_json_data(item) for item in items]
    return json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2) + "\n"


# --- a policy cited by a letter, as content/policies/<id>.yml -------------------------------

NEW_POLICY_NOTE = "# 导入答复函时按其引用写入，只有标题和文号；发文机关、成文日期、官方链接和摘要请对照原文补填。"


def policy_text(title: str, doc_number: str) -> str:
    """Only what the letter says: no issuer, date, URL or summary is guessed."""
    return "\n".join([NEW_POLICY_NOTE, f"title: {scalar('title', title)}", f"doc_number: {scalar('doc_number', doc_number)}"]) + "\n"
