"""The web editor at /admin/: Decap CMS's configuration, generated from the schema.

Staff fill in a form instead of YAML; every save is still a git commit that
``generator check`` (and CI) checks.  Everything the form knows comes from
:mod:`generator.schema` (labels, help, required fields, closed sets, date and
pattern rules), so the form cannot drift from the checks; the unit test
``site_tests/unit/test_editor.py`` compares the two field by field.

Also here:

* the rules the editor applies when it saves (:func:`field_order`, read by
  ``editor.js``'s preSave handler), so a record keeps its keys in schema
  order and unknown keys survive, whatever order Decap hands them over in;
* ``python -m generator.editor serve`` (``make edit``): decap-server on
  127.0.0.1 committing to this repository, and a preview of the site
  rebuilt from the committed branch after each publication.

Decap CMS facts this module relies on were read in Decap's source
(decaporg/decap-cms, the npm release pinned in package-lock.json); each is
cited where it is used.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from .fieldtypes import URL_PATTERN, Choice, ClockTime, Date, Integer, ListOf, Nested, Pattern, Text, Url, field_specs
from .schema import (
    ATTACHMENT_TYPES,
    ID_PREFIXES,
    KIND_LABELS,
    EditorBackend,
    Kind,
    Policy,
    Reply,
    Site,
)

# decap-server's address in local mode (make edit); 127.0.0.1 only, never the network.
LOCAL_HOST = "127.0.0.1"
LOCAL_API_PORT = 8081
LOCAL_SITE_PORT = 8000
DEFAULT_BRANCH = "main"

# Collection names are part of Decap's URLs (#/collections/<name>) and of the
# editorial workflow's branch names (cms/<collection>/<slug>).
REPLY_COLLECTIONS = {Kind.DEPUTY_SUGGESTION: "npc", Kind.MEMBER_PROPOSAL: "cppcc"}
POLICY_COLLECTION = "policies"

DATE_FORMAT = "YYYY-MM-DD"
DATE_RULE = (r"^\d{4}-\d{2}-\d{2}$", "日期应写作 YYYY-MM-DD，如 2025-06-10")
# The standard form of a 文号, as conventions.DocNumber prints it (机关代字〔年份〕序号号).  The
# check accepts other brackets and a 第 with a warning; the form asks for the standard form
# so that a record saved from the editor passes `check --strict`.
DOC_NUMBER_RULE = (r"^[\u4e00-\u9fff][\u4e00-\u9fffA-Za-z0-9]*〔(?:19|20)\d\d〕[1-9]\d{0,4}号$",
                   "文号应写作 机关代字〔年份〕序号号，如 厦湖人社函〔2025〕5号（六角括号〔〕，序号不加“第”和前导零）")
# The record's file name is made from the item number (zx-20253012), and ids are lowercase
# ASCII (validate.ID_RE); the help already says "不含“第”“号”".
ITEM_NO_RULE = (r"^[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*$", "编号只写数字（可含英文字母和连字符），如 20253012，不含“第”“号”")
# URL_PATTERN is matched case-insensitively by the check; Decap's RegExp has no flags.
URL_RULE = (URL_PATTERN.pattern.replace("^https?", "^[Hh][Tt][Tt][Pp][Ss]?"), "网址应以 http:// 或 https:// 开头")
CLOCK_RULE = (r"^(?:[01]?\d|2[0-3])[:：][0-5]\d$", "时间应写作 HH:MM，如 09:30")

# Fields whose widget is not the one their type suggests.
MARKDOWN_BUTTONS = ["bold", "heading-two", "heading-three", "bulleted-list", "numbered-list", "quote", "link"]


class EditorSettingsError(ValueError):
    """site.yml's editor block lacks what its backend needs; the message is for staff."""


# --- the form -----------------------------------------------------------------


def _rule(regex: str, message: str) -> list[str]:
    return [regex, message]


def pattern_rule(field_type) -> list[str] | None:
    """The Decap ``pattern`` ([regex, 中文提示]) for a field type, or None."""
    if isinstance(field_type, Pattern):
        return _rule(f"^(?:{field_type.regex})$", field_type.shape)
    if isinstance(field_type, Url):
        return _rule(*URL_RULE)
    if isinstance(field_type, ClockTime):
        return _rule(*CLOCK_RULE)
    return None


