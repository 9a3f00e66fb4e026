"""The staff guide's field reference, generated from the schema so it never drifts."""

from __future__ import annotations

from ..fieldtypes import Choice, Date, Integer, ListOf, Nested, Url, field_specs
from ..schema import REPLY_FIELDS
from .markup import esc, front_matter


def type_name(field_type) -> str:
    if isinstance(field_type, Choice):
        return "以下之一：" + "、".join(m.value for m in field_type.choices)
    if isinstance(field_type, Date):
        return "日期 YYYY-MM-DD"
    if isinstance(field_type, Integer):
        return "整数"
    if isinstance(field_type, Url):
        return "网址"
    if isinstance(field_type, Nested):
        return "分项：" + "、".join(f"{k}（{s.label}）" for k, s in field_specs(field_type.record).items())
    if isinstance(field_type, ListOf):
        return "列表，每项" + type_name(field_type.item).replace("分项：", "含 ")
    return "文本"


def render_field_guide() -> str:
    rows = "".join(
        f"<tr><td><code>{name}</code></td><td>{esc(spec.label)}</td><td>{'是' if spec.required else ''}</td>"
        f"<td>{esc(type_name(spec.type))}</td><td>{esc(spec.help)}</td></tr>"
        for name, spec in REPLY_FIELDS.items()
    )
    return (front_matter({"title": "字段说明", "search": {"exclude": True}})
            + "# 字段说明\n\n<p>每件答复是 <code>content/replies/年份/编号.md</code> 文件，开头 <code>---</code> 之间是下列字段，"
            + "之后是答复正文。本表由生成器的字段定义自动生成。</p>\n\n"
            + '<div class="table-scroll"><table class="field-guide"><thead><tr><th>字段</th><th>名称</th><th>必填</th>'
            + f"<th>格式</th><th>说明</th></tr></thead><tbody>{rows}</tbody></table></div>\n")
