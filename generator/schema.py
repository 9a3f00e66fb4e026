"""The record schema, declared once.

Every field of a reply, a policy and the site file is declared here with its
type, Chinese label and help text.  Validation converts YAML through these
declarations, rendering reads the labels, the importer and ``generator new``
emit the same keys, and ``/data/replies.schema.json`` is generated from them.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import ClassVar, Optional

from .fieldtypes import (
    Choice,
    ClockTime,
    Date,
    Integer,
    ListOf,
    Nested,
    Pattern,
    SiteUrl,
    Text,
    Url,
    field_specs,
    object_schema,
    spec,
)


class Disclosure(enum.Enum):
    PUBLIC = "主动公开"
    ON_REQUEST = "依申请公开"
    WITHHELD = "不予公开"


class Kind(enum.Enum):
    DEPUTY_SUGGESTION = "人大建议"
    MEMBER_PROPOSAL = "政协提案"


class Body(enum.Enum):
    PEOPLES_CONGRESS = "人大"
    CPPCC = "政协"


class ReplyCategory(enum.Enum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"


class HandlingRole(enum.Enum):
    LEAD = "主办"
    JOINT = "会办"
    ASSISTING = "协办"
    SPLIT = "分办"


class Status(enum.Enum):
    PUBLISHED = "已发布"
    WITHDRAWN = "已撤回"


KIND_LABELS = {Kind.DEPUTY_SUGGESTION: "人大代表建议", Kind.MEMBER_PROPOSAL: "政协委员提案"}
KIND_SLUGS = {Kind.DEPUTY_SUGGESTION: "npc", Kind.MEMBER_PROPOSAL: "cppcc"}
# File-name prefixes of record ids, shared by `generator new` and the importer.
ID_PREFIXES = {Kind.DEPUTY_SUGGESTION: "rd", Kind.MEMBER_PROPOSAL: "zx"}
KIND_NOUN = {Kind.DEPUTY_SUGGESTION: "建议", Kind.MEMBER_PROPOSAL: "提案"}
KIND_BODY = {Kind.DEPUTY_SUGGESTION: Body.PEOPLES_CONGRESS, Kind.MEMBER_PROPOSAL: Body.CPPCC}

# The national rule (国办发〔2021〕… practice, repeated in local 办理办法); an
# office may override these texts in content/site.yml.
DEFAULT_CATEGORY_MEANINGS = {
    "A": "所提问题已经解决或者基本解决",
    "B": "正在解决或者列入规划逐步解决",
    "C": "因目前条件限制或者其他原因需待以后解决",
    "D": "留作参考",
}

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


@dataclass(frozen=True)
class Session:
    body: Body = spec("届别机关", Choice(Body), required=True, help="人大 或 政协")
    term: int = spec("届次", Integer(), required=True, help="第几届，写数字，如 九届 写 9")
    meeting: int = spec("会次", Integer(), required=True, help="第几次会议，写数字")
    text: str = spec("会议名称", Text(), required=True, help="照原文书写，如 区政协九届四次会议")


@dataclass(frozen=True)
class Signatory:
    role: str = spec("职务", Text(), required=True, help="如 区政府分管领导、承办单位领导")
    name: str = spec("姓名", Text(), required=True)


@dataclass(frozen=True)
class Contact:
    role: str = spec("称谓", Text(), help="如 承办单位联系人；没有留空")
    name: str = spec("联系人", Text(), required=True)
    phone: str = spec("联系电话", Text(), help="办公电话；私人手机号不得公开")


# What an attachment may be, by suffix, with the type name the reply page shows.
ATTACHMENT_TYPES = {".pdf": "PDF", ".ofd": "OFD", ".doc": "DOC", ".docx": "DOCX", ".wps": "WPS",
                    ".xls": "XLS", ".xlsx": "XLSX", ".et": "ET", ".jpg": "JPG", ".jpeg": "JPG", ".png": "PNG"}
MEDIA_DIR = "media"


@dataclass(frozen=True)
class Attachment:
    title: str = spec("附件名称", Text(), required=True, help="如 答复函原件")
    file: str = spec("附件文件", Pattern(regex=MEDIA_DIR + r"/\d{4}/[^/\\]+", shape="应为 content/ 下的附件路径，如 media/2025/zx-12-答复函.pdf"),
                     help="content/media/<年份>/ 中的文件；与 url 二选一")
    url: str = spec("附件网址", Url(), help="其他网站上的附件网址；与 file 二选一")
    # Filled in by validate from content/media/: the file's size in bytes and where it lies.
    size: int = field(default=0, compare=False)
    source: str = field(default="", compare=False)

    @property
    def type_name(self) -> str:
        suffix = "." + self.file.rpartition(".")[2].lower() if "." in self.file else ""
        return ATTACHMENT_TYPES.get(suffix, "")


@dataclass(frozen=True)
class Change:
    date: dt.date = spec("更正日期", Date(), required=True)
    note: str = spec("更正说明", Text(multiline=True), required=True)


@dataclass(frozen=True)
class Withdrawal:
    date: dt.date = spec("撤回日期", Date(), required=True)
    reason: str = spec("撤回原因", Text(multiline=True), required=True)


@dataclass(frozen=True)
class PrivacyRules:
    allow: tuple[str, ...] = spec(
        "允许公开的号码", ListOf(Text()), help="有意公开的号码，如单位对外公布的服务热线"
    )
    mask: tuple[str, ...] = spec(
        "发布时遮盖的号码", ListOf(Text()), help="发布时显示为 137****7627 形式"
    )


@dataclass(frozen=True)
class SourceInfo:
    """Where a record came from, for messages that name file and line."""

    path: str
    lines: dict = field(default_factory=dict, compare=False, hash=False)
    body_line: int = 1
    # The record's key in per-record caches (memo.py): its file and what validated it.
    digest: str = field(default="", compare=False, hash=False)

    def line_of(self, key: str = "") -> int:
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rpartition(".")[0]
        return self.lines.get("", 1)


@dataclass(frozen=True)
class Reply:
    # At least one of each group must be filled: a web copy can lose the letter's
    # date, but every reply needs a date to be listed and ordered by.
    REQUIRED_ONE_OF: ClassVar[tuple[tuple[str, ...], ...]] = (("written_date", "published_date"),)

    title: str = spec("标题", Text(), help="答复函标题；原文没有标题时留空，如 关于区政协九届四次会议第20253012号提案办理情况答复的函")
    doc_number: str = spec("发文字号", Text(), help="如 厦湖人社函〔2025〕5号；没有文号留空")
    index_no: str = spec("索引号", Text(), help="政府信息公开目录的索引号，照抄")
    issuer: str = spec("发文机关", Text(), help="答复单位全称；答复函未署名时留空，不要按网页的发布机构猜测")
    kind: Kind = spec("类型", Choice(Kind), required=True, help="人大建议 或 政协提案")
    session: Optional[Session] = spec("会议", Nested(Session), help="提出建议/提案的会议")
    item_no: str = spec("建议/提案编号", Text(), help="如 20253012，不含“第”“号”")
    proposal_title: str = spec("建议/提案标题", Text(), help="不含书名号")
    proposer: str = spec("提出人", Text(), help="如 肖明委员、张金明代表")
    addressee: str = spec("主送", Text(), help="称呼行，不含冒号")
    handling_role: Optional[HandlingRole] = spec("办理类型", Choice(HandlingRole), help="主办、会办、协办 或 分办")
    co_units: tuple[str, ...] = spec("会办单位", ListOf(Text()))
    reply_category: Optional[ReplyCategory] = spec("答复类别", Choice(ReplyCategory), help="A、B、C 或 D")
    disclosure: Optional[Disclosure] = spec("公开属性", Choice(Disclosure), required=True, help="只有“主动公开”的答复才会发布")
    written_date: Optional[dt.date] = spec("成文日期", Date(),
                                           help="落款日期，YYYY-MM-DD；原件没有落款日期时留空，并填写发布日期")
    published_date: Optional[dt.date] = spec("发布日期", Date(), help="网站发布日期，YYYY-MM-DD；留空则同成文日期")
    published_time: str = spec("发布时间", ClockTime(), help="网站发布的时刻，HH:MM，如 09:30；不知道时留空（页面元数据 PubDate 只写日期）")
    updated: Optional[dt.date] = spec("更新日期", Date(), help="最近一次更正的日期")
    topics: tuple[str, ...] = spec("主题分类", ListOf(Text()), help="site.yml 中 topics 的代码，如 employment")
    tags: tuple[str, ...] = spec("标签", ListOf(Text()))
    policies: tuple[str, ...] = spec("引用政策", ListOf(Text()), help="content/policies/ 下政策文件的编号")
    signatories: tuple[Signatory, ...] = spec("署名", ListOf(Nested(Signatory)))
    contacts: tuple[Contact, ...] = spec("联系人", ListOf(Nested(Contact)))
    cc: tuple[str, ...] = spec("抄送", ListOf(Text()))
    source_url: str = spec("原文链接", Url(), help="原发布网页地址，不知道就留空")
    attachments: tuple[Attachment, ...] = spec("附件", ListOf(Nested(Attachment)))
    status: Status = spec("状态", Choice(Status), help="已发布 或 已撤回", default=Status.PUBLISHED)
    withdrawal: Optional[Withdrawal] = spec("撤回说明", Nested(Withdrawal), help="撤回时必填：date 与 reason")
    changes: tuple[Change, ...] = spec("更正说明", ListOf(Nested(Change)), help="每次更正一项：date 与 note")
    aliases: tuple[str, ...] = spec("旧地址", ListOf(Text()), help="改名前的编号，写作 年份/旧编号，如 2025/old-id")
    privacy: Optional[PrivacyRules] = spec("个人信息处理", Nested(PrivacyRules), help="allow：允许公开的号码；mask：发布时遮盖的号码")

    # Derived from the file path, not written in front matter.
    id: str = ""
    year: int = 0
    body: str = ""
    source: SourceInfo = field(default_factory=lambda: SourceInfo(""), compare=False)

    @property
    def url(self) -> str:
        return f"replies/{self.year}/{self.id}/"

    @property
    def display_title(self) -> str:
        """The letter's own title, or one derived from what it answers."""
        if self.title:
            return self.title
        subject = f"《{self.proposal_title}》" if self.proposal_title else f"{self.session_and_item}{KIND_NOUN[self.kind]}"
        return f"对{subject}的答复"

    @property
    def summary(self) -> str:
        """One line saying who answered what, for descriptions and feeds."""
        return f"{self.issuer}对{self.session_and_item or self.proposal_title}的答复"

    @property
    def is_public(self) -> bool:
        return self.disclosure is Disclosure.PUBLIC

    @property
    def is_withdrawn(self) -> bool:
        return self.status is Status.WITHDRAWN

    @property
    def publication_date(self) -> Optional[dt.date]:
        return self.published_date or self.written_date

    @property
    def session_and_item(self) -> str:
        text = self.session.text if self.session else ""
        item = f"第{self.item_no}号" if self.item_no else ""
        return " ".join(part for part in (text, item) if part)


