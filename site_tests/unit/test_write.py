"""Stage 6: writing files, only inside the output directory, and only when changed."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from generator.write import (MARKER, UnsafePath, _cbor_decode, _cbor_encode, canonical_pagefind, safe_target,
                             write_output)


@pytest.mark.parametrize("relative", ["../escape.md", "a/../../escape.md", "/etc/passwd", "..\\escape.md",
                                      "a\\..\\..\\escape.md", "", ".", "a/..", "nul\x00.md"])
def test_paths_outside_the_output_directory_are_refused(tmp_path, relative):
    with pytest.raises(UnsafePath, match="输出路径越出输出目录"):
        safe_target(tmp_path / "docs", relative)


def test_paths_inside_are_resolved_under_the_root(tmp_path):
    root = tmp_path / "docs"
    assert safe_target(root, "replies/2025/zx-1.md") == root.resolve() / "replies/2025/zx-1.md"
    assert safe_target(root, "./a/./b.md") == root.resolve() / "a/b.md"


def test_a_symbolic_link_cannot_carry_a_write_outside(tmp_path):
    root = tmp_path / "docs"
    outside = tmp_path / "outside"
    outside.mkdir()
    root.mkdir()
    (root / MARKER).write_text("x")
    (root / "replies").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UnsafePath):
        safe_target(root, "replies/2025/zx-1.md")
    with pytest.raises(UnsafePath):
        write_output({"replies/2025/zx-1.md": "x"}, root)
    assert list(outside.iterdir()) == []


def test_stale_links_are_removed_without_following_them(tmp_path):
    root, outside = tmp_path / "docs", tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("keep me", encoding="utf-8")
    write_output({"index.md": "x"}, root)
    (root / "link").symlink_to(outside, target_is_directory=True)
    (root / "file-link.md").symlink_to(outside / "precious.txt")
    assert write_output({"index.md": "x"}, root) == {"written": 0, "unchanged": 1, "removed": 2}
    assert (outside / "precious.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in root.iterdir()) == [MARKER, "index.md"]


def test_written_files_are_readable_by_everyone(tmp_path):
    write_output({"data/replies.json": "{}"}, tmp_path / "docs")
    assert (tmp_path / "docs/data/replies.json").stat().st_mode & 0o777 == 0o644


def test_write_output_refuses_a_directory_it_did_not_make(tmp_path):
    root = tmp_path / "docs"
    root.mkdir()
    (root / "notes.txt").write_text("staff notes", encoding="utf-8")
    with pytest.raises(UnsafePath, match="不是生成器创建的，拒绝覆盖"):
        write_output({"index.md": "# 首页\n"}, root)
    assert [p.name for p in root.iterdir()] == ["notes.txt"]
    afile = tmp_path / "afile"
    afile.write_text("x")
    with pytest.raises(UnsafePath, match="不是目录"):
        write_output({"index.md": "x"}, afile)


def test_write_output_refuses_an_escaping_file_before_writing_anything(tmp_path):
    root = tmp_path / "docs"
    with pytest.raises(UnsafePath):
        write_output({"index.md": "x", "../evil.md": "x"}, root)
    assert not root.exists() and not (tmp_path / "evil.md").exists()


def test_two_names_for_one_file_are_refused(tmp_path):
    with pytest.raises(UnsafePath, match="两个输出文件指向同一路径"):
        write_output({"a/b.md": "1", "a/./b.md": "2"}, tmp_path / "docs")


def test_first_write_then_only_changes_are_written(tmp_path):
    root = tmp_path / "docs"
    files = {"index.md": "# 首页\n", "replies/2025/zx-1.md": "答复一\n", "replies/2025/zx-2.md": "答复二\n"}
    assert write_output(files, root) == {"written": 3, "unchanged": 0, "removed": 0}
    assert (root / MARKER).is_file()
    assert (root / "replies/2025/zx-1.md").read_text(encoding="utf-8") == "答复一\n"
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}
    for path in before:  # make any rewrite visible even on coarse clocks
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}

    changed = {**files, "replies/2025/zx-2.md": "答复二（更正）\n"}
    del changed["index.md"]
    changed["browse/index.md"] = "# 浏览\n"
    assert write_output(changed, root) == {"written": 2, "unchanged": 1, "removed": 1}
    after = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}
    unchanged = root / "replies/2025/zx-1.md"
    assert after[unchanged] == before[unchanged]
    assert after[root / MARKER] == before[root / MARKER]
    assert after[root / "replies/2025/zx-2.md"] != before[root / "replies/2025/zx-2.md"]
    assert not (root / "index.md").exists()
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) == [
        MARKER, "browse/index.md", "replies/2025/zx-1.md", "replies/2025/zx-2.md"]


def test_stale_directories_are_pruned_and_a_file_may_replace_one(tmp_path):
    root = tmp_path / "docs"
    write_output({"summary/2024/index.md": "x", "keep.md": "k"}, root)
    assert write_output({"summary/2024": "now a file", "keep.md": "k"}, root) == {
        "written": 1, "unchanged": 1, "removed": 1}
    assert (root / "summary/2024").read_text(encoding="utf-8") == "now a file"
    write_output({"keep.md": "k"}, root)
    assert sorted(p.name for p in root.iterdir()) == [MARKER, "keep.md"]


def test_no_temporary_files_are_left_behind(tmp_path):
    root = tmp_path / "docs"
    write_output({f"p/{n}.md": str(n) for n in range(20)}, root)
    assert not [p for p in root.rglob(".tmp-*")]


# --- Pagefind's bundle --------------------------------------------------------

# A filter file as Pagefind 1.5.2 wrote it (after gzip): 年度 -> 2025: pages 0, 1; 2024: 2, 3; 2023: 4.
PAGEFIND_YEAR_FILTER = (b"\x82f\xe5\xb9\xb4\xe5\xba\xa6\x83\x82d2025\x82\x00\x01\x82d2024\x82\x02\x03"
                        b"\x82d2023\x81\x04")


def test_cbor_subset_round_trips_pagefind_bytes():
    value, end = _cbor_decode(PAGEFIND_YEAR_FILTER)
    assert value == ["年度", [["2025", [0, 1]], ["2024", [2, 3]], ["2023", [4]]]]
    assert end == len(PAGEFIND_YEAR_FILTER)
    assert _cbor_encode(value) == PAGEFIND_YEAR_FILTER
    assert _cbor_encode([23, 24, 255, 256, 65536, "x" * 30]) == (
        b"\x86\x17\x18\x18\x18\xff\x19\x01\x00\x1a\x00\x01\x00\x00\x78\x1e" + b"x" * 30)


def pagefind_file(path: Path, value) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(b"pagefind_dcd" + _cbor_encode(value), mtime=1234))


def fake_bundle(root: Path, order: int) -> Path:
    """A Pagefind bundle whose hash-map ordered parts come in ``order``."""
    years = [["2025", [0, 1]], ["2024", [2]]]
    kinds = [["人大建议", [2]], ["政协提案", [0, 1]]]
    filters = [["年度", f"zh_y{order}"], ["类型", f"zh_k{order}"]]
    if order:
        years, kinds, filters = years[::-1], kinds[::-1], filters[::-1]
    pagefind_file(root / f"filter/zh_y{order}.pf_filter", ["年度", years])
    pagefind_file(root / f"filter/zh_k{order}.pf_filter", ["类型", kinds])
    meta = ["1.5.2", [["zh_f1", 100], ["zh_f2", 90], ["zh_f3", 80]], [["a", "z", "zh_i1"]], filters,
            [["date", [2, 1, 0]]], ["date", "title"]]
    pagefind_file(root / f"pagefind.zh_m{order}.pf_meta", meta)
    (root / "fragment").mkdir()
    (root / "fragment/zh_f1.pf_fragment").write_bytes(b"unchanged")
    entry = {"version": "1.5.2", "languages": {"zh": {"hash": f"zh_m{order}", "wasm": None, "page_count": 3}}}
    (root / "pagefind-entry.json").write_text(json.dumps(entry), encoding="utf-8")
    return root


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_orders_of_one_pagefind_index_become_the_same_bytes(tmp_path):
    first, second = fake_bundle(tmp_path / "a", 0), fake_bundle(tmp_path / "b", 1)
    assert tree(first) != tree(second)
    assert canonical_pagefind(first) and canonical_pagefind(second)
    assert tree(first) == tree(second)
    entry = json.loads((first / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta_hash = entry["languages"]["zh"]["hash"]
    meta, _ = _cbor_decode(gzip.decompress((first / f"pagefind.{meta_hash}.pf_meta").read_bytes())[12:])
    assert [name for name, _ in meta[3]] == ["年度", "类型"]
    assert meta[1] == [["zh_f1", 100], ["zh_f2", 90], ["zh_f3", 80]]
    values = {}
    for name, filter_hash in meta[3]:
        value, _ = _cbor_decode(gzip.decompress((first / f"filter/{filter_hash}.pf_filter").read_bytes())[12:])
        values[name] = value
    assert values == {"年度": ["年度", [["2024", [2]], ["2025", [0, 1]]]],
                      "类型": ["类型", [["人大建议", [2]], ["政协提案", [0, 1]]]]}
    assert (first / "fragment/zh_f1.pf_fragment").read_bytes() == b"unchanged"
    assert sorted(tree(first)) == sorted(["fragment/zh_f1.pf_fragment", "pagefind-entry.json",
                                          f"pagefind.{meta_hash}.pf_meta",
                                          *(f"filter/{h}.pf_filter" for _, h in meta[3])])


def test_a_bundle_in_an_unknown_format_is_left_alone(tmp_path):
    bundle = fake_bundle(tmp_path / "a", 0)
    (bundle / "filter/zh_y0.pf_filter").write_bytes(gzip.compress(b"pagefind_dcd\xa1\x01\x02"))  # a CBOR map
    before = tree(bundle)
    assert canonical_pagefind(bundle) is False
    assert tree(bundle) == before
    assert canonical_pagefind(tmp_path / "missing") is False


def test_precompress_writes_byte_stable_gz_and_br_copies_of_each_text_file(tmp_path):
    import gzip

    import brotli

    from generator.write import precompress

    (tmp_path / "a").mkdir()
    page = "<html>" + "答复" * 200 + "</html>"
    (tmp_path / "a" / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "tiny.js").write_text("x", encoding="utf-8")  # gzip would only grow it
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "pagefind.js").write_text("y" * 500, encoding="utf-8")  # Pagefind's: left alone
    (tmp_path / "logo.png").write_bytes(b"\x89PNG" + b"0" * 500)
    assert precompress(tmp_path) == 1
    copy = (tmp_path / "a" / "index.html.gz").read_bytes()
    assert gzip.decompress(copy).decode("utf-8") == page
    assert brotli.decompress((tmp_path / "a" / "index.html.br").read_bytes()).decode("utf-8") == page
    assert sorted(p.name for p in tmp_path.rglob("*.gz")) == ["index.html.gz"]
    assert sorted(p.name for p in tmp_path.rglob("*.br")) == ["index.html.br"]
    precompress(tmp_path)
    assert (tmp_path / "a" / "index.html.gz").read_bytes() == copy  # no time or name in the header


def test_a_page_with_server_side_includes_gets_no_compressed_copy(tmp_path):
    from generator.write import precompress

    include = '<!--#include virtual="/include/header.html" -->'
    (tmp_path / "index.html").write_text(f"<html><body>{include}" + "答复" * 200 + "</body></html>", encoding="utf-8")
    (tmp_path / "bundle.js").write_text("var a = 1;" * 100 + include, encoding="utf-8")  # not a page: no SSI
    assert precompress(tmp_path) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle.js", "bundle.js.br", "bundle.js.gz", "index.html"]


def test_the_incremental_base_is_a_hard_link_copy_and_prune_keeps_what_the_build_stands_for(tmp_path):
    from generator.incremental import hardlink_copy, prune

    site, staging = tmp_path / "site", tmp_path / "staging"
    (site / "replies/2025/zx-1").mkdir(parents=True)
    (site / "replies/2025/zx-2").mkdir(parents=True)
    for name in ("index.html", "index.html.gz", "replies/2025/zx-1/index.html", "replies/2025/zx-2/index.html",
                 "replies/2025/zx-2/index.html.br"):
        (site / name).write_text(name, encoding="utf-8")
    staging.mkdir()
    hardlink_copy(site, staging)
    assert (staging / "index.html").stat().st_ino == (site / "index.html").stat().st_ino
    assert prune(staging, {"index.html", "replies/2025/zx-1/index.html"}) == 2  # zx-2's page and its copy
    assert sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file()) == [
        "index.html", "index.html.gz", "replies/2025/zx-1/index.html"]
    assert not (staging / "replies/2025/zx-2").exists() and (site / "replies/2025/zx-2/index.html").exists()


def test_a_file_past_the_brotli_limit_gets_gzip_only_and_is_not_compressed_again(tmp_path, monkeypatch):
    import generator.write as write

    monkeypatch.setattr(write, "BROTLI_LIMIT", 1000)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "replies.json").write_text('{"答复": 1}' * 200, encoding="utf-8")
    (tmp_path / "index.html").write_text("<p>答复</p>" * 20, encoding="utf-8")
    assert write.precompress(tmp_path) == 2
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.*") if p.suffix in (".gz", ".br")) == [
        "data/replies.json.gz", "index.html.br", "index.html.gz"]
    assert write.precompress(tmp_path) == 0  # both up to date: nothing read or compressed again


def test_files_compressed_as_they_are_written_get_the_copies_precompress_would_make(tmp_path):
    import generator.write as write

    page = ("<p>" + "答复" * 300 + "</p>").encode("utf-8")
    by_pass, as_written = tmp_path / "pass", tmp_path / "written"
    for root in (by_pass, as_written):
        (root / "assets").mkdir(parents=True)
        (root / "pagefind").mkdir()
    compressor = write.Compressor(as_written)
    for root in (by_pass, as_written):
        for name, data in (("index.html", b"old" * 100), ("index.html", page), ("assets/site.css", b"a{b:c}" * 300),
                           ("pagefind/pagefind.js", b"y" * 500), ("logo.png", b"0" * 500)):
            write.write_atomic(root / name, data)
            if root is as_written:
                compressor.written(str(root / name))
    compressor.written(str(tmp_path / "elsewhere.html"))  # not in its site: ignored
    compressor.close()
    assert write.precompress(as_written) == 0  # every copy is there and up to date
    assert write.precompress(by_pass) == 2
    copies = sorted(p.relative_to(by_pass).as_posix() for p in by_pass.rglob("*") if p.suffix in (".gz", ".br"))
    assert copies == ["assets/site.css.br", "assets/site.css.gz", "index.html.br", "index.html.gz"]
    assert all((as_written / name).read_bytes() == (by_pass / name).read_bytes() for name in copies)
    assert sorted(p.relative_to(as_written).as_posix() for p in as_written.rglob("*")) == sorted(
        p.relative_to(by_pass).as_posix() for p in by_pass.rglob("*"))


def test_with_the_memo_a_file_of_the_same_text_and_status_is_not_read_again(tmp_path, monkeypatch):
    from generator.memo import Memo

    root = tmp_path / "docs"
    files = {"index.md": "# 首页\n", "replies/2025/zx-1.md": "答复" * 100}
    first = Memo()
    assert write_output(files, root, memo=first) == {"written": 2, "unchanged": 0, "removed": 0}
    outside = (root / "index.md").read_bytes()
    reads = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self.name) or original(self))
    second = Memo(first.kept)
    assert write_output(files, root, memo=second) == {"written": 0, "unchanged": 2, "removed": 0}
    assert reads == []
    (root / "index.md").write_bytes("# 改过\n".encode("utf-8")[:len(outside)].ljust(len(outside), b" "))  # same size
    assert write_output(files, root, memo=Memo(second.kept)) == {"written": 1, "unchanged": 1, "removed": 0}
    assert (root / "index.md").read_text(encoding="utf-8") == "# 首页\n"


def test_the_compressor_reports_its_first_failure_and_passes_over_a_file_gone_since(tmp_path):
    import generator.write as write

    page = b"<p>" + "答复".encode("utf-8") * 300 + b"</p>"
    compressor = write.Compressor(tmp_path)
    write.write_atomic(tmp_path / "gone.html", page)
    (tmp_path / "gone.html.gz").write_bytes(b"stale")
    compressor.written(str(tmp_path / "gone.html"))
    (tmp_path / "gone.html").unlink()  # before its turn: no copies, and the stale one goes
    write.write_atomic(tmp_path / "kept.html", page)
    compressor.written(str(tmp_path / "kept.html"))
    compressor.finish()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.html", "kept.html.br", "kept.html.gz"]
    write.write_atomic(tmp_path / "blocked.html", page)
    (tmp_path / "blocked.html.gz" / "in-the-way").mkdir(parents=True)  # its copy cannot take this name
    compressor.written(str(tmp_path / "blocked.html"))
    compressor.written(str(tmp_path / "kept.html"))
    with pytest.raises(write.CompressionFailed, match=r"^生成压缩副本失败：.*/blocked\.html: "):
        compressor.close()




def test_an_aborted_compressor_stops_its_child_at_once(tmp_path):
    import generator.write as write

    compressor = write.Compressor(tmp_path)
    write.write_atomic(tmp_path / "index.html", b"<p>x</p>" * 100)
    compressor.written(str(tmp_path / "index.html"))
    child = compressor._child
    compressor.abort()
    assert child.returncode == -9
