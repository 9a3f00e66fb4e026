"""The web editor's configuration (generator/editor.py) is the schema's, field by field.

A field added to generator/schema.py, a label or a closed set changed there, and
this fails until the editor's form says the same; so does a form rule that a
committed record would not pass (staff could not save it again).  The browser
run is site_tests/browser/test_editor_e2e.py.
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
from pathlib import Path, PurePosixPath

import pytest
import yaml

from generator import editor
from generator.conventions import parse_doc_number
from generator.fieldtypes import ClockTime, Choice, Date, Integer, ListOf, Nested, Pattern, Text, Url, field_specs
from generator.pipeline import check
from generator.problems import BuildFailed
from generator.render import render_files
from generator.render.editor_files import decap_bundle_files, editor_copies, render_editor_files
from generator.render.reply_page import metadata_rows
from generator.schema import (
    ATTACHMENT_TYPES,
    Disclosure,
    POLICY_FIELDS,
    REPLY_FIELDS,
    EditorBackend,
    EditorSettings,
    Kind,
    Policy,
    Reply,
)
from helpers import CONTENT, ROOT, copy_content, make_site

# Fields whose form widget is not the one their type gives, and why (each is tested below).
SPECIAL = {
    "topics": "a select of site.yml's topics",
    "policies": "a relation to the policies collection",
    "doc_number": "the standard 文号 pattern",
    "item_no": "the ASCII pattern the file name needs",
}


@pytest.fixture(scope="module")
def site():
    return check(CONTENT).resolved.selection.site


@pytest.fixture(scope="module")
def config(site):
    return editor.decap_config(site)


def collection(config, name):
    return next(c for c in config["collections"] if c["name"] == name)


def expected_type(widget: dict, spec, path: str) -> None:
    """``widget`` is what ``spec``'s type should give in Decap."""
    field_type = spec.type
    if isinstance(field_type, Choice):
        assert widget["widget"] == "select", path
        assert widget["options"] == [member.value for member in field_type.choices], path
    elif isinstance(field_type, Date):
        assert (widget["widget"], widget["format"], widget["date_format"], widget["time_format"]) == \
            ("datetime", "YYYY-MM-DD", "YYYY-MM-DD", False), path
        assert widget["pattern"] == list(editor.DATE_RULE), path
    elif isinstance(field_type, Integer):
        assert (widget["widget"], widget["value_type"], widget["min"]) == ("number", "int", field_type.minimum), path
    elif isinstance(field_type, Nested):
        assert widget["widget"] in ("object", "optional-object"), path
        parts = field_specs(field_type.record)
        # optional-object exactly where an optional object has required parts (editor.js skips them while blank)
        assert (widget["widget"] == "optional-object") == (not spec.required and any(p.required for p in parts.values())), path
        same_fields(widget["fields"], parts, path)
    elif isinstance(field_type, ListOf) and isinstance(field_type.item, Nested):
        assert widget["widget"] == "list" and "field" not in widget, path
        same_fields(widget["fields"], field_specs(field_type.item.record), path)
    elif isinstance(field_type, ListOf):
        assert widget["widget"] == "list" and "fields" not in widget, path
        assert widget["field"]["widget"] == "string" and widget["field"]["required"], path
    elif isinstance(field_type, Text) and field_type.multiline:
        assert widget["widget"] == "text", path
    else:
        assert widget["widget"] == "string", path
    if isinstance(field_type, Pattern):
        assert widget["pattern"] == [f"^(?:{field_type.regex})$", field_type.shape], path
    elif isinstance(field_type, Url):
        assert widget["pattern"] == list(editor.URL_RULE), path
    elif isinstance(field_type, ClockTime):
        assert widget["pattern"] == list(editor.CLOCK_RULE), path


def same_fields(widgets: list[dict], specs: dict, path: str = "") -> None:
    assert [w["name"] for w in widgets] == list(specs), path
    for widget, (name, spec) in zip(widgets, specs.items()):
        where = f"{path}.{name}".lstrip(".")
        assert widget["label"] == spec.label, where
        assert widget.get("hint", "").startswith(spec.help) if spec.help else "hint" not in widget, where
        # Decap counts a field without `required` as required: every field says which it is.
        assert widget["required"] is spec.required, where
        if where in SPECIAL:
            continue
        if where == "attachments.file":
            assert widget["widget"] == "file" and widget["choose_url"] is False
            continue
        expected_type(widget, spec, where)


def test_both_reply_forms_have_every_schema_field_with_its_label_help_rule_and_widget(config):
    for kind, name in editor.REPLY_COLLECTIONS.items():
        fields = collection(config, name)["fields"]
        assert fields[-1]["name"] == "body" and fields[-1]["widget"] == "markdown"
        same_fields(fields[:-1], REPLY_FIELDS)
        assert next(f for f in fields if f["name"] == "kind")["default"] == kind.value
        assert collection(config, name)["filter"] == {"field": "kind", "value": kind.value}