def field_widget(name: str, spec, *, top_level: bool = False) -> dict:
    """One schema field as a Decap field: label, hint, required and the widget of its type."""
    field_type = spec.type
    widget: dict[str, Any] = {"name": name, "label": spec.label}
    if spec.help:
        widget["hint"] = spec.help
    # Decap treats a field without `required` as required (Widget.validatePresence:
    # field.get('required', true)), so optional fields say so.
    widget["required"] = bool(spec.required)
    if isinstance(field_type, Choice):
        widget.update(widget="select", options=[member.value for member in field_type.choices])
    elif isinstance(field_type, Date):
        # Date-only input (DateTimeControl.getFormat: time_format false -> <input type=date>),
        # stored as the text YYYY-MM-DD, which YAML writes unquoted, as staff write dates.
        widget.update(widget="datetime", format=DATE_FORMAT, date_format=DATE_FORMAT, time_format=False,
                      picker_utc=False, pattern=_rule(*DATE_RULE))
    elif isinstance(field_type, Integer):
        widget.update(widget="number", value_type="int", min=field_type.minimum, step=1)
    elif isinstance(field_type, Nested):
        fields = [field_widget(sub, sub_spec) for sub, sub_spec in field_specs(field_type.record).items()]
        # An optional object whose parts are required (session, withdrawal): Decap's object
        # widget validates every part even when the object is left empty
        # (ObjectControl.validate), which would make the object itself required;
        # editor.js's "optional-object" skips the parts while all of them are blank.
        optional = not spec.required and any(f["required"] for f in fields)
        widget.update(widget="optional-object" if optional else "object", fields=fields, collapsed=not top_level)
    elif isinstance(field_type, ListOf) and isinstance(field_type.item, Nested):
        fields = [field_widget(sub, sub_spec) for sub, sub_spec in field_specs(field_type.item.record).items()]
        first = fields[0]["name"]
        widget.update(widget="list", fields=fields, collapsed=True, summary="{{fields.%s}}" % first,
                      label_singular=spec.label)
    elif isinstance(field_type, ListOf):
        # One input per item (a list with `field`), not Decap's comma-separated text box:
        # staff type Chinese commas, which that box would not split.
        item = {"name": "item", "label": spec.label, "widget": "string", "required": True}
        rule = pattern_rule(field_type.item)
        if rule:
            item["pattern"] = rule
        widget.update(widget="list", field=item, label_singular=spec.label)
    elif isinstance(field_type, Text) and field_type.multiline:
        widget["widget"] = "text"
    else:
        widget["widget"] = "string"
    rule = pattern_rule(field_type)
    if rule and "pattern" not in widget:
        widget["pattern"] = rule
    return widget


def reply_fields(site: Site, kind: Kind) -> list[dict]:
    """The reply form: every field of :class:`Reply` in schema order, then the letter's body."""
    fields = []
    for name, spec in field_specs(Reply).items():
        widget = field_widget(name, spec, top_level=True)
        if name == "kind":
            # The collection's own kind (its list shows only these, `filter`); staff may still
            # correct it, which moves the record to the other list.
            widget["default"] = kind.value
        elif name == "doc_number":
            widget["pattern"] = _rule(*DOC_NUMBER_RULE)
        elif name == "item_no":
            widget["pattern"] = _rule(*ITEM_NO_RULE)
        elif name == "topics":
            widget = {**_base(widget), "widget": "select", "multiple": True,
                      "options": [{"label": topic.label, "value": topic.slug} for topic in site.topics]}
        elif name == "policies":
            # value_field {{slug}}: the file name of content/policies/<id>.yml, which is what
            # `policies` holds; search by title, alias or 文号 (relation widget search_fields
            # accepts list paths with .*).
            widget = {**_base(widget), "widget": "relation", "collection": POLICY_COLLECTION, "multiple": True,
                      "value_field": "{{slug}}", "search_fields": ["title", "aliases.*", "doc_number"],
                      "display_fields": ["title", "doc_number"], "options_length": 50}
        elif name == "attachments":
            for part in widget["fields"]:
                if part["name"] == "file":
                    part.update(attachment_file_widget(part))
        fields.append(widget)
    fields.append({"name": "body", "label": "正文", "widget": "markdown", "required": False,
                   "hint": "从“您提出的……收悉”写起，到正文最后一段为止；署名、日期、联系人、抄送填在上面的字段中",
                   "modes": ["rich_text", "raw"], "buttons": MARKDOWN_BUTTONS, "editor_components": [],
                   "sanitize_preview": True})
    return fields


