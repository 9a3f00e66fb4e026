"""Field extraction of the importer: pure functions over strings, no files."""

from __future__ import annotations

import datetime as dt

import pytest

from generator import conventions
from generator.importer import import_text
from generator.importer.lines import (
    category_in,
    compact_date,
    disclosure_in,
    doc_number_line,
    is_title,
    parse_labels,
    parse_people,
)
from generator.importer.policies import cited_doc_numbers, cited_policies
from generator.importer.reading import PolicyRef
from generator.importer.record import record_id

OPENING = "您提出的《关于修建村道的建议》收悉，现答复如下："
BODY = "我局已将该路段列入计划。"


def letter(*header: str, salutation: str = "张三代表：", opening: str = OPENING,
           closing: tuple[str, ...] = ("湖里区交通运输局", "2025年6月10日")) -> str:
    return "\n".join([*header, salutation, opening, BODY, *closing]) + "\n"


def fields(text: str) -> dict:
    return import_text(text).fields


# --- 文号 -------------------------------------------------------------------------------------


@pytest.mark.parametrize("written", [
    "厦湖人社函〔2025〕5号", "厦湖人社函【2025】5号", "厦湖人社函[2025]5号", "厦湖人社函［2025］5号",
    "厦湖人社函(2025)5号", "厦湖人社函（2025）5号", "厦湖人社函〔2025〕第5号", "厦湖人社函 〔 2025 〕 5 号",
    "文号：厦湖人社函[2025]5号",
])
def test_doc_number_brackets_are_normalised(written):
    assert fields(letter(written))["doc_number"] == "厦湖人社函〔2025〕5号"


def test_doc_number_in_a_web_information_table():
    assert fields(letter("文号 厦湖人社函[2025]5号 发布日期 2025-06-12"))["doc_number"] == "厦湖人社函〔2025〕5号"


def test_doc_number_of_a_cited_policy_in_the_body_is_not_the_letters():
    text = letter(opening=OPENING + "根据《通知》（厦府〔2024〕3号）办理。")
    assert fields(text)["doc_number"] == ""


def test_doc_number_line_can_carry_signatory_and_category():
    assert doc_number_line("穗天府办函〔2024〕12号　　签发人：张三") == ("穗天府办函〔2024〕12号", "", [("signatory", "签发人", "张三")])
    assert doc_number_line("厦湖人社函〔2025〕5号  A类")[1] == "A"
    assert doc_number_line("厦湖人社函〔2025〕5号收悉，现答复如下") is None


# --- 答复类别 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("header, category", [
    (("答复类别：A类",), "A"),
    (("答复类别:B类",), "B"),
    (("分类标识【D】",), "D"),
    (("办理类别：C",), "C"),
    (("厦湖人社函〔2025〕5号 A类",), "A"),
    (("厦湖人社函〔2025〕5号", "B类"), "B"),
    (("A类", "厦湖人社函〔2025〕5号"), "A"),
    (("A", "福州市鼓楼区住房和城乡建设局", "榕鼓建函〔2024〕45号"), "A"),  # upper-left corner
    (("答复类别：A（所提问题已经解决或者基本解决）",), "A"),
    (("湖里区交通运输局", "（C类）"), ""),  # a bare mark away from the 文号 and the top is not read
])
def test_reply_category_forms(header, category):
    assert fields(letter(*header))["reply_category"] == category


def test_category_helpers():
    assert category_in("答复类别：a类") == "A"
    assert category_in("A类") is None
    assert category_in("A类", bare_allowed=True) == "A"
    assert category_in("类别：提案") is None


# --- 公开属性 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("line, value", [
    ("（此件主动公开）", "主动公开"), ("(此件主动公开)", "主动公开"), ("此件公开发布", "主动公开"),
    ("同意公开", "主动公开"), ("是否同意公开【主动公开】", "主动公开"), ("公开方式 主动公开", "主动公开"),
    ("公开方式：依申请公开", "依申请公开"), ("（此件依申请公开）", "依申请公开"), ("此件不予公开", "不予公开"),
    ("公开属性：不公开", "不予公开"),
])
def test_disclosure_forms(line, value):
    assert disclosure_in(line) == value
    assert fields(letter(closing=("湖里区交通运输局", "2025年6月10日", line)))["disclosure"] == value


