"""Stage 2: raw YAML to typed records, every problem collected with file, line and field."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import reply_head

from generator import validate as validate_module
from generator.fieldtypes import Choice, FieldError, ListOf, Nested, Text, did_you_mean
from generator.load import Content, MediaFile, RawDocument, StaticPage, parse_front_matter, parse_yaml
from generator.problems import sort_problems
from generator.schema import (Body, Contact, Disclosure, HandlingRole, Kind, ReplyCategory, Session, Status,
                              Withdrawal)
from generator.validate import validate

SITE = """name: 测试网站
organizer: 测试单位
site_url: https://example.gov.cn/
topics:
  - slug: talent
    label: 人才发展
  - slug: employment
    label: 就业创业
"""
POLICY = "title: 测试区人才住房保障办法\ndoc_number: 测政〔2023〕7号\n"
HEAD = reply_head()


def reply_text(extra: str = "", body: str = "正文。", head: str = HEAD) -> str:
    return head + extra + "---\n\n" + body + "\n"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(validate_module, "today", lambda: dt.date(2025, 9, 1))


def run(replies: dict[str, str], site: str = SITE, policies: dict[str, str] | None = None, pages: tuple = (),
        portal: tuple = (), media: tuple = ()):
    def yaml_doc(path, text):
        data, lines, problems = parse_yaml(text, path)
        return RawDocument(path, data, lines, problems=tuple(problems))

    content = Content(
        "content",
        yaml_doc("content/site.yml", site),
        tuple(yaml_doc(f"content/policies/{name}.yml", text)
              for name, text in (policies or {"talent-housing": POLICY}).items()),
        tuple(parse_front_matter(text, f"content/replies/{path}") for path, text in replies.items()),
        tuple(pages), (), portal=tuple(portal), media=tuple(media))
    return validate(content)


def messages(result) -> list[str]:
    return [str(p) for p in sort_problems(result.problems)]


def one(extra: str = "", body: str = "正文。", head: str = HEAD, path: str = "2025/zx-12.md") -> list[str]:
    return messages(run({path: reply_text(extra, body, head)}))


def test_a_complete_record_becomes_a_typed_reply():
    result = run({"2025/zx-12.md": reply_text(
        "reply_category: A\nhandling_role: 会办\npublished_date: 2025-06-20\ntopics: [talent]\n"
        "policies:\n  - talent-housing\ncontacts:\n  - name: 王敏\n    phone: 0592-5701234\n"
        "co_units: 测试区住建局\nstatus: 已撤回\nwithdrawal:\n  date: 2025-07-01\n  reason: 已重新答复。\n",
        body="第一段。\n\n第二段。")})
    assert result.problems == ()
    [reply] = result.replies
    assert (reply.id, reply.year, reply.url) == ("zx-12", 2025, "replies/2025/zx-12/")
    assert reply.kind is Kind.MEMBER_PROPOSAL and reply.disclosure is Disclosure.PUBLIC
    assert reply.session == Session(Body.CPPCC, 9, 4, "区政协九届四次会议")
    assert (reply.reply_category, reply.handling_role, reply.status) == (ReplyCategory.A, HandlingRole.JOINT, Status.WITHDRAWN)
    assert (reply.written_date, reply.published_date) == (dt.date(2025, 6, 10), dt.date(2025, 6, 20))
    assert reply.withdrawal == Withdrawal(dt.date(2025, 7, 1), "已重新答复。")
    assert reply.contacts == (Contact("", "王敏", "0592-5701234"),)
    assert (reply.topics, reply.policies, reply.co_units) == (("talent",), ("talent-housing",), ("测试区住建局",))
    assert (reply.body, reply.source.body_line) == ("第一段。\n\n第二段。\n", 29)
    assert reply.source.line_of("contacts.0.phone") == 21


def test_missing_disclosure_is_a_warning_and_the_record_is_not_public():
    result = run({"2025/zx-12.md": reply_text(head=HEAD.replace("disclosure: 主动公开\n", ""))})
    assert messages(result) == [
        "content/replies/2025/zx-12.md:2: disclosure: 警告：未填写公开属性，本件不会发布；确认可以公开后请填写“主动公开”"]
    [reply] = result.replies
    assert reply.disclosure is None and not reply.is_public


def test_unknown_keys_suggest_the_right_one_and_chinese_labels_the_english_key():
    assert one("doc_numbr: 测人社函〔2025〕5号\n发文字号: 测人社函〔2025〕5号\nmobile: x\n") == [
        "content/replies/2025/zx-12.md:13: doc_numbr: 未知的字段“doc_numbr”，是否应为“doc_number”？",
        "content/replies/2025/zx-12.md:14: 发文字号: 未知的字段“发文字号”，请使用英文键名“doc_number”",
        "content/replies/2025/zx-12.md:15: mobile: 未知的字段“mobile”",
    ]


def test_every_bad_part_of_nested_fields_is_reported_at_its_own_line():
    head = HEAD.replace("  term: 9\n  meeting: 4\n", "  trem: 9\n")
    assert one("contacts:\n  - phone: 0592-5701234\n  - name: 王敏\n    mobile: 1\n  - 王敏\n", head=head) == [
        "content/replies/2025/zx-12.md:5: session.meeting: 会议：缺少必填子项 meeting（会次）",
        "content/replies/2025/zx-12.md:5: session.term: 会议：缺少必填子项 term（届次）",
        "content/replies/2025/zx-12.md:7: session.trem: 会议：未知的子项“trem”，是否应为“term”？",
        "content/replies/2025/zx-12.md:13: contacts.0.name: 联系人：第 1 项缺少必填子项 name（联系人）",
        "content/replies/2025/zx-12.md:15: contacts.1.mobile: 联系人：第 2 项未知的子项“mobile”",
        "content/replies/2025/zx-12.md:16: contacts.2: 联系人：第 3 项应为键值对（缩进写出各子项）",
    ]


def test_missing_required_fields_are_each_named():
    assert one(head="---\ntitle: 答复\n") == [
        "content/replies/2025/zx-12.md:2: kind: 缺少必填字段 kind（类型）",
        "content/replies/2025/zx-12.md:2: written_date: 缺少必填字段 written_date（成文日期）；原件没有写明时留空，改填 published_date（发布日期）",
    ]


@pytest.mark.parametrize(("value", "message"), [
    ("2025-13-01", "成文日期：日期“2025-13-01”不存在，请核对年月日"),
    ("2025-02-30", "成文日期：日期“2025-02-30”不存在，请核对年月日"),
    ("2025/06/10", "成文日期：日期“2025/06/10”格式不正确，应写作 YYYY-MM-DD，例如 2025-06-10"),
    ("20250610", "成文日期：日期“20250610”格式不正确，应写作 YYYY-MM-DD，例如 2025-06-10"),
    ("去年六月", "成文日期：日期“去年六月”格式不正确，应写作 YYYY-MM-DD，例如 2025-06-10"),
    ("2025-09-02", "日期 2025-09-02 晚于今天，请核对"),
    ("1989-12-31", "日期 1989-12-31 过早，请核对"),
])
def test_bad_dates(value, message):
    head = HEAD.replace("written_date: 2025-06-10", f"written_date: {value}")
    problems = [p for p in one(head=head, path="2025/zx-12.md") if "written_date: 警告" not in p]
    assert problems == [f"content/replies/2025/zx-12.md:12: written_date: {message}"]


def test_publication_before_writing_and_the_directory_year():
    assert one("published_date: 2025-06-01\n") == [
        "content/replies/2025/zx-12.md:13: published_date: 发布日期 2025-06-01 早于成文日期 2025-06-10"]
    assert one(path="2024/zx-12.md") == [
        "content/replies/2024/zx-12.md:12: written_date: 警告：成文日期年份 2025 与所在目录 replies/2024/ 不一致"]


@pytest.mark.parametrize(("value", "problem"), [
    ("测人社函〔2025〕5号", None),
    ("测人社函【2025】第05号", "警告：文号“测人社函【2025】第05号”应规范写作“测人社函〔2025〕5号”（六角括号〔〕，序号不加“第”和前导零）"),
    ("测人社函〔2024〕5号", "警告：文号年份 2024 与成文日期 2025-06-10 的年份不一致，请核对"),
    ("测人社函2025年5号", "文号格式不正确：“测人社函2025年5号”，应为 机关代字〔年份〕序号号，如 厦湖人社函〔2025〕5号"),
])
def test_document_numbers(value, problem):
    expected = [f"content/replies/2025/zx-12.md:13: doc_number: {problem}"] if problem else []
    assert one(f"doc_number: {value}\n") == expected


def test_policy_files_are_checked_too():
    result = run({}, policies={"talent-housing": "title: 办法\ndoc_number: 测政2023第7号\n", "Bad_Name": "title: 办法\n"})
    assert messages(result) == [
        "content/policies/Bad_Name.yml:1: id: 文件名“Bad_Name”只能使用小写英文字母、数字和连字符",
        "content/policies/talent-housing.yml:2: doc_number: 文号格式不正确：“测政2023第7号”，应为 机关代字〔年份〕序号号，如 厦湖人社函〔2025〕5号",
    ]


def test_sessions_must_agree_with_their_name_and_the_kind():
    assert one(head=HEAD.replace("  term: 9\n  meeting: 4\n", "  term: 8\n  meeting: 3\n")) == [
        "content/replies/2025/zx-12.md:7: session.term: 与会议名称“区政协九届四次会议”不一致：名称中为 9，此处为 8",
        "content/replies/2025/zx-12.md:8: session.meeting: 与会议名称“区政协九届四次会议”不一致：名称中为 4，此处为 3",
    ]
    assert one(head=HEAD.replace("kind: 政协提案", "kind: 人大建议")) == [
        "content/replies/2025/zx-12.md:6: session.body: 类型为人大建议，会议却是政协会议，请核对"]
    assert one(head=HEAD.replace("  body: 政协\n", "  body: 人大\n")) == [
        "content/replies/2025/zx-12.md:6: session.body: 与会议名称“区政协九届四次会议”不一致：名称中为 政协，此处为 人大",
        "content/replies/2025/zx-12.md:6: session.body: 类型为政协提案，会议却是人大会议，请核对",
    ]
    assert one(head=HEAD.replace("text: 区政协九届四次会议", "text: 年度座谈会")) == [
        "content/replies/2025/zx-12.md:9: session.text: 警告：无法从会议名称“年度座谈会”读出届次和会次，请核对"]


def test_references_to_topics_policies_and_old_addresses():
    assert one("topics:\n  - talnet\n  - housing\npolicies:\n  - talent-housng\naliases:\n  - old-id\n") == [
        "content/replies/2025/zx-12.md:14: topics: 未知的主题分类“talnet”，是否应为“talent”？（可选：talent、employment）",
        "content/replies/2025/zx-12.md:15: topics: 未知的主题分类“housing”（可选：talent、employment）",
        "content/replies/2025/zx-12.md:17: policies: 找不到政策文件 content/policies/talent-housng.yml，是否应为“talent-housing”？",
        "content/replies/2025/zx-12.md:19: aliases: 旧地址“old-id”应写作 年份/旧编号，如 2025/old-id",
    ]


def test_withdrawal_and_corrections():
    assert one("status: 已撤回\n") == [
        "content/replies/2025/zx-12.md:13: withdrawal: 已撤回的答复须填写 withdrawal 的 date 与 reason"]
    assert one("withdrawal:\n  date: 2025-05-01\n  reason: 重复。\n") == [
        "content/replies/2025/zx-12.md:13: status: 填写了撤回说明，status 应为“已撤回”",
        "content/replies/2025/zx-12.md:14: withdrawal.date: 撤回日期早于成文日期",
    ]
    assert one("changes:\n  - date: 2025-07-01\n    note: 更正。\n") == [
        "content/replies/2025/zx-12.md:13: updated: 有更正说明时，updated 应不早于最近一次更正日期 2025-07-01"]
    assert one("updated: 2025-06-30\nchanges:\n  - date: 2025-07-01\n    note: 更正。\n  - date: 2025-06-01\n    note: 更正。\n") == [
        "content/replies/2025/zx-12.md:13: updated: 有更正说明时，updated 应不早于最近一次更正日期 2025-07-01",
        "content/replies/2025/zx-12.md:17: changes: 更正日期早于发布日期，请核对",
    ]


ADVICE = "个人信息不得公开：请删除；如为单位对外公布的号码或邮箱，在 privacy.allow 中列出；如需遮盖后发布，在 privacy.mask 中列出"


def test_personal_data_in_public_records_is_named_masked_never_raw():
    problems = one("proposer: 肖明（13712347627）\ncontacts:\n  - name: 王敏\n    phone: +86 137-1234-7628\n",
                   body="第一行。\n身份证号11010519491231002X，邮箱 wang.min@example.com，卡号6222021234567894。")
    assert problems == [
        f"content/replies/2025/zx-12.md:13: proposer: 发现手机号码 137****7627；{ADVICE}",
        f"content/replies/2025/zx-12.md:16: contacts.0.phone: 发现手机号码 137****7628；{ADVICE}",
        f"content/replies/2025/zx-12.md:20: body: 发现居民身份证号 110105********002X；{ADVICE}",
        f"content/replies/2025/zx-12.md:20: body: 发现电子邮箱 w***@example.com；{ADVICE}",
        f"content/replies/2025/zx-12.md:20: body: 发现银行卡号 6222****7894；{ADVICE}",
    ]


def test_privacy_allow_and_mask():
    body = "服务热线13905921234；经办人手机137 1234 7627。"
    assert one("privacy:\n  allow: [139-0592-1234]\n  mask: [13712347627]\n", body=body) == []
    assert one("privacy:\n  allow: [139-0592-1234]\n", body=body) == [
        f"content/replies/2025/zx-12.md:17: body: 发现手机号码 137****7627；{ADVICE}"]
    # Masking is applied to the body and contact phones only, so elsewhere it cannot stand in for removal.
    assert one("proposer: 肖明（13712347627）\nprivacy:\n  mask: [13712347627]\n") == [
        "content/replies/2025/zx-12.md:13: proposer: 发现手机号码 137****7627；privacy.mask 只对正文和联系电话生效，此处的号码请删除",
        "content/replies/2025/zx-12.md:15: privacy.mask: 警告：第 1 项没有在正文或联系电话中找到可遮盖的个人信息，不会起作用",
    ]


def test_records_that_are_not_public_are_not_scanned_for_personal_data():
    head = HEAD.replace("disclosure: 主动公开", "disclosure: 依申请公开")
    assert one(body="申请人手机13712347627。", head=head) == []


def test_a_record_with_a_bad_field_still_reports_its_body():
    head = HEAD.replace("kind: 政协提案", "kind: 提案")
    assert one(head=head, body="手机13712347627。\n<script>x</script>") == [
        "content/replies/2025/zx-12.md:4: kind: 类型：“提案”不是允许的值（可选：人大建议、政协提案）",
        f"content/replies/2025/zx-12.md:15: body: 发现手机号码 137****7627；{ADVICE}",
        "content/replies/2025/zx-12.md:16: body: 不允许使用 HTML 标签 <script>，请删除或改用 Markdown 写法",
    ]


def test_ids_and_year_directories():
    result = run({"2025/Zx_12.md": reply_text(), "misc/zx-13.md": reply_text()})
    assert messages(result) == [
        "content/replies/2025/Zx_12.md:1: id: 文件名“Zx_12”只能使用小写英文字母、数字和连字符，如 2025-rsj-20253012",
        "content/replies/misc/zx-13.md:1: id: 答复应放在 replies/<年份>/ 目录下，当前目录为“misc”",
    ]
    assert result.replies == ()


def test_ids_urls_and_document_numbers_are_unique():
    result = run({
        "2024/zx-12.md": reply_text("doc_number: 测人社函〔2025〕5号\n"),
        "2025/zx-12.md": reply_text("doc_number: 测人社函[2025]第5号\n"),
        "2025/zx-13.md": reply_text("aliases:\n  - 2024/zx-12\n  - 2025/zx-13\n  - 2025/zx-old\n  - 2025/zx-old\n"),
    })
    assert [p for p in messages(result) if "警告" not in p] == [
        "content/replies/2025/zx-12.md:1: id: 编号 zx-12 与 content/replies/2024/zx-12.md 重复，编号须唯一",
        "content/replies/2025/zx-12.md:13: doc_number: 文号 测人社函〔2025〕5号 与 content/replies/2024/zx-12.md 重复",
        "content/replies/2025/zx-13.md:14: aliases: 旧地址 2024/zx-12 对应的网址 /replies/2024/zx-12/ 已被 content/replies/2024/zx-12.md 使用",
        "content/replies/2025/zx-13.md:15: aliases: 旧地址 2025/zx-13 就是本答复现在的网址，请删除",
        "content/replies/2025/zx-13.md:17: aliases: 旧地址 2025/zx-old 重复",
    ]


def test_site_topics():
    site = SITE + "  - slug: Talent_2\n    label: 人才\n  - slug: talent\n    label: 人才\n"
    assert messages(run({}, site=site)) == [
        "content/site.yml:9: topics: 主题代码“Talent_2”只能使用小写英文字母、数字和连字符",
        "content/site.yml:11: topics: 主题代码“talent”重复",
    ]


def test_field_errors_carry_every_bad_part():
    with pytest.raises(FieldError) as raised:
        ListOf(Nested(Contact)).convert([{"phone": "1"}, {"name": "王", "fax": "2"}])
    assert list(raised.value.each()) == [("第 1 项缺少必填子项 name（联系人）", ("0", "name")),
                                         ("第 2 项未知的子项“fax”", ("1", "fax"))]
    with pytest.raises(FieldError) as raised:
        ListOf(Text()).convert(["a", ["b"]])
    assert list(raised.value.each()) == [("第 2 项应为文本", ("1",))]
    assert Choice(Disclosure).convert(" 主动公开 ") is Disclosure.PUBLIC


def test_did_you_mean_only_suggests_close_names():
    assert did_you_mean("doc_numbr", ["doc_number", "title"]) == "，是否应为“doc_number”？"
    assert did_you_mean("mobile", ["role", "name", "phone"]) == ""



def test_static_pages_follow_the_raw_html_rules_of_reply_bodies():
    from generator.load import StaticPage

    page = StaticPage("content/pages/help/index.md", "help/index.md",
                      "# 帮助\n\n<div class=\"note\" markdown>\n**注意**\n</div>\n\n<script>alert(1)</script>\n")
    assert messages(run({"2025/zx-12.md": reply_text()}, pages=(page,))) == [
        "content/pages/help/index.md:3: body: 不允许在 <div> 中使用属性 markdown=",
        "content/pages/help/index.md:7: body: 不允许使用 HTML 标签 <script>，请删除或改用 Markdown 写法",
    ]


def test_a_letter_without_its_date_is_listed_by_its_publication_date():
    """Web copies can lose the letter's date: written_date may stay empty when published_date is given."""
    head = HEAD.replace("written_date: 2025-06-10\n", "published_date: 2025-06-20\n")
    assert "written_date" not in head
    result = run({"2025/zx-12.md": reply_text(head=head)})
    assert result.problems == ()
    [reply] = result.replies
    assert (reply.written_date, reply.publication_date) == (None, dt.date(2025, 6, 20))


