"""Golden tests of ``python -m generator import`` against the committed records,
and the command's behaviour: formats, file names, refusals and messages."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.load import parse_front_matter
from generator.schema import REPLY_FIELDS
from site_tests.conftest import CONTENT, FIXTURES, run_generator

LETTERS = FIXTURES / "import"
POLICIES = CONTENT / "policies"
EDITORIAL = ("topics", "tags")

GOLDEN = {
    "seed_huli_zx_2025.txt": "2025/zx-20253012.md",
    "004_changning_jtj_zx_2025.txt": "2025/zx-41.md",
    "006_dongtou_jtj_rd_2024.txt": "2024/rd-dongtou-bus-stops.md",
    "008_tongguan_mzj_zx_2024.txt": "2024/zx-52.md",
    "011_zichuan_zrzyj_rd_2023.txt": "2023/rd-24.md",
}


def run_import(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["import", "--policies", str(POLICIES), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def record(text: str):
    doc = parse_front_matter(text, "imported")
    assert doc.data is not None, doc.problems
    return doc


def committed(relative: str):
    return record((CONTENT / "replies" / relative).read_text(encoding="utf-8"))


def without_editorial(data: dict) -> dict:
    return {key: value for key, value in data.items() if key not in EDITORIAL}


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("letter, expected", GOLDEN.items())
def test_import_gives_the_committed_record(capsys, letter, expected):
    code, out, err = run_import(capsys, str(LETTERS / letter), "--stdout")
    assert code == 0, err
    imported, wanted = record(out), committed(expected)
    assert imported.data == without_editorial(wanted.data)
    assert words(imported.body) == words(wanted.body)


@pytest.mark.parametrize("letter", GOLDEN)
def test_front_matter_keys_follow_the_schema_order(capsys, letter):
    _, out, _ = run_import(capsys, str(LETTERS / letter), "--stdout")
    keys = list(record(out).data)
    assert keys == [key for key in REPLY_FIELDS if key in keys]
    assert not set(keys) & set(EDITORIAL)


def test_item_no_and_phone_are_quoted_and_dates_are_plain(capsys):
    _, out, _ = run_import(capsys, str(LETTERS / "seed_huli_zx_2025.txt"), "--stdout")
    assert 'item_no: "20253012"' in out
    assert 'phone: "2878324"' in out
    assert "\nwritten_date: 2025-06-10\n" in out


def test_nothing_is_left_twice_in_the_body(capsys):
    _, out, _ = run_import(capsys, str(LETTERS / "seed_huli_zx_2025.txt"), "--stdout")
    body = record(out).body
    for moved in ("肖明委员：", "厦湖人社函", "答复类别", "焦杨", "蔡诗颖", "2878324", "2025年6月10日", "此件主动公开", "抄送"):
        assert moved not in body


@pytest.mark.parametrize("letter", [name for name in GOLDEN if not name.startswith("seed")])
def test_web_page_leftovers_are_dropped(capsys, letter):
    _, out, err = run_import(capsys, str(LETTERS / letter), "--stdout")
    for leftover in ("source:", "首页", "信息公开 |", "浏览", "来源", "类别：", "无障碍", "• ", "答复内容", "主题词"):
        assert leftover not in out
    assert "未导入" not in err  # every line outside the body was understood


def test_json_format_prints_the_fields_and_body(capsys):
    code, out, _ = run_import(capsys, str(LETTERS / "008_tongguan_mzj_zx_2024.txt"), "--format", "json")
    assert code == 0
    data = json.loads(out)
    wanted = committed("2024/zx-52.md")
    body = data.pop("body")
    assert data == without_editorial(wanted.data)
    assert words(body) == words(wanted.body)


def test_json_format_with_several_letters_prints_a_list(capsys):
    letters = [str(LETTERS / name) for name in GOLDEN]
    code, out, _ = run_import(capsys, *letters, "--format", "json")
    assert code == 0
    assert [item["issuer"] for item in json.loads(out)][:2] == ["湖里区人力资源和社会保障局", "昌宁县交通运输局"]


def test_stdout_writes_no_file(capsys):
    before = sorted((CONTENT / "replies").rglob("*"))
    code, out, _ = run_import(capsys, str(LETTERS / "seed_huli_zx_2025.txt"), "--stdout")
    assert code == 0 and out.startswith("---\n")
    assert sorted((CONTENT / "replies").rglob("*")) == before


def test_out_writes_year_and_id_and_never_overwrites(capsys, tmp_path):
    seed = str(LETTERS / "seed_huli_zx_2025.txt")
    code, out, err = run_import(capsys, seed, "--out", str(tmp_path))
    assert code == 0 and out == ""
    first = tmp_path / "2025" / "zx-20253012.md"
    assert first.is_file() and "已导入为" in err
    first.write_text(first.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    run_import(capsys, seed, "--out", str(tmp_path))
    run_import(capsys, seed, "--out", str(tmp_path))
    assert sorted(p.name for p in (tmp_path / "2025").iterdir()) == ["zx-20253012-2.md", "zx-20253012-3.md", "zx-20253012.md"]
    assert first.read_text(encoding="utf-8").endswith("edited\n")


def test_an_id_used_in_another_year_is_taken_too(capsys, tmp_path):
    (tmp_path / "2024").mkdir()
    (tmp_path / "2024" / "zx-20253012.md").write_text("---\n---\n", encoding="utf-8")
    run_import(capsys, str(LETTERS / "seed_huli_zx_2025.txt"), "--out", str(tmp_path))
    assert (tmp_path / "2025" / "zx-20253012-2.md").is_file()


def test_id_without_item_number_uses_the_date(capsys, tmp_path):
    run_import(capsys, str(LETTERS / "006_dongtou_jtj_rd_2024.txt"), "--out", str(tmp_path))
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.md")] == ["2024/rd-20240605.md"]


def test_refuses_to_write_without_a_date(capsys, tmp_path):
    letter = tmp_path / "undated.txt"
    letter.write_text("张三委员：\n您提出的《关于修路的提案》收悉，现答复如下：\n我局已安排。\n湖里区交通局\n", encoding="utf-8")
    out_dir = tmp_path / "out"
    code, _, err = run_import(capsys, str(letter), "--out", str(out_dir))
    assert code == 1
    assert "未写入" in err and "成文日期" in err
    assert not out_dir.exists()


def test_disclosure_is_left_empty_when_the_letter_does_not_say(capsys, tmp_path):
    text = (LETTERS / "seed_huli_zx_2025.txt").read_text(encoding="utf-8").replace("(此件主动公开)", "")
    letter = tmp_path / "letter.txt"
    letter.write_text(text, encoding="utf-8")
    code, out, err = run_import(capsys, str(letter), "--stdout")
    assert code == 3  # imported, with something to check
    assert "disclosure" not in record(out).data
    assert "disclosure（公开属性）" in err and "不会发布" in err


def test_missing_fields_are_listed_in_chinese(capsys):
    _, _, err = run_import(capsys, str(LETTERS / "006_dongtou_jtj_rd_2024.txt"), "--stdout")
    assert "以下字段原文中未找到" in err
    assert "doc_number（发文字号）" in err and "item_no（建议/提案编号）" in err
    assert "topics" in err  # told that topics and tags are for the editor


def test_web_copy_is_public_with_its_source(capsys):
    _, out, err = run_import(capsys, str(LETTERS / "004_changning_jtj_zx_2025.txt"), "--stdout")
    data = record(out).data
    assert data["disclosure"] == "主动公开"
    assert data["source_url"] == "https://www.yncn.gov.cn/info/11894/9284630.htm"
    assert "提示" in err


def test_a_mobile_number_in_a_contact_line_is_flagged_masked(capsys, tmp_path):
    letter = tmp_path / "mobile.txt"
    letter.write_text(
        "李四代表：\n您提出的《关于修路的建议》收悉，现答复如下：\n我局已安排。\n"
        "联系人：王五，联系电话：13812345678\n湖里区交通局\n2025年6月10日\n", encoding="utf-8")
    code, out, err = run_import(capsys, str(letter), "--stdout")
    assert code == 3  # imported, with something to check
    assert record(out).data["contacts"] == [{"name": "王五", "phone": "13812345678"}]
    assert re.search(r"mobile\.txt:4: contacts\.0\.phone: 发现手机号码 138\*\*\*\*5678", err)
    assert "13812345678" not in err


def test_a_skipped_line_is_quoted_with_its_mobile_number_masked_and_the_record_fails_check(capsys, tmp_path):
    """Found on real letters: the quoted line printed a private mobile number in full."""
    letter = tmp_path / "leftover.txt"
    letter.write_text(
        "湖里区交通局\n经办人手机 13712347627 分机 8021\n李四代表：\n您提出的《关于修路的建议》收悉，现答复如下：\n"
        "我局已安排，可拨打13612345678咨询。\n湖里区交通局\n2025年6月10日\n", encoding="utf-8")
    code, out, err = run_import(capsys, str(letter), "--out", str(tmp_path / "replies"))
    assert "13712347627" not in err and "13612345678" not in err
    assert "137****7627" in err and "此行未导入" in err
    [written] = (tmp_path / "replies").rglob("*.md")
    assert "13612345678" in written.read_text(encoding="utf-8")  # the record keeps what the letter says
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content, ignore=shutil.ignore_patterns("replies"))
    (content / "replies" / "2025").mkdir(parents=True)
    shutil.copy(written, content / "replies" / "2025" / written.name)
    result = run_generator("check", "--content", str(content))
    assert result.returncode == 1
    assert "发现手机号码 136****5678" in result.stdout and "13612345678" not in result.stdout + result.stderr


# --- .docx input -------------------------------------------------------------------------


def seed_as_docx(path: Path) -> Path:
    """The seed letter as Word would hold it: no # marks, **bold** as bold runs."""
    import docx

    document = docx.Document()
    for line in (LETTERS / "seed_huli_zx_2025.txt").read_text(encoding="utf-8").split("\n"):
        paragraph = document.add_paragraph()
        for index, piece in enumerate(re.split(r"\*\*", re.sub(r"^#+\s*", "", line))):
            if piece:
                paragraph.add_run(piece).bold = index % 2 == 1
    document.save(path)
    return path