def test_disclosure_is_empty_when_the_letter_does_not_say():
    imported = import_text(letter())
    assert imported.fields["disclosure"] == ""
    assert "disclosure" in imported.missing


def test_a_body_sentence_about_disclosure_is_not_the_disclosure():
    text = letter(opening=OPENING + "相关信息将依申请公开。")
    assert fields(text)["disclosure"] == ""


def test_web_copy_is_public_with_source_url_unless_the_letter_says_otherwise():
    web = fields("source: https://example.gov.cn/a.html\n" + letter())
    assert (web["disclosure"], web["source_url"]) == ("主动公开", "https://example.gov.cn/a.html")
    said = fields("source: https://example.gov.cn/a.html\n" + letter(closing=("湖里区交通运输局", "2025年6月10日", "此件依申请公开")))
    assert said["disclosure"] == "依申请公开"


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize("written, expected", [
    ("2025年6月10日", "2025-06-10"), ("二〇二五年六月十日", "2025-06-10"), ("二〇二四年十二月三十一日", "2024-12-31"),
    ("二零二三年五月六日", "2023-05-06"), ("2025-06-10", "2025-06-10"), ("2025.6.1", "2025-06-01"),
    ("２０２５年６月１０日", "2025-06-10"),
])
def test_written_date_forms(written, expected):
    assert fields(letter(closing=("湖里区交通运输局", written)))["written_date"] == expected


def test_invalid_date_is_not_read():
    assert conventions.parse_date("2025年2月30日") is None
    assert conventions.find_dates("发布时间：2024-09-11 11:23") == [("2024-09-11", dt.date(2024, 9, 11))]


def test_published_date_and_index_no_from_the_page():
    text = letter("索引号 01526399-7/20250819-00015 发布机构 昌宁县交通局", "来源:湖里区 发布时间:2025-06-12 09:30")
    result = fields(text)
    assert result["published_date"] == "2025-06-12"
    assert result["index_no"] == "01526399-7/20250819-00015"
    assert result["written_date"] == "2025-06-10"  # the signature date, not the page date


def test_answer_time_of_a_listing_page_is_the_written_date_when_unsigned():
    text = letter("答复时间: 2023-06-12", closing=("湖里区交通运输局",))
    assert fields(text)["written_date"] == "2023-06-12"
    assert fields(text)["published_date"] == ""


# --- session, item number, kind --------------------------------------------------------------


@pytest.mark.parametrize("title, session, item", [
    ("关于区政协九届四次会议 第20253012号提案办理情况答复的函", ("政协", 9, 4, "区政协九届四次会议"), "20253012"),
    ("关于县第十八届人大第一次会议第122号建议的答复", ("人大", 18, 1, "县第十八届人大第一次会议"), "122"),
    ("关于政协盐池县第十届委员会五次会议49号提案的答复", ("政协", 10, 5, "政协盐池县第十届委员会五次会议"), "49"),
    ("关于市政协第十四届第四次会议 第2025D048号提案的答复", ("政协", 14, 4, "市政协第十四届第四次会议"), "2025D048"),
    ("关于对政协十届三次会议第52号提案的答复", ("政协", 10, 3, "政协十届三次会议"), "52"),
    ("关于淄川区第十九届人民代表大会第二次会议第24号建议的答复", ("人大", 19, 2, "淄川区第十九届人民代表大会第二次会议"), "24"),
    ("关于中国人民政治协商会议湖里区第九届委员会第四次会议第3号提案的答复", ("政协", 9, 4, "中国人民政治协商会议湖里区第九届委员会第四次会议"), "3"),
])
def test_session_and_item_forms(title, session, item):
    result = fields(letter(title))
    body, term, meeting, text = session
    assert result["session"] == {"body": body, "term": term, "meeting": meeting, "text": text}
    assert result["item_no"] == item
    assert result["kind"] == ("政协提案" if body == "政协" else "人大建议")