def test_the_policy_form_has_every_policy_field(config):
    policies = collection(config, editor.POLICY_COLLECTION)
    same_fields(policies["fields"], POLICY_FIELDS)
    assert (policies["folder"], policies["extension"], policies["format"]) == ("content/policies", "yml", "yml")


def test_closed_sets_are_selects_with_exactly_the_schema_values(config):
    fields = {f["name"]: f for f in collection(config, "npc")["fields"]}
    for name in ("kind", "disclosure", "reply_category", "handling_role", "status"):
        assert fields[name]["options"] == [m.value for m in REPLY_FIELDS[name].type.choices], name
    session = {f["name"]: f for f in fields["session"]["fields"]}
    assert session["body"]["options"] == ["人大", "政协"]


def test_topics_are_site_yml_topics_and_policies_a_relation_searched_by_title_alias_and_number(config, site):
    fields = {f["name"]: f for f in collection(config, "cppcc")["fields"]}
    assert fields["topics"]["widget"] == "select" and fields["topics"]["multiple"] is True
    assert fields["topics"]["options"] == [{"label": t.label, "value": t.slug} for t in site.topics]
    relation = fields["policies"]
    assert (relation["widget"], relation["collection"], relation["value_field"], relation["multiple"]) == \
        ("relation", "policies", "{{slug}}", True)
    assert relation["search_fields"] == ["title", "aliases.*", "doc_number"]


def test_records_go_to_the_year_of_their_letter_and_attachments_to_media_of_that_year(config):
    for kind, name in editor.REPLY_COLLECTIONS.items():
        replies = collection(config, name)
        assert replies["folder"] == "content/replies" and replies["extension"] == "md"
        assert replies["path"] == "{{written_date | truncate(4)}}/{{slug}}"
        assert replies["slug"] == f"{'rd' if kind is Kind.DEPUTY_SUGGESTION else 'zx'}-{{{{item_no | default('new')}}}}"
        assert replies["media_folder"] == "/content/media/{{written_date | date('YYYY')}}"
        assert replies["public_folder"] == "media/{{written_date | date('YYYY')}}"
    # The stored value is public_folder/<name>: the shape Attachment.file requires.
    assert re.fullmatch(REPLY_FIELDS["attachments"].type.item.record.__dataclass_fields__["file"].metadata["spec"].type.regex,
                        "media/2026/答复函原件.pdf")


def test_the_file_widget_accepts_the_types_the_check_publishes(config):
    attachments = next(f for f in collection(config, "npc")["fields"] if f["name"] == "attachments")
    rule = re.compile(next(f for f in attachments["fields"] if f["name"] == "file")["pattern"][0])
    for suffix in ATTACHMENT_TYPES:
        assert rule.match("答复函原件" + suffix) and rule.match("答复函原件" + suffix.upper())
    for name in ("答复函.exe", "答复函", "a/b.pdf", "答复函.pdf.zip"):
        assert not rule.match(name), name


def test_the_doc_number_rule_asks_for_the_form_the_check_accepts_without_a_warning():
    rule = re.compile(editor.DOC_NUMBER_RULE[0])
    for good in ("厦湖人社函〔2025〕5号", "湖政办〔2019〕123号", "武昌城管函字〔2025〕9号", "C政发〔2020〕1号"[1:]):
        assert rule.match(good) and str(parse_doc_number(good)) == good, good
    for bad in ("厦湖人社函[2025]5号", "厦湖人社函〔2025〕第5号", "厦湖人社函〔2025〕05号", "〔2025〕5号", "厦湖人社函2025年5号"):
        assert not rule.match(bad), bad


def committed_records():
    return sorted((CONTENT / "replies").rglob("*.md"))


@pytest.mark.parametrize("path", committed_records(), ids=lambda p: p.stem)
def test_every_committed_record_passes_the_forms_own_rules(path, config):
    """Staff open any record and save it: the form must not refuse what the check accepts."""
    data, _ = editor.record_data(path.read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in collection(config, "npc")["fields"]}

    def check_value(widget, value, where):
        if value in (None, "", []):
            assert not widget["required"], where
            return
        if widget["widget"] == "list" and "field" in widget:
            for index, item in enumerate(value):
                check_value(widget["field"], item, f"{where}.{index}")
            return
        if widget["widget"] == "list":
            for index, item in enumerate(value):
                parts = {f["name"]: f for f in widget["fields"]}
                for name, part in parts.items():
                    check_value(part, item.get(name), f"{where}.{index}.{name}")
            return
        if widget["widget"] in ("object", "optional-object"):
            for part in widget["fields"]:
                check_value(part, value.get(part["name"]), f"{where}.{part['name']}")
            return
        if widget["widget"] == "select" and not widget.get("multiple"):
            assert value in widget["options"], where
        if "pattern" in widget:
            shown = PurePosixPath(value).name if widget["widget"] == "file" else str(value)
            assert re.search(widget["pattern"][0], shown), (where, value)

    for name, widget in fields.items():
        if name != "body":
            check_value(widget, data.get(name), name)