def test_docx_gives_the_same_record_as_the_text(capsys, tmp_path):
    code, out, err = run_import(capsys, str(seed_as_docx(tmp_path / "seed.docx")), "--stdout")
    assert code == 0, err
    imported, wanted = record(out), committed(GOLDEN["seed_huli_zx_2025.txt"])
    assert imported.data == without_editorial(wanted.data)
    assert words(imported.body) == words(wanted.body)
    assert "**二是加强政校联动。**" in imported.body


def test_docx_tables_are_read_row_by_row(capsys, tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "区政府分管领导：焦杨", "承办单位领导：林长发"
    for line in ("肖明委员：", "您提出的《关于修路的提案》收悉，现答复如下：", "我局已安排。"):
        document.add_paragraph(line)
    document.add_table(rows=0, cols=1)
    for line in ("湖里区交通局", "2025年6月10日"):
        document.add_paragraph(line)
    path = tmp_path / "table.docx"
    document.save(path)
    _, out, _ = run_import(capsys, str(path), "--stdout")
    assert record(out).data["signatories"] == [{"role": "区政府分管领导", "name": "焦杨"}, {"role": "承办单位领导", "name": "林长发"}]


# --- unreadable input: exit 1 with file:line ------------------------------------------------


def test_missing_file_is_an_error_with_file_and_line(capsys, tmp_path):
    code, _, err = run_import(capsys, str(tmp_path / "nope.txt"), "--stdout")
    assert code == 1
    assert re.search(r"nope\.txt:1: import: 文件不存在", err)


def test_bad_utf8_names_the_line(capsys, tmp_path):
    letter = tmp_path / "broken.txt"
    letter.write_bytes("第一行\n第二行\n".encode() + b"\xff\xfe bad\n")
    code, _, err = run_import(capsys, str(letter), "--stdout")
    assert code == 1
    assert "broken.txt:3: import: 文字编码无法识别" in err


def test_gbk_text_is_read(capsys, tmp_path):
    letter = tmp_path / "gbk.txt"
    letter.write_bytes((LETTERS / "seed_huli_zx_2025.txt").read_text(encoding="utf-8").encode("gb18030"))
    code, out, _ = run_import(capsys, str(letter), "--stdout")
    assert code == 0 and record(out).data["doc_number"] == "厦湖人社函〔2025〕5号"


def test_corrupt_docx_and_unknown_types_are_errors(capsys, tmp_path):
    (tmp_path / "bad.docx").write_bytes(b"not a zip")
    (tmp_path / "letter.pdf").write_bytes(b"%PDF")
    (tmp_path / "letter.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    good = str(LETTERS / "008_tongguan_mzj_zx_2024.txt")
    code, out, err = run_import(capsys, str(tmp_path / "bad.docx"), str(tmp_path / "letter.pdf"),
                                str(tmp_path / "letter.xls"), good, "--stdout")
    assert code == 1
    assert "bad.docx:1: import: 不是有效的 .docx 文件" in err
    assert "letter.pdf:1: import: 不是有效的 .pdf 文件" in err
    assert "letter.xls:1: import: 不支持的文件类型" in err
    assert "潼民发〔2024〕275号" in out  # the readable letter is still imported


def test_an_imported_record_passes_check(capsys, tmp_path):
    from generator.pipeline import check

    content = shutil.copytree(CONTENT, tmp_path / "content")
    letter = tmp_path / "letter.txt"
    letter.write_text(
        "湖里区交通运输局\n厦湖交函〔2025〕9号\n答复类别：B类\n关于区政协九届四次会议第20253099号提案的答复\n"
        "王五委员：\n您提出的《关于优化公交线路的提案》收悉，现答复如下：\n一、基本情况\n"
        "我局已按《湖里区加强人才及重点群体住房保障措施》安排。\n湖里区交通运输局\n2025年6月1日\n（此件主动公开）\n",
        encoding="utf-8")
    code, _, err = run_import(capsys, str(letter), "--out", str(content / "replies"))
    assert code == 0, err
    written = content / "replies" / "2025" / "zx-20253099.md"
    assert "huli-talent-housing-measures" in written.read_text(encoding="utf-8")
    problems = [p for p in check(content).problems if "zx-20253099" in p.path]
    assert problems == []


def test_the_subcommand_is_registered():
    result = run_generator("import", str(LETTERS / "008_tongguan_mzj_zx_2024.txt"), "--stdout")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("---\ntitle: 关于对政协十届三次会议第52号提案的答复\n")


def test_a_missing_policies_directory_is_reported(capsys, tmp_path):
    code = main(["import", "--policies", str(tmp_path / "none"), str(LETTERS / "seed_huli_zx_2025.txt"), "--stdout"])
    captured = capsys.readouterr()
    assert code == 0
    assert "政策目录不存在" in captured.err
    assert "policies:" not in captured.out.split("---")[1]


def test_md_input_is_read_like_text(capsys, tmp_path):
    letter = tmp_path / "seed.md"
    letter.write_text((LETTERS / "seed_huli_zx_2025.txt").read_text(encoding="utf-8").replace("\n", "\r\n"), encoding="utf-8")
    code, out, _ = run_import(capsys, str(letter), "--stdout")
    assert code == 0
    assert record(out).data == without_editorial(committed(GOLDEN["seed_huli_zx_2025.txt"]).data)


def test_a_web_copy_without_its_signing_date_goes_in_the_year_of_its_page(capsys, tmp_path):
    """Three of the real letters have no 落款日期; their pages say 发布日期 (schema: one of the two)."""
    letter = FIXTURES / "letters" / "217_jincheng_jiaotongyunshuju_zx_2022.txt"
    code, _, err = run_import(capsys, str(letter), "--out", str(tmp_path))
    [written] = tmp_path.rglob("*.md")
    assert written.relative_to(tmp_path).as_posix() == "2022/zx-458.md"
    data = record(written.read_text(encoding="utf-8")).data
    assert "written_date" not in data and str(data["published_date"]) == "2022-12-05"