def test_identity_values_of_site_yml_are_checked_each_with_its_line():
    site = SITE.replace("site_url: https://example.gov.cn/\n", (
        "site_url: http://example.gov.cn/zwgk\n"
        "site_code: 350206\n"
        "icp: 闽ICP12345678号\n"
        "police_record: 闽公网安备 3502060200012号\n"
        "phone: 电话\n"
        "email: office.example.gov.cn\n"
        "conac_id: 35000000060123456\n"))
    assert messages(run({}, site=site)) == [
        "content/site.yml:3: site_url: 网站地址：网址“http://example.gov.cn/zwgk”格式不正确，"
        "应以 https:// 开头、以 / 结尾，如 https://www.example.gov.cn/zwgk/jytabl/",
        "content/site.yml:4: site_code: 网站标识码：“350206”格式不正确，应为 10 位数字或 bm 加 8 位数字",
        "content/site.yml:5: icp: ICP备案号：“闽ICP12345678号”格式不正确，应如 闽ICP备12345678号-1",
        "content/site.yml:6: police_record: 公安机关备案号：“闽公网安备 3502060200012号”格式不正确，"
        "应如 闽公网安备 35020602000123号（14 位数字）",
        "content/site.yml:7: phone: 联系电话：“电话”格式不正确，应为电话号码，如 0592-5701234",
        "content/site.yml:8: email: 电子邮箱：“office.example.gov.cn”格式不正确，应为电子邮箱地址",
        "content/site.yml:9: conac_id: 党政机关网站标识编号：“35000000060123456”格式不正确，"
        "应为 CA 加 21 位数字，如 CA350000000601234560001（见开办标识时取得的代码中 .js 前的部分）",
    ]


