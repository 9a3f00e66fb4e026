"""``python -m generator check`` end to end, in a fresh process as staff run it."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import FIXTURES, reply_head, run_generator

from generator.problems import Problem, Severity

BODY = "---\n\n您的提案收悉，现答复如下：\n\n{line}\n"


def record(n: int, line: str = "我局将继续做好相关工作。", disclosure: str = "主动公开", extra: str = "") -> str:
    return reply_head(str(n), disclosure) + extra + BODY.format(line=line)


def content_tree(root: Path, records: dict[str, str]) -> Path:
    content = root / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    for name, text in records.items():
        path = content / "replies/2025" / name
        path.write_text(text, encoding="utf-8")
    return content


def check(root: Path, *args: str):
    return run_generator("check", "--content", "content", *args, cwd=root)


def test_every_problem_of_a_broken_tree_is_printed_sorted_with_file_line_and_field(tmp_path):
    content_tree(tmp_path, {
        # Not public: never published, so its mobile number is not a problem.
        "zx-301.md": record(301, "申请人手机13712340001，已电话答复。", disclosure="依申请公开"),
        "zx-302.md": record(302, "如有疑问请联系经办人，手机13712347627。"),
        "zx-303.md": record(303, "<script>document.write('x')</script>"),
        "zx-304.md": record(304, extra="doc_numbr: 测人社函〔2025〕304号\n"),
        "zx-305.md": record(305, extra="topics:\n  - talent\n - housing\n"),
    })
    result = check(tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    advice = "个人信息不得公开：请删除；如为单位对外公布的号码或邮箱，在 privacy.allow 中列出；如需遮盖后发布，在 privacy.mask 中列出"
    assert result.stdout.splitlines() == [
        f"content/replies/2025/zx-302.md:17: body: 发现手机号码 137****7627；{advice}",
        "content/replies/2025/zx-303.md:17: body: 不允许使用 HTML 标签 <script>，请删除或改用 Markdown 写法",
        "content/replies/2025/zx-304.md:13: doc_numbr: 未知的字段“doc_numbr”，是否应为“doc_number”？",
        "content/replies/2025/zx-305.md:15: YAML: YAML 语法错误：缩进不一致",
    ]
    assert "13712347627" not in result.stdout + result.stderr
    assert "13712340001" not in result.stdout + result.stderr
    assert result.stderr.strip() == "检查完成：4 个错误，0 个警告"


def test_output_is_sorted_by_file_then_line(tmp_path):
    content_tree(tmp_path, {
        "zx-401.md": record(401, "<iframe src=\"https://example.com/\"></iframe>", extra="reply_category: E\n"),
        "zx-400.md": record(400, "[详情](javascript:alert(1))", extra="status: 已删除\n"),
    })
    result = check(tmp_path)
    lines = result.stdout.splitlines()
    keys = [(line.split(":")[0], int(line.split(":")[1])) for line in lines]
    # A field that does not convert does not hide the body's problems.
    assert keys == sorted(keys) == [("content/replies/2025/zx-400.md", 13), ("content/replies/2025/zx-400.md", 18),
                                    ("content/replies/2025/zx-401.md", 13), ("content/replies/2025/zx-401.md", 18)]


def test_warnings_alone_pass_unless_strict(tmp_path):
    content_tree(tmp_path, {"zx-501.md": record(501, extra="doc_number: 测人社函【2025】501号\n")})
    line = ("content/replies/2025/zx-501.md:13: doc_number: 警告：文号“测人社函【2025】501号”应规范写作“测人社函〔2025〕501号”"
            "（六角括号〔〕，序号不加“第”和前导零）")
    relaxed = check(tmp_path)
    assert (relaxed.returncode, relaxed.stdout.splitlines()) == (0, [line])
    assert relaxed.stderr.strip() == "检查完成：0 个错误，1 个警告，可以发布"
    strict = check(tmp_path, "--strict")
    assert (strict.returncode, strict.stdout.splitlines()) == (1, [line])
    assert strict.stderr.strip() == "检查完成：0 个错误，1 个警告"


def test_a_clean_tree_passes(tmp_path):
    content_tree(tmp_path, {"zx-601.md": record(601)})
    result = check(tmp_path, "--strict")
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr.strip() == "检查完成：0 个错误，0 个警告，可以发布"


def test_a_missing_content_directory_is_a_problem_not_a_traceback(tmp_path):
    result = run_generator("check", "--content", "nowhere", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines() == ["nowhere/site.yml:1: site.yml: 缺少网站配置文件 site.yml"]


def test_problem_lines_have_the_yamllint_parsable_shape():
    assert str(Problem("a.md", 3, "title", "说明")) == "a.md:3: title: 说明"
    assert str(Problem("a.md", 3, "", "说明", Severity.WARNING)) == "a.md:3: -: 警告：说明"
    # A misspelt key may hold a colon and a message may span lines; the line stays parsable.
    assert str(Problem("a.md", 3, "a: b\nc", "第一行\n  第二行")) == "a.md:3: a： b c: 第一行 第二行"


def test_github_format_annotates_each_problem_on_its_line_with_numbers_masked():
    from generator.problems import error, warning

    problem = error("content/replies/2025/zx-1.md", 12, "doc_number", "文号“13712347627”格式不正确, 100%")
    assert problem.annotation() == ("::error file=content/replies/2025/zx-1.md,line=12,title=doc_number::"
                                    "doc_number: 文号“137****7627”格式不正确, 100%25")
    assert warning("content/a,b:c.md", 1, "x", "y").annotation() == "::warning file=content/a%2Cb%3Ac.md,line=1,title=x::x: y"


def test_check_for_ci_prints_workflow_annotations(tmp_path):
    content_tree(tmp_path, {"zx-302.md": record(302, "如有疑问请联系经办人，手机13712347627。")})
    result = check(tmp_path, "--format", "github")
    assert result.returncode == 1
    [line] = result.stdout.splitlines()
    assert line.startswith("::error file=content/replies/2025/zx-302.md,line=17,title=body::body: 发现手机号码 137****7627；")
    assert "13712347627" not in result.stdout + result.stderr
