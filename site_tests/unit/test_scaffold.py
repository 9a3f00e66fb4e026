"""``generator new``: a scaffold with every field, and the next free id."""

import os
import re
import shutil
import subprocess

import yaml
from helpers import CONTENT, ROOT, run_generator

from generator.scaffold import next_id, scaffold_text
from generator.schema import REPLY_FIELDS, Kind


def test_scaffold_lists_every_field_with_a_chinese_comment():
    text = scaffold_text(Kind.MEMBER_PROPOSAL, ("talent",))
    data = yaml.safe_load(text.split("---\n")[1])
    for name in ("title", "doc_number", "issuer", "kind", "session", "item_no", "reply_category",
                 "disclosure", "written_date", "topics", "signatories", "contacts", "cc", "source_url"):
        assert name in data, name
        assert f"# {REPLY_FIELDS[name].label}" in text
    assert data["kind"] == "政协提案" and data["disclosure"] == ""
    assert "# 主题分类：site.yml 中 topics 的代码，如 employment；本站主题：talent" in text


def test_next_id_uses_item_number_then_suffixes_and_sequences():
    assert next_id(set(), Kind.MEMBER_PROPOSAL, "20253012", 2025) == "zx-20253012"
    assert next_id({"rd-2025-001", "rd-2025-007"}, Kind.DEPUTY_SUGGESTION, "", 2025) == "rd-2025-008"
    assert next_id(set(), Kind.MEMBER_PROPOSAL, "2025D048", 2025) == "zx-2025d048"


def test_new_creates_a_record_that_passes_check_once_filled(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    result = run_generator("new", "--content", str(content), "--year", "2025", "--kind", "政协提案",
                           "--item-no", "20253012")
    assert result.returncode == 0, result.stderr
    path = content / "replies/2025/zx-20253012-2.md"
    assert result.stdout.strip() == str(path)
    check = run_generator("check", "--content", str(content))
    assert check.returncode == 1
    assert f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}" in check.stdout or "zx-20253012-2.md" in check.stdout
    text = path.read_text(encoding="utf-8")
    fills = {"issuer": "湖里区科技和工业局", "written_date": "2025-06-12", "disclosure": "主动公开",
             "doc_number": "厦湖科工函〔2025〕9号"}
    for key, value in fills.items():
        text = re.sub(rf'^{key}: ""$', f"{key}: {value}", text, flags=re.M)
    path.write_text(text, encoding="utf-8")
    check = run_generator("check", "--content", str(content))
    assert check.returncode == 0, check.stdout + check.stderr


def test_pre_commit_hook_runs_the_check(tmp_path):
    clone = tmp_path / "repo"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    for name in (".pre-commit-config.yaml", "Makefile"):
        shutil.copy(ROOT / name, clone / name)
    (clone / ".venv").symlink_to(ROOT / ".venv")
    os.utime(clone / "pyproject.toml", (0, 0))  # the shared .venv counts as up to date
    bad = clone / "content/replies/2025/zx-bad.md"
    bad.write_text("---\ntitle: 测试\ndisclosur: 主动公开\n---\n正文\n", encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=clone, check=True)
    result = subprocess.run([str(ROOT / ".venv/bin/pre-commit"), "run", "--all-files"], cwd=clone,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stdout
    assert "检查答复记录" in result.stdout
    assert "content/replies/2025/zx-bad.md:3: disclosur: 未知的字段“disclosur”，是否应为“disclosure”？" in result.stdout
