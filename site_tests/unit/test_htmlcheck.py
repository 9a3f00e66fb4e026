"""Raw HTML and link schemes in record bodies, judged against nh3's allow-list."""

from __future__ import annotations

import pytest

from generator.htmlcheck import html_issues

TAG = "不允许使用 HTML 标签 <{}>，请删除或改用 Markdown 写法"
JS = "不允许使用 javascript: 链接"


@pytest.mark.parametrize(("body", "issues"), [
    ("<script>alert(1)</script>", [(1, TAG.format("script"))]),
    ("第一段。\n\n<SCRIPT SRC=x></SCRIPT>", [(3, TAG.format("script"))]),
    ('<iframe src="https://example.com/"></iframe>', [(1, TAG.format("iframe"))]),
    ("<style>body{display:none}</style>", [(1, TAG.format("style"))]),
    ("<object data=x></object><embed src=x>", [(1, TAG.format("embed")), (1, TAG.format("object"))]),
    ("<form action=x><input></form>", [(1, TAG.format("form")), (1, TAG.format("input"))]),
    ("<svg onload=alert(1)>", [(1, TAG.format("svg"))]),
    ("<x:y onclick=alert(1)>", [(1, TAG.format("x:y"))]),
    ('<p onclick="alert(1)">点击</p>', [(1, "不允许在 <p> 中使用事件属性 onclick=")]),
    ("<img src=x onerror=alert(1)>", [(1, "不允许在 <img> 中使用事件属性 onerror=")]),
    ('<p style="color:red">红字</p>', [(1, "不允许在 <p> 中使用属性 style=")]),
    ('<a href="javascript:alert(1)">详情</a>', [(1, JS)]),
    ('<a href="  JaVa&#x53;cript:alert(1)">详情</a>', [(1, JS)]),
    ('<a href="data:text/html,x">详情</a>', [(1, "不允许使用 data: 链接")]),
    ("[详情](javascript:alert(1))", [(1, JS)]),
    ("[详情]( javascript:alert(1) \"标题\")", [(1, JS)]),
    ("[详情](<javascript:alert(1)>)", [(1, JS)]),
    ("![图](javascript:alert(1))", [(1, JS)]),
    ("[详情](&#106;avascript:alert(1))", [(1, JS)]),
    ("[详情](javascript&colon;alert(1))", [(1, JS)]),
    ("[详情](java&#x09;script:alert(1))", [(1, JS)]),
    ("见[附件][1]。\n\n[1]: javascript:alert(1)", [(3, JS)]),
    ("见[附件][1]。\n\n[1]: <vbscript:msgbox(1)>", [(3, "不允许使用 vbscript: 链接")]),
    ("<javascript:alert(1)>", [(1, TAG.format("javascript:alert(1)")), (1, JS)]),
    # With spaces inside, <...> after "]:" is not a link destination but raw HTML.
    ("[1]: <img src=x onerror=alert(1)>", [(1, "不允许在 <img> 中使用事件属性 onerror=")]),
    ("[x](<img src=x onerror=alert(1)>)", [(1, "不允许在 <img> 中使用事件属性 onerror=")]),
])
def test_unsafe_constructs_are_named_with_their_line(body, issues):
    assert html_issues(body) == issues


@pytest.mark.parametrize("body", [
    "普通文字，**加粗**，## 标题",
    "<p>段落</p><br><strong>加粗</strong><table><tr><td>1</td></tr></table>",
    '<a href="https://www.gov.cn/" title="中国政府网">链接</a> <abbr title="x">缩写</abbr>',
    "[政策](https://www.gov.cn/) [电话](tel:0592-5701234) [邮件](mailto:office@example.gov.cn) [站内](../zx-1/)",
    "自动链接 <https://www.gov.cn/> 和 <office@example.gov.cn>",
    "比较 1 < 2 且 3 > 2，a<b",
    "<!-- 注释 -->",
    "[附件](<https://example.gov.cn/a.pdf>)\n\n[1]: <https://www.gov.cn/>",
])
def test_ordinary_formatting_and_links_pass(body):
    assert html_issues(body) == []


def test_markdown_inside_html_is_refused():
    # The site builds without md_in_html, so the block would show its Markdown as raw text.
    body = '<div class="note" markdown>\n[政策](https://www.gov.cn/zhengce/)\n</div>'
    assert html_issues(body) == [(1, "不允许在 <div> 中使用属性 markdown=")]