def _base(widget: dict) -> dict:
    return {key: widget[key] for key in ("name", "label", "hint", "required") if key in widget}


# An attachment lands in content/media/<year of the letter>/ and the field stores
# media/<year>/<name>, as Attachment.file expects.  Decap evaluates these templates per
# entry (entries.selectMediaFolder / selectMediaFilePublicPath via
# formatters.folderFormatter, which fills {{field}} placeholders from the entry's data and
# applies one filter such as date('YYYY')); a folder starting with "/" is taken from the
# repository root, and the stored value is public_folder/<file name>.  {{year}} would not
# do: it is the entry's inferred date field, and the schema has none Decap recognises
# (INFERABLE_FIELDS.date: date, publishDate, publish_date).
YEAR_OF_LETTER = "{{written_date | date('YYYY')}}"
# The same year in the record's path.  Decap passes a collection's `path` through
# prepareSlug before filling it in (formatters.slugFormatter), which lowercases it, drops
# quotes and turns "." into "-", so date('YYYY') no longer parses there; truncate(4) has
# no quote: lodash cuts 2026-11-20 to "2026...", and the slug sanitiser then turns the
# dots into "-" and trims them (urlHelper.sanitizeSlug), leaving 2026.
YEAR_IN_PATH = "{{written_date | truncate(4)}}"


#
# Set on the collection, not on the file field: Decap finds a field's own folder by object
# identity (reducers/entries.traverseFields: f === field), which the list widget's copy of
# a nested field does not keep, and then falls back to the entry's folder (content/replies/).
# The attachment is the collection's only file field, so the two mean the same.
MEDIA_FOLDERS = {"media_folder": f"/content/media/{YEAR_OF_LETTER}", "public_folder": f"media/{YEAR_OF_LETTER}"}


def attachment_file_widget(part: dict) -> dict:
    # Decap's file widget validates only the file's name (withFileControl.getValidateValue:
    # basename(value)); the folder is the collection's, so the rule is the check's list of
    # publishable types (schema.ATTACHMENT_TYPES), either case.
    suffixes = "|".join(sorted({"".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in s[1:])
                                for s in ATTACHMENT_TYPES}))
    types = "、".join(dict.fromkeys(ATTACHMENT_TYPES.values()))
    return {"widget": "file", "choose_url": False,
            "pattern": [rf"^[^/\\]+\.(?:{suffixes})$", f"这种文件类型不能发布，可用：{types}"],
            "hint": part.get("hint", "") + "。请先填写成文日期再上传：附件存放在 content/media/<成文日期的年份>/"}


def policy_fields() -> list[dict]:
    return [field_widget(name, spec, top_level=True) for name, spec in field_specs(Policy).items()]


def reply_collection(site: Site, kind: Kind) -> dict:
    label = f"{KIND_LABELS[kind]}答复"
    return {
        "name": REPLY_COLLECTIONS[kind],
        "label": label,
        "label_singular": label,
        "description": f"content/replies/<年份>/{ID_PREFIXES[kind]}-<编号>.md；每次保存都是一次提交，发布前由 generator check 检查",
        "folder": "content/replies",
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        "filter": {"field": "kind", "value": kind.value},
        # The file name: rd-/zx- and the item number, as `generator new` names records;
        # the folder: the year of the letter (validate warns when the two differ).  A new
        # record without a written date is refused by editor.js (the folder would be
        # "invalid-date").  Decap lowercases and sanitises each filled-in value
        # (formatters.slugFormatter).
        "slug": f"{ID_PREFIXES[kind]}-{{{{item_no | default('new')}}}}",
        "path": f"{YEAR_IN_PATH}/{{{{slug}}}}",
        # The entry's identifier must be non-empty for a new entry (slugFormatter); a
        # reply's title may be empty, its kind never is.
        "identifier_field": "kind",
        "summary": "{{title | default('（无标题）')}}　{{session.text}}{{item_no | ternary('第', '')}}"
                   "{{item_no}}{{item_no | ternary('号', '')}}",
        "sortable_fields": [{"field": "written_date", "label": "成文日期", "default_sort": "desc"},
                            {"field": "published_date", "label": "发布日期"},
                            {"field": "item_no", "label": "编号"}, {"field": "title", "label": "标题"}],
        "view_groups": [{"label": "年份", "field": "written_date", "pattern": r"\d{4}"}],
        **MEDIA_FOLDERS,
        "fields": reply_fields(site, kind),
    }


