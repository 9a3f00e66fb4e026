"""An incremental build gives the same bytes as a clean build, always.

One project (content, docs, site, build cache) goes through a series of
edits; after each, ``generator build`` (from the cache) must leave a site
byte-identical, file for file, to a clean build of the same content in a
fresh directory.  The edits are those staff and developers make: a body, a
title, a new, deleted and renamed record, a withdrawal, a disclosure changed
to 依申请公开 (every trace must go), a policy, site.yml, a template and CSS.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from helpers import CONTENT, ROOT, readable_views, run_generator

pytestmark = pytest.mark.slow

SEED = "content/replies/2025/zx-20253012.md"
OTHER = "content/replies/2025/zx-41.md"


def project(base: Path) -> Path:
    """A project beside the repository: its own content, mkdocs.yml and overrides; the generator linked."""
    base.mkdir()
    shutil.copytree(CONTENT, base / "content")
    shutil.copy(ROOT / "mkdocs.yml", base / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", base / "overrides")
    (base / "generator").symlink_to(ROOT / "generator")
    return base


def build(root: Path, site: str, *extra: str):
    result = run_generator("build", "--content", str(root / "content"), "--site-dir", str(root / site),
                           "--docs-dir", str(root / f"{site}-docs"), "--config", str(root / "mkdocs.yml"),
                           "--cache-dir", str(root / f".{site}-cache"), *extra, cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stderr


def tree(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def body_edit(root):
    edit(root / SEED, "您提出的", "您所提出的")


def title_edit(root):
    edit(root / OTHER, "title: 昌宁县交通运输局关于", "title: 昌宁县交通运输局（更正）关于")


def new_record(root):
    text = (root / OTHER).read_text(encoding="utf-8").replace('item_no: "41"', 'item_no: "4199"')
    (root / "content/replies/2025/zx-4199.md").write_text(text.replace("第41号提案", "第4199号提案"), encoding="utf-8")


def deleted_record(root):
    (root / "content/replies/2025/zx-4199.md").unlink()


def renamed_record(root):
    old = root / OTHER
    text = old.read_text(encoding="utf-8").replace("disclosure:", "aliases:\n  - 2025/zx-41\ndisclosure:", 1)
    (root / "content/replies/2025/zx-41-cl.md").write_text(text, encoding="utf-8")
    old.unlink()


def withdrawal(root):
    edit(root / "content/replies/2025/zx-41-cl.md", "disclosure: 主动公开\n",
         "disclosure: 主动公开\nstatus: 已撤回\nwithdrawal:\n  date: 2025-09-01\n  reason: 答复有误，已重新答复。\n")


def disclosure_on_request(root):
    edit(root / SEED, "disclosure: 主动公开", "disclosure: 依申请公开")


def policy_edit(root):
    edit(root / "content/policies/huli-talent-housing-measures.yml", "打造“寓”见湖里人才公寓品牌", "打造人才公寓品牌")


def site_edit(root):
    edit(root / "content/site.yml", "name: 湖里区建议提案办理结果公开", "name: 湖里区建议提案办理结果公开栏目")


def template_and_css_edit(root):
    edit(root / "overrides/assets/stylesheets/gov.css", "/* Government information-disclosure",
         "/* Edited. Government information-disclosure")
    edit(root / "overrides/partials/copyright.html", "网站地图</a>", "网站地图（全部页面）</a>")


CHANGES = [body_edit, title_edit, new_record, deleted_record, renamed_record, withdrawal,
           disclosure_on_request, policy_edit, site_edit, template_and_css_edit]


def test_every_kind_of_edit_rebuilt_from_the_cache_equals_a_clean_build(tmp_path):
    root = project(tmp_path / "project")
    assert "完整构建" in build(root, "site")
    for change in CHANGES:
        change(root)
        message = build(root, "site")
        # What needs every page again (site.yml, templates) is a clean build; records are not.
        wanted = "完整构建" if change in (site_edit, template_and_css_edit) else "增量构建"
        assert wanted in message, (change.__name__, message)
        reference = tmp_path / f"clean-{change.__name__}"
        # The sources only: no site, docs or cache, nor a replaced site still being deleted.
        shutil.copytree(root, reference, symlinks=True,
                        ignore=lambda folder, names: [n for n in names if folder == str(root)
                                                      and ("site" in n or n.startswith(".discarded-"))])
        build(reference, "site", "--clean")
        assert tree(root / "site") == tree(reference / "site"), change.__name__
        if change is disclosure_on_request:
            # Its address and a phrase of its letter no other page holds (nor the guide's examples).
            needles = (b"replies/2025/zx-20253012/", "数字化人才培养".encode())
            traces = [name for name in tree(root / "site")
                      if any(needle in view for needle in needles for view in readable_views(root / "site" / name))]
            assert traces == [], traces
        shutil.rmtree(reference)


def test_a_build_is_refused_while_another_holds_the_cache(tmp_path):
    import fcntl

    root = project(tmp_path / "project")
    cache = root / ".site-cache"
    cache.mkdir()
    with open(cache / "lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = run_generator("build", "--content", str(root / "content"), "--site-dir", str(root / "site"),
                               "--docs-dir", str(root / "site-docs"), "--config", str(root / "mkdocs.yml"),
                               "--cache-dir", str(cache), cwd=root)
    assert result.returncode == 1
    assert re.search(r"构建未开始：另一个构建正在进行（.*\.site-cache），请等它完成后再试", result.stderr)
    assert not (root / "site").exists()


def test_a_failed_incremental_build_leaves_the_site_and_a_clean_one_follows(tmp_path):
    root = project(tmp_path / "project")
    build(root, "site")
    before = tree(root / "site")
    edit(root / SEED, "kind: 政协提案", "kind: 政协议案")
    result = run_generator("build", "--content", str(root / "content"), "--site-dir", str(root / "site"),
                           "--docs-dir", str(root / "site-docs"), "--config", str(root / "mkdocs.yml"),
                           "--cache-dir", str(root / ".site-cache"), cwd=root)
    assert result.returncode == 1 and "构建失败，原网站未改动。" in result.stderr
    assert tree(root / "site") == before
    edit(root / SEED, "kind: 政协议案", "kind: 政协提案")
    assert "增量构建" in build(root, "site")
    assert tree(root / "site") == before