def test_session_in_the_opening_sentence():
    result = fields(letter(opening="您在区第十五届人大第三次会议期间所提的《关于修路的建议》已收悉，现答复如下："))
    assert result["session"]["text"] == "区第十五届人大第三次会议"
    assert result["item_no"] == ""


def test_item_number_after_the_proposal_title():
    assert fields(letter(opening="《关于修路的提案》（第20253012号）收悉，现答复如下："))["item_no"] == "20253012"


def test_item_number_on_the_line_under_a_session_name():
    result = fields(letter("淄川区第十九届人民代表大会第二次会议", "24"))
    assert result["item_no"] == "24"


def test_item_number_label():
    assert fields(letter("提案号：2025012"))["item_no"] == "2025012"


def test_find_sessions_reads_back_only_over_the_name():
    found = conventions.find_sessions("昌宁县交通运输局关于政治协商会议 昌宁县十届委员会第四次会议 第41号提案的答复")
    assert [(m.text, m.item) for m in found] == [("政治协商会议 昌宁县十届委员会第四次会议", "41")]
    assert conventions.find_sessions("我局召开第三次会议研究") == []


@pytest.mark.parametrize("header, salutation, opening, kind", [
    ((), "张三委员：", OPENING, "政协提案"),
    ((), "张三：", "您提出的《关于修路的提案》收悉，现答复如下：", "政协提案"),
    (("关于第12号议案转建议的答复",), "各位代表：", "你们提出的议案收悉，现答复如下：", "人大建议"),
    ((), "张三：", "您提出的关于修路的建议收悉，现答复如下：", "人大建议"),
])
def test_kind_without_a_session(header, salutation, opening, kind):
    assert fields(letter(*header, salutation=salutation, opening=opening))["kind"] == kind


def test_kind_is_empty_when_the_letter_gives_no_sign():
    assert fields(letter(salutation="张三：", opening="来信收悉，现答复如下："))["kind"] == ""


# --- addressee, proposer, proposal title, handling role ----------------------------------------------


@pytest.mark.parametrize("salutation, addressee, proposer", [
    ("肖明委员：", "肖明委员", "肖明委员"),
    ("马青、周丽等委员:", "马青、周丽等委员", "马青、周丽等委员"),
    ("尊敬的李四代表：", "尊敬的李四代表", "李四代表"),
    ("住耈街委员联络组：", "住耈街委员联络组", "住耈街委员联络组"),  # "您提出的" makes the group the proposer
    ("民盟湖里区委员会：", "民盟湖里区委员会", "民盟湖里区委员会"),
])
def test_addressee_and_proposer(salutation, addressee, proposer):
    result = fields(letter(salutation=salutation))
    assert (result["addressee"], result["proposer"]) == (addressee, proposer)


def test_proposer_named_in_the_opening_and_label():
    named = fields(letter(salutation="区人社局：", opening="肖明委员提出的《关于修路的提案》收悉，现将会办意见函告如下："))
    assert named["proposer"] == "肖明委员"
    labelled = fields(letter("建议人: 陈刚、马晓东", salutation="陈刚、马晓东代表:"))
    assert labelled["proposer"] == "陈刚、马晓东"


def test_proposer_is_not_guessed_from_a_unit_addressee():
    assert fields(letter(salutation="区人社局：", opening="《关于修路的提案》收悉，现将会办意见函告如下："))["proposer"] == ""


def test_joint_handling_letter():
    text = letter("湖里区科学技术和工业局", "关于区政协九届四次会议第20253012号提案的会办意见",
                  salutation="区人力资源和社会保障局：",
                  opening="肖明委员提出的《关于数字人才的提案》收悉。我局作为会办单位，现将会办意见函告如下：",
                  closing=("湖里区科学技术和工业局", "二〇二五年五月二十日"))
    result = fields(text)
    assert result["handling_role"] == "会办"
    assert result["addressee"] == "区人力资源和社会保障局"
    assert result["issuer"] == "湖里区科学技术和工业局"
    assert result["title"] == "关于区政协九届四次会议第20253012号提案的会办意见"


