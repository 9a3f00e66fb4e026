"""The importer's body conversion and cleaning: Markdown, page breaks, punctuation, leftovers."""

from __future__ import annotations

import pytest

from generator.importer import import_text
from generator.importer.cleaning import is_chrome, prefers_halfwidth, to_fullwidth
from generator.importer.markdown import blocks, to_markdown
from generator.importer.cleaning import Line


def markdown(*lines: str) -> str:
    return to_markdown(blocks([Line(number, text) for number, text in enumerate(lines, 1)]))


def body_of(text: str) -> str:
    return import_text(text).body


# --- headings -------------------------------------------------------------------------------


def test_numbered_sections_become_headings():
    assert markdown("一、基本情况", "我局已安排。", "二、下一步工作", "继续推进。") == (
        "## 一、基本情况\n\n我局已安排。\n\n## 二、下一步工作\n\n继续推进。\n")


def test_existing_markdown_levels_are_derived_again():
    assert markdown("### 一、办理工作背景", "正文。", "# （一）加快设施布点", "正文。").split("\n\n")[::2] == [
        "## 一、办理工作背景", "### （一）加快设施布点"]


def test_standalone_subsection_is_a_heading_but_run_in_is_a_paragraph():
    assert markdown("（一）加快设施布点", "按照规划推进。") == "### （一）加快设施布点\n\n按照规划推进。\n"
    run_in = "（一）针对优化教育体系、强化跨学科培养建议。一是打造新兴产业职业技能提升基地。"
    assert markdown(run_in) == run_in + "\n"
    assert markdown("**(二) 针对完善激励机制建议。**一是探索。") == "**(二) 针对完善激励机制建议。**一是探索。\n"


def test_bold_whole_heading_loses_its_bold_and_inline_bold_stays():
    assert markdown("**一、基本情况**", "我局**高度重视**。") == "## 一、基本情况\n\n我局**高度重视**。\n"


def test_long_numbered_paragraph_is_not_a_heading():
    text = "一、关于资金问题。我局已经安排专项资金，用于支持相关工作的开展，并将继续加大投入力度。"
    assert markdown(text) == text + "\n"


# --- page breaks ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lines, joined", [
    (("围绕重点产业体系，", "围绕半导体等新兴工种。"), "围绕重点产业体系，围绕半导体等新兴工种。"),
    (("打造“寓”见湖里人", "才公寓品牌。"), "打造“寓”见湖里人才公寓品牌。"),
    (("推进政府服务 AI", "场景应用。"), "推进政府服务 AI场景应用。"),
    (("服务 12345", "AI 平台。"), "服务 12345 AI 平台。"),
])
def test_paragraphs_broken_by_page_breaks_are_joined(lines, joined):
    assert markdown(*lines) == joined + "\n"


@pytest.mark.parametrize("lines", [
    ("第一段结束。", "第二段开始。"),
    ("现答复如下：", "我局已安排。"),
    ("工作安排如下", "（一）加快建设"),
    ("工作安排如下", "1.加快建设"),
    ("第一段（见附件）。”", "第二段。"),
])
def test_paragraph_ends_and_numbered_items_are_kept_apart(lines):
    assert markdown(*lines).count("\n\n") == 1


def test_heading_is_never_joined_to_the_next_line():
    assert markdown("三、下一步工作", "区交通运输局将持续推进") == "## 三、下一步工作\n\n区交通运输局将持续推进\n"


# --- punctuation ----------------------------------------------------------------------------------


def test_halfwidth_punctuation_next_to_chinese_is_restored():
    assert to_fullwidth("首先,非常感谢您们的支持:一是(内含21个)?好!") == "首先，非常感谢您们的支持：一是（内含21个）？好！"
    assert to_fullwidth("联系人:童汝慧, 联系电话:0577-63385314") == "联系人：童汝慧，联系电话：0577-63385314"
    assert to_fullwidth("潼民发(2024)275号") == "潼民发（2024）275号"


def test_ascii_text_keeps_its_punctuation():
    assert to_fullwidth("see https://a.gov.cn/x?id=1, 11:23 (ok)") == "see https://a.gov.cn/x?id=1, 11:23 (ok)"