def test_identity_values_in_their_usual_forms_pass():
    site = SITE + ("site_code: bm35000001\nicp: 闽ICP备12345678号-1\npolice_record: 闽公网安备35020602000123号\n"
                   "phone: 0592-5701234\nemail: office@example.gov.cn\nundertaker: 测试单位办公室\naddress: 测试路1号\n")
    site = site.replace("https://example.gov.cn/", "https://www.example.gov.cn/zwgk/jytabl/")
    assert messages(run({}, site=site)) == []


def portal_file(name: str, text: str) -> StaticPage:
    return StaticPage(f"content/portal/{name}", name, text)


def test_the_portal_header_and_footer_come_from_fragments_or_include_lines():
    site = SITE + "portal:\n  header_file: header.html\n  footer_include: /include/footer.html\n"
    header = '<div class="top"><a href="https://www.example.gov.cn/">门户首页</a><img src="/logo.png" alt="徽标"></div>\n'
    result = run({}, site=site, portal=[portal_file("header.html", header)])
    assert messages(result) == []
    portal = result.site.portal
    assert (portal.header_html, portal.footer_include, portal.footer_html) == (header.strip(), "/include/footer.html", "")


def test_a_portal_fragment_must_exist_fit_in_a_page_and_each_slot_has_one_way():
    site = SITE + ("portal:\n  header_file: heder.html\n  footer_file: footer.html\n"
                   "  footer_include: /include/footer.html\n")
    footer = "<!DOCTYPE html>\n<html><body>\n<div class=\"foot\">\n<span>版权所有</div>\n</section>\n"
    result = run({}, site=site, portal=[portal_file("header.html", "<div></div>"), portal_file("footer.html", footer)])
    assert messages(result) == [
        "content/portal/footer.html:1: portal: 应为页面片段，不能含 <!DOCTYPE>，请只保留页头或页脚部分",
        "content/portal/footer.html:2: portal: 应为页面片段，不能含 <body>，请只保留页头或页脚部分",
        "content/portal/footer.html:2: portal: 应为页面片段，不能含 <html>，请只保留页头或页脚部分",
        "content/portal/footer.html:4: portal: <span> 没有对应的结束标签 </span>",
        "content/portal/footer.html:5: portal: 多余的结束标签 </section>",
        "content/site.yml:10: portal.header_file: 找不到页头片段文件 content/portal/heder.html，是否应为“header.html”？",
        "content/site.yml:11: portal.footer_file: 页脚只能选一种方式：footer_file（片段文件）或 footer_include（服务器包含），请删去其中一项",
    ]


