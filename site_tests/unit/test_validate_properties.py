"""Property-based tests: no input makes the checks crash, and masks never show what they hide."""

from __future__ import annotations

import datetime as dt
import os
import re
import string

import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from generator import conventions
from generator.fieldtypes import Date, FieldError
from generator.htmlcheck import html_issues
from generator.load import Content, RawDocument, parse_front_matter, parse_yaml
from generator.privacy import PersonalData, apply_masks, digits, find_personal_data, mask, same_value
from generator.problems import Severity
from generator.schema import REPLY_FIELDS
from generator.validate import validate

# CI and `make test` run the same examples every time (derandomize): a failure there is
# reproducible, never luck.  SITE_HYPOTHESIS_PROFILE=site-wide explores: random, 3,000 each.
settings.register_profile("site", deadline=None, max_examples=150, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("site-wide", deadline=None, max_examples=3000, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("SITE_HYPOTHESIS_PROFILE", "site"))

PATH = "content/replies/2025/zx-1.md"
PROBLEM_LINE = re.compile(r"[^:\n]+:\d+: [^\n:]+: [^\n]+")
SITE_YAML = "name: 测试\norganizer: 测试单位\nsite_url: https://example.gov.cn/\ntopics:\n  - slug: talent\n    label: 人才\n"
VALID = {
    "title": "关于第12号提案的答复", "issuer": "测试区人力资源和社会保障局", "kind": "政协提案",
    "session": {"body": "政协", "term": 9, "meeting": 4, "text": "区政协九届四次会议"}, "item_no": "12",
    "disclosure": "主动公开", "written_date": "2025-06-10", "topics": ["talent"],
}

# Text that looks like front matter often enough to reach deep into the parser.
yaml_chars = st.sampled_from(list(":-[]{}\"'#&*!|>?,% \n\t") + ["---", "\n  ", "\n- ", "：", "〔", "\x00", "\ufeff"])
yamlish_text = st.lists(st.one_of(yaml_chars, st.text(max_size=8)), max_size=40).map("".join)
keys = st.one_of(st.sampled_from(sorted(REPLY_FIELDS)), st.text(min_size=1, max_size=10))
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10, 10**12), st.floats(allow_nan=False),
                    st.text(max_size=30), st.sampled_from(["主动公开", "依申请公开", "政协", "2025-02-30", "2025-06-10",
                                                           "13712347627", "<script>", "[x](javascript:1)"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(keys, inner, max_size=4)), max_leaves=12)


def check_reply_text(text: str):
    """Load and validate one reply file: never raises, always a record or a problem."""
    site_data, site_lines, _ = parse_yaml(SITE_YAML, "content/site.yml")
    doc = parse_front_matter(text, PATH)
    content = Content("content", RawDocument("content/site.yml", site_data, site_lines), (), (doc,), (), ())
    result = validate(content)
    for problem in result.problems:
        assert PROBLEM_LINE.fullmatch(str(problem)), str(problem)
        assert problem.line >= 1
    assert result.replies or any(p.path == PATH for p in result.problems)
    return result


@given(yamlish_text)
@example("---\ntags: &a [*a]\n---\n")
@example("---\ntitle: \"open\n---\n")
@example("---\n" + "a:\n " * 200 + "---\n")
def test_any_text_as_a_reply_file_gives_problems_or_a_record(body):
    check_reply_text(body)
    check_reply_text("---\n" + body + "\n---\n\n正文。\n")


@given(st.dictionaries(keys, values, max_size=8))
def test_any_yaml_mapping_as_front_matter_gives_problems_or_a_record(mapping):
    text = "---\n" + yaml.safe_dump(mapping, allow_unicode=True) + "---\n\n正文。\n"
    check_reply_text(text)


@given(st.sampled_from(sorted(REPLY_FIELDS)), values)
def test_one_arbitrary_field_in_a_valid_record(name, value):
    text = "---\n" + yaml.safe_dump({**VALID, name: value}, allow_unicode=True) + "---\n\n正文。\n"
    result = check_reply_text(text)
    if not any(p.severity is Severity.ERROR for p in result.problems):
        assert len(result.replies) == 1


@given(st.text(max_size=60))
def test_dates_either_convert_or_explain(text):
    try:
        assert isinstance(Date().convert(text), dt.date)
    except FieldError as error:
        assert "日期" in error.message