def test_only_a_page_that_turned_punctuation_to_ascii_is_restored():
    typed = "我局高度重视，认真研究。**(二) 针对完善激励机制建议。**一是探索，二是完善，三是加强。"
    assert not prefers_halfwidth(typed)
    assert prefers_halfwidth("首先,非常感谢您们的支持,我局高度重视:")


def test_a_typed_letter_keeps_its_stray_ascii_marks():
    text = "张三委员：\n您提出的《关于修路的提案》收悉，现答复如下：\n(二)针对完善机制，一是探索，二是推进。\n湖里区交通局\n2025年6月10日\n"
    assert "(二)针对完善机制" in body_of(text)


def test_a_web_copy_gets_fullwidth_punctuation_in_fields_and_body():
    text = "张金明代表:\n您提出的《关于修路的建议》已收悉,经调查研究,现答复如下:\n目前共有站点164个(内含21个)。\n湖里区交通局\n2024年6月5日\n"
    imported = import_text(text)
    assert imported.fields["addressee"] == "张金明代表"
    assert imported.body.startswith("您提出的《关于修路的建议》已收悉，经调查研究，现答复如下：\n\n目前共有站点164个（内含21个）。")


# --- leftovers -------------------------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "首页/ 政府信息公开 / 法定主动公开内容 / 建议提案 / 政协委员提案 / 正文",
    "信息公开 | 重要工作 | 人大建议 | 答复情况 |",
    "当前位置：首页 > 政务公开",
    "无障碍浏览 | 打开适老化模式",
    "• 答复内容",
    "x",
    "扫码关注",
    "网站标识码：3502060001",
    "闽ICP备12345678号",
    "浏览次数：123",
    "【字体：大 中 小】 打印本页 关闭窗口",
])
def test_web_chrome_lines(line):
    assert is_chrome(line)


@pytest.mark.parametrize("line", ["湖里区人力资源和社会保障局", "2025年6月10日", "肖明委员：", "一、基本情况"])
def test_letter_lines_are_not_chrome(line):
    assert not is_chrome(line)


def test_page_header_and_footer_around_a_letter_are_dropped():
    text = "\n".join([
        "source: https://example.gov.cn/a.html",
        "当前位置：首页 > 政务公开 > 建议提案",
        "关于区政协九届四次会议第3号提案的答复",
        "发布时间：2025-06-12 浏览次数：35",
        "来源：湖里区交通运输局",
        "  • 答复内容",
        "张三委员：",
        "您提出的《关于修路的提案》收悉，现答复如下：",
        "我局已安排。",
        "湖里区交通运输局",
        "2025年6月10日",
        "关于区政协九届四次会议第3号提案的答复",
        "扫一扫在手机打开当前页",
        "主办单位：湖里区人民政府办公室 网站标识码：3502060001",
        "版权所有：湖里区人民政府",
    ]) + "\n"
    imported = import_text(text)
    assert imported.body == "您提出的《关于修路的提案》收悉，现答复如下：\n\n我局已安排。\n"
    assert imported.fields["published_date"] == "2025-06-12"
    assert imported.fields["handling_role"] == ""  # a footer's 主办单位 is the website's, not the letter's
    assert [note for note in imported.notes if note[1] == "import"] == []


def test_unknown_lines_outside_the_body_are_reported_not_dropped_silently():
    text = "张三委员：\n您提出的《关于修路的提案》收悉，现答复如下：\n我局已安排。\n湖里区交通运输局\n2025年6月10日\n附：办理情况反馈表已随函寄出\n"
    notes = [note for note in import_text(text).notes if note[1] == "import"]
    assert notes == [(6, "import", "此行未导入，请核对是否需要补入：“附：办理情况反馈表已随函寄出”")]


def test_salutation_title_signature_and_date_are_not_left_in_the_body():
    text = "湖里区交通运输局\n关于区政协九届四次会议第3号提案的答复\n张三委员：\n您提出的《关于修路的提案》收悉，现答复如下：\n我局已安排。\n湖里区交通运输局\n2025年6月10日\n"
    assert body_of(text) == "您提出的《关于修路的提案》收悉，现答复如下：\n\n我局已安排。\n"


