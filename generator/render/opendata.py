"""Open data: every listed reply as JSON (with its JSON Schema) and CSV."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import enum
import io
import json
import re

from ..fieldtypes import field_specs
from ..privacy import apply_masks
from ..resolve import Resolved
from ..schema import REPLY_FIELDS, Reply, replies_json_schema

INTERNAL_FIELDS = ("privacy", "withdrawal", "aliases")
# Bold is unwrapped as a pair so masked numbers (137****7627) keep their stars.
MARKDOWN_BOLD = re.compile(r"\*\*([^*\n]+?)\*\*|__([^_\n]+?)__")
MARKDOWN_MARKS = re.compile(r"(^#{1,6}\s+|^>\s?|`)", re.M)
MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def plain(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [plain(item) for item in value]
    if dataclasses.is_dataclass(value):  # the schema's fields only: not what validate filled in
        return {name: plain(getattr(value, name)) for name in field_specs(type(value))}
    return value


def body_text(reply: Reply) -> str:
    masks = reply.privacy.mask if reply.privacy else ()
    text = MARKDOWN_LINK.sub(r"\1", apply_masks(reply.body, masks))
    text = MARKDOWN_BOLD.sub(lambda m: m.group(1) or m.group(2), text)
    return MARKDOWN_MARKS.sub("", text).strip()


def record(reply: Reply, base: str) -> dict:
    data = {"id": reply.id, "year": reply.year, "url": base + reply.url}
    masks = reply.privacy.mask if reply.privacy else ()
    for name in REPLY_FIELDS:
        if name in INTERNAL_FIELDS:
            continue
        value = plain(getattr(reply, name))
        if name == "contacts":
            value = [{**c, "phone": apply_masks(c["phone"], masks)} for c in value]
        if name == "attachments":  # a file of the site gets its address too
            value = [{**a, "url": a["url"] or base + a["file"]} for a in value]
        data[name] = value
    data["body_text"] = body_text(reply)
    return data


def open_data_records(resolved: Resolved) -> list[dict]:
    """One record per listed reply, as both replies.json and replies.csv publish it."""
    base = resolved.selection.site.site_url.rstrip("/") + "/"
    return [record(r, base) for r in resolved.selection.listed]


def render_json(resolved: Resolved, records: list[dict] | None = None) -> str:
    """replies.json: one reply per line.

    Performance: ``indent`` makes the json module fall back to its
    pure-Python encoder (a quarter of rendering at 10,000 replies); each
    reply is encoded compactly by the C encoder instead, still one per line.
    """
    records = open_data_records(resolved) if records is None else records
    head = json.dumps({"site": resolved.selection.site.name, "count": len(records)}, ensure_ascii=False,
                      separators=(",", ":"))
    lines = ",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records)
    return head[:-1] + ',"replies":[\n' + lines + ("\n" if lines else "") + "]}\n"


def render_schema() -> str:
    return json.dumps(replies_json_schema(), ensure_ascii=False, indent=1) + "\n"


def csv_cell(value) -> str:
    if isinstance(value, list):
        return "；".join(csv_cell(item) for item in value)
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values() if v not in (None, ""))
    return "" if value is None else str(value)


def render_csv(resolved: Resolved, records: list[dict] | None = None) -> str:
    records = open_data_records(resolved) if records is None else records
    columns = ["id", "year", "url"] + [n for n in REPLY_FIELDS if n not in INTERNAL_FIELDS] + ["body_text"]
    labels = {"id": "编号", "year": "年份", "url": "网址", "body_text": "正文",
              **{name: spec.label for name, spec in REPLY_FIELDS.items()}}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([labels[c] for c in columns])
    for data in records:
        writer.writerow([csv_cell(data[c]) for c in columns])
    return "\ufeff" + out.getvalue()
