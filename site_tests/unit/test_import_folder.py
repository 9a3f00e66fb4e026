"""``python -m generator import DIR``: folders walked in order, the summary table and exit status,
originals kept as attachments, cited documents written as policies, nothing ever overwritten."""

from __future__ import annotations

import io
import json
import shutil
import unicodedata
from pathlib import Path

import pytest

from generator.cli import main
from generator.importer import command, import_text, reading
from generator.importer.citations import Citation, new_citations
from generator.importer.command import IMPORTABLE
from generator.importer.reading import PolicyRef
from generator.importer.summary import Progress
from generator.schema import REPLY_FIELDS
from site_tests.conftest import CONTENT, FIXTURES, run_generator

LETTERS = FIXTURES / "import"
POLICIES = CONTENT / "policies"
SEED = LETTERS / "seed_huli_zx_2025.txt"
TONGGUAN = LETTERS / "008_tongguan_mzj_zx_2024.txt"
MOBILE_LETTER = (
    "李四代表：\n您提出的《关于修路的建议》收悉，现答复如下：\n我局已安排。\n"
    "联系人：王五，联系电话：13812345678\n湖里区交通局\n2025年6月10日\n（此件主动公开）\n"
)
UNDATED_LETTER = "张三委员：\n您提出的《关于修路的提案》收悉，现答复如下：\n我局已安排。\n湖里区交通局\n"
CITING_LETTER = (
    "湖里区交通运输局\n厦湖交函〔2025〕9号\n答复类别：B类\n关于区政协九届四次会议第20253099号提案的答复\n"
    "王五委员：\n您提出的《关于优化公交线路的提案》收悉，现答复如下：\n一、基本情况\n"
    "我局已按《湖里区公交线网优化实施方案》（厦湖政办[2024]第07号）和市交通局已下达的厦交运【2023】12号"
    "《关于做好公交站点建设的通知》安排，并参照《湖里区加强人才及重点群体住房保障措施》执行。\n"
    "湖里区交通运输局\n2025年6月1日\n（此件主动公开）\n"
)