def test_lead_unit_label_matching_the_issuer():
    text = letter("主办单位: 湖里区交通运输局", "会办单位：区财政局、区住建局")
    result = fields(text)
    assert result["handling_role"] == "主办"
    assert result["co_units"] == ["区财政局", "区住建局"]


def test_lead_unit_label_naming_another_unit_is_not_lead():
    assert fields(letter("主办单位：区财政局"))["handling_role"] == ""


@pytest.mark.parametrize("opening, title", [
    ("您提出的《关于修建村道的建议》收悉，现答复如下：", "关于修建村道的建议"),
    ("“关于对临临高速西河段进行整修”的建议收悉，现答复如下：", "关于对临临高速西河段进行整修"),
    ("您提出的关于进一步推进养老服务体系建设的建议，现答复如下：", "关于进一步推进养老服务体系建设的建议"),
    ("您提出的“关于加快发展滩羊产业”的提案收悉，现答复如下：", "关于加快发展滩羊产业"),
    ("来信收悉，现答复如下：", ""),
])
def test_proposal_title_forms(opening, title):
    assert fields(letter(opening=opening))["proposal_title"] == title


# --- issuer -----------------------------------------------------------------------------------


def test_issuer_from_signature_then_header():
    assert fields(letter("潼关县民政局文件"))["issuer"] == "湖里区交通运输局"
    unsigned = letter("潼关县民政局文件", closing=("2025年6月10日",))
    assert fields(unsigned)["issuer"] == "潼关县民政局"
    from_title = letter("昌宁县交通运输局关于政协十届四次会议第41号提案的答复", closing=("2025年6月10日",))
    assert fields(from_title)["issuer"] == "昌宁县交通运输局"


def test_joint_signature_names_both():
    text = letter(closing=("湖里区人力资源和社会保障局", "湖里区财政局", "2025年6月10日"))
    assert fields(text)["issuer"] == "湖里区人力资源和社会保障局、湖里区财政局"


# --- signatories, contacts, cc ------------------------------------------------------------------


def test_people_lines():
    assert parse_people("区政府分管领导：焦杨  承办单位领导：林长发") == [
        ("signatory", "区政府分管领导", "焦杨"), ("signatory", "承办单位领导", "林长发")]
    assert parse_people("（联系人：王五，电话：020-38622000）") == [("contact", "联系人", "王五"), ("phone", "电话", "020-38622000")]
    assert parse_people("请联系人事部门办理。") is None
    assert parse_people("联系电话：12") is None


def test_signatories_and_contacts_before_the_signature():
    text = letter(closing=("区政府分管领导：焦杨", "承办单位领导：林长发", "承办单位联系人：蔡诗颖", "联系电话：2878324",
                           "湖里区交通运输局", "2025年6月10日"))
    result = fields(text)
    assert result["signatories"] == [{"role": "区政府分管领导", "name": "焦杨"}, {"role": "承办单位领导", "name": "林长发"}]
    assert result["contacts"] == [{"role": "承办单位联系人", "name": "蔡诗颖", "phone": "2878324"}]


def test_contact_on_one_line_and_after_the_date():
    one_line = fields(letter(closing=("联系人:童汝慧, 联系电话:0577-63385314", "湖里区交通运输局", "2024年6月5日")))
    assert one_line["contacts"] == [{"name": "童汝慧", "phone": "0577-63385314"}]
    after = fields(letter(closing=("湖里区交通运输局", "2025年6月10日", "（联系人：王五，联系电话：0592-5701234）")))
    assert after["contacts"] == [{"name": "王五", "phone": "0592-5701234"}]


def test_signatory_beside_the_doc_number():
    assert fields(letter("潼民发【2024】275号 签发人：杨宏亮"))["signatories"] == [{"role": "签发人", "name": "杨宏亮"}]


def test_a_mobile_number_in_a_contact_is_reported_masked():
    imported = import_text(letter(closing=("联系人：王五，联系电话：138 1234 5678", "湖里区交通运输局", "2025年6月10日")))
    messages = [message for _, field, message in imported.notes if field == "contacts.0.phone"]
    assert messages and "138****5678" in messages[0]
    assert "1234 5678" not in messages[0]