@dataclass(frozen=True)
class Policy:
    title: str = spec("标题", Text(), required=True, help="政策文件全称，不含书名号")
    aliases: tuple[str, ...] = spec("别称", ListOf(Text()), help="正文中可能出现的其他写法")
    doc_number: str = spec("发文字号", Text())
    issuer: str = spec("发文机关", Text())
    date: Optional[dt.date] = spec("成文日期", Date())
    url: str = spec("官方链接", Url())
    summary: str = spec("摘要", Text(multiline=True))

    id: str = ""
    source: SourceInfo = field(default_factory=lambda: SourceInfo(""), compare=False)

    @property
    def page_url(self) -> str:
        return f"policies/{self.id}/"


@dataclass(frozen=True)
class Topic:
    slug: str = spec("代码", Text(), required=True, help="小写英文字母、数字和连字符")
    label: str = spec("名称", Text(), required=True)


@dataclass(frozen=True)
class CategoryMeanings:
    A: str = spec("A类含义", Text())
    B: str = spec("B类含义", Text())
    C: str = spec("C类含义", Text())
    D: str = spec("D类含义", Text())


PORTAL_FILE = Pattern(regex=r"[A-Za-z0-9_\-.]+\.html?", shape="应为 content/portal/ 文件夹中的文件名，如 header.html")
# No "--" and no quote: the path goes into <!--#include virtual="..." -->.
PORTAL_INCLUDE = Pattern(regex=r"/(?!.*--)[A-Za-z0-9_\-./]*", shape="应为以 / 开头的服务器路径，如 /include/header.html")


