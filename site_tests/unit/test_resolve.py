"""Stage 4: citations, backlinks and related replies, on in-memory records."""

import datetime as dt

from helpers import make_reply, make_site

from generator.problems import Severity
from generator.resolve import match_title, normalise_title, policy_lookup, resolve
from generator.schema import Disclosure, Policy
from generator.select import select
from generator.validate import ValidatedContent

POLICIES = (
    Policy(title="关于深化人才发展体制机制改革 加快推进“智汇湖里”人才强区战略的意见", id="talent"),
    Policy(title="湖南省宣传文化人才培养办法", doc_number="湘宣发〔2020〕8号", id="hunan"),
    Policy(title="湖里区加强人才及重点群体住房保障措施", aliases=("人才住房保障措施",), id="housing"),
)


def resolved_for(*replies):
    content = ValidatedContent(make_site(), POLICIES, tuple(replies), ())
    return resolve(select(content))


def test_titles_match_ignoring_width_spacing_and_quote_style():
    assert normalise_title("关于 “智汇湖里” 的意见") == normalise_title('关于"智汇湖里"的意见')
    by_title, _ = policy_lookup(POLICIES)
    assert match_title('关于深化人才发展体制机制改革加快推进"智汇湖里"人才强区战略的意见', by_title) == "talent"
    assert match_title("关于印发<湖里区加强人才及重点群体住房保障措施>的通知", by_title) == "housing"
    assert match_title("人才住房保障措施", by_title) == "housing"


def test_citations_from_titles_doc_numbers_and_explicit_list():
    reply = make_reply(body="依据湘宣发[2020]8号和《关于印发〈湖里区加强人才及重点群体住房保障措施〉的通知》。\n",
                       policies=("talent",))
    resolved = resolved_for(reply)
    assert resolved.citations["zx-1"] == ("talent", "hunan", "housing")
    assert [m.text for m in resolved.mentions["zx-1"]] == [
        "湘宣发[2020]8号", "《关于印发〈湖里区加强人才及重点群体住房保障措施〉的通知》"]
    assert [r.id for r in resolved.backlinks["hunan"]] == ["zx-1"]


def test_unmatched_mentions_are_missing_policy_warnings_but_proposals_are_not():
    reply = make_reply(body="您的《关于加强人才培养的提案》收悉。\n\n我区出台《某某未收录办法》。\n",
                       proposal_title="关于加强人才培养的提案")
    problems = resolved_for(reply).problems
    assert [(p.line, p.field, p.message, p.severity) for p in problems] == [
        (32, "policies", "正文引用的《某某未收录办法》没有对应的政策文件（missing policies），可在 content/policies/ 中补充",
         Severity.WARNING)]


def test_non_public_replies_never_become_backlinks_or_related():
    public = make_reply("zx-1", topics=("talent",), policies=("talent",), item_no="12")
    private = make_reply("zx-2", topics=("talent",), policies=("talent",), item_no="12",
                         disclosure=Disclosure.ON_REQUEST)
    resolved = resolved_for(public, private)
    assert [r.id for r in resolved.backlinks["talent"]] == ["zx-1"]
    assert resolved.related["zx-1"] == ()


def test_related_puts_the_same_proposal_first_then_shared_topics():
    lead = make_reply("zx-1", item_no="20253012", topics=("talent",))
    joint = make_reply("zx-2", item_no="20253012", issuer="湖里区科技和工业局")
    topical = make_reply("zx-3", item_no="99", topics=("talent",), written_date=dt.date(2025, 5, 1))
    unrelated = make_reply("zx-4", item_no="98", topics=("transport",))
    related = resolved_for(lead, joint, topical, unrelated).related
    assert [(reason, r.id) for reason, r in related["zx-1"]] == [("同一建议提案", "zx-2"), ("相关主题或政策", "zx-3")]
    assert [r.id for _, r in related["zx-2"]] == ["zx-1"]


def test_public_reply_linking_to_a_withheld_reply_is_an_error():
    public = make_reply("zx-1", body="参见 [另一件](../zx-2/) 答复。\n")
    private = make_reply("zx-2", disclosure=Disclosure.WITHHELD)
    problems = resolved_for(public, private).problems
    assert len(problems) == 1 and problems[0].severity is Severity.ERROR
    assert problems[0].path == "content/replies/2025/zx-1.md"
    assert "/replies/2025/zx-2/" in problems[0].message