def policy_collection() -> dict:
    return {
        "name": POLICY_COLLECTION,
        "label": "政策文件",
        "label_singular": "政策文件",
        "description": "content/policies/<编号>.yml；答复中的“引用政策”从这里选择",
        "folder": "content/policies",
        "extension": "yml",
        "format": "yml",
        "create": True,
        # A policy id is lowercase ASCII and the title is Chinese: a new policy is named by
        # the time it was created (rename the file later if a readable id is wanted).
        "slug": "policy-{{year}}{{month}}{{day}}-{{hour}}{{minute}}{{second}}",
        "identifier_field": "title",
        "summary": "{{title}}　{{doc_number}}",
        "sortable_fields": [{"field": "title", "label": "标题", "default_sort": "asc"},
                            {"field": "date", "label": "成文日期"}],
        "fields": policy_fields(),
    }


def backend_config(site: Site, api_url: str) -> tuple[dict, str]:
    """Decap's ``backend`` block and publish mode for site.yml's editor settings."""
    settings = site.editor
    backend = site.editor_backend
    branch = (settings.branch if settings else "") or DEFAULT_BRANCH
    messages = {"create": "新建{{collection}}：{{slug}}", "update": "修改{{collection}}：{{slug}}",
                "delete": "删除{{collection}}：{{slug}}", "uploadMedia": "上传附件：{{path}}",
                "deleteMedia": "删除附件：{{path}}"}
    if backend is EditorBackend.LOCAL:
        return {"name": "proxy", "proxy_url": api_url, "branch": branch, "commit_messages": messages}, "editorial_workflow"
    missing = [label for value, label in ((settings.repo, "repo（代码仓库）"), (settings.base_url, "base_url（服务器地址）"))
               if not value]
    if backend in (EditorBackend.GITEA, EditorBackend.FORGEJO) and not settings.app_id:
        missing.append("app_id（OAuth 应用编号）")
    if missing:
        raise EditorSettingsError(f"editor.backend 为 {backend.value} 时须填写 " + "、".join(missing))
    config = {"name": backend.value, "repo": settings.repo, "branch": branch, "base_url": settings.base_url,
              "commit_messages": messages}
    if backend in (EditorBackend.GITEA, EditorBackend.FORGEJO):
        config.update(app_id=settings.app_id, api_root=settings.api_root or settings.base_url.rstrip("/") + "/api/v1")
        # Decap's gitea backend refuses the editorial workflow ("The Gitea backend does not
        # support editorial workflow", decap-cms-backend-gitea implementation.js); forgejo has it.
        return config, "simple" if backend is EditorBackend.GITEA else "editorial_workflow"
    if settings.api_root:
        config["api_root"] = settings.api_root
    config["auth_endpoint"] = settings.auth_endpoint or "auth"
    return config, "editorial_workflow"


def decap_config(site: Site, api_url: str = f"http://{LOCAL_HOST}:{LOCAL_API_PORT}/api/v1") -> dict:
    """The whole config.yml of /admin/, as a value."""
    backend, mode = backend_config(site, api_url)
    config: dict[str, Any] = {"backend": backend}
    if site.editor_backend is not EditorBackend.LOCAL:
        # make edit on this computer with a hosted configuration: Decap uses decap-server
        # instead when the page itself is served from 127.0.0.1 or localhost
        # (config.detectProxyServer); elsewhere it never asks.
        config["local_backend"] = {"url": api_url, "allowed_hosts": [LOCAL_HOST, "localhost"]}
    config.update({
        "publish_mode": mode,
        "locale": "zh_Hans",
        # Upload file names keep their Chinese (答复函原件.pdf); unicode is Decap's default
        # encoding, spelt out because ASCII would strip a Chinese name to ".pdf".
        "slug": {"encoding": "unicode", "clean_accents": False, "sanitize_replacement": "-"},
        "media_folder": "content/media",
        "public_folder": "media",
        # The site's public address (content/site.yml): the header's link and 返回主页.
        "site_url": site.site_url,
        "show_preview_links": False,
        "search": True,
        "editor": {"preview": True},
        "collections": [reply_collection(site, kind) for kind in Kind] + [policy_collection()],
    })
    return config