@dataclass(frozen=True)
class Portal:
    """The portal's own header and footer around the column: a fragment file, or a server-side include line."""

    header_file: str = spec("页头片段文件", PORTAL_FILE, help="content/portal/ 中的 HTML 片段，构建时插入每页顶部")
    footer_file: str = spec("页脚片段文件", PORTAL_FILE, help="content/portal/ 中的 HTML 片段，构建时插入每页底部")
    header_include: str = spec("页头包含路径", PORTAL_INCLUDE,
                               help="由服务器插入的页头（SSI：<!--#include virtual=\"…\" -->），需开启 nginx ssi on")
    footer_include: str = spec("页脚包含路径", PORTAL_INCLUDE, help="由服务器插入的页脚（SSI），需开启 nginx ssi on")
    # The fragments' text, read from content/portal/ by load and filled in by validate.
    header_html: str = field(default="", compare=False)
    footer_html: str = field(default="", compare=False)


class EditorBackend(enum.Enum):
    """Where the web editor (/admin/) saves: each value is a Decap CMS backend."""

    LOCAL = "本机"  # decap-server on this computer (make edit); nothing hosted
    GITEA = "gitea"  # the office's Gitea (PKCE login; Decap's gitea backend has no editorial workflow)
    FORGEJO = "forgejo"  # a Forgejo server (PKCE login, with the editorial workflow)
    GITHUB = "github"  # GitHub (needs an OAuth helper at base_url)
    OFF = "关闭"  # no /admin/ in the built site