# --- privacy -------------------------------------------------------------------

mobiles = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
separators = st.sampled_from(["", " ", "-"])


@st.composite
def written_mobiles(draw):
    number = draw(mobiles)
    sep = draw(separators)
    prefix = draw(st.sampled_from(["", "+86 ", "+86-", "0086", "86"]))
    return number, prefix + sep.join((number[:3], number[3:7], number[7:]))


@given(st.text(max_size=200))
@example("1" * 40)
@example("a@" * 30)
def test_detectors_never_crash_and_findings_are_in_order_and_apart(text):
    findings = find_personal_data(text)
    for finding in findings:
        assert text[finding.start:finding.end] == finding.value
    for first, second in zip(findings, findings[1:]):
        assert first.end <= second.start


@given(st.text(max_size=20), written_mobiles(), st.text(max_size=20))
@example("＋", ("13712347627", "13712347627"), "")  # a fresh clone's run found it: full-width plus
@example("+", ("13712347627", "137 1234 7627"), "")
def test_a_mobile_number_is_found_and_masked_without_its_middle_digits(before, written, after):
    number, text = written
    assume(not before[-1:].isdigit() and not after[:1].isdigit())
    hits = [f for f in find_personal_data(before + text + after) if f.kind is PersonalData.MOBILE]
    assert any(same_value(f.value, number) for f in hits)
    for finding in hits:
        masked = finding.masked
        assert masked == digits(finding.value)[-11:][:3] + "****" + digits(finding.value)[-4:]
    masked_text = apply_masks(before + text + after, [number])
    assert not any(same_value(f.value, number) for f in find_personal_data(masked_text))


@given(st.sampled_from(list(PersonalData)), st.text(alphabet=string.digits + "Xx@.-", min_size=8, max_size=25))
def test_masks_hide_the_middle(kind, value):
    if kind is PersonalData.EMAIL:
        assume("@" in value)
        name = value.partition("@")[0]
        assert mask(value, kind) == f"{name[:1]}***@{value.partition('@')[2]}"
        return
    masked = mask(value, kind)
    if kind is PersonalData.ID_CARD:
        assume(len(value) == 18)
        assert masked[6:14] == "*" * 8 and value[6:14] not in masked.replace("*", "|")
    else:
        shown = digits(masked)
        assert len(shown) <= 8 and "****" in masked


@given(st.lists(st.sampled_from(["13712347627", "11010519491231002X", "6222021234567894", "wang@example.com"]),
                min_size=1, max_size=3), st.text(max_size=40))
def test_masked_text_no_longer_holds_the_masked_values(masked_values, filler):
    text = filler + "，".join(masked_values) + filler
    result = apply_masks(text, masked_values)
    for value in masked_values:
        assert not any(same_value(f.value, value) for f in find_personal_data(result))


# --- document numbers and HTML -----------------------------------------------------

cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)


@given(st.text(max_size=40))
@example("厦湖人社函〔2025〕第05号")
def test_doc_number_parsing_never_crashes_and_is_stable(text):
    parsed = conventions.parse_doc_number(text)
    if parsed is not None:
        assert conventions.parse_doc_number(str(parsed)) == parsed
    conventions.find_doc_numbers(text)


@given(st.text(cjk, min_size=1, max_size=8), st.integers(1990, 2099), st.integers(1, 9999),
       st.sampled_from(["〔〕", "【】", "[]", "（）", "［］"]), st.booleans(), st.booleans())
def test_doc_numbers_in_any_bracket_style_normalise_to_one_form(prefix, year, sequence, brackets, di, zero):
    written = f"{prefix}{brackets[0]}{year}{brackets[1]}{'第' if di else ''}{'0' if zero else ''}{sequence}号"
    parsed = conventions.parse_doc_number(written)
    assert (parsed.prefix, parsed.year, parsed.sequence) == (prefix, year, sequence)
    assert str(parsed) == f"{prefix}〔{year}〕{sequence}号"


html_pieces = st.sampled_from(list("<>/=\"' \n[]():!#&;ajvscript-onimgahref") + ["<script>", "javascript:", "&#106;"])


@given(st.lists(html_pieces, max_size=40).map("".join))
def test_html_check_never_crashes_and_names_real_lines(text):
    line_count = text.count("\n") + 1
    for line, message in html_issues(text):
        assert 1 <= line <= line_count and message.startswith("不允许")
