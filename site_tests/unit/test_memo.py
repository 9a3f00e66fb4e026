"""The per-record memo (memo.py): what a build reuses of the previous one, and what it never may."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest
from helpers import copy_content

from generator import validate as validate_module
from generator.incremental import BuildCache
from generator.memo import Memo, digest
from generator.load import load_content
from generator.pipeline import generate
from generator.validate import validate


def test_a_value_is_computed_once_and_only_what_a_build_asked_for_is_kept():
    calls = []
    first = Memo()
    assert first.get("step", "k1", lambda: calls.append(1) or "one") == "one"
    assert first.get("step", "k1", lambda: calls.append(1) or "again") == "one"
    assert first.get("step", "", lambda: "no key: not kept") == "no key: not kept"
    assert (first.hits, first.misses, calls) == (0, 1, [1])
    second = Memo({**first.kept, ("step", "gone"): "a record deleted since"})
    assert second.get("step", "k1", lambda: "recomputed") == "one"
    assert second.get("other step", "k1", lambda: "its own") == "its own"
    assert (second.hits, second.misses) == (1, 1)
    assert second.kept == {("step", "k1"): "one", ("other step", "k1"): "its own"}


def test_a_whole_remembered_keeps_its_parts_for_the_next_miss():
    first = Memo()
    whole = first.get_whole("pages", "w1", lambda: [first.get("page", "p1", lambda: "one"),
                                                     first.get("page", "p2", lambda: "two")])
    assert whole == ["one", "two"]
    second = Memo(first.kept)
    assert second.get_whole("pages", "w1", lambda: "recomputed") == ["one", "two"]
    assert set(second.kept) == set(first.kept)  # the pages too, though nobody asked for them
    third = Memo(second.kept)
    assert third.get_whole("pages", "w2", lambda: [third.get("page", "p1", lambda: "again"),
                                                    third.get("page", "p3", lambda: "three")]) == ["one", "three"]
    assert (third.hits, third.misses) == (1, 2)


def test_digest_parts_are_delimited():
    assert digest("ab", "c") != digest("a", "bc")
    assert digest("a") == digest("a") and len(digest("a")) == 32


def build(content, docs, memo=None):
    output, _, stats = generate(content, docs, memo=memo)
    return output.files, output.search.value(), stats


@pytest.fixture
def content(tmp_path):
    return copy_content(tmp_path / "content")


def test_a_build_from_the_memo_gives_what_a_build_without_it_gives(content, tmp_path):
    first = Memo()
    build(content, tmp_path / "docs1", first)
    record = content / "replies/2025/zx-20253012.md"
    record.write_text(record.read_text(encoding="utf-8").replace("addressee: 肖明委员", "addressee: 肖明同志"),
                      encoding="utf-8")
    second = Memo(first.kept)
    files, search, _ = build(content, tmp_path / "docs2", second)
    assert (files, search) == build(content, tmp_path / "docs3")[:2]
    assert "肖明同志：" in files["replies/2025/zx-20253012.md"]
    # Only the edited record is made again: read, validated, its citations, page, open data and
    # search record; and the pages listing it as a related reply.
    assert 6 <= second.misses <= 6 + 30, second.misses
    computed = [entry for entry in second.kept if entry[0] != "written"]  # file status, found out by write
    assert second.hits == len([e for e in first.kept if e[0] != "written"]) - second.misses == len(computed) - second.misses


def test_a_body_edit_reuses_every_listing_and_a_title_edit_after_it_only_its_own_pages(content, tmp_path):
    first = Memo()
    build(content, tmp_path / "docs1", first)
    record = content / "replies/2025/zx-20253012.md"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.rstrip("\n") + "\n\n补充一句。\n", encoding="utf-8")
    second = Memo(first.kept)
    build(content, tmp_path / "docs2", second)
    listings = [entry for entry in second.kept if entry[0] == "listings"]
    assert len(listings) == 1 and listings[0] in first.kept
    record.write_text(text.replace("\ntitle: ", "\ntitle: 新", 1), encoding="utf-8")
    third = Memo(second.kept)
    files, search, _ = build(content, tmp_path / "docs3", third)
    assert (files, search) == build(content, tmp_path / "docs4")[:2]
    made_again = [entry for entry in third.kept if entry[0] == "listing page" and entry not in second.kept]
    pages = [entry for entry in third.kept if entry[0] == "listing page"]
    assert 1 <= len(made_again) <= 10 < len(pages), (len(made_again), len(pages))


def test_site_yml_means_every_record_is_validated_again(content, tmp_path):
    first = Memo()
    build(content, tmp_path / "docs1", first)
    site = content / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("name: ", "name: 新", 1), encoding="utf-8")
    second = Memo(first.kept)
    files, search, _ = build(content, tmp_path / "docs2", second)
    assert (files, search) == build(content, tmp_path / "docs3")[:2]
    replies = len(list((content / "replies").rglob("*.md")))
    assert second.misses >= 2 * replies  # validate and everything made from the records


def test_dates_are_checked_against_today_even_for_a_remembered_record(content, monkeypatch):
    first = Memo()
    validate(load_content(content, first), first)
    monkeypatch.setattr(validate_module, "today", lambda: dt.date(2024, 1, 1))
    second = Memo(first.kept)
    problems = validate(load_content(content, second), second).problems
    assert second.misses == 0  # a new day does not make every record new …
    future = [p for p in problems if p.message.endswith("晚于今天，请核对")]
    assert any(p.path.endswith("zx-20253012.md") and p.field == "written_date" for p in future), future


def test_the_cache_rewrites_only_the_shards_an_edit_changed(tmp_path):
    cache = BuildCache(tmp_path / "cache")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("首页", encoding="utf-8")
    memo = Memo({(f"step{n % 3}", digest(str(n))): n for n in range(2000)})
    for entry in list(memo._previous):
        memo.get(*entry, compute=lambda: None)
    cache.remember(site, "key", memo)
    shards = sorted((tmp_path / "cache").glob("*.memo/*.pickle"))
    assert len(shards) == 256
    assert BuildCache(tmp_path / "cache").memo(site) == memo.kept

    again = BuildCache(tmp_path / "cache")
    previous = again.memo(site)
    before = {path: path.stat().st_mtime_ns for path in shards}
    edited = Memo(previous)
    for entry in list(previous)[1:]:  # one entry gone, one new
        edited.get(*entry, compute=lambda: None)
    edited.get("step0", digest("new"), lambda: "new")
    again.remember(site, "key", edited)
    rewritten = [path for path in shards if not path.exists() or path.stat().st_mtime_ns != before[path]]
    assert 1 <= len(rewritten) <= 2
    assert BuildCache(tmp_path / "cache").memo(site) == edited.kept


def test_an_unreadable_shard_is_recomputed_not_trusted(tmp_path):
    cache = BuildCache(tmp_path / "cache")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("首页", encoding="utf-8")
    memo = Memo()
    for n in range(50):
        memo.get("step", digest(str(n)), lambda n=n: n)
    cache.remember(site, "key", memo)
    broken = sorted((tmp_path / "cache").glob("*.memo/*.pickle"))[0]
    lost = set(pickle.loads(broken.read_bytes()))
    broken.write_bytes(broken.read_bytes()[:10])
    assert set(BuildCache(tmp_path / "cache").memo(site)) == set(memo.kept) - lost


def test_a_settled_file_of_a_known_status_is_not_read_again_and_an_edit_is(content, monkeypatch):
    import generator.load as load

    import generator.memo as memo_module

    monkeypatch.setattr(memo_module, "SETTLED_S", -10)  # the change time is now: count it as settled
    first = Memo()
    before = load_content(content, first)
    reads = []
    original = load.read_content_file
    monkeypatch.setattr(load, "read_content_file", lambda path: reads.append(path) or original(path))
    again = load_content(content, Memo(first.kept))
    assert [doc for doc in again.replies] == [doc for doc in before.replies]
    assert [path for path in reads if "replies" in path.parts] == []
    record = content / "replies/2025/zx-20253012.md"
    record.write_text(record.read_text(encoding="utf-8").replace("addressee: 肖明委员", "addressee: 肖明同志"),
                      encoding="utf-8")
    edited = load_content(content, Memo(first.kept))
    assert [path.name for path in reads if "replies" in path.parts] == ["zx-20253012.md"]
    assert "肖明同志" in next(doc for doc in edited.replies if doc.path.endswith("zx-20253012.md")).data["addressee"]
