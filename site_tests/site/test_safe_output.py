"""Safe output: a failed build changes nothing, builds are reproducible, writes stay inside."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from helpers import FIXTURES, ROOT, run_generator

from generator.write import canonical_pagefind

pytestmark = pytest.mark.slow

MINIMAL = FIXTURES / "minimal"
BAD = FIXTURES / "bad"


def build(workdir: Path, content: str = "content", *extra: str):
    """Build ``workdir/content`` into ``workdir/site``, run from ``workdir`` as staff would."""
    return run_generator("build", "--content", content, "--site-dir", "site", "--docs-dir", "docs",
                         "--config", str(ROOT / "mkdocs.yml"), *extra, cwd=workdir)


def snapshot(root: Path) -> dict[str, tuple]:
    """Every file with its bytes' hash, inode and modification time."""
    return {p.relative_to(root).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_ino,
                                             p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()}


def hashes(root: Path) -> dict[str, str]:
    return {name: digest for name, (digest, _, _) in snapshot(root).items()}


def add_case(content: Path, case: str) -> None:
    for path in (BAD / case).rglob("*"):
        if path.is_file() and path.name != "expected.txt":
            target = content / path.relative_to(BAD / case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def test_a_failed_build_leaves_the_previous_site_untouched_and_prints_the_problems(tmp_path):
    shutil.copytree(MINIMAL, tmp_path / "content")
    first = build(tmp_path)
    assert first.returncode == 0, first.stderr
    site_before, docs_before = snapshot(tmp_path / "site"), snapshot(tmp_path / "docs")
    assert "index.html" in site_before and "replies/2025/zx-20253012.md" in docs_before

    add_case(tmp_path / "content", "several-problems-one-file")
    failed = build(tmp_path)
    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr
    assert "构建失败，原网站未改动" in failed.stderr
    for line in (BAD / "several-problems-one-file/expected.txt").read_text(encoding="utf-8").splitlines():
        assert f"content/{line}" in failed.stderr
    assert snapshot(tmp_path / "site") == site_before
    assert snapshot(tmp_path / "docs") == docs_before
    # No staging left behind; the build cache (generator/incremental.py) sits beside the site.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".build-cache", "content", "docs", "site"]


@pytest.fixture(scope="module")
def strict_failure(tmp_path_factory):
    """A tree with one warning: built plainly, then again with --strict."""
    workdir = tmp_path_factory.mktemp("strict")
    shutil.copytree(MINIMAL, workdir / "content")
    add_case(workdir / "content", "doc-number-square-brackets")
    assert build(workdir).returncode == 0
    before = snapshot(workdir / "site")
    return build(workdir, "content", "--strict"), before, snapshot(workdir / "site")


def test_warnings_fail_a_strict_build_and_the_site_stays(strict_failure):
    result, before, after = strict_failure
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "构建失败，原网站未改动" in result.stderr
    assert after == before


def test_a_strict_build_prints_the_problems_that_stopped_it(strict_failure):
    result, _, _ = strict_failure
    assert "发现 0 个错误、1 个警告，未生成网站" in result.stderr
    assert "content/replies/2025/zx-101.md:15: doc_number: 警告：文号“测人社函【2025】第09号”应规范写作" in result.stderr


def test_two_records_claiming_one_url_stop_the_build(tmp_path):
    shutil.copytree(MINIMAL, tmp_path / "content")
    add_case(tmp_path / "content", "alias-collision")
    result = build(tmp_path)
    assert result.returncode == 1
    assert ("content/replies/2025/zx-101.md:16: aliases: 旧地址 2024/rd-15 对应的网址 /replies/2024/rd-15/ "
            "已被 content/replies/2024/rd-15.md 使用") in result.stderr
    assert not (tmp_path / "site").exists()


def test_the_build_refuses_to_write_into_a_directory_it_did_not_make(tmp_path):
    shutil.copytree(MINIMAL, tmp_path / "content")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/notes.md").write_text("staff notes", encoding="utf-8")
    result = build(tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"输出目录 {(tmp_path / 'docs').resolve()} 不是生成器创建的，拒绝覆盖" in result.stderr
    assert [p.name for p in (tmp_path / "docs").iterdir()] == ["notes.md"]
    assert not (tmp_path / "site").exists()


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[Path, Path]:
    """The leak fixture (several values per Pagefind filter) built twice from scratch."""
    sites = []
    for name in ("first", "second"):
        workdir = tmp_path_factory.mktemp(name)
        shutil.copytree(FIXTURES / "leak", workdir / "content")
        result = build(workdir)
        assert result.returncode == 0, result.stderr
        sites.append(workdir / "site")
    return sites[0], sites[1]


def test_two_builds_of_the_same_content_give_the_same_files_outside_pagefind(two_builds):
    first, second = (hashes(site) for site in two_builds)
    outside = {name: digest for name, digest in first.items() if not name.startswith("pagefind/")}
    assert outside == {name: digest for name, digest in second.items() if not name.startswith("pagefind/")}
    assert len(outside) > 50


def test_canonical_pagefind_makes_the_two_real_indexes_identical(two_builds, tmp_path):
    copies = []
    for index, site in enumerate(two_builds):
        copy = tmp_path / str(index)
        shutil.copytree(site / "pagefind", copy)
        assert canonical_pagefind(copy)
        copies.append(hashes(copy))
    assert copies[0] == copies[1]
    # 年度, 类型, 答复类别, 办理单位, 主题 and the hidden bundle filter
    assert sum(name.endswith(".pf_filter") for name in copies[0]) == 6


def test_two_builds_give_byte_identical_site_trees(two_builds):
    first, second = (hashes(site) for site in two_builds)
    assert first == second


def test_two_builds_in_several_pagefind_bundles_are_byte_identical(tmp_path):
    sites = []
    for name in ("first", "second"):
        workdir = tmp_path / name
        shutil.copytree(FIXTURES / "leak", workdir / "content")
        result = run_generator("build", "--content", "content", "--site-dir", "site", "--docs-dir", "docs",
                               "--config", str(ROOT / "mkdocs.yml"), cwd=workdir,
                               env={"GENERATOR_FULLTEXT_BUNDLE": "1"})  # one reply per bundle
        assert result.returncode == 0, result.stderr
        sites.append(workdir / "site")
    assert (sites[0] / "pagefind" / "part2" / "pagefind-entry.json").is_file()
    assert hashes(sites[0]) == hashes(sites[1])