def run_import(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["import", "--policies", str(POLICIES), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def columns(text: str) -> list[str]:
    """A line as one string per terminal column (a CJK character fills two), to cut the table."""
    cells = []
    for ch in text:
        cells.append(ch)
        if unicodedata.east_asian_width(ch) in "WF":
            cells.append("")
    return cells


def table_rows(err: str) -> list[tuple[str, ...]]:
    """The summary table as cells; the dashed line under the header marks where columns start."""
    lines = err.splitlines()
    start = lines.index("导入结果：")
    header, rule = lines[start + 1], lines[start + 2]
    starts = [index for index, ch in enumerate(rule) if ch == "-" and (index == 0 or rule[index - 1] == " ")]
    rows = []
    for line in [header, *lines[start + 3:]]:
        if line.startswith("共 "):
            break
        cells = columns(line)
        bounds = [*starts, max(len(cells), starts[-1])]
        rows.append(tuple("".join(cells[a:b]).strip() for a, b in zip(bounds, bounds[1:])))
    return rows


def counts(path: Path) -> tuple[str, str]:
    """已识别字段数 and 缺少的字段 of a letter, derived here from the extraction itself."""
    imported = import_text(reading.read_letter(path), reading.read_policies(POLICIES)[0])
    filled = sum(1 for name in IMPORTABLE if imported.fields.get(name))
    required = [REPLY_FIELDS[name].label for name in imported.missing if REPLY_FIELDS[name].required]
    optional = len(imported.missing) - len(required)
    parts = ([f"必填：{'、'.join(required)}"] if required else []) + ([f"可选 {optional} 项"] if optional else [])
    return f"{filled}/{len(IMPORTABLE)}", "；".join(parts) or "无"


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def tree(tmp_path, monkeypatch) -> Path:
    """Letters in nested folders, a duplicate, a private mobile number and files that are not letters."""
    monkeypatch.chdir(tmp_path)  # the table shows paths relative to the working directory
    root = tmp_path / "letters"
    (root / "2025" / "deep").mkdir(parents=True)
    (root / "b").mkdir()
    (root / ".git").mkdir()
    shutil.copy(SEED, root / "2025" / "seed.txt")
    shutil.copy(SEED, root / "b" / "again.txt")  # the same letter once more
    shutil.copy(TONGGUAN, root / "2025" / "deep" / "tongguan.txt")
    (root / "b" / "mobile.txt").write_text(MOBILE_LETTER, encoding="utf-8")
    (root / "b" / "list.xlsx").write_bytes(b"PK\x03\x04")
    (root / "b" / "~$again.docx").write_bytes(b"\x00" * 162)
    (root / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    return root


def test_a_folder_is_walked_in_order_and_summed_up_in_a_table(capsys, tree):
    code, out, err = run_import(capsys, "letters", "--out", "content/replies")
    assert out == ""
    seed, tongguan = counts(SEED), counts(TONGGUAN)
    mobile = counts(tree / "b" / "mobile.txt")
    assert table_rows(err) == [
        ("文件", "记录编号", "已识别字段数", "缺少的字段", "个人信息", "错误"),
        ("letters/2025/deep/tongguan.txt", "zx-52", *tongguan, "无", "无"),
        ("letters/2025/seed.txt", "zx-20253012", *seed, "无", "无"),
        ("letters/.git/", "", "", "", "", "跳过（隐藏文件夹）"),
        ("letters/b/again.txt", "zx-20253012-2（zx-20253012 已存在）", *seed, "无", "无"),
        ("letters/b/list.xlsx", "", "", "", "", "跳过（不支持的文件类型）"),
        ("letters/b/mobile.txt", "rd-20250610", *mobile, "手机号码 138****5678", "无"),
        ("letters/b/~$again.docx", "", "", "", "", "跳过（Word 临时文件）"),
    ]
    assert "共 7 个文件，导入 4 件（其中需核对 2 件），失败 0 件，跳过 3 个" in err
    assert code == 3 and "退出状态 3" in err
    written = sorted(p.relative_to("content").as_posix() for p in Path("content").rglob("*") if p.is_file())
    assert written == ["replies/2024/zx-52.md", "replies/2025/rd-20250610.md",
                       "replies/2025/zx-20253012-2.md", "replies/2025/zx-20253012.md"]


def test_a_private_number_is_shown_masked_only(capsys, tree):
    _, _, err = run_import(capsys, "letters", "--out", "content/replies")
    assert "138****5678" in err
    assert "13812345678" not in err
    assert "13812345678" in Path("content/replies/2025/rd-20250610.md").read_text(encoding="utf-8")


def test_a_second_run_overwrites_nothing(capsys, tree):
    run_import(capsys, "letters", "--out", "content/replies")
    before = snapshot(Path("content"))
    code, _, err = run_import(capsys, "letters", "--out", "content/replies")
    after = snapshot(Path("content"))
    assert {name: after[name] for name in before} == before
    assert sorted(set(after) - set(before)) == ["replies/2024/zx-52-2.md", "replies/2025/rd-20250610-2.md",
                                                "replies/2025/zx-20253012-3.md", "replies/2025/zx-20253012-4.md"]
    assert [row[1] for row in table_rows(err)[1:] if row[1]] == [
        "zx-52-2（zx-52 已存在）", "zx-20253012-3（zx-20253012 已存在）",
        "zx-20253012-4（zx-20253012 已存在）", "rd-20250610-2（rd-20250610 已存在）"]
    assert code == 3


def test_a_clean_folder_exits_0_and_a_failed_letter_1(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("good").mkdir()
    shutil.copy(SEED, "good/seed.txt")
    shutil.copy(TONGGUAN, "good/tongguan.txt")
    code, _, err = run_import(capsys, "good", "--out", "replies")
    assert code == 0, err
    assert "退出状态 0：全部导入" in err
    Path("bad").mkdir()
    Path("bad/undated.txt").write_text(UNDATED_LETTER, encoding="utf-8")
    shutil.copy(TONGGUAN, "bad/tongguan.txt")
    code, _, err = run_import(capsys, "bad", "--out", "replies")
    rows = table_rows(err)
    assert rows[1][0] == "bad/tongguan.txt" and rows[1][1] == "zx-52-2（zx-52 已存在）"
    assert rows[2][0] == "bad/undated.txt" and rows[2][1] == ""
    assert rows[2][5].startswith("未写入：找不到成文日期")
    assert code == 1


def test_files_and_folders_mix_in_the_order_given_and_a_file_is_read_once(capsys, tree):
    code, _, err = run_import(capsys, str(tree / "b" / "mobile.txt"), "letters/2025", "letters/2025/seed.txt", "--stdout")
    assert [row[0] for row in table_rows(err)[1:]] == [
        "letters/b/mobile.txt", "letters/2025/deep/tongguan.txt", "letters/2025/seed.txt", "letters/2025/seed.txt"]
    assert table_rows(err)[-1][5] == "跳过（重复列出）"
    assert not Path("content").exists()
    assert code == 3  # the mobile number


def test_an_unsupported_file_named_on_the_command_line_is_an_error(capsys, tree):
    code, _, err = run_import(capsys, "letters/b/list.xlsx", "--out", "content/replies")
    assert code == 1
    assert "不支持的文件类型" in table_rows(err)[1][5]


# --- the original as an attachment -----------------------------------------------------------


@pytest.fixture
def pdf_reader(monkeypatch):
    """.pdf files holding plain text, read as a PDF reader would hand them over, with an OCR note."""
    real = getattr(reading, "read_letter_with_notes", None)

    def read(path: Path):
        if path.suffix.lower() == ".pdf":
            return path.read_text(encoding="utf-8"), ["扫描件，文字经识别（OCR）读出，请逐字核对原件"]
        return real(path) if real else (reading.read_letter(path), [])

    monkeypatch.setattr(reading, "read_letter_with_notes", read, raising=False)
    monkeypatch.setattr(reading, "LETTER_SUFFIXES", tuple(dict.fromkeys((*reading.LETTER_SUFFIXES, ".pdf"))))


def test_a_pdf_original_is_kept_in_media_and_listed(capsys, tmp_path, monkeypatch, pdf_reader):
    monkeypatch.chdir(tmp_path)
    Path("in").mkdir()
    shutil.copy(SEED, "in/letter.pdf")
    code, _, err = run_import(capsys, "in", "--out", "content/replies")
    record = Path("content/replies/2025/zx-20253012.md").read_text(encoding="utf-8")
    assert "attachments:\n  - title: 答复函原件\n    file: media/2025/zx-20253012.pdf\n" in record
    assert Path("content/media/2025/zx-20253012.pdf").read_bytes() == SEED.read_bytes()
    assert table_rows(err)[1][5] == "需核对：扫描件，文字经识别（OCR）读出，请逐字核对原件"
    assert code == 3
    # Again: a new record and a new original beside the first, which stay as they were.
    run_import(capsys, "in", "--out", "content/replies")
    assert "file: media/2025/zx-20253012-2.pdf" in Path("content/replies/2025/zx-20253012-2.md").read_text(encoding="utf-8")
    assert sorted(p.name for p in Path("content/media/2025").iterdir()) == ["zx-20253012-2.pdf", "zx-20253012.pdf"]
    assert Path("content/replies/2025/zx-20253012.md").read_text(encoding="utf-8") == record


def test_a_media_file_in_the_way_is_not_overwritten(capsys, tmp_path, monkeypatch, pdf_reader):
    monkeypatch.chdir(tmp_path)
    Path("content/media/2025").mkdir(parents=True)
    Path("content/media/2025/zx-20253012.pdf").write_bytes(b"%PDF another file")
    shutil.copy(SEED, "letter.pdf")
    code, _, err = run_import(capsys, "letter.pdf", "--out", "content/replies")
    assert Path("content/media/2025/zx-20253012.pdf").read_bytes() == b"%PDF another file"
    assert "attachments" not in Path("content/replies/2025/zx-20253012.md").read_text(encoding="utf-8")
    assert "原件未复制（media/2025/zx-20253012.pdf 已存在）" in table_rows(err)[1][5]
    assert code == 3


def test_other_originals_are_kept_only_with_attach(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    letter_docx(TONGGUAN.read_text(encoding="utf-8"), Path("letter.docx"))
    shutil.copy(SEED, "letter.txt")
    run_import(capsys, "letter.docx", "letter.txt", "--out", "plain/replies")
    assert not Path("plain/media").exists()
    _, _, err = run_import(capsys, "letter.docx", "letter.txt", "--out", "content/replies", "--attach")
    assert [p.as_posix() for p in Path("content/media").rglob("*.*")] == ["content/media/2024/zx-52.docx"]
    assert "file: media/2024/zx-52.docx" in Path("content/replies/2024/zx-52.md").read_text(encoding="utf-8")
    assert "letter.txt: 原件为 .txt 文件，不能作为附件发布，未复制" in err


def test_stdout_and_json_copy_nothing_and_say_so(capsys, tmp_path, monkeypatch, pdf_reader):
    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED, "letter.pdf")
    for mode in (("--stdout",), ("--format", "json")):
        _, out, err = run_import(capsys, "letter.pdf", *mode)
        assert "不写任何文件：原件不复制到 media/" in err
        assert "读出（未写入文件） 1 件" in err
        assert "attachments" not in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.pdf"]


# --- cited documents become policies ------------------------------------------------------------


def test_cited_documents_not_held_are_reported_and_in_json(capsys, tmp_path):
    letter = tmp_path / "cite.txt"
    letter.write_text(CITING_LETTER, encoding="utf-8")
    code, out, err = run_import(capsys, str(letter), "--format", "json", "--new-policies")
    assert "未收录的政策文件：《湖里区公交线网优化实施方案》（厦湖政办〔2024〕7号）" in err
    assert "未收录的政策文件：《关于做好公交站点建设的通知》（厦交运〔2023〕12号）" in err
    data = json.loads(out)
    assert data["new_policies"] == [
        {"id": Citation("湖里区公交线网优化实施方案", "厦湖政办〔2024〕7号").policy_id,
         "title": "湖里区公交线网优化实施方案", "doc_number": "厦湖政办〔2024〕7号"},
        {"id": Citation("关于做好公交站点建设的通知", "厦交运〔2023〕12号").policy_id,
         "title": "关于做好公交站点建设的通知", "doc_number": "厦交运〔2023〕12号"},
    ]
    assert data["policies"] == ["huli-talent-housing-measures"]  # held already: cited, not new
    assert code == 0


def letter_docx(text: str, path: Path) -> Path:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    document.save(path)
    return path


def test_new_policies_and_a_kept_original_pass_check(capsys, tmp_path):
    content = shutil.copytree(CONTENT, tmp_path / "content")
    first, second = tmp_path / "cite.txt", tmp_path / "again.txt"
    first.write_text(CITING_LETTER, encoding="utf-8")
    # A second letter citing one of them again, with other brackets and without its title: no second file.
    second.write_text(CITING_LETTER.replace("20253099", "20253100").replace("厦湖交函〔2025〕9号", "厦湖交函〔2025〕10号")
                      .replace("厦交运【2023】12号《关于做好公交站点建设的通知》", "厦交运(2023)12号文件"), encoding="utf-8")
    before = snapshot(content / "policies")
    code, _, err = run_import(capsys, str(first), str(second), "--out", str(content / "replies"),
                              "--policies", str(content / "policies"), "--new-policies")
    assert code == 0, err
    plan = Citation("湖里区公交线网优化实施方案", "厦湖政办〔2024〕7号").policy_id
    notice = Citation("关于做好公交站点建设的通知", "厦交运〔2023〕12号").policy_id
    added = sorted(set(snapshot(content / "policies")) - set(before))
    assert added == sorted([f"{plan}.yml", f"{notice}.yml"])
    text = (content / "policies" / f"{plan}.yml").read_text(encoding="utf-8")
    assert text.splitlines()[1:] == ["title: 湖里区公交线网优化实施方案", "doc_number: 厦湖政办〔2024〕7号"]
    assert text.startswith("# ")  # a note for the editor, no data beyond what the letter says
    one = (content / "replies" / "2025" / "zx-20253099.md").read_text(encoding="utf-8")
    two = (content / "replies" / "2025" / "zx-20253100.md").read_text(encoding="utf-8")
    assert f"policies:\n  - {plan}\n  - {notice}\n  - huli-talent-housing-measures\n" in one
    assert f"policies:\n  - {plan}\n  - {notice}\n  - huli-talent-housing-measures\n" in two
    assert "新写入的政策文件 2 个" in err
    kept = letter_docx(MOBILE_LETTER.replace("，联系电话：13812345678", ""), tmp_path / "kept.docx")
    code, _, err = run_import(capsys, str(kept), "--attach", "--out", str(content / "replies"))
    assert code == 0, err
    assert (content / "media" / "2025" / "rd-20250610.docx").read_bytes() == kept.read_bytes()
    result = run_generator("check", "--content", str(content), "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    # Imported again: held now, so nothing new is written.
    run_import(capsys, str(first), "--out", str(content / "replies"), "--policies", str(content / "policies"),
               "--new-policies")
    assert sorted(set(snapshot(content / "policies")) - set(before)) == added


def refs(*policies: tuple[str, str, str]) -> tuple[PolicyRef, ...]:
    return tuple(PolicyRef(pid, (title,), number) for pid, title, number in policies)


@pytest.mark.parametrize("body, expected", [
    ("按《甲方案》（厦府[2024]第07号）执行。", [("甲方案", "厦府〔2024〕7号")]),
    ("按《甲方案》(厦府(2024)7号)执行。", [("甲方案", "厦府〔2024〕7号")]),
    ("省交通厅已下达湘交函〔2022〕179号《乙意见》。", [("乙意见", "湘交函〔2022〕179号")]),
    ("根据和厦府办【2023】3号《丙规划》", [("丙规划", "厦府办〔2023〕3号")]),
    # The 机关代字 cannot be told from the words before it: not taken rather than guessed.
    ("省委办公厅省政府办公厅湘办发〔2021〕3号《丁通知》", []),
    # A bare title, a proposal's number and a newspaper are not cited documents.
    ("《关于修路的提案》（第20253012号）收悉，见《人民日报》和《山东省农村公路条例》。", []),
])
def test_cited_pairs(body, expected):
    assert [(c.title, c.doc_number) for c in new_citations(body, ())] == expected


def test_a_held_policy_is_matched_by_title_alias_or_number():
    held = refs(("a", "甲方案", ""), ("b", "乙意见", "湘交函〔2022〕179号"))
    held += (PolicyRef("c", ("丙规划正式名称", "丙规划"), ""),)
    body = "按《甲 方案》（厦府〔2024〕7号）、湘交函[2022]第179号《乙意见（修订）》和《丙规划》（厦府〔2023〕3号）执行。"
    assert new_citations(body, held) == []


def test_a_policy_id_is_deterministic_ascii_and_the_same_for_any_brackets():
    one = Citation("甲方案", "厦府〔2024〕7号").policy_id
    assert one == Citation("甲方案（修订）", "厦府〔2024〕7号").policy_id
    assert one.startswith("doc-2024-7-") and len(one) == len("doc-2024-7-") + 6 and one.isascii()
    assert one != Citation("甲方案", "湖府〔2024〕7号").policy_id
    [found] = new_citations("《甲方案》（厦府[2024]第007号）", ())
    assert found.policy_id == one


# --- progress ----------------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_only_on_a_terminal_and_for_more_than_20_files():
    assert not Progress(21, io.StringIO()).enabled
    assert not Progress(20, Terminal()).enabled
    stream = Terminal()
    bar = Progress(21, stream)
    bar.start("a.txt")
    bar.advance()
    assert "导入中 [#" in stream.getvalue() and "1/21 a.txt" in stream.getvalue()
    bar.close()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_messages_clear_the_bar_and_redraw_it(capsys, monkeypatch):
    stream = Terminal()
    bar = Progress(30, stream)
    monkeypatch.setattr(command, "_progress", bar)
    bar.start("b.txt")
    command.say("联系电话 13712347627")
    assert "137****7627" in capsys.readouterr().err
    assert stream.getvalue().count("导入中") == 2  # drawn, cleared for the message, drawn again


def test_a_letter_the_importer_trips_over_does_not_stop_the_folder(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("in").mkdir()
    shutil.copy(SEED, "in/a.txt")
    shutil.copy(TONGGUAN, "in/b.txt")
    real = command.import_text

    def flaky(text, policies=()):
        if "厦湖人社函" in text:
            raise ValueError("unexpected layout")
        return real(text, policies)

    monkeypatch.setattr(command, "import_text", flaky)
    code, _, err = run_import(capsys, "in", "--out", "replies")
    rows = table_rows(err)
    assert rows[1][0] == "in/a.txt" and rows[1][5].startswith("导入程序出错（ValueError: unexpected layout）")
    assert rows[2][:2] == ("in/b.txt", "zx-52")
    assert code == 1


def test_an_empty_folder_is_said_and_needs_attention(capsys, tmp_path):
    code, _, err = run_import(capsys, str(tmp_path), "--stdout")
    assert "没有可以导入的答复函" in err
    assert code == 3


def test_numbered_letters_come_in_number_order(tmp_path):
    from generator.importer.folder import expand

    for name in ("10.txt", "2.txt", "1/3.txt", "1a.txt", "b.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [e.path.relative_to(tmp_path).as_posix() for e in expand([str(tmp_path)], (".txt",))] == [
        "1/3.txt", "1a.txt", "2.txt", "10.txt", "b.txt"]