@pytest.mark.parametrize("key, value, message", [
    ("header_include", "include/header.html", "门户网站页头页脚：“include/header.html”格式不正确，应为以 / 开头的服务器路径，如 /include/header.html"),
    ("footer_include", "/a--b.html", "门户网站页头页脚：“/a--b.html”格式不正确，应为以 / 开头的服务器路径，如 /include/header.html"),
    ("header_file", "../header.html", "门户网站页头页脚：“../header.html”格式不正确，应为 content/portal/ 文件夹中的文件名，如 header.html"),
])
def test_portal_values_are_checked(key, value, message):
    assert messages(run({}, site=SITE + f"portal:\n  {key}: {value}\n")) == [f"content/site.yml:10: portal.{key}: {message}"]


@pytest.mark.parametrize("value, expected", [("10:30", "10:30"), ('"09:05"', "09:05"), ("9：05", "09:05")])
def test_the_publication_time_reads_as_typed_even_where_yaml_takes_it_for_a_number(value, expected):
    [reply] = run({"2025/zx-12.md": reply_text(f"published_time: {value}\n")}).replies
    assert reply.published_time == expected


def test_a_publication_time_out_of_range_is_named():
    assert one("published_time: 24:10\n") == [
        "content/replies/2025/zx-12.md:13: published_time: 发布时间：时间“24:10”格式不正确，应写作 HH:MM，例如 09:30"]


