"""``python -m generator synth``: deterministic synthetic content that passes ``check``."""

from __future__ import annotations

import hashlib
import os
import re
import statistics
from collections import Counter
from pathlib import Path

import pytest
import yaml
from helpers import run_generator

from generator.conventions import parse_session

N = 200


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def split(path: Path) -> tuple[dict, str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "content"
    result = run_generator("synth", "--records", str(N), "--out", str(out), "--seed", "7")
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_passes_check_with_zero_errors(synthetic):
    result = run_generator("check", "--content", str(synthetic))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 个错误" in result.stderr, result.stderr
    assert "错误" not in result.stdout, result.stdout


def test_same_seed_gives_byte_identical_tree(synthetic, tmp_path):
    again = tmp_path / "again"
    result = run_generator("synth", "--records", str(N), "--out", str(again), "--seed", "7")
    assert result.returncode == 0, result.stderr
    assert tree_digest(again) == tree_digest(synthetic)
    other = tmp_path / "other"
    run_generator("synth", "--records", str(N), "--out", str(other), "--seed", "8")
    assert tree_digest(other) != tree_digest(synthetic)


def test_tree_has_the_shape_of_the_real_archive(synthetic):
    replies = sorted((synthetic / "replies").rglob("*.md"))
    assert len(replies) == N
    assert (synthetic / "site.yml").is_file() and (synthetic / "search/userdict.txt").is_file()
    policies = sorted((synthetic / "policies").glob("*.yml"))
    assert len(policies) > 10
    records = [split(p) for p in replies]
    fronts = [front for front, _ in records]

    sizes = [len(body.encode("utf-8")) for _, body in records]
    assert 2500 < statistics.mean(sizes) < 4500, statistics.mean(sizes)
    assert len(set(body for _, body in records)) == N

    disclosure = Counter(front["disclosure"] for front in fronts)
    non_public = N - disclosure["主动公开"]
    assert 0.02 * N <= non_public <= 0.09 * N, disclosure
    assert set(disclosure) <= {"主动公开", "依申请公开", "不予公开"}

    assert len({front["issuer"] for front in fronts}) >= 20
    assert {front["reply_category"] for front in fronts} == set("ABCD")
    assert len({front["written_date"].year for front in fronts}) >= 5
    assert {front["session"]["body"] for front in fronts} == {"人大", "政协"}
    site_topics = {t["slug"] for t in yaml.safe_load((synthetic / "site.yml").read_text(encoding="utf-8"))["topics"]}
    used_topics = {t for front in fronts for t in front["topics"]}
    assert used_topics <= site_topics and len(used_topics) >= len(site_topics) - 1
    for front in fronts:
        parsed = parse_session(front["session"]["text"])
        assert (parsed.body, parsed.term, parsed.meeting) == (
            front["session"]["body"], front["session"]["term"], front["session"]["meeting"])
        assert ("建议" if front["kind"] == "人大建议" else "提案") == front["proposal_title"][-2:]


def test_lead_and_joint_letters_answer_the_same_item(synthetic):
    by_item = {}
    for path in (synthetic / "replies").rglob("*.md"):
        front, _ = split(path)
        by_item.setdefault((front["session"]["text"], front["item_no"]), []).append(front)
    shared = [group for group in by_item.values() if len(group) > 1]
    assert shared, "no item is answered by more than one unit"
    for group in shared:
        roles = Counter(front.get("handling_role") for front in group)
        assert roles["主办"] == 1 and roles["会办"] == len(group) - 1, roles
        lead = next(front for front in group if front.get("handling_role") == "主办")
        assert set(lead["co_units"]) <= {front["issuer"] for front in group}


def test_bodies_read_like_reply_letters(synthetic):
    bodies = [split(p)[1] for p in sorted((synthetic / "replies").rglob("*.md"))]
    titles = {yaml.safe_load(p.read_text(encoding="utf-8"))["title"] for p in (synthetic / "policies").glob("*.yml")}
    assert all(re.search(r"^## 一、", body, re.M) and re.search(r"^## 二、", body, re.M) for body in bodies)
    assert sum("一是" in body and "二是" in body for body in bodies) > 0.8 * N
    assert all(body.count("。") > 10 and "，" in body for body in bodies)
    mentioned = {m for body in bodies for m in re.findall(r"《([^《》]+)》", body)}
    assert mentioned & titles, "no body cites a policy by title"
    assert any(re.search(r"（[\u4e00-\u9fff]+〔20\d\d〕\d+号）", body) for body in bodies), "no body cites a 文号"


# Performance paths taken on large archives must not change a byte of output.

def test_rendering_with_search_workers_gives_the_same_output(synthetic, monkeypatch):
    from generator.pipeline import check
    from generator.render import aside, render_site

    resolved = check(synthetic).resolved
    monkeypatch.setenv("GENERATOR_PARALLEL", "0")
    serial = render_site(resolved)
    monkeypatch.setenv("GENERATOR_PARALLEL", "1")
    monkeypatch.setattr(aside, "MIN_ITEMS", 10)
    if not aside.workers(len(resolved.selection.published)):
        pytest.skip("no fork here")
    for cpus in (2, 3):  # the Pagefind records computed in two and in three runs
        monkeypatch.setattr(aside, "_usable_cpus", lambda: cpus)
        assert render_site(resolved) == serial


def test_split_keeps_order_and_covers_everything():
    from generator.render.aside import split

    for length in (0, 1, 5, 10, 11):
        for parts in (1, 2, 3, 8):
            runs = split(tuple(range(length)), parts)
            assert len(runs) == parts and tuple(x for run in runs for x in run) == tuple(range(length))
            assert max(map(len, runs)) - min(map(len, runs)) <= 1


def test_worker_failure_falls_back_to_computing_here(monkeypatch):
    from generator.render import aside

    here = os.getpid()

    def step(value):
        if os.getpid() != here:  # fails in the worker …
            raise RuntimeError("worker failure")
        return value * 2

    monkeypatch.setattr(aside, "_usable_cpus", lambda: 2)
    if not aside.workers(aside.MIN_ITEMS):
        pytest.skip("no fork here")
    with aside.Aside(step, 21) as job:
        assert job.pid is not None
        assert job.result() == 42  # … and is computed again here
    with aside.Aside(len, [1, 2]) as job:
        assert job.result() == 2


def test_fast_front_matter_is_byte_identical_to_pyyaml():
    import random

    from generator.render.markup import front_matter

    def reference(meta):
        return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000) + "---\n\n"

    rng = random.Random(3)
    alphabet = list("abcXYZ019 :#-?!&*'\"\\|>%@`{}[],.~\t\n\r") + [
        "\x85", "\u2028", "\u2029", "\ufeff", "\x00", "\x1b", "\xa0", "\u3000", "é", "中", "〔", "〕", "《", "》",
        "“", "”", "\U0001F600", "\U00020BB7", "\ud7ff", "\ue000", "\ufffd", "\x7f", "\x9f", "\u200b"]
    words = ["yes", "no", "null", "~", "true", "2025", "0x1F", "1e3", "- a", "---", "...", "'q'", '"q"',
             "2025-06-10", ".inf", "<<", "on", "0o7", "1_000", ":", "#x", " lead", "trail ", "", "a\n", "x\n\ny",
             "a #b", "a: b", "&a", "*a", "!t", "%x", "@x", "|", ">", "?", "- ", "[", "{"]
    for _ in range(20_000):
        text = "".join(rng.choice(words) if rng.random() < 0.4 else
                       "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
                       for _ in range(rng.randint(1, 3)))
        meta = {"title": text, "search": {"exclude": True}, "hide": [text, "toc"],
                "gov": {"ArticleTitle": text[::-1], "PubDate": "2025-06-10", text[:4] or "k": rng.choice([1, None, True])}}
        assert front_matter(meta) == reference(meta), repr(text)