def test_an_office_number_is_not_reported():
    imported = import_text(letter(closing=("联系人：王五，联系电话：0592-5701234", "湖里区交通运输局", "2025年6月10日")))
    assert not [note for note in imported.notes if "手机" in note[2]]


@pytest.mark.parametrize("lines, cc", [
    (("抄送：区政协提案委员会，区政府办公室。",), ["区政协提案委员会", "区政府办公室"]),
    (("抄送:区人大常委会选联工委、区政府办公室",), ["区人大常委会选联工委", "区政府办公室"]),
    (("抄送：区人大常委会选联工委，", "区政府办公室。"), ["区人大常委会选联工委", "区政府办公室"]),
])
def test_cc_forms(lines, cc):
    assert fields(letter(closing=("湖里区交通运输局", "2025年6月10日", "---", *lines)))["cc"] == cc


# --- policies ----------------------------------------------------------------------------------

POLICIES = (
    PolicyRef("talent", ("关于深化人才发展体制机制改革 加快推进“智汇湖里”人才强区战略的意见",
                         "关于深化人才发展体制机制改革加快推进“智汇湖里”人才强区战略的意见")),
    PolicyRef("housing", ("湖里区加强人才及重点群体住房保障措施",)),
    PolicyRef("plan", ("某规划",), "厦府〔2024〕3号"),
)


def test_policies_by_title_alias_and_doc_number_in_order():
    text = "按《湖里区加强人才及重点群体住房保障措施》和厦府[2024]3号文件，落实《关于深化人才发展体制机制改革加快推进“智汇湖里”人才强区战略的意见》。再次按《湖里区加强人才及重点群体住房保障措施》。"
    assert cited_policies(text, POLICIES) == ["housing", "plan", "talent"]


def test_unknown_titles_are_not_policies():
    assert cited_policies("根据《中华人民共和国道路交通安全法》", POLICIES) == []


# --- labels and ids ------------------------------------------------------------------------------


def test_web_information_table_labels():
    assert parse_labels("索引号 01526399-7/20250819-00015 发布机构 昌宁县交通局") == {
        "索引号": "01526399-7/20250819-00015", "发布机构": "昌宁县交通局"}
    assert parse_labels("来源：潼关县民政局 发布时间：2024-09-11 11:23") == {"来源": "潼关县民政局", "发布时间": "2024-09-11 11:23"}
    assert parse_labels("我局来源于群众") is None


@pytest.mark.parametrize("values, expected", [
    ({"kind": "政协提案", "item_no": "20253012"}, "zx-20253012"),
    ({"kind": "政协提案", "item_no": "2025D048"}, "zx-2025d048"),
    ({"kind": "人大建议", "item_no": "政2025-12"}, "rd-2025-12"),
    ({"kind": "人大建议", "doc_number": "厦湖人社函〔2025〕5号", "written_date": "2025-06-10"}, "rd-5"),
    ({"kind": "人大建议", "written_date": "2024-06-05"}, "rd-20240605"),
    ({"item_no": "12", "written_date": "2024-06-05"}, ""),
])
def test_record_ids(values, expected):
    assert record_id(values) == expected


# --- conventions seen on real web copies (site_tests/unit/test_import_samples.py) ----------------


def notes(text: str) -> list[str]:
    return [message for _, _, message in import_text(text).notes]


@pytest.mark.parametrize("header, number", [
    (("文  号：武昌城管函字﹝2025﹞9号 索 引 号：737546075/2025-27396",), "武昌城管函字〔2025〕9号"),  # small form brackets
    (("建议字：〔2023〕8号",), "建议字〔2023〕8号"),  # the 代字 laid out as a form label
    (("岳县路字〔2023〕41号 B1 类 同意公开",), "岳县路字〔2023〕41号"),
    (("岳发改字〔2020〕46号A类 同意公开",), "岳发改字〔2020〕46号"),
])
def test_doc_number_forms_of_web_copies(header, number):
    assert fields(letter(*header))["doc_number"] == number


