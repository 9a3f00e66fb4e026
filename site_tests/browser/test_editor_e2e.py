"""The web editor (/admin/) end to end, offline: Decap CMS in chromium, decap-server on 127.0.0.1.

(Not test_editor.py: the test directories are not packages, and site_tests/unit/test_editor.py
holds that name.)

A temporary git repository holds a copy of content/; the site built from it is
served on 127.0.0.1 and decap-server (MODE=git) commits to that repository, as
``make edit`` does on a staff member's computer.  Replies are created, edited,
refused and published through the form; what lands in git is then checked and
built with the generator itself.

Screenshots (the staff guide's chapter 网页编辑器 is made of them) go to
test-artifacts/editor-*.png; with SITE_EDITOR_GUIDE_IMAGES=1 the run also writes
the guide's copies into content/pages/help/images/.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from harness import serve

from generator.editor import config_yaml, decap_server_env, key_paths, record_data
from generator.schema import REPLY_FIELDS
from helpers import CONTENT, ROOT, build_site, run_generator
from nginx_server import free_port

pytestmark = pytest.mark.browser

SERVER_JS = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
# Letters dated yesterday: the check refuses dates after today, and the record's folder is the letter's year.
WRITTEN = (dt.date.today() - dt.timedelta(days=1)).isoformat()
YEAR = WRITTEN[:4]
GUIDE_IMAGES = ROOT / "content" / "pages" / "help" / "images"
# A made-up landline and a made-up private mobile number (the check must flag the second).
OFFICE_PHONE = "0592-5701234"
MOBILE = "13912345678"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


@dataclass
class Editor:
    url: str  # the built site, /admin/ inside it
    api: str  # decap-server
    repo: Path
    work: Path
    log: Path

    def admin(self, route: str = "") -> str:
        return f"{self.url}/admin/#/{route}"


def wait_for_api(api: str, process: subprocess.Popen, log: Path) -> None:
    request = urllib.request.Request(api, data=b'{"action":"info"}', headers={"Content-Type": "application/json"})
    for _ in range(100):
        if process.poll() is not None:
            pytest.fail("decap-server exited:\n" + log.read_text(encoding="utf-8", errors="replace"))
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(request, timeout=2) as response:
                if json.load(response).get("type") == "local_git":
                    return
        time.sleep(0.2)
    pytest.fail("decap-server did not answer:\n" + log.read_text(encoding="utf-8", errors="replace"))


@pytest.fixture(scope="module")
def editor(tmp_path_factory) -> Editor:
    if shutil.which("node") is None or not SERVER_JS.is_file():
        pytest.skip("Node.js or node_modules/decap-server is missing (`make test` runs npm ci)")
    work = tmp_path_factory.mktemp("editor")
    repo = work / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "测试员")
    git(repo, "config", "user.email", "editor-test@example.invalid")
    shutil.copytree(CONTENT, repo / "content")
    git(repo, "add", "content")
    git(repo, "commit", "-q", "-m", "内容")
    result = build_site(repo / "content", work)
    assert result.returncode == 0, result.stdout + result.stderr
    site = work / "site"
    port = free_port()
    api = f"http://127.0.0.1:{port}/api/v1"
    # The built config points at decap-server's usual port (make edit); this run's is free.
    from generator.pipeline import check

    config = config_yaml(check(repo / "content").resolved.selection.site, api)
    (site / "admin" / "config.yml").write_text(config, encoding="utf-8")
    log = work / "decap-server.log"
    with log.open("w") as out:
        process = subprocess.Popen(["node", str(SERVER_JS)], env=decap_server_env(repo, port, {
            **os.environ, "LOG_LEVEL": "info"}), cwd=str(work), stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for_api(api, process, log)
        with serve(site) as url:
            yield Editor(url, api, repo, work, log)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def browser_page(chromium):
    """A page that records every request and JavaScript error (the harness's page fails on any error)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.requests = []
    page.errors = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("dialog", lambda dialog: dialog.accept())  # 确定发布吗？ and the like
    yield page
    context.close()
    # Offline by construction: whatever a test did, the editor asked nothing of another computer.
    elsewhere = [url for url in page.requests if not url.startswith(("http://127.0.0.1:", "blob:http://127.0.0.1:",
                                                                      "data:", "about:"))]
    assert not elsewhere, elsewhere


def shoot(page, artifacts: Path, name: str, **options) -> None:
    """test-artifacts/editor-<name>.png, and the staff guide's copy when asked for."""
    page.screenshot(path=artifacts / f"editor-{name}.png", **options)
    if os.environ.get("SITE_EDITOR_GUIDE_IMAGES") == "1":
        write_guide_image(page.screenshot(type="jpeg", quality=72, **options), name)


def write_guide_image(jpeg: bytes, name: str) -> None:
    """The guide's picture as an SVG holding the JPEG.

    Why SVG: load reads every file under content/pages/ as UTF-8 text (a PNG there
    would stop the build), and an SVG is text; the site's CSP allows data: images.
    """
    width, height = jpeg_size(jpeg)
    data = base64.b64encode(jpeg).decode("ascii")
    GUIDE_IMAGES.mkdir(parents=True, exist_ok=True)
    (GUIDE_IMAGES / f"editor-{name}.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f'<image width="{width}" height="{height}" href="data:image/jpeg;base64,{data}"/></svg>\n', encoding="utf-8")


def jpeg_size(jpeg: bytes) -> tuple[int, int]:
    at = 2
    while at < len(jpeg):
        marker, length = jpeg[at + 1], int.from_bytes(jpeg[at + 2:at + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2):
            return int.from_bytes(jpeg[at + 7:at + 9], "big"), int.from_bytes(jpeg[at + 5:at + 7], "big")
        at += 2 + length
    raise ValueError("not a JPEG")


# --- driving the form ---------------------------------------------------------------------


def login(page, editor: Editor, route: str = "") -> None:
    """Log in (the local backend asks no password), then go to ``route``."""
    page.goto(editor.admin())
    button = page.get_by_role("button", name="登录")
    button.wait_for()
    button.click()
    page.get_by_text("审核与发布").first.wait_for()
    if route:
        page.goto(editor.admin(route))


def label(page, text: str, nth: int = 0):
    pattern = re.compile("^" + re.escape(text) + r"( \(选填\))?$")
    return page.locator("label").filter(has_text=pattern).nth(nth)


def control(page, text: str, nth: int = 0):
    return page.locator("#" + label(page, text, nth).get_attribute("for"))


def fill(page, text: str, value: str, nth: int = 0) -> None:
    control(page, text, nth).fill(value)


def choose(page, text: str, typed: str, option: str | None = None, nth: int = 0) -> None:
    """A select or relation (react-select): type, wait for the option, take it."""
    box = control(page, text, nth)
    box.click()
    box.press_sequentially(typed)
    page.locator("[id*='-option-']").filter(has_text=option or typed).first.wait_for()
    box.press("Enter")


def type_body(page, paragraphs: list[str]) -> None:
    """The letter in the rich-text editor, as staff type or paste it: one paragraph per Enter."""
    editor = page.locator('[data-slate-editor="true"]').last
    editor.click()
    for index, paragraph in enumerate(paragraphs):
        if index:
            page.keyboard.press("Enter")
        page.keyboard.type(paragraph)


def save(page) -> dict:
    """保存, and the persistEntry request Decap sent (its dataFiles hold the file's text)."""
    with page.expect_request(lambda r: r.method == "POST" and '"persistEntry"' in (r.post_data or "")) as sent:
        page.get_by_role("button", name="保存", exact=True).click()
    request = sent.value
    request.response().finished()
    page.get_by_text("已保存").first.wait_for()
    return json.loads(request.post_data)["params"]


def set_status(page, status: str, before_click=None) -> None:
    page.get_by_role("button", name=re.compile("^状态")).click()
    page.get_by_role("menuitem", name=status).wait_for()
    if before_click:
        before_click()
    with page.expect_request(lambda r: '"updateUnpublishedEntryStatus"' in (r.post_data or "")) as sent:
        page.get_by_role("menuitem", name=status).click()
    sent.value.response().finished()
    page.get_by_role("button", name=f"状态：{status}").wait_for()


def publish(page) -> None:
    page.get_by_role("button", name="发布", exact=True).click()
    with page.expect_request(lambda r: '"publishUnpublishedEntry"' in (r.post_data or "")) as sent:
        page.get_by_role("menuitem", name="立即发布").click()
    sent.value.response().finished()


def committed(editor: Editor, path: str, ref: str = "main") -> str:
    return git(editor.repo, "show", f"{ref}:{path}")


def check_content(editor: Editor, ref: str = "main"):
    """``generator check`` on the committed content of ``ref`` (a branch of the temporary repository)."""
    target = editor.work / f"check-{ref.replace('/', '-')}"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    archive = subprocess.run(["git", "-C", str(editor.repo), "archive", ref, "content"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return run_generator("check", "--content", str(target / "content"), cwd=target), target


# --- the tests ----------------------------------------------------------------------------


def test_the_editor_opens_in_chinese_with_every_request_on_this_computer(editor, browser_page, artifacts):
    page = browser_page
    login(page, editor)
    page.get_by_text("政协委员提案答复").first.click()
    page.get_by_text("关于区政协九届四次会议 第20253012号提案办理情况答复的函").first.wait_for()
    for words in ("栏目", "人大代表建议答复", "政协委员提案答复", "政策文件", "审核与发布", "新建政协委员提案答复"):
        assert page.get_by_text(words).count(), words
    shoot(page, artifacts, "1-打开编辑器")
    allowed = {editor.url.split("/")[2], editor.api.split("/")[2]}
    hosts = {url.split("/")[2] for url in page.requests if url.startswith("http")}
    assert hosts <= allowed, sorted(set(page.requests))
    assert not [url for url in page.requests if not url.startswith(("http://127.0.0.1", "blob:", "data:"))]
    assert any("/admin/decap-cms/decap-cms.js" in url for url in page.requests)
    assert not page.errors


def test_a_reply_made_in_the_form_is_committed_checked_and_published(editor, browser_page, artifacts, tmp_path):
    page = browser_page
    login(page, editor, "collections/cppcc/new")
    label(page, "标题").wait_for()
    written = WRITTEN
    fill(page, "标题", f"关于区政协九届五次会议第{YEAR}9001号提案的答复")
    fill(page, "发文字号", f"厦湖测函〔{YEAR}〕9号")
    fill(page, "发文机关", "湖里区测试局")
    choose(page, "届别机关", "政协")
    fill(page, "届次", "9")
    fill(page, "会次", "5")
    fill(page, "会议名称", "区政协九届五次会议")
    fill(page, "建议/提案编号", f"{YEAR}9001")
    fill(page, "提出人", "王五委员")
    choose(page, "公开属性", "主动公开")
    fill(page, "成文日期", written)
    choose(page, "主题分类", "人才发展")
    choose(page, "引用政策", "人才住房", "住房保障措施")  # found by its title in the relation widget
    page.get_by_role("button", name=re.compile("新增联系人")).click()
    fill(page, "联系人", "赵六", nth=1)  # nth 0 is the list's own label
    fill(page, "联系电话", OFFICE_PHONE)
    type_body(page, [f"您提出的《关于测试编辑器的提案》（第{YEAR}9001号）收悉，现答复如下。",
                     "一、工作情况。我局已完成网页编辑器的测试。", "二、下一步计划。继续做好答复公开。"])
    shoot(page, artifacts, "2-新建答复")
    page.get_by_role("button", name=re.compile("新增附件")).click()
    fill(page, "附件名称", "答复函原件")
    page.get_by_role("button", name="选择文件").click()
    pdf = tmp_path / "答复函原件.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + b"% test attachment\n" * 2000 + b"%%EOF\n")
    page.locator("input[type=file]").set_input_files(pdf)
    page.get_by_text("答复函原件.pdf").first.wait_for()
    shoot(page, artifacts, "3-上传附件")
    page.get_by_role("button", name="选用已选中项目").click()
    page.get_by_role("button", name="选用已选中项目").wait_for(state="detached")
    page.get_by_text(f"media/{written[:4]}/答复函原件.pdf").wait_for()
    preview = page.frame_locator("iframe").first
    attachments = preview.locator(".reply-attachments")
    attachments.get_by_text("答复函原件").wait_for()
    assert "（PDF，36 KB）" in attachments.inner_text()
    assert "会议及编号" in preview.locator(".gov-meta").inner_text()
    attachments.scroll_into_view_if_needed()
    shoot(page, artifacts, "4-预览")

    sent = save(page)
    record = f"content/replies/{written[:4]}/zx-{YEAR}9001.md"
    assert [f["path"] for f in sent["dataFiles"]] == [record]
    set_status(page, "待审核", lambda: shoot(page, artifacts, "5-提交审核"))
    set_status(page, "待发布")
    page.get_by_role("button", name="发布", exact=True).click()
    page.get_by_role("menuitem", name="立即发布").wait_for()
    shoot(page, artifacts, "6-发布")
    page.keyboard.press("Escape")
    publish(page)

    # In git: one commit on main made by the editor, the record under its year, the PDF in media/<year>/.
    log = git(editor.repo, "log", "--format=%s", "main")
    assert f"新建政协委员提案答复：{written[:4]}/zx-{YEAR}9001" in log
    text = committed(editor, record)
    data, body = record_data(text)
    assert list(data) == [name for name in REPLY_FIELDS if name in data]  # schema order
    assert data["item_no"] == f"{YEAR}9001" and re.search(rf'^item_no: "{YEAR}9001"$', text, re.M)
    assert re.search(rf"^written_date: {written}$", text, re.M)  # a date, unquoted
    assert data["session"] == {"body": "政协", "term": 9, "meeting": 5, "text": "区政协九届五次会议"}
    assert data["policies"] == ["huli-talent-housing-measures"] and data["topics"] == ["talent"]
    assert data["contacts"] == [{"name": "赵六", "phone": OFFICE_PHONE}]
    assert data["attachments"] == [{"title": "答复函原件", "file": f"media/{written[:4]}/答复函原件.pdf"}]
    assert body.split("\n\n")[1] == "一、工作情况。我局已完成网页编辑器的测试。"
    assert committed(editor, f"content/media/{written[:4]}/答复函原件.pdf").startswith("%PDF-1.4")
    result, checked = check_content(editor)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "可以发布" in result.stderr

    # The built site shows what was typed, and the attachment.
    built = run_generator("build", "--content", str(checked / "content"), "--site-dir", str(tmp_path / "site"),
                          "--docs-dir", str(tmp_path / "docs"))
    assert built.returncode == 0, built.stdout + built.stderr
    page_dir = tmp_path / "site" / "replies" / written[:4] / f"zx-{YEAR}9001"
    html = (page_dir / "index.html").read_text(encoding="utf-8")
    for typed in (f"关于区政协九届五次会议第{YEAR}9001号提案的答复", f"厦湖测函〔{YEAR}〕9号", "王五委员",
                  "我局已完成网页编辑器的测试", "赵六", OFFICE_PHONE, "答复函原件</a>（PDF，36 KB）"):
        assert typed in html, typed
    assert (tmp_path / "site" / "media" / written[:4] / "答复函原件.pdf").read_bytes() == pdf.read_bytes()
    assert not page.errors


def test_an_edited_title_reaches_the_listing(editor, browser_page, tmp_path):
    page = browser_page
    login(page, editor, "collections/npc/entries/2025/rd-131")
    title = control(page, "标题")
    title.wait_for()
    new_title = "对区十六届人大四次会议第131号建议的答复（已修改标题）"
    title.fill(new_title)
    save(page)
    set_status(page, "待发布")
    publish(page)
    text = committed(editor, "content/replies/2025/rd-131.md")
    assert record_data(text)[0]["title"] == new_title
    result, checked = check_content(editor)
    assert result.returncode == 0, result.stdout + result.stderr
    built = run_generator("build", "--content", str(checked / "content"), "--site-dir", str(tmp_path / "site"),
                          "--docs-dir", str(tmp_path / "docs"))
    assert built.returncode == 0, built.stdout + built.stderr
    assert new_title in (tmp_path / "site" / "browse" / "year" / "2025" / "index.html").read_text(encoding="utf-8")
    assert not page.errors


def test_a_correction_is_recorded_in_the_form_and_shown_on_the_page(editor, browser_page, artifacts, tmp_path):
    """更正: a dated note and the update date; 撤回说明 (an object whose parts are required) stays empty."""
    page = browser_page
    login(page, editor, "collections/npc/entries/2025/rd-144")
    label(page, "更正说明").wait_for()
    fill(page, "更新日期", WRITTEN)
    page.get_by_role("button", name=re.compile("新增更正说明")).click()
    fill(page, "更正日期", WRITTEN)
    fill(page, "更正说明", "更正了项目名称中的错字。", nth=1)  # nth 0 is the list's own label
    label(page, "撤回说明").evaluate("e => e.scrollIntoView({block: 'start'})")
    shoot(page, artifacts, "8-更正与撤回")
    save(page)
    set_status(page, "待发布")
    publish(page)
    data, _ = record_data(committed(editor, "content/replies/2025/rd-144.md"))
    assert data["updated"] == WRITTEN and data["changes"] == [{"date": WRITTEN, "note": "更正了项目名称中的错字。"}]
    assert "withdrawal" not in data and "status" not in data  # nothing added that was not typed
    result, checked = check_content(editor)
    assert result.returncode == 0, result.stdout + result.stderr
    built = run_generator("build", "--content", str(checked / "content"), "--site-dir", str(tmp_path / "site"),
                          "--docs-dir", str(tmp_path / "docs"))
    assert built.returncode == 0, built.stdout + built.stderr
    html = (tmp_path / "site" / "replies" / "2025" / "rd-144" / "index.html").read_text(encoding="utf-8")
    assert "更正了项目名称中的错字。" in html
    assert not page.errors


def test_a_reply_missing_a_required_field_cannot_be_saved_or_published(editor, browser_page, artifacts):
    page = browser_page
    login(page, editor, "collections/npc/new")
    label(page, "标题").wait_for()
    branches = git(editor.repo, "branch", "--list")
    head = git(editor.repo, "rev-parse", "main")
    fill(page, "标题", "缺少公开属性的答复")
    fill(page, "建议/提案编号", "77")
    fill(page, "成文日期", WRITTEN)
    fill(page, "发文字号", f"湖测〔{YEAR}〕第07号")  # not the standard form: refused too
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_text("请填写“公开属性”（必填）").wait_for()
    page.get_by_text("“发文字号”格式不对").first.wait_for()
    page.get_by_text("有必填项未填写或格式不对").wait_for()
    label(page, "发文字号").scroll_into_view_if_needed()
    shoot(page, artifacts, "7-必填项")
    assert page.get_by_role("button", name="发布", exact=True).count() == 0  # only a saved draft can be published
    assert git(editor.repo, "branch", "--list") == branches and git(editor.repo, "rev-parse", "main") == head
    # Decap rejects its save promise with nothing when the form has errors (Editor's persistEntry).
    assert set(page.errors) <= {"undefined"}


def test_a_new_reply_needs_its_letters_date_before_it_is_saved(editor, browser_page):
    """The record's folder is the year of its letter: without the date there is no folder to put it in."""
    page = browser_page
    login(page, editor, "collections/npc/new")
    label(page, "标题").wait_for()
    fill(page, "标题", "没有成文日期的答复")
    choose(page, "公开属性", "主动公开")
    heads = git(editor.repo, "for-each-ref", "--format=%(refname) %(objectname)")
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_text("保存失败").first.wait_for()
    assert page.get_by_text("请填写成文日期").count()
    assert git(editor.repo, "for-each-ref", "--format=%(refname) %(objectname)") == heads


def test_a_private_mobile_number_in_the_body_is_flagged_with_its_file_and_line(editor, browser_page):
    page = browser_page
    login(page, editor, "collections/npc/new")
    label(page, "标题").wait_for()
    fill(page, "标题", "正文含手机号码的答复")
    fill(page, "建议/提案编号", "88")
    choose(page, "公开属性", "主动公开")
    fill(page, "成文日期", WRITTEN)
    type_body(page, ["您提出的建议收悉。", f"如有疑问请联系王先生，电话 {MOBILE}。"])
    preview = page.frame_locator("iframe").first
    preview.get_by_text("正文中有疑似手机号码").wait_for()  # the preview warns while typing
    save(page)
    branch = f"cms/npc/{YEAR}/rd-88"
    path = f"content/replies/{YEAR}/rd-88.md"
    lines = committed(editor, path, branch).split("\n")
    line = next(number for number, text in enumerate(lines, 1) if MOBILE in text)
    result, _ = check_content(editor, branch)
    assert result.returncode == 1
    flagged = [row for row in result.stdout.splitlines() if f"replies/{YEAR}/rd-88.md:{line}: body: 发现手机号码" in row]
    assert flagged and "139****5678" in flagged[0] and MOBILE not in result.stdout
    assert not page.errors


def test_every_committed_record_keeps_its_data_when_saved_from_the_editor(editor, browser_page):
    """Round trip through Decap's own YAML writer: open, change the title, save; nothing else changes.

    The save request is answered here instead of by decap-server, so the records stay as they are.
    """
    page = browser_page
    captured: list[dict] = []

    def answer(route):
        body = route.request.post_data or ""
        if '"persistEntry"' in body:
            captured.append(json.loads(body)["params"])
            route.fulfill(status=500, content_type="application/json", body='{"error":"round trip test"}')
        else:
            route.continue_()

    page.route(editor.api, answer)
    login(page, editor)
    # Every record on main: the committed ones, and those the tests above made or edited.
    records = git(editor.repo, "ls-tree", "-r", "--name-only", "main", "content/replies").split()
    assert len(records) >= len(list((CONTENT / "replies").rglob("*.md")))
    suffix = "（往返）"
    for path in records:
        relative = path.removeprefix("content/replies/").removesuffix(".md")
        original = committed(editor, path)
        before, body_before = record_data(original)
        collection = "npc" if before["kind"] == "人大建议" else "cppcc"
        page.goto(editor.admin(f"collections/{collection}/entries/{relative}"))
        title = control(page, "标题")
        title.wait_for()
        page.wait_for_timeout(200)
        title.fill(before.get("title", "") + suffix)
        count = len(captured)
        page.get_by_role("button", name="保存", exact=True).click()
        deadline = time.time() + 15
        while len(captured) == count and time.time() < deadline:
            page.wait_for_timeout(100)
        assert len(captured) == count + 1, path
        (data_file,) = captured[-1]["dataFiles"]
        assert data_file["path"] == path
        saved = editor.work / "round-trip" / path  # what Decap wrote, to compare by hand when this fails
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.write_text(data_file["raw"], encoding="utf-8")
        after, body_after = record_data(data_file["raw"])
        expected = {**before, "title": before.get("title", "") + suffix}
        assert after == expected, path
        order = [name for name in REPLY_FIELDS if name in expected]
        assert list(after) == order, path
        assert key_paths(after) == key_paths({name: expected[name] for name in order}), path
        assert body_after == body_before, path
        for name in ("written_date", "published_date", "updated"):
            if name in before:
                assert re.search(rf"^{name}: \d{{4}}-\d{{2}}-\d{{2}}$", data_file["raw"], re.M), (path, name)
        if "item_no" in before:
            assert isinstance(after["item_no"], str), path
        page.goto("about:blank")


UNKNOWN_KEYS_RECORD = """---
title: 往返测试：未知字段
legacy_code: A-17
kind: 人大建议
disclosure: 主动公开
session:
  text: 区十六届人大四次会议
  body: 人大
  note: 旧系统备注
  term: 16
  meeting: 4
item_no: "0099"
written_date: 2025-03-04
issuer: 湖里区测试局
contacts:
  - phone: 0592-5701234
    name: 赵六
    extra: 旧系统
x_custom:
  a: 1
  b: [1, 2]
---

正文第一段。

正文第二段。
"""


def test_unknown_keys_survive_and_known_keys_come_back_in_schema_order(editor, browser_page):
    """A record the schema does not fully describe (an older or newer generator, a hand edit)."""
    page = browser_page
    path = "content/replies/2025/rd-roundtrip-unknown.md"
    (editor.repo / path).write_text(UNKNOWN_KEYS_RECORD, encoding="utf-8")
    git(editor.repo, "add", path)
    git(editor.repo, "commit", "-q", "-m", "往返测试记录")
    captured = []

    def answer(route):
        body = route.request.post_data or ""
        if '"persistEntry"' in body:
            captured.append(json.loads(body)["params"])
            route.fulfill(status=500, content_type="application/json", body='{"error":"round trip test"}')
        else:
            route.continue_()

    try:
        page.route(editor.api, answer)
        login(page, editor, "collections/npc/entries/2025/rd-roundtrip-unknown")
        title = control(page, "标题")
        title.wait_for()
        title.fill("往返测试：未知字段（改）")
        page.get_by_role("button", name="保存", exact=True).click()
        deadline = time.time() + 15
        while not captured and time.time() < deadline:
            page.wait_for_timeout(100)
        (data_file,) = captured[0]["dataFiles"]
        after, body = record_data(data_file["raw"])
        before, body_before = record_data(UNKNOWN_KEYS_RECORD)
        assert after == {**before, "title": "往返测试：未知字段（改）"}
        assert key_paths(after) == [
            "title", "legacy_code", "issuer", "kind",
            "session", "session.body", "session.note", "session.term", "session.meeting", "session.text",
            "item_no", "disclosure", "written_date",
            "contacts", "contacts.0.name", "contacts.0.extra", "contacts.0.phone",
            "x_custom", "x_custom.a", "x_custom.b"]
        assert after["item_no"] == "0099" and body == body_before
    finally:
        git(editor.repo, "rm", "-q", path)
        git(editor.repo, "commit", "-q", "-m", "删除往返测试记录")