@dataclass(frozen=True)
class EditorSettings:
    """The web editor at /admin/ (generator/editor.py turns these into Decap CMS's config.yml)."""

    backend: Optional[EditorBackend] = spec(
        "保存方式", Choice(EditorBackend),
        help="本机：在本机运行 make edit，保存即提交到本机仓库；gitea、forgejo、github：登录单位的代码托管服务后在网页上编辑；"
             "关闭：网站不含 /admin/ 编辑器。留空为 本机")
    repo: str = spec("代码仓库", Pattern(regex=r"[A-Za-z0-9_.\-]+/[A-Za-z0-9_.\-]+", shape="应为 组织/仓库名，如 office/replies"),
                     help="gitea、forgejo、github 时必填，如 office/replies")
    branch: str = spec("发布分支", Pattern(regex=r"[A-Za-z0-9_.\-/]+", shape="应为分支名，如 main"),
                       help="网站内容所在的分支，留空为 main")
    base_url: str = spec("服务器地址", Url(),
                         help="gitea、forgejo：服务器网址，如 https://git.example.gov.cn；github：OAuth 登录服务的网址")
    api_root: str = spec("接口地址", Url(), help="gitea、forgejo：留空为 服务器地址/api/v1；github：留空为 https://api.github.com")
    app_id: str = spec("OAuth 应用编号", Text(), help="gitea、forgejo：在服务器上登记 OAuth2 应用后得到的 Client ID（不要填写 Client Secret）")
    auth_endpoint: str = spec("登录路径", Text(), help="github：OAuth 登录服务上的路径，留空为 auth；gitea、forgejo 不用填")