def test_the_saved_key_order_is_the_schema_order():
    order = editor.field_order(Reply)
    assert order["keys"] == list(REPLY_FIELDS)
    assert order["children"]["session"]["keys"] == ["body", "term", "meeting", "text"]
    assert order["children"]["contacts"]["keys"] == ["role", "name", "phone"]
    assert order["children"]["attachments"]["keys"] == ["title", "file", "url"]
    assert set(order["children"]) == {name for name, spec in REPLY_FIELDS.items()
                                      if isinstance(getattr(spec.type, "item", spec.type), Nested)}
    assert editor.field_order(Policy)["keys"] == list(POLICY_FIELDS)


def test_the_preview_shows_the_metadata_rows_of_the_reply_page(site):
    settings = editor.editor_settings(site)
    labels = [row[0] for row in settings["metadataRows"]]
    sample = Reply(kind=Kind.MEMBER_PROPOSAL, disclosure=Disclosure.PUBLIC, id="x", year=2025)
    assert [label for label, _ in metadata_rows(sample, site, "replies/2025/x.md")] == \
        [label for label in labels if label != "更新日期"]
    assert settings["order"]["reply"]["keys"] == list(REPLY_FIELDS)
    assert settings["topics"] == {t.slug: t.label for t in site.topics}


def test_local_mode_saves_through_decap_server_on_this_computer_with_the_editorial_workflow(config):
    assert config["backend"]["name"] == "proxy"
    assert config["backend"]["proxy_url"] == "http://127.0.0.1:8081/api/v1"
    assert config["backend"]["branch"] == "main"
    assert config["publish_mode"] == "editorial_workflow" and config["locale"] == "zh_Hans"
    assert "local_backend" not in config
    assert all("{{slug}}" in message for key, message in config["backend"]["commit_messages"].items()
               if key in ("create", "update", "delete"))
    env = editor.decap_server_env("/repo", 8123, {})
    assert (env["MODE"], env["GIT_REPO_DIRECTORY"], env["BIND_HOST"], env["PORT"]) == ("git", "/repo", "127.0.0.1", "8123")
    assert (env["GIT_CONFIG_KEY_0"], env["GIT_CONFIG_VALUE_0"]) == ("core.quotePath", "false")


def with_editor(**settings):
    values = {"backend": None, "repo": "", "branch": "", "base_url": "", "api_root": "", "app_id": "", "auth_endpoint": ""}
    values.update(settings)
    return make_site(editor=EditorSettings(**values))


def test_hosted_backends():
    gitea = editor.decap_config(with_editor(backend=EditorBackend.GITEA, repo="office/replies",
                                            base_url="https://git.example.gov.cn", app_id="abc-123"))
    assert gitea["backend"]["name"] == "gitea" and gitea["backend"]["api_root"] == "https://git.example.gov.cn/api/v1"
    assert gitea["backend"]["app_id"] == "abc-123" and gitea["backend"]["repo"] == "office/replies"
    assert gitea["publish_mode"] == "simple"  # Decap's gitea backend has no editorial workflow
    # make edit still works: decap-server is used when the page comes from this computer.
    assert gitea["local_backend"] == {"url": "http://127.0.0.1:8081/api/v1", "allowed_hosts": ["127.0.0.1", "localhost"]}
    forgejo = editor.decap_config(with_editor(backend=EditorBackend.FORGEJO, repo="o/r", base_url="https://f.example",
                                              app_id="x", branch="release"))
    assert forgejo["publish_mode"] == "editorial_workflow" and forgejo["backend"]["branch"] == "release"
    github = editor.decap_config(with_editor(backend=EditorBackend.GITHUB, repo="o/r", base_url="https://oauth.example"))
    assert github["backend"]["auth_endpoint"] == "auth" and github["publish_mode"] == "editorial_workflow"
    with pytest.raises(editor.EditorSettingsError, match="app_id"):
        editor.decap_config(with_editor(backend=EditorBackend.GITEA, repo="o/r", base_url="https://g.example"))
    with pytest.raises(BuildFailed) as failure:
        render_editor_files(with_editor(backend=EditorBackend.GITHUB))
    assert "repo（代码仓库）" in str(failure.value.problems[0])