def media_file(relative: str, size: int = 243712) -> MediaFile:
    return MediaFile(f"content/{relative}", relative, size, f"/srv/content/{relative}")


def test_an_attachment_file_gets_its_size_and_place():
    extra = "attachments:\n  - title: 答复函原件\n    file: media/2025/zx-12-答复函.pdf\n"
    result = run({"2025/zx-12.md": reply_text(extra)}, media=[media_file("media/2025/zx-12-答复函.pdf")])
    assert messages(result) == []
    [attachment] = result.replies[0].attachments
    assert (attachment.type_name, attachment.size, attachment.source) == ("PDF", 243712, "/srv/content/media/2025/zx-12-答复函.pdf")


def test_attachments_must_name_a_file_of_a_known_type_or_a_link_and_every_media_file_is_used():
    extra = ("attachments:\n  - title: 答复函原件\n    file: media/2025/zx-12-答复涵.pdf\n"
             "  - title: 说明\n    file: media/2025/run.exe\n"
             "  - title: 两者\n    file: media/2025/a.pdf\n    url: https://example.gov.cn/a.pdf\n"
             "  - title: 都没有\n")
    media = [media_file("media/2025/zx-12-答复函.pdf"), media_file("media/2025/run.exe"), media_file("media/2025/a.pdf")]
    assert messages(run({"2025/zx-12.md": reply_text(extra)}, media=media)) == [
        "content/media/2025/zx-12-答复函.pdf:1: 文件: 警告：没有答复引用这个附件（attachments），它不会发布",
        "content/replies/2025/zx-12.md:14: attachments.0.file: 找不到附件文件 content/media/2025/zx-12-答复涵.pdf，"
        "是否应为“zx-12-答复函.pdf”？",
        "content/replies/2025/zx-12.md:16: attachments.1.file: 附件“media/2025/run.exe”的文件类型不能发布，"
        "可用：DOC、DOCX、ET、JPG、OFD、PDF、PNG、WPS、XLS、XLSX",
        "content/replies/2025/zx-12.md:18: attachments.2: 附件应填写 file（content/media/ 中的文件）或 url（网址）其中一项",
        "content/replies/2025/zx-12.md:21: attachments.3: 附件应填写 file（content/media/ 中的文件）或 url（网址）其中一项",
    ]