@dataclass(frozen=True)
class Site:
    name: str = spec("网站名称", Text(), required=True, help="页面标题和页头显示的名称")
    organizer: str = spec("主办单位", Text(), required=True)
    undertaker: str = spec("承办单位", Text(), help="负责网站内容的单位；与主办单位相同时可留空")
    address: str = spec("地址", Text())
    phone: str = spec("联系电话", Pattern(regex=r"[0-9\-（）()\s]{7,20}", shape="应为电话号码，如 0592-5701234"))
    email: str = spec("电子邮箱", Pattern(regex=r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", shape="应为电子邮箱地址"))
    site_code: str = spec("网站标识码", Pattern(regex=r"\d{10}|bm\d{8}", shape="应为 10 位数字或 bm 加 8 位数字"))
    icp: str = spec("ICP备案号", Pattern(regex=r"[\u4e00-\u9fff]ICP备\d+号(-\d+)?", shape="应如 闽ICP备12345678号-1"))
    police_record: str = spec("公安机关备案号", Pattern(regex=r"[\u4e00-\u9fff]公网安备\s?\d{14}号",
                                                   shape="应如 闽公网安备 35020602000123号（14 位数字）"))
    conac_id: str = spec("党政机关网站标识编号", Pattern(regex=r"CA\d{21}", shape="应为 CA 加 21 位数字，如 CA350000000601234560001（见开办标识时取得的代码中 .js 前的部分）"),
                         help="填写后页脚显示党政机关网站标识（加载 dcs.conac.cn 的脚本）；没有时留空")
    site_url: str = spec("网站地址", SiteUrl(), required=True,
                         help="网站上线后的完整网址，以 / 结尾；作为门户网站栏目时写栏目网址，如 https://www.example.gov.cn/zwgk/jytabl/")
    column_name: str = spec("栏目名称", Text(), help="默认 建议提案办理")
    column_type: str = spec("栏目类型", Text(), help="页面元数据 ColumnType，默认 政务公开")
    column_keywords: tuple[str, ...] = spec("栏目关键词", ListOf(Text()),
                                            help="页面元数据 ColumnKeywords，默认 建议提案、人大代表建议、政协委员提案、办理答复")
    description: str = spec("网站简介", Text(multiline=True))
    topics: tuple[Topic, ...] = spec("主题分类", ListOf(Nested(Topic)))
    reply_categories: Optional[CategoryMeanings] = spec("答复类别含义", Nested(CategoryMeanings), help="留空则使用全国通行表述")
    portal: Optional[Portal] = spec("门户网站页头页脚", Nested(Portal),
                                    help="作为门户网站栏目上线时，门户的页头和页脚；留空则不加")
    editor: Optional[EditorSettings] = spec("网页编辑器", Nested(EditorSettings),
                                            help="/admin/ 网页编辑器的保存方式；留空为 本机（make edit）；backend: 关闭 则不生成")

    def category_meaning(self, category: ReplyCategory) -> str:
        override = getattr(self.reply_categories, category.value, "") if self.reply_categories else ""
        return override or DEFAULT_CATEGORY_MEANINGS[category.value]

    @property
    def column(self) -> str:
        return self.column_name or "建议提案办理"

    @property
    def column_kind(self) -> str:
        return self.column_type or "政务公开"

    @property
    def keywords(self) -> tuple[str, ...]:
        return self.column_keywords or ("建议提案", "人大代表建议", "政协委员提案", "办理答复")

    @property
    def editor_backend(self) -> EditorBackend:
        backend = self.editor.backend if self.editor else None
        return backend or EditorBackend.LOCAL

    @property
    def editor_enabled(self) -> bool:
        return self.editor_backend is not EditorBackend.OFF

    def topic_label(self, slug: str) -> str:
        return next((topic.label for topic in self.topics if topic.slug == slug), slug)


REPLY_FIELDS = field_specs(Reply)
POLICY_FIELDS = field_specs(Policy)
SITE_FIELDS = field_specs(Site)


def replies_json_schema() -> dict:
    """JSON Schema of ``/data/replies.json``, generated from :class:`Reply`."""
    record = object_schema(Reply)
    record["properties"].update(
        {
            "id": {"type": "string", "pattern": ID_PATTERN, "title": "编号"},
            "year": {"type": "integer", "title": "年份"},
            "url": {"type": "string", "format": "uri", "title": "网址"},
            "body_text": {"type": "string", "title": "正文"},
        }
    )
    for internal in ("privacy", "withdrawal", "aliases"):
        record["properties"].pop(internal)
    record["required"] = sorted({*record["required"], "id", "year", "url", "body_text"})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "建议提案答复公开数据",
        "type": "object",
        "properties": {
            "site": {"type": "string"},
            "count": {"type": "integer"},
            "replies": {"type": "array", "items": record},
        },
        "required": ["site", "count", "replies"],
    }