def test_doc_number_line_with_sub_class_and_disclosure():
    assert doc_number_line("岳县路字〔2023〕41号 B1 类 同意公开") == ("岳县路字〔2023〕41号", "B", [])
    assert doc_number_line("澧交建复〔2023〕12号C类") == ("澧交建复〔2023〕12号", "C", [])
    result = import_text(letter("岳发改字〔2020〕46号A类 同意公开"))
    assert (result.fields["reply_category"], result.fields["disclosure"]) == ("A", "主动公开")
    assert not any("未写公开属性" in message for _, _, message in result.notes)


@pytest.mark.parametrize("line, category", [
    ("办理结果：（C）", "C"), ("答复类别：B2类", "B"), ("B1类", "B"), ("办理结果：已解决", None), ("B12", None),
])
def test_category_sub_classes_and_result_label(line, category):
    assert category_in(line, bare_allowed=True) == category


@pytest.mark.parametrize("line, value", [
    ("（此回复件公开）", "主动公开"), ("（本答复公开）", "主动公开"), ("此件公开发布", "主动公开"), ("公开", None),
])
def test_disclosure_notes_naming_the_reply(line, value):
    assert disclosure_in(line) == value


@pytest.mark.parametrize("written, expected", [
    ("2023619", "2023-06-19"), ("2024524", "2024-05-24"), ("20230619", "2023-06-19"), ("202365", "2023-06-05"),
    ("2023111", None), ("2023139", None), ("20231", None),
])
def test_dates_that_lost_their_characters(written, expected):
    found = compact_date(written)
    assert (found.isoformat() if found else None) == expected


def test_compact_signature_date_and_its_issuer():
    result = fields(letter(closing=("重庆綦江高新技术产业开发区管理委员会", "2023619", "返回顶部")))
    assert (result["issuer"], result["written_date"]) == ("重庆綦江高新技术产业开发区管理委员会", "2023-06-19")


def test_page_chrome_after_an_undated_letter_is_not_the_issuer():
    assert fields(letter(closing=("返回顶部",)))["issuer"] == ""
    assert fields(letter(closing=("打印本页", "关闭窗口")))["issuer"] == ""


def test_signature_and_date_on_one_line():
    result = fields(letter(closing=("鲁桥镇人民政府 2025年6月2日",)))
    assert (result["issuer"], result["written_date"]) == ("鲁桥镇人民政府", "2025-06-02")


def test_signature_run_into_the_last_paragraph():
    text = letter(opening=OPENING + BODY + "感谢你们对水利工作的支持。 镇康县水务局 2019年7月15日", closing=())
    result = import_text(text)
    assert (result.fields["issuer"], result.fields["written_date"]) == ("镇康县水务局", "2019-07-15")
    assert result.body.rstrip().endswith("感谢你们对水利工作的支持。")


def test_a_dated_sentence_in_the_body_is_not_a_signature():
    text = letter(opening=OPENING + "该项目已于2024年5月1日开工。", closing=("湖里区交通运输局", "2025年6月10日"))
    assert fields(text)["written_date"] == "2025-06-10"
    assert "2024年5月1日" in import_text(text).body


def test_a_ministry_department_signs():
    assert fields(letter(closing=("中国民用航空局综合司", "2023年5月26日")))["issuer"] == "中国民用航空局综合司"


def test_the_title_names_the_issuer_before_the_pages_publisher():
    text = letter("发文机关：天水市人民政府办公室", "天水市交通运输局关于对市八届人大五次会议第144号建议的答复", closing=())
    assert fields(text)["issuer"] == "天水市交通运输局"


def test_a_title_wrapped_after_the_issuers_name():
    result = fields(letter("马关县交通运输局关于马关县第十七届", "人大一次会议第197号建议的答复函"))
    assert result["title"] == "马关县交通运输局关于马关县第十七届人大一次会议第197号建议的答复函"
    assert (result["session"]["body"], result["session"]["term"], result["session"]["meeting"]) == ("人大", 17, 1)
    assert (result["item_no"], result["kind"]) == ("197", "人大建议")


def test_a_table_cell_is_not_the_title():
    assert not is_title("主题分类：建议提案答复")
    assert is_title("名称：对十四届全国人大一次会议第5041号建议的协办意见")
    result = fields(letter("主题分类：建议提案答复", "名  称：对十四届全国人大一次会议第5041号建议的协办意见"))
    assert result["title"] == "对十四届全国人大一次会议第5041号建议的协办意见"


