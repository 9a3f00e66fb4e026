"""The staff guide is published, and every message it explains is one the generator really prints."""

import re
from pathlib import Path

from lxml import html as lxml_html

from generator.schema import REPLY_FIELDS

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "content/pages/help/index.md"


def generator_source() -> str:
    return "".join(p.read_text(encoding="utf-8") for p in (ROOT / "generator").rglob("*.py"))


def test_every_message_in_the_guide_table_exists_in_the_generator():
    source = generator_source()
    rows = re.findall(r"^\| ([^|]+?) \| [^|]+ \| [^|]+ \|$", GUIDE.read_text(encoding="utf-8"), re.M)
    fragments = [row for row in rows if row not in ("提示中出现", "---")]
    assert len(fragments) >= 19
    for fragment in fragments:
        for part in fragment.split(" / "):
            assert part.strip() in source, part


def test_guide_and_field_reference_are_on_the_site(built_site):
    guide = lxml_html.fromstring((built_site / "help/index.html").read_bytes()).text_content()
    for heading in ("第一步：从答复函导入", "第二步：检查", "第三步：预览", "第四步：提交",
                    "公开属性与个人信息", "更正与撤回", "常见问题提示及处理方法", "Create new file"):
        assert heading in guide
    fields = lxml_html.fromstring((built_site / "help/fields/index.html").read_bytes())
    names = [code.text for code in fields.cssselect("table.field-guide td:first-child code")]
    assert names == list(REPLY_FIELDS)
    assert "以下之一：主动公开、依申请公开、不予公开" in fields.text_content()


def test_commands_in_the_guide_exist(tmp_path):
    from generator.cli import parser

    commands = set(parser()._subparsers._group_actions[0].choices)
    used = set(re.findall(r"python -m generator (\w+)", GUIDE.read_text(encoding="utf-8")))
    assert used <= commands, used - commands