class _Dumper(yaml.SafeDumper):
    pass


def config_yaml(site: Site, api_url: str = f"http://{LOCAL_HOST}:{LOCAL_API_PORT}/api/v1") -> str:
    header = ("# Decap CMS 网页编辑器的配置，由 generator/editor.py 根据 generator/schema.py 和 content/site.yml 生成；"
              "请勿手工修改。\n")
    return header + yaml.dump(decap_config(site, api_url), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                              width=1000)


# --- what the editor does when it saves -------------------------------------------


def field_order(record: type) -> dict:
    """Key order of a record type, nested: {"keys": [...], "children": {name: order}}.

    editor.js reorders the data Decap saves by it.  Why: Decap's YAML writer sorts only
    the top-level keys, by the config's field order, with a comparator that returns 0
    for any key not in the config (formats/helpers.sortKeys, formats/yaml.toFile), and
    entry data is an Immutable.Map, whose iteration order is by hash beyond eight keys;
    so an unknown key could leave known keys out of order, and nested keys keep the
    order in which staff happened to fill them in.
    """
    specs = field_specs(record)
    children = {}
    for name, spec in specs.items():
        field_type = spec.type.item if isinstance(spec.type, ListOf) else spec.type
        if isinstance(field_type, Nested):
            children[name] = field_order(field_type.record)
    return {"keys": list(specs), "children": children}


def editor_settings(site: Site) -> dict:
    """What editor.js needs besides config.yml: key orders and the preview's texts."""
    from .render.reply_page import metadata_rows
    from .schema import DEFAULT_CATEGORY_MEANINGS, REPLY_FIELDS, ReplyCategory

    return {
        "collections": {**{name: "reply" for name in REPLY_COLLECTIONS.values()}, POLICY_COLLECTION: "policy"},
        "order": {"reply": field_order(Reply), "policy": field_order(Policy)},
        "replyCollections": list(REPLY_COLLECTIONS.values()),
        "labels": {name: spec.label for name, spec in REPLY_FIELDS.items()},
        "metadataRows": preview_rows(metadata_rows, site),
        "topics": {topic.slug: topic.label for topic in site.topics},
        "categoryMeanings": {c.value: site.category_meaning(c) for c in ReplyCategory},
        "defaultCategoryMeanings": DEFAULT_CATEGORY_MEANINGS,
        "kindLabels": {kind.value: label for kind, label in KIND_LABELS.items()},
    }


# Which record value each metadata row of the reply page shows (render/reply_page.metadata_rows).
ROW_SOURCES = {"索引号": "index_no", "主题分类": "topics", "发文机关": "issuer", "成文日期": "written_date",
               "标题": "display_title", "发文字号": "doc_number", "发布日期": "publication_date", "更新日期": "updated",
               "会议及编号": "session_and_item", "提出人": "proposer", "办理类型": "handling_role",
               "答复类别": "reply_category", "公开属性": "disclosure"}


def preview_rows(metadata_rows, site: Site) -> list[list[str]]:
    """[label, source] of the reply page's metadata table, in the page's order.

    Taken from the page's own renderer (on a sample reply with every row filled), so the
    preview shows the rows the public page shows.
    """
    from .schema import Body, Disclosure, Session

    sample = Reply(kind=Kind.MEMBER_PROPOSAL, disclosure=Disclosure.PUBLIC, written_date=dt.date(2025, 1, 2),
                   updated=dt.date(2025, 1, 3), session=Session(Body.CPPCC, 1, 1, "x"), id="x", year=2025)
    return [[label, ROW_SOURCES[label]] for label, _ in metadata_rows(sample, site, "replies/2025/x.md")]