def test_the_pages_title_cell_when_the_letter_repeats_it():
    title = "对县十八届人大五次会议第3号建议的答复：镇西镇中心小学筹建风雨操场的建议"
    assert fields(letter(f"标题：{title}", title))["title"] == title
    assert fields(letter(f"标题：{title}"))["title"] == ""  # the page's cell alone is not the letter's


@pytest.mark.parametrize("opening, title", [
    ("夏海萍委员提出的融文于城，创建为民：绘就普陀新画卷的提案收悉，现答复如下：", "融文于城，创建为民：绘就普陀新画卷"),
    ("您提出的关于改善老旧小区乱停车陋习，提升城市文明形象的提案收悉。现答复如下：", "关于改善老旧小区乱停车陋习，提升城市文明形象的提案"),
    ("根据《某某条例》规定，您提出的《关于修路的建议》收悉，现答复如下：", "关于修路的建议"),
    ("您提出的第12号提案收悉，现答复如下：", ""),
    ("您提出的编号为12的建议收悉，现答复如下：", ""),
    ("您提出的有关建议收悉，现答复如下：", ""),
])
def test_proposal_title_forms_of_real_letters(opening, title):
    assert fields(letter(opening=opening))["proposal_title"] == title


def test_a_law_cited_in_an_opening_without_acknowledgement_is_not_the_proposal():
    text = "对区十六届人大四次会议第131号建议的答复\n根据《武汉市城市绿化条例》第三十四条规定，任何单位不得擅自改变绿地性质。\n我局将安排修剪。\n"
    assert fields(text)["proposal_title"] == ""
    named = "根据工作安排，您提出的《关于修路的建议》，我局高度重视。\n我局将安排修剪。\n"
    assert fields(named)["proposal_title"] == "关于修路的建议"


def test_cited_doc_numbers_lose_the_words_before_the_code():
    text = "现省交通厅已下达湘交函〔2022〕179号《审查意见》，按照国办发[2020]1号和湘政办发（2021）第03号文件执行。"
    assert cited_doc_numbers(text) == ["湘交函〔2022〕179号", "国办发〔2020〕1号", "湘政办发〔2021〕3号"]
    assert cited_doc_numbers("和政发〔2020〕1号") == ["和政发〔2020〕1号"]  # a one-character word at the start stays
    assert cited_doc_numbers("武昌城管函字﹝2025﹞9号") == ["武昌城管函字〔2025〕9号"]


def test_a_contact_line_cut_by_the_copy_is_read_and_its_mobile_flagged():
    assert parse_people("（联系人：乐希，联系电话：13883366415") == [
        ("contact", "联系人", "乐希"), ("phone", "联系电话", "13883366415")]
    result = import_text(letter(closing=("湖里区交通运输局", "2025年6月10日", "（联系人：乐希，联系电话：13883366415")))
    assert result.fields["contacts"] == [{"name": "乐希", "phone": "13883366415"}]
    assert any("138****6415" in message and key.startswith("contacts") for _, key, message in result.notes)


def test_contact_name_label():
    assert parse_people("联系人姓名：朱翔  联系电话：52564588-7817") == [
        ("contact", "联系人姓名", "朱翔"), ("phone", "联系电话", "52564588-7817")]
    result = fields(letter(closing=("湖里区交通运输局", "2025年6月10日", "联系人姓名：朱翔  联系电话：52564588-7817")))
    assert result["contacts"] == [{"name": "朱翔", "phone": "52564588-7817"}]


def test_labels_of_empty_cells_and_list_items():
    assert parse_labels("索引号：主题分类：科技、教育") == {"索引号": "", "主题分类": "科技、教育"}
    result = fields(letter("- 索引号: tssrmzfbgs/2025-00360", "- 发文机关: 天水市人民政府办公室", "- 组配分类:"))
    assert result["index_no"] == "tssrmzfbgs/2025-00360"
    assert result["addressee"] == "张三代表"
    assert fields(letter("索 引 号 : 主题分类: 科技、教育"))["index_no"] == ""
