"""Stage 1: reading files and YAML, with the line of every key, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.load import load_content, load_reply, load_yaml_file, parse_front_matter, parse_yaml
from generator.problems import Problem, Severity, error


def lines_of(problems) -> list[str]:
    return [str(p) for p in problems]


def test_front_matter_gives_data_key_lines_and_body_position():
    doc = parse_front_matter("---\ntitle: 答复\nsession:\n  body: 政协\ntopics:\n  - talent\n---\n\n\n正文第一行。\n\n第二段。\n", "a.md")
    assert doc.data == {"title": "答复", "session": {"body": "政协"}, "topics": ["talent"]}
    assert doc.lines == {"": 2, "title": 2, "session": 3, "session.body": 4, "topics": 5, "topics.0": 6}
    assert doc.body == "正文第一行。\n\n第二段。\n"
    assert doc.body_line == 10
    assert doc.problems == ()


def test_body_line_skips_lines_of_spaces_the_same_way_the_body_does():
    doc = parse_front_matter("---\ntitle: 答复\n---\n   \n\t\n正文。\n", "a.md")
    assert (doc.body, doc.body_line) == ("正文。\n", 6)


def test_dates_stay_text_so_validation_can_explain_them():
    data, _, _ = parse_yaml("written_date: 2025-06-10\nother: 2025-13-01\n", "a.yml")
    assert data == {"written_date": "2025-06-10", "other": "2025-13-01"}


def test_missing_and_unclosed_front_matter():
    assert lines_of(parse_front_matter("title: 答复\n", "a.md").problems) == [
        "a.md:1: front matter: 文件应以 --- 开头的元数据块开始"]
    assert lines_of(parse_front_matter("---\ntitle: 答复\n\n正文。\n", "a.md").problems) == [
        "a.md:1: front matter: 元数据块没有以 --- 结束"]
    assert lines_of(parse_front_matter("", "a.md").problems) == [
        "a.md:1: front matter: 文件应以 --- 开头的元数据块开始"]


def test_empty_front_matter_is_an_empty_mapping():
    doc = parse_front_matter("---\n---\n正文。\n", "a.md")
    assert (doc.data, doc.problems, doc.body_line) == ({}, (), 3)


BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]\n" for previous, name in zip("abcdef", "bcdefg"))


@pytest.mark.parametrize(("text", "line", "message"), [
    ("title: 答复: 关于", 2, "YAML 语法错误：此处不能再出现“: ”，值中含有冒号时请给整个值加引号"),
    ("title: 答复\nissuer 测试局\nkind: 政协提案", 3, "YAML 语法错误：缺少冒号“:”（冒号后还要有一个空格）"),
    ("session:\n\tterm: 9", 3, "YAML 语法错误：不能用制表符（Tab）缩进，请改用空格"),
    ('title: "答复\nissuer: 测试局\nitem_no: "12"', 2, "YAML 语法错误：引号没有闭合"),
    ("title: '答复\nissuer: 测试局", 2, "YAML 语法错误：引号没有闭合"),
    ("topics: [talent, housing\nissuer: 测试局", 2, "YAML 语法错误：方括号 [ ] 没有正确闭合"),
    ("session: {body: 政协\nissuer: 测试局", 2, "YAML 语法错误：花括号 { } 没有正确闭合"),
    ("session:\n  body: 政协\n term: 9", 4, "YAML 语法错误：缩进不一致"),
    ('title: "a\\qb"', 2, "YAML 语法错误：双引号中的反斜杠“\\”用法不正确，可改用单引号"),
    ("title: *nothing", 2, "YAML 语法错误：引用了未定义的锚点（*）"),
    ("title: !!python/object:os.system x", 2, "YAML 语法错误：不支持以 ! 开头的 YAML 标签"),
    ("? [a, b]\n: 1", 2, "YAML 语法错误：键不能是列表或键值对"),
    ("tags: &loop\n  - *loop", 2, "锚点（&）引用了自身，内容无法展开，请删除 & 和 * 写法"),
    ("title: 答复\x00", 2, "含有不可见的控制字符 #x0000，请删除"),
    ("- title\n- issuer", 2, "内容应为“键: 值”形式的键值对"),
    ("答复", 2, "内容应为“键: 值”形式的键值对"),
    ("tags: " + "[" * 60 + "]" * 60, 2, "嵌套层级过深，请检查缩进"),
    (BILLION_LAUGHS, 2, "锚点（*）展开后内容过多，请删除 & 和 * 写法"),
])
def test_yaml_errors_name_the_line_staff_must_fix(text, line, message):
    data, lines, problems = parse_yaml(text, "a.md", line_offset=1)
    assert (data, lines) == (None, {})
    assert problems == [error("a.md", line, "YAML", message)]


def test_a_quote_inside_a_block_of_text_is_not_taken_for_an_unclosed_one():
    _, _, problems = parse_yaml('note: |\n  "引文开始\n  继续\ntopics: [a\nx: 1', "a.md", line_offset=1)
    assert lines_of(problems) == ["a.md:5: YAML: YAML 语法错误：方括号 [ ] 没有正确闭合"]


def test_duplicate_keys_are_reported_at_the_repeat_and_the_value_kept_is_named_by_its_line():
    data, lines, problems = parse_yaml("title: 一\nsession:\n  term: 9\n  term: 8\ntitle: 二\n", "a.yml")
    assert data == {"title": "二", "session": {"term": 8}}
    assert lines["title"] == 5 and lines["session.term"] == 4
    assert lines_of(problems) == ["a.yml:4: session.term: 键 term 重复出现，只能保留一个",
                                  "a.yml:5: title: 键 title 重复出现，只能保留一个"]


def test_shared_anchors_are_allowed():
    data, _, problems = parse_yaml("a: &x [1, 2]\nb: *x\n", "a.yml")
    assert (data, problems) == ({"a": [1, 2], "b": [1, 2]}, [])


def test_files_with_bom_and_windows_line_ends(tmp_path):
    path = tmp_path / "zx-1.md"
    path.write_bytes("\ufeff---\r\ntitle: 答复\r\n---\r\n\r\n正文。\r\n".encode("utf-8"))
    doc = load_reply(path)
    assert (doc.data, doc.body, doc.body_line, doc.problems) == ({"title": "答复"}, "正文。\n", 5, ())


def test_a_file_that_is_not_utf8_is_a_problem_at_its_first_bad_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("zx-1.md").write_bytes("---\ntitle: 答复\n---\n".encode("gb18030"))
    Path("site.yml").write_bytes(b"name: ok\norganizer: \xff\n")
    assert lines_of(load_reply(Path("zx-1.md")).problems) == ["zx-1.md:2: 编码: 文件不是 UTF-8 编码的文本，请用 UTF-8 编码另存"]
    assert lines_of(load_yaml_file(Path("site.yml")).problems) == ["site.yml:2: 编码: 文件不是 UTF-8 编码的文本，请用 UTF-8 编码另存"]


def test_load_content_reads_every_kind_of_file_in_path_order(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = Path("content")
    (root / "replies/2025").mkdir(parents=True)
    (root / "replies/2024").mkdir(parents=True)
    (root / "policies").mkdir()
    (root / "pages/help").mkdir(parents=True)
    (root / "search").mkdir()
    (root / "site.yml").write_text("name: 测试\n", encoding="utf-8")
    (root / "replies/2025/b.md").write_text("---\ntitle: 乙\n---\n", encoding="utf-8")
    (root / "replies/2024/a.md").write_text("---\ntitle: 甲\n---\n", encoding="utf-8")
    (root / "replies/2025/notes.txt").write_text("not a record", encoding="utf-8")
    (root / "policies/p.yml").write_text("title: 办法\n", encoding="utf-8")
    (root / "pages/help/index.md").write_text("# 帮助\n", encoding="utf-8")
    (root / "pages/logo.bin").write_bytes(b"\x89PNG\xff\xfe")
    (root / "search/userdict.txt").write_text("# comment\n人才公寓 5 n\n\n", encoding="utf-8")
    content = load_content(root)
    assert content.site.data == {"name": "测试"}
    assert [doc.path for doc in content.replies] == ["content/replies/2024/a.md", "content/replies/2025/b.md"]
    assert [doc.path for doc in content.policies] == ["content/policies/p.yml"]
    assert [(page.path, page.target) for page in content.pages] == [("content/pages/help/index.md", "help/index.md")]
    assert content.user_dictionary == ("人才公寓 5 n",)
    assert sorted(lines_of(content.problems)) == [
        "content/pages/logo.bin:1: 编码: 文件不是 UTF-8 编码的文本，请用 UTF-8 编码另存",
        "content/replies/2025/notes.txt:1: 文件: 不是答复记录（.md 文件），不会发布：答复函请用 python -m generator import 导入；"
        "附件请放在 content/media/<年份>/ 中，并写在答复的 attachments 里",
    ]


def test_files_in_replies_that_are_not_records_are_reported_never_skipped(tmp_path, monkeypatch):
    """Found by a new user: ZX-1.MD made the reply vanish while check said 可以发布."""
    monkeypatch.chdir(tmp_path)
    folder = Path("content/replies/2025")
    folder.mkdir(parents=True)
    Path("content/site.yml").write_text("name: 测试\n", encoding="utf-8")
    for name in ("ZX-1.MD", "zx-2.markdown", "答复函.docx", ".DS_Store"):
        (folder / name).write_bytes(b"x")
    assert lines_of(load_content(Path("content")).problems) == [
        "content/replies/2025/ZX-1.MD:1: 文件: 答复记录的扩展名应为小写 .md，否则不会发布：请改名为 ZX-1.md",
        "content/replies/2025/zx-2.markdown:1: 文件: 答复记录的扩展名应为小写 .md，否则不会发布：请改名为 zx-2.md",
        "content/replies/2025/答复函.docx:1: 文件: 不是答复记录（.md 文件），不会发布：答复函请用 python -m generator import 导入；"
        "附件请放在 content/media/<年份>/ 中，并写在答复的 attachments 里",
    ]


def test_media_files_are_listed_with_their_sizes_unread(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("content/media/2025").mkdir(parents=True)
    Path("content/site.yml").write_text("name: 测试\n", encoding="utf-8")
    Path("content/media/2025/zx-1-答复函.pdf").write_bytes(b"%PDF-1.7" + b"0" * 992)
    [item] = load_content(Path("content")).media
    assert (item.path, item.relative, item.size) == ("content/media/2025/zx-1-答复函.pdf", "media/2025/zx-1-答复函.pdf", 1000)
    assert item.source == str((tmp_path / "content/media/2025/zx-1-答复函.pdf").resolve())


def test_a_missing_site_file_is_a_problem(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = load_content(Path("empty"))
    assert (content.replies, content.policies, content.pages) == ((), (), ())
    assert content.problems == [Problem("empty/site.yml", 1, "site.yml", "缺少网站配置文件 site.yml", Severity.ERROR)]