# --- round trip helpers (tests and staff tools) -----------------------------------------

FENCE = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def split_front_matter(text: str) -> tuple[str, str]:
    """(front matter YAML, body) of a record's text."""
    match = FENCE.match(text.replace("\r\n", "\n"))
    if not match:
        raise ValueError("no front matter")
    return match.group(1), text.replace("\r\n", "\n")[match.end():]


def record_data(text: str) -> tuple[dict, str]:
    """A record's front matter as the generator reads it (dates stay text) and its body, stripped."""
    from .load import ContentLoader

    front, body = split_front_matter(text)
    return yaml.load(front, Loader=ContentLoader) or {}, body.strip()


def key_paths(value, prefix: str = "") -> list[str]:
    """Every key path of a mapping in document order (a.b, list.0.c), to compare key order."""
    paths = []
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}{key}"
            paths.append(path)
            paths.extend(key_paths(item, path + "."))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            paths.extend(key_paths(item, f"{prefix}{index}."))
    return paths


# --- make edit: decap-server and a preview, on this computer only --------------------------

PREVIEW_DIR = ".site-edit"  # git-ignored (/.site-*/), so decap-server's `git add .` never commits it


def _git(repo, *args: str) -> str:
    import subprocess

    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout.strip()


def local_problems(repo, branch: str) -> list[str]:
    """Why decap-server must not start on ``repo`` now, in Chinese (empty: it may).

    decap-server commits with ``git add .`` and checks out its draft branches in the
    working tree (decap-server localGit middleware: commit(), runOnBranch()), and
    publishing merges into the current branch (simple-git mergeFromTo); so the
    working tree must be clean and on the site's branch.
    """
    import subprocess

    try:
        current = _git(repo, "rev-parse", "--abbrev-ref", "HEAD")
        status = _git(repo, "status", "--porcelain")
    except (OSError, subprocess.CalledProcessError):
        return [f"{repo} 不是 git 仓库：网页编辑器把每次保存提交到 git 仓库"]
    problems = []
    if current != branch:
        problems.append(f"当前分支是 {current}，网站内容在 {branch} 分支：请先 git checkout {branch}")
    if status:
        shown = "\n".join("    " + line for line in status.splitlines()[:10])
        problems.append("仓库中有尚未提交的修改（编辑器保存时会把它们一起提交）。请先提交（git add、git commit）"
                        f"或撤销这些修改：\n{shown}")
    return problems


def build_preview(repo, branch: str, target) -> bool:
    """Build the site from the branch's last commit (not the working tree) into ``target``.

    Why the commit: decap-server checks draft branches out in the working tree while
    it saves, and the preview must show what is published, not a draft half-way.
    """
    import io
    import subprocess
    import sys
    import tarfile
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory(prefix="editor-preview-") as work:
        archive = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", branch, "content"],
                                 capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(work, filter="data")
        result = subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(Path(work) / "content"),
                                 "--site-dir", str(target), "--docs-dir", str(Path(work) / "docs")],
                                cwd=repo, capture_output=True, text=True)
    if result.returncode != 0:
        print("预览未更新：内容检查未通过（网站仍是上一版）。问题如下：\n" + result.stdout + result.stderr[-4000:], flush=True)
        return False
    return True


def decap_server_env(repo, port: int = LOCAL_API_PORT, base: dict | None = None) -> dict:
    """The environment of decap-server (its variables: MODE, GIT_REPO_DIRECTORY, BIND_HOST, PORT).

    core.quotePath off for every git command it runs: git writes a path such as
    content/media/2026/答复函原件.pdf as "content/media/2026/\\347\\255..." in `git diff`,
    and decap-server takes the paths of a draft's files from that output (localGit
    getDiffs), so an attachment with a Chinese name could not be opened or published.
    """
    import os

    env = dict(os.environ if base is None else base)
    count = int(env.get("GIT_CONFIG_COUNT", "0") or 0)
    env.update({"MODE": "git", "GIT_REPO_DIRECTORY": str(repo), "BIND_HOST": LOCAL_HOST, "PORT": str(port),
                "LOG_LEVEL": env.get("LOG_LEVEL", "warn"), "GIT_CONFIG_COUNT": str(count + 1),
                f"GIT_CONFIG_KEY_{count}": "core.quotePath", f"GIT_CONFIG_VALUE_{count}": "false"})
    return env