def test_letter_without_salutation_starts_at_the_opening_sentence():
    text = "湖里区交通运输局\n厦湖交函〔2025〕9号\n《关于修路的提案》收悉，现答复如下：\n我局已安排。\n湖里区交通运输局\n2025年6月10日\n"
    imported = import_text(text)
    assert imported.body.startswith("《关于修路的提案》收悉")
    assert imported.fields["doc_number"] == "厦湖交函〔2025〕9号"
    assert imported.fields["addressee"] == ""


def test_salutation_run_into_the_opening_is_split_off():
    text = "肖明委员：您提出的《关于修路的提案》收悉，现答复如下：我局已安排。\n湖里区交通运输局\n2025年6月10日\n"
    imported = import_text(text)
    assert imported.fields["addressee"] == "肖明委员"
    assert imported.body == "您提出的《关于修路的提案》收悉，现答复如下：我局已安排。\n"


def test_a_sentence_with_a_colon_is_not_a_salutation():
    text = "经研究：我局已安排专项资金用于修路工作，现答复如下。\n湖里区交通运输局\n2025年6月10日\n"
    imported = import_text(text)
    assert imported.fields["addressee"] == ""
    assert imported.body.startswith("经研究：")


def test_greeting_before_the_opening_sentence_stays_in_the_body():
    text = "尊敬的赵代表：\n您好！您提出的关于加装电梯的建议（第0123号）收悉。现答复如下：\n我们将继续推进。\n北京市住房和城乡建设委员会\n2024年6月28日\n"
    imported = import_text(text)
    assert imported.body.startswith("您好！您提出的")
    assert (imported.fields["proposal_title"], imported.fields["proposer"], imported.fields["item_no"]) == (
        "关于加装电梯的建议", "赵代表", "0123")


def test_spaced_out_labels_and_labelled_title():
    text = "\n".join([
        "标题：对市十六届人大二次会议第0123号建议的答复",
        "西教〔2024〕35号                 签 发 人：王某某",
        "赵代表：", "您提出的《关于加装电梯的建议》收悉，现答复如下：", "我们将继续推进。",
        "杭州市西湖区教育局", "2024 年 6 月 20 日",
        "（联 系 人：张某某，联系电话：87654321）", "抄 送：区政府办公室，区人大常委会代表工委。",
    ]) + "\n"
    result = import_text(text).fields
    assert result["title"] == "对市十六届人大二次会议第0123号建议的答复"
    assert result["signatories"] == [{"role": "签发人", "name": "王某某"}]
    assert result["contacts"] == [{"name": "张某某", "phone": "87654321"}]
    assert result["cc"] == ["区政府办公室", "区人大常委会代表工委"]
    assert result["written_date"] == "2024-06-20"


def test_a_continuation_starting_with_a_decimal_is_joined():
    assert markdown("累计投入资金", "3.5万元。") == "累计投入资金3.5万元。\n"


# --- the letter inside a web page ----------------------------------------------------------------


def test_empty_cells_of_the_page_are_not_the_salutation():
    text = "\n".join([
        "归档时间：", "已归档", "澧县交通运输局对县十八届人大三次会议第23号建议的回复", "部号：",
        "余习界代表：", "您提出的《关于大力推进双堰村道路硬化的建议》收悉。现回复如下：", "我局已列入计划。",
        "澧县交通运输局", "2023年6月30日",
    ]) + "\n"
    result = import_text(text)
    assert result.fields["addressee"] == "余习界代表"
    assert result.body.startswith("您提出的")


def test_a_bare_salutation_is_still_read_when_nothing_names_an_addressee():
    text = "张三：\n您提出的《关于修路的建议》收悉，现答复如下：\n我局已安排。\n湖里区交通运输局\n2025年6月10日\n"
    assert import_text(text).fields["addressee"] == "张三"


