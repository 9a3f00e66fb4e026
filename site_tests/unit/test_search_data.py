"""Search data: the header's lean entries, the full-text records (words as Pagefind indexes them,
keyword lists, bundles); pure, no disk."""

from __future__ import annotations

import pytest

from generator.conventions import chinese_numeral
from generator.render.search_data import (
    ALSO_MARK, BUNDLE_FILTER, KEYWORD_MARK, METADATA_MARK, bundle_count, fulltext_bundles, fulltext_records,
    fulltext_words, keyword_list, lean_entries, phrase_word, session_forms,
)
from generator.resolve import resolve
from generator.select import select
from generator.validate import ValidatedContent
from helpers import make_reply, make_site


def test_words_cut_han_runs_with_jieba_and_keep_other_runs_whole():
    assert fulltext_words("目前我区正在建设金砖数字小镇（第20253012号），推进AI+数字孪生。") == [
        "目前", "我", "区", "正在", "建设", "金砖", "数字", "小镇", "（", "第", "20253012", "号", "），",
        "推进", "AI+", "数字", "孪生", "。"]


def test_spaces_separate_words_and_are_not_words():
    assert fulltext_words("自动化 PLC 编程\n\n2024 年") == ["自动化", "PLC", "编程", "2024", "年"]


def test_keyword_list_holds_the_pieces_no_indexed_word_starts_with():
    # The index holds 金砖|数字|小镇; the browser may cut 金|砖|数字|小|镇: 砖 and 镇 must be findable.
    listed = keyword_list("金砖数字小镇").split()
    assert listed[0] == KEYWORD_MARK
    assert {"砖", "镇"} <= set(listed)
    assert not {"金", "数", "小", "金砖", "数字", "小镇"} & set(listed)  # indexed words start with these


def test_user_dictionary_words_get_all_their_pieces_and_a_phrase_word():
    listed = keyword_list("目前我区正在建设金砖数字小镇。", ("金砖数字小镇 50 nz",)).split()
    assert {"金", "砖", "数", "字", "小", "镇", "金砖", "数字", "小镇"} <= set(listed)
    assert listed.count(phrase_word("金砖数字小镇")) == 1


def test_doc_numbers_become_phrase_words_behind_every_tail_of_their_prefix():
    listed = keyword_list("根据厦湖人社函〔2025〕5号文件").split()
    assert phrase_word("厦湖人社函〔2025〕5号") in listed
    assert phrase_word("根据厦湖人社函〔2025〕5号") in listed


def test_record_content_is_the_letter_the_metadata_and_the_list_as_words():
    reply = make_reply(body="我局高度重视人才公寓建设。\n")
    resolved = resolve(select(ValidatedContent(make_site(), (), (reply,), ())))
    (record,) = fulltext_records(resolved)
    words = record["content"].split(" ")
    assert words[:words.index(METADATA_MARK)] == ["我", "局", "高度重视", "人才", "公寓", "建设", "。"]
    metadata = words[words.index(METADATA_MARK) + 1:words.index(KEYWORD_MARK)]
    assert metadata[:9] == ["关于", "第", "zx-1", "号", "提案", "的", "答复", "区", "政协"]
    # 重视 is in the list: the index holds 高度重视, which ICU may cut as 高度|重视.
    assert "重视" in words[words.index(KEYWORD_MARK):]
    assert all(words), "no empty word: word positions must match Pagefind's"


def test_bundles_are_contiguous_nearly_equal_and_carry_their_number():
    records = tuple({"url": f"/r{i}/", "filters": {"年度": ["2025"]}} for i in range(5))
    bundles = fulltext_bundles(records, 2)
    assert [[r["url"] for r in bundle] for bundle in bundles] == [["/r0/", "/r1/"], ["/r2/", "/r3/"], ["/r4/"]]
    assert [[r["filters"][BUNDLE_FILTER] for r in bundle] for bundle in bundles] == [[["1"]] * 2, [["2"]] * 2, [["3"]]]
    assert bundles[0][0]["filters"]["年度"] == ["2025"]
    assert records[0]["filters"] == {"年度": ["2025"]}, "the input records are not changed"
    assert [len(b) for b in fulltext_bundles(records * 1000, 2000)] == [1667, 1667, 1666]
    assert bundle_count(0) == 1 and bundle_count(2000) == 1 and bundle_count(2001) == 2
    assert bundle_count(9383) == 5


@pytest.mark.parametrize("number, written", [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (18, "十八"),
                                             (20, "二十"), (21, "二十一"), (99, "九十九"), (100, "100")])
def test_chinese_numerals_as_session_names_write_them(number, written):
    assert chinese_numeral(number) == written


def test_session_forms_are_the_short_names_people_type():
    from generator.schema import Body, Session

    reply = make_reply(session=Session(Body.CPPCC, 11, 3, "政协镇康县第十一届委员会第三次会议"))
    assert session_forms(reply) == ["政协十一届三次会议", "十一届政协三次会议"]
    assert session_forms(make_reply(session=None)) == []


def test_lean_entry_is_plain_text_with_the_session_forms_searched_but_not_shown():
    reply = make_reply(doc_number="厦湖人社函〔2025〕5号", item_no="20253012", proposer="肖明委员",
                       topics=("talent",))
    resolved = resolve(select(ValidatedContent(make_site(), (), (reply,), ())))
    (entry,) = lean_entries(resolved.selection)
    assert entry == {
        "location": reply.url,
        "title": "关于第zx-1号提案的答复 · 厦湖人社函〔2025〕5号",
        "text": "区政协九届四次会议 第20253012号 肖明委员 湖里区人力资源和社会保障局 政协委员提案 人才发展",
        "also": "政协九届四次会议 九届政协四次会议",
    }


def test_full_text_record_searches_the_session_forms_but_never_shows_them():
    from generator.schema import Body, Kind, Session

    reply = make_reply(kind=Kind.DEPUTY_SUGGESTION, session=Session(Body.PEOPLES_CONGRESS, 17, 1, "县第十七届人民代表大会第一次会议"))
    resolved = resolve(select(ValidatedContent(make_site(), (), (reply,), ())))
    (record,) = fulltext_records(resolved)
    metadata, also = record["content"].split(METADATA_MARK)[1].split(KEYWORD_MARK)[0].split(ALSO_MARK)
    assert "十七届人大一次会议" in also.replace(" ", "") and "十七届人大一次会议" not in metadata.replace(" ", "")
