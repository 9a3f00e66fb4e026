"""The matching rule both search layers share (overrides/assets/javascripts/search-rule.js), run in Node."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

RULE = Path(__file__).resolve().parents[2] / "overrides" / "assets" / "javascripts" / "search-rule.js"
NODE = shutil.which("node")


def rule(expression: str):
    if NODE is None:
        pytest.fail("node is needed to test search-rule.js (Node 20 is on every machine here)")
    script = (f"globalThis.self = globalThis; {RULE.read_text(encoding='utf-8')}\n"
              f"const R = self.SearchRule; process.stdout.write(JSON.stringify({expression}));")
    result = subprocess.run([NODE, "-e", script], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_terms_are_cut_at_spaces_and_punctuation_and_need_a_letter_or_digit():
    assert rule("R.queryTerms('交通、教育  人才，公寓 · 《》').map(t => t.text)") == ["交通", "教育", "人才", "公寓"]
    assert rule("R.queryTerms('·  《').length") == 0


def test_a_doc_number_is_one_term_in_its_standard_form():
    for typed in ("厦湖人社函[2025]05号", "厦湖人社函〔2025〕第5号", "厦湖人社函 （2025） 5号", "厦湖人社函【2025】5号"):
        assert rule(f"R.queryTerms({json.dumps(typed)}).map(t => [t.text, t.pieces])") == [["厦湖人社函〔2025〕5号", []]]


def test_a_term_is_held_whole_or_by_all_its_pieces():
    terms = "R.queryTerms('交通建设')"
    assert rule(f"{terms}[0].pieces") == ["交通", "建设"]
    assert rule(f"R.holdings(R.fold('加快交通建设'), {terms})") == [2]
    assert rule(f"R.holdings(R.fold('交通基础设施建设'), {terms})") == [2]
    assert rule(f"R.holdings(R.fold('交通运输'), {terms})") == [1]
    assert rule(f"R.holdings(R.fold('耕地保护'), {terms})") == [0]


def test_folding_keeps_one_character_for_one():
    assert rule("R.fold('Ｓ２２１ AbC［2025］İ')") == "s221 abc〔2025〕İ"
    assert rule("R.markRanges('关于S221龙山至张家川', R.queryTerms('ｓ２２１ 张家川'))") == [[2, 6], [9, 12]]