def content_with_editor(tmp_path, block: str) -> Path:
    content = copy_content(tmp_path / "content")
    site_yml = content / "site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8") + "\n" + block, encoding="utf-8")
    return content


def test_site_yml_turns_the_editor_off(tmp_path):
    checked = check(content_with_editor(tmp_path, "editor:\n  backend: 关闭\n"))
    assert not [p for p in checked.problems if "editor" in str(p)]
    site = checked.resolved.selection.site
    assert site.editor_backend is EditorBackend.OFF and not site.editor_enabled
    assert not [path for path in render_files(checked.resolved) if path.startswith("admin/")]
    assert editor_copies(site) == {}


def test_site_yml_editor_block_is_checked_in_chinese(tmp_path):
    checked = check(content_with_editor(tmp_path, "editor:\n  backend: gittea\n  repo: 不是仓库\n"))
    messages = [str(p) for p in checked.problems]
    assert any("editor.backend" in m and "gitea" in m for m in messages), messages
    assert any("editor.repo" in m and "组织/仓库名" in m for m in messages), messages


def test_the_admin_files(site):
    files = render_editor_files(site)
    assert set(files) == {"admin/index.html", "admin/config.yml", "admin/settings.js"}
    page = files["admin/index.html"]
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert f"<title>网页编辑器 - {site.name}</title>" in page
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing from another site
    assert yaml.safe_load(files["admin/config.yml"]) == editor.decap_config(site)
    assert "<script>" not in page  # no inline script: the admin page can have a CSP without 'unsafe-inline'
    assert page.index("settings.js") < page.index("decap-cms.js") < page.index("editor.js")
    settings = json.loads(files["admin/settings.js"].split("window.REPLIES_EDITOR = ", 1)[1].rstrip().rstrip(";"))
    assert settings["previewStyles"][-2:] == ["../assets/stylesheets/gov.css", "preview.css"]
    copies = editor_copies(site)
    assert "admin/decap-cms/decap-cms.js" in copies and "admin/editor.js" in copies
    assert not [path for path in copies if path.endswith(".map")]
    assert all(Path(source).is_file() for source in copies.values())


def test_a_missing_decap_bundle_stops_the_build_with_what_to_do(tmp_path):
    with pytest.raises(BuildFailed) as failure:
        decap_bundle_files(tmp_path)
    assert "npm ci" in str(failure.value.problems[0]) and "backend: 关闭" in str(failure.value.problems[0])


def test_decap_cms_and_decap_server_are_pinned_exactly():
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    for name in ("decap-cms", "decap-server", "lighthouse", "vnu-jar"):
        assert re.fullmatch(r"\d+\.\d+\.\d+", package[name]), name
        assert lock[f"node_modules/{name}"]["version"] == package[name], name
    assert package["decap-cms"].startswith("3.")


def test_the_built_site_keeps_admin_out_of_public_pages_sitemap_and_search(built_site):
    admin = built_site / "admin"
    assert (admin / "index.html").is_file() and (admin / "decap-cms" / "decap-cms.js").is_file()
    for page in built_site.rglob("*.html"):
        if admin in page.parents or "pagefind" in page.parts:
            continue
        assert not re.search(r'(href|src)="[^"]*admin/', page.read_text(encoding="utf-8")), page
    assert "admin" not in (built_site / "sitemap.xml").read_text(encoding="utf-8")
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [doc for doc in index["docs"] if "admin" in doc["location"] or "网页编辑器" in doc.get("title", "")]
    from linkcheck import broken_links

    assert [problem for problem in broken_links(built_site) if problem.startswith("admin/")] == []


def git(repo, *args):
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def test_make_edit_refuses_a_dirty_repository_or_another_branch(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "--allow-empty", "-m", "x")
    assert editor.local_problems(repo, "main") == []
    (repo / "stray.docx").write_text("x")
    assert "尚未提交的修改" in editor.local_problems(repo, "main")[0]
    (repo / "stray.docx").unlink()
    git(repo, "checkout", "-q", "-b", "other")
    assert "git checkout main" in editor.local_problems(repo, "main")[0]
    assert "不是 git 仓库" in editor.local_problems(tmp_path / "nothing", "main")[0]


def test_every_field_of_the_editor_block_is_declared_once():
    specs = field_specs(EditorSettings)
    assert list(specs) == ["backend", "repo", "branch", "base_url", "api_root", "app_id", "auth_endpoint"]
    assert [m.value for m in EditorBackend] == ["本机", "gitea", "forgejo", "github", "关闭"]
    assert dataclasses.fields(EditorSettings)
