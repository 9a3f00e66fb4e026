"""The bad-input corpus: each broken record prints exactly its expected lines.

Every case in ``fixtures/bad/<case>/`` is dropped into a copy of
``fixtures/minimal/`` (a tree with no problems) and checked the way
``python -m generator check`` checks it, so the whole message list,
``path:line: field: message`` for every problem in sorted order, is
compared, not a fragment of it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from helpers import FIXTURES

from generator.pipeline import check
from generator.problems import Severity

BAD = FIXTURES / "bad"
MINIMAL = FIXTURES / "minimal"
CASES = sorted(path.name for path in BAD.iterdir() if path.is_dir())

# Personal data written in the corpus, in every form it is written; none may
# appear in a message (messages show the masked form only).
RAW_PERSONAL_DATA = ("13712347627", "137-1234-7627", "1234-7627", "11010519491231002X", "6222 0212 3456 7894",
                     "zhangsan.hr@", "13905921234")


def content_with(case: str, root: Path) -> Path:
    shutil.copytree(MINIMAL, root)
    for path in sorted((BAD / case).rglob("*")):
        if path.is_file() and path.name != "expected.txt":
            target = root / path.relative_to(BAD / case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return root


def checked_lines(root: Path, monkeypatch) -> list:
    monkeypatch.chdir(root)
    return check(Path(".")).problems


def expected_lines(case: str) -> list[str]:
    return (BAD / case / "expected.txt").read_text(encoding="utf-8").splitlines()


def test_the_corpus_covers_enough_cases():
    assert len(CASES) >= 35
    for case in CASES:
        assert (BAD / case / "expected.txt").is_file(), case
        assert any(p.is_file() and p.name != "expected.txt" for p in (BAD / case).rglob("*")), case


def test_the_minimal_tree_has_no_problems(tmp_path, monkeypatch):
    shutil.copytree(MINIMAL, tmp_path / "content")
    assert checked_lines(tmp_path / "content", monkeypatch) == []


@pytest.mark.parametrize("case", CASES)
def test_case_prints_exactly_its_expected_lines(case, tmp_path, monkeypatch):
    problems = checked_lines(content_with(case, tmp_path / "content"), monkeypatch)
    assert [str(p) for p in problems] == expected_lines(case)
    for problem in problems:
        assert not any(raw in problem.message for raw in RAW_PERSONAL_DATA), problem
        assert re.fullmatch(r"[^:\n]+:\d+: [^:\n]+: .+", str(problem)), problem


def test_every_closed_set_has_a_wrong_value_case():
    fields = {line.split(": ")[1] for case in CASES if case.endswith("-wrong-value") for line in expected_lines(case)}
    assert fields == {"disclosure", "kind", "reply_category", "handling_role", "status", "session.body"}


def test_warnings_alone_do_not_fail_but_errors_do(tmp_path, monkeypatch):
    severities = {}
    for case in ("disclosure-missing", "doc-number-square-brackets", "mobile-in-body"):
        problems = checked_lines(content_with(case, tmp_path / case), monkeypatch)
        severities[case] = {p.severity for p in problems}
    assert severities == {"disclosure-missing": {Severity.WARNING},
                          "doc-number-square-brackets": {Severity.WARNING},
                          "mobile-in-body": {Severity.ERROR}}


def test_a_record_without_disclosure_is_checked_but_not_published(tmp_path, monkeypatch):
    monkeypatch.chdir(content_with("disclosure-missing", tmp_path / "content"))
    resolved = check(Path(".")).resolved
    assert sorted(r.id for r in resolved.selection.published) == ["rd-15", "zx-20253012"]
    assert resolved.selection.withheld_urls["replies/2025/zx-101/"] == "replies/2025/zx-101.md"


def test_a_public_link_to_a_withheld_record_names_both_files(tmp_path, monkeypatch):
    monkeypatch.chdir(content_with("public-links-to-withheld", tmp_path / "content"))
    resolved = check(Path(".")).resolved
    assert dict(resolved.selection.withheld_urls) == {"replies/2025/zx-102/": "replies/2025/zx-102.md"}
