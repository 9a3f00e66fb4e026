"""The full-text indexer: Pagefind fed in a child process gives what indexing here gives."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from generator.fulltext import FulltextIndexer, index_bundles


def record(number: int, text: str) -> dict:
    return {"url": f"/replies/2025/zx-{number}/", "content": text, "language": "zh",
            "meta": {"title": f"第{number}号提案的答复", "doc_number": "", "unit": "湖里区人力资源和社会保障局",
                     "date": "2025年3月1日"},
            "filters": {"年度": ["2025"]}, "sort": {"date": "2025-03-01"}}


BUNDLES = ((record(1, "人才 引进 补贴 申领"), record(2, "养老 服务 设施")), (record(3, "公交 线路 优化"),))


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_indexer_child_writes_the_bundles_indexing_here_writes(tmp_path):
    # On a thread of its own: a browser test of the same session may run an event loop on this one.
    here_thread = threading.Thread(target=index_bundles, args=(BUNDLES, tmp_path / "here"))
    here_thread.start()
    here_thread.join()
    cache = tmp_path / "cache"
    FulltextIndexer(lambda: (BUNDLES, ["", ""]), tmp_path / "child", str(cache)).start().wait()
    here, child = tree(tmp_path / "here"), tree(tmp_path / "child")
    assert "pagefind-entry.json" in here and "part2/pagefind-entry.json" in child
    assert sorted(name for name in here.keys() | child.keys() if here.get(name) != child.get(name)) == []
    assert len(list(cache.iterdir())) == 2  # each bundle kept for the next build
    FulltextIndexer(lambda: (BUNDLES, ["", ""]), tmp_path / "again", str(cache)).start().wait()
    assert tree(tmp_path / "again") == here  # both from the cache


def test_a_failure_in_the_indexer_child_is_raised_by_wait_as_it_was(tmp_path):
    (tmp_path / "taken").write_text("not a directory", encoding="utf-8")
    indexer = FulltextIndexer(lambda: (BUNDLES, ["", ""]), tmp_path / "taken" / "pagefind").start()
    with pytest.raises(NotADirectoryError, match="taken") as raised:
        indexer.wait()
    assert "in _index_bundles" in raised.value.__notes__[0]  # where it failed in the child