def port_free(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        try:
            sock.bind((LOCAL_HOST, port))
        except OSError:
            return False
    return True


def serve(argv=None) -> int:
    """``make edit``: decap-server (MODE=git) and the preview, both on 127.0.0.1."""
    import argparse
    import functools
    import http.server
    import shutil
    import signal
    import subprocess
    import tempfile
    import threading
    import time
    from pathlib import Path

    from .pipeline import check

    parser = argparse.ArgumentParser(prog="python -m generator.editor", description="在本机打开网页编辑器（make edit）")
    parser.add_argument("--repo", default=".", help="git 仓库（默认当前目录）")
    parser.add_argument("--site-port", type=int, default=LOCAL_SITE_PORT)
    parser.add_argument("--allow-dirty", action="store_true", help="仓库有未提交的修改时也启动（保存时会一并提交）")
    args = parser.parse_args(argv)
    repo = Path(_git(args.repo, "rev-parse", "--show-toplevel"))
    checked = check(repo / "content")
    site = checked.resolved.selection.site if checked.resolved else None
    settings = site.editor if site else None
    branch = (settings.branch if settings else "") or DEFAULT_BRANCH
    problems = local_problems(repo, branch)
    if args.allow_dirty:
        problems = [p for p in problems if not p.startswith("仓库中有尚未提交的修改")]
    if problems:
        print("无法启动网页编辑器：\n" + "\n".join(problems), flush=True)
        return 1
    if site is not None and not site.editor_enabled:
        print("content/site.yml 中 editor.backend 为 关闭：网站不含网页编辑器。", flush=True)
        return 1
    server_js = repo / "node_modules" / "decap-server" / "dist" / "index.js"
    node = shutil.which("node")
    if node is None or not server_js.is_file():
        print("缺少 Node.js 或 decap-server：请先运行 make edit（会执行 npm ci），或安装 Node.js 20 以上版本。", flush=True)
        return 1
    target = repo / PREVIEW_DIR
    print("正在生成网站预览……", flush=True)
    if not build_preview(repo, branch, target) and not (target / "index.html").is_file():
        return 1
    for port in (LOCAL_API_PORT, args.site_port):
        if not port_free(port):
            print(f"端口 {port} 已被占用：可能已有一个 make edit 在运行，请先关闭它。", flush=True)
            return 1
    # cwd: decap-server reads a .env file from its working directory (dotenv); none there.
    api = subprocess.Popen([node, str(server_js)], env=decap_server_env(repo), cwd=tempfile.gettempdir())
    class Quiet(http.server.SimpleHTTPRequestHandler):
        extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".yml": "text/yaml"}

        def log_message(self, *args):  # the terminal is for staff's messages
            pass

    # SIGTERM (a closed terminal, a service manager) stops both servers like Ctrl+C.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    httpd = http.server.ThreadingHTTPServer((LOCAL_HOST, args.site_port), functools.partial(Quiet, directory=str(target)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://{LOCAL_HOST}:{args.site_port}/"
    print(f"\n网页编辑器：{base}admin/\n网站预览：  {base}\n"
          f"每次保存都提交到本机仓库 {repo}（{branch} 分支）；发布后预览自动更新。按 Ctrl+C 退出。\n", flush=True)
    last = _git(repo, "rev-parse", branch)
    try:
        while api.poll() is None:
            time.sleep(2)
            head = _git(repo, "rev-parse", branch)
            if head != last:
                last = head
                if build_preview(repo, branch, target):
                    print(f"预览已更新（{head[:12]}）：{base}", flush=True)
        print("decap-server 已退出（端口 8081 可能被占用）。", flush=True)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        httpd.shutdown()
        api.terminate()
        try:
            api.wait(timeout=10)
        except subprocess.TimeoutExpired:
            api.kill()


if __name__ == "__main__":
    import sys

    sys.exit(serve(sys.argv[2:] if sys.argv[1:2] == ["serve"] else sys.argv[1:]))
