"""Field types of the record schema, in the style of MkDocs's ``config_options``.

Each type converts a raw YAML value into a typed value (or raises
:class:`FieldError` with a Chinese message staff can act on) and describes
itself as JSON Schema, so validation, rendering, import and the exported
schema all read the same declaration.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import enum
import re
from dataclasses import dataclass
from typing import Any


class FieldError(ValueError):
    """A value that does not fit its field; ``path`` names a nested key.

    A nested mapping or a list reports every bad part at once: the first is
    this error's own message and path, the rest are in ``others``.
    """

    def __init__(self, message: str, path: tuple[str, ...] = (), others: tuple["FieldError", ...] = ()):
        super().__init__(message)
        self.message = message
        self.path = path
        self.others = others

    def each(self):
        """Every (message, path) this error stands for."""
        yield self.message, self.path
        for other in self.others:
            yield from other.each()

    @staticmethod
    def combine(errors: list["FieldError"]) -> "FieldError":
        flat = [FieldError(message, path) for error in errors for message, path in error.each()]
        return FieldError(flat[0].message, flat[0].path, tuple(flat[1:]))


def did_you_mean(value: str, candidates) -> str:
    matches = difflib.get_close_matches(value, sorted(candidates), n=1, cutoff=0.7)
    return f"，是否应为“{matches[0]}”？" if matches else ""


class FieldType:
    def convert(self, value: Any) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict:
        raise NotImplementedError

    def empty(self) -> Any:
        return None


@dataclass(frozen=True)
class Text(FieldType):
    multiline: bool = False

    def convert(self, value):
        if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
            raise FieldError("应为文本")
        text = str(value).strip()
        if not self.multiline and "\n" in text:
            raise FieldError("应为单行文本")
        return text

    def json_schema(self):
        return {"type": "string"}

    def empty(self):
        return ""


URL_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


@dataclass(frozen=True)
class Url(Text):
    def convert(self, value):
        text = super().convert(value)
        if text and not URL_PATTERN.match(text):
            raise FieldError(f"网址“{text}”格式不正确，应以 http:// 或 https:// 开头")
        return text

    def json_schema(self):
        return {"type": "string", "format": "uri"}


@dataclass(frozen=True)
class Pattern(Text):
    """A one-line text of a fixed shape; ``shape`` says it in Chinese for the error message."""

    regex: str = ""
    shape: str = ""

    def convert(self, value):
        text = super().convert(value)
        if text and not re.fullmatch(self.regex, text):
            raise FieldError(f"“{text}”格式不正确，{self.shape}")
        return text

    def json_schema(self):
        return {"type": "string", "pattern": f"^(?:{self.regex})$"}


@dataclass(frozen=True)
class SiteUrl(Url):
    """The published address of the site: https, ending in "/" (a sub-path such as /zwgk/jytabl/ is allowed)."""

    def convert(self, value):
        text = super().convert(value)
        if text and not re.fullmatch(r"https://[^\s/?#]+(/[^\s?#]*)?/", text):
            raise FieldError(f"网址“{text}”格式不正确，应以 https:// 开头、以 / 结尾，如 https://www.example.gov.cn/zwgk/jytabl/")
        return text


@dataclass(frozen=True)
class Integer(FieldType):
    minimum: int = 1

    def convert(self, value):
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise FieldError("应为整数")
        try:
            number = int(str(value).strip())
        except ValueError:
            raise FieldError(f"“{value}”不是整数") from None
        if number < self.minimum:
            raise FieldError(f"应不小于 {self.minimum}")
        return number

    def json_schema(self):
        return {"type": "integer", "minimum": self.minimum}


DATE_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


@dataclass(frozen=True)
class Date(FieldType):
    def convert(self, value):
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        match = DATE_PATTERN.match(str(value).strip()) if isinstance(value, str) else None
        if not match:
            raise FieldError(f"日期“{value}”格式不正确，应写作 YYYY-MM-DD，例如 2025-06-10")
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            raise FieldError(f"日期“{value}”不存在，请核对年月日") from None

    def json_schema(self):
        return {"type": "string", "format": "date"}


class ClockTime(FieldType):
    """A time of day, HH:MM.

    Why a type of its own: YAML 1.1 (PyYAML) reads an unquoted 10:30 as the
    base-60 integer 630; it is turned back into the time staff typed.
    """

    def convert(self, value):
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            value = f"{value // 60:02d}:{value % 60:02d}"
        text = str(value).strip()
        match = re.fullmatch(r"(\d{1,2})[:：](\d{2})", text)
        if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise FieldError(f"时间“{text}”格式不正确，应写作 HH:MM，例如 09:30")
        return f"{int(match.group(1)):02d}:{match.group(2)}"

    def empty(self):
        return ""

    def json_schema(self):
        return {"type": "string", "pattern": "^(([01][0-9]|2[0-3]):[0-5][0-9])?$"}  # "": not known


@dataclass(frozen=True)
class Choice(FieldType):
    choices: type[enum.Enum]

    def convert(self, value):
        text = "" if value is None else str(value).strip()
        allowed = [member.value for member in self.choices]
        for member in self.choices:
            if member.value == text:
                return member
        hint = did_you_mean(text, allowed)
        raise FieldError(f"“{text}”不是允许的值（可选：{'、'.join(allowed)}）{hint}")

    def json_schema(self):
        return {"type": "string", "enum": [member.value for member in self.choices]}


@dataclass(frozen=True)
class ListOf(FieldType):
    item: FieldType

    def convert(self, value):
        if value is None:
            return ()
        if not isinstance(value, list):
            value = [value] if isinstance(self.item, Text) and isinstance(value, str) else None
            if value is None:
                raise FieldError("应为列表（每项一行，以“- ”开头）")
        items, errors = [], []
        for index, item in enumerate(value):
            try:
                items.append(self.item.convert(item))
            except FieldError as error:
                errors.extend(FieldError(f"第 {index + 1} 项{message}", (str(index), *path))
                              for message, path in error.each())
        if errors:
            raise FieldError.combine(errors)
        return tuple(items)

    def json_schema(self):
        return {"type": "array", "items": self.item.json_schema()}

    def empty(self):
        return ()


@dataclass(frozen=True)
class Nested(FieldType):
    """A mapping whose keys are the fields of another schema dataclass."""

    record: type

    def convert(self, value):
        if not isinstance(value, dict):
            raise FieldError("应为键值对（缩进写出各子项）")
        specs = field_specs(self.record)
        errors = [FieldError(f"未知的子项“{key}”{did_you_mean(key, specs)}", (key,))
                  for key in sorted(str(key) for key in value if key not in specs)]
        values = {}
        for name, spec in specs.items():
            raw = value.get(name)
            if raw is None or raw == "" or raw == []:
                if spec.required:
                    errors.append(FieldError(f"缺少必填子项 {name}（{spec.label}）", (name,)))
                values[name] = spec.type.empty()
                continue
            try:
                values[name] = spec.type.convert(raw)
            except FieldError as error:
                errors.extend(FieldError(message, (name, *path)) for message, path in error.each())
        if errors:
            raise FieldError.combine(errors)
        return self.record(**values)

    def json_schema(self):
        return object_schema(self.record)


@dataclass(frozen=True)
class FieldSpec:
    label: str
    type: FieldType
    required: bool = False
    help: str = ""


def spec(label: str, type_: FieldType, *, required: bool = False, help: str = "", default: Any = None):
    """A dataclass field carrying its schema declaration in ``metadata``."""
    return dataclasses.field(
        default=type_.empty() if default is None else default,
        metadata={"spec": FieldSpec(label, type_, required, help)},
    )


def field_specs(record: type) -> dict[str, FieldSpec]:
    return {
        field.name: field.metadata["spec"]
        for field in dataclasses.fields(record)
        if "spec" in field.metadata
    }


def object_schema(record: type) -> dict:
    specs = field_specs(record)
    properties = {}
    for name, field_spec in specs.items():
        schema = dict(field_spec.type.json_schema())
        if not field_spec.required and field_spec.type.empty() is None:
            schema = {"anyOf": [schema, {"type": "null"}]}
        schema["title"] = field_spec.label
        if field_spec.help:
            schema["description"] = field_spec.help
        properties[name] = schema
    schema = {
        "type": "object",
        "properties": properties,
        "required": [name for name, s in specs.items() if s.required],
        "additionalProperties": False,
    }
    groups = getattr(record, "REQUIRED_ONE_OF", ())
    if groups:  # at least one field of each group filled
        schema["allOf"] = [{"anyOf": [{"required": [name], "properties": {name: {"not": {"type": "null"}}}}
                                      for name in group]} for group in groups]
    return schema
