"""Personal data detection and masking (mainland formats)."""

from __future__ import annotations

import pytest

from generator.privacy import (PersonalData, apply_masks, find_personal_data, luhn_valid, mask, normalise, same_value,
                               valid_id_card)


def found(text: str) -> list[tuple[str, str]]:
    return [(f.kind.value, f.value) for f in find_personal_data(text)]


@pytest.mark.parametrize("text", [
    "手机13712347627", "手机 137 1234 7627", "手机137-1234-7627", "+86 137-1234-7627", "+8613712347627",
    "008613712347627", "86-13712347627",
])
def test_mobile_numbers_in_their_written_forms(text):
    [finding] = find_personal_data(text)
    assert finding.kind is PersonalData.MOBILE
    assert finding.masked == "137****7627"
    assert text[finding.start:finding.end] == finding.value


@pytest.mark.parametrize("text", [
    "办公电话0592-5701234", "0577-63385314", "文号厦湖人社函〔2025〕5号", "编号20253012", "第2025137123476271号",
    "12345678901", "23712347627", "QQ 1371234762", "2025年6月10日",
])
def test_landlines_document_numbers_and_other_digits_are_not_personal_data(text):
    assert find_personal_data(text) == []


def test_id_numbers_need_a_valid_checksum_and_month():
    assert valid_id_card("11010519491231002X") and valid_id_card("11010519491231002x")
    assert not valid_id_card("110105194912310021")  # wrong check digit
    assert not valid_id_card("110105194913310025")  # month 13
    assert found("身份证号11010519491231002X。") == [("居民身份证号", "11010519491231002X")]
    assert found("档案编号110105194912310021。") == []
    assert mask("11010519491231002X", PersonalData.ID_CARD) == "110105********002X"


def test_bank_cards_need_a_valid_luhn_digit():
    assert luhn_valid("6222021234567894") and not luhn_valid("6222021234567895")
    assert found("卡号6222 0212 3456 7894。") == [("银行卡号", "6222 0212 3456 7894")]
    assert found("卡号6222-0212-3456-7894") == [("银行卡号", "6222-0212-3456-7894")]
    assert found("卡号6222021234567895") == []
    assert mask("6222 0212 3456 7894", PersonalData.BANK_CARD) == "6222****7894"


def test_email_addresses_stop_at_the_surrounding_chinese_text():
    assert found("材料请发送至zhang.san+hr@mail.example.com.cn邮箱。") == [("电子邮箱", "zhang.san+hr@mail.example.com.cn")]
    assert mask("zhang.san@example.com", PersonalData.EMAIL) == "z***@example.com"
    assert found("写作 a@b 不是地址") == []


def test_findings_do_not_overlap_and_come_in_text_order():
    text = "卡号6222021234567894，身份证11010519491231002X，手机13712347627，邮箱a.b@example.org"
    assert [kind for kind, _ in found(text)] == ["银行卡号", "居民身份证号", "手机号码", "电子邮箱"]


def test_written_forms_of_one_value_are_the_same_value():
    assert normalise("+86 137-1234-7627") == normalise("008613712347627") == "13712347627"
    assert normalise("11010519491231002x") == "11010519491231002X"
    assert normalise(" Wang.Min@Example.com ") == "wang.min@example.com"
    assert same_value("137 1234 7627", "13712347627")
    assert same_value("0592-5701234", "05925701234")
    assert not same_value("13712347627", "13712347628")
    assert not same_value("12345", "12345")  # too short to identify anything
    # Cards that share their last eleven digits are still different cards.
    assert not same_value("6222021234567894", "6228021234567894")


def test_masks_replace_only_the_listed_values():
    text = "经办人手机 137-1234-7627，热线13905921234，邮箱wang@example.com。"
    assert apply_masks(text, ["13712347627", "wang@example.com"]) == "经办人手机 137****7627，热线13905921234，邮箱w***@example.com。"
    assert apply_masks(text, []) == text
    assert apply_masks(text, ["13800000000"]) == text


def test_a_plus_before_a_mobile_number_does_not_hide_it():
    for text in ("电话＋13712347627", "电话+13712347627", "电话 +86 137 1234 7627"):
        assert [f.masked for f in find_personal_data(text)] == ["137****7627"], text


def test_every_printed_problem_masks_the_numbers_it_quotes():
    from generator.problems import error

    problem = error("content/replies/2025/zx-1.md", 3, "doc_number", "文号“13712347627”格式不正确")
    assert str(problem) == "content/replies/2025/zx-1.md:3: doc_number: 文号“137****7627”格式不正确"