def test_a_listing_page_shows_the_suggestion_before_the_letter():
    text = "\n".join([
        "第197号 从竹林至箐头进村道路硬化建议", "建议号：第197号", "内容：",
        "从竹林至箐头进村道路硬化（全长4.5km），覆盖7个村小组，受益人口955人。预计投入资金165万元。",
        "办理情况：", "马关县交通运输局关于马关县第十七届", "人大一次会议第197号建议的答复函",
        "李树金代表：", "你提出的“关于从竹林至箐头进村道路硬化的建议”，已交我们研究办理，现答复如下：",
        "我局已纳入项目库。", "马关县交通运输局", "2017年6月25日",
    ]) + "\n"
    result = import_text(text)
    assert result.fields["addressee"] == "李树金代表"
    assert result.fields["proposal_title"] == "关于从竹林至箐头进村道路硬化的建议"
    assert result.body.startswith("你提出的") and "预计投入资金" not in result.body


def test_a_heading_in_the_body_does_not_restart_the_letter():
    text = "\n".join([
        "张三代表：", "您提出的《关于修路的建议》收悉，现答复如下：", "我局已安排专人负责，并多次到现场查看了该路段的情况，认真研究。",
        "一、关于道路建设的办理情况", "区交通运输局：", "已列入计划。", "湖里区交通运输局", "2025年6月10日",
    ]) + "\n"
    result = import_text(text)
    assert result.fields["addressee"] == "张三代表"
    assert "已列入计划" in result.body


@pytest.mark.parametrize("raw, cleaned", [
    ("索引号: | 113708260043292762/2025-04080 | 公开方式: | 主动公开 |", "索引号:  113708260043292762/2025-04080  公开方式:  主动公开"),
    ("鲁桥镇人民政府 2025年6月2日 |", "鲁桥镇人民政府 2025年6月2日"),
    ("||||||", ""),
    ("| 责任编辑:熊朝录", "责任编辑:熊朝录"),
])
def test_rows_of_a_page_table_lose_their_pipes(raw, cleaned):
    from generator.importer.cleaning import split_lines
    assert split_lines(raw)[0].text == cleaned


def test_a_breadcrumb_ending_with_a_pipe_stays_chrome():
    from generator.importer.cleaning import table_row
    assert table_row("信息公开 | 重要工作 | 人大建议 | 答复情况 |") == "信息公开 | 重要工作 | 人大建议 | 答复情况 |"
    assert is_chrome(table_row("信息公开 | 重要工作 | 人大建议 | 答复情况 |"))
    assert table_row("登录|注册") == "登录|注册"


def test_table_cells_of_a_web_copy_are_read_as_labels():
    text = "\n".join([
        "索引号: | 113708260043292762/2025-04080 | 公开方式: | 主动公开 |", "||||||",
        "郑忠民委员：", "您提出的“关于加强道路亮化管理的建议”的提案收悉，现答复如下：", "我镇已安排。",
        "鲁桥镇人民政府 2025年6月2日 |", "||||||",
    ]) + "\n"
    result = import_text(text)
    assert result.fields["index_no"] == "113708260043292762/2025-04080"
    assert result.fields["disclosure"] == "主动公开"
    assert (result.fields["issuer"], result.fields["written_date"]) == ("鲁桥镇人民政府", "2025-06-02")
    assert not [note for note in result.notes if note[1] == "import"]


@pytest.mark.parametrize("salutation, addressee", [
    ("尊敬的李刚委员", "尊敬的李刚委员"), ("张三代表", "张三代表"), ("各位代表，", "各位代表"),
])
def test_a_salutation_without_its_colon(salutation, addressee):
    text = f"{salutation}\n您提出的《关于修路的建议》收悉，现答复如下：\n我局已安排。\n湖里区交通运输局\n2025年6月10日\n"
    result = import_text(text)
    assert result.fields["addressee"] == addressee
    assert result.body.startswith("您提出的")


def test_a_unit_name_without_a_colon_is_not_a_salutation():
    text = "湖里区交通运输局\n您提出的《关于修路的建议》收悉，现答复如下：\n我局已安排。\n湖里区交通运输局\n2025年6月10日\n"
    assert import_text(text).fields["addressee"] == ""
