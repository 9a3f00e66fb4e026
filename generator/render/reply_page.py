"""A reply page laid out like the official letter, under a gov.cn-style metadata table."""

from __future__ import annotations

from ..privacy import apply_masks
from ..schema import KIND_LABELS, REPLY_FIELDS, Reply, Site
from .facets import FACET_BY_KEY, unit_slug
from .markup import breadcrumbs, cn_date, doc_link, esc, file_link, front_matter, iso, md_text, url_link
from .site_pages import site_meta

# The letter's wrapper, as comments the hook turns into <article class="letter">
# (mkdocs_hooks.on_page_content).  Why not <article markdown>: that needs
# md_in_html, which re-parses every raw HTML tag of every page and made the
# whole MkDocs build ~45 % slower; a comment passes through Markdown as is.
LETTER_START = "<!-- reply-letter:start -->"
LETTER_END = "<!-- reply-letter:end -->"
LETTER_ARTICLE = ('<article class="letter">', "</article>")


# The slot of 字号 大/中/小 and 打印本页 (filled by site-controls.js; its height is reserved in gov.css).
PAGE_TOOLS = '<div class="page-tools" data-pagefind-ignore></div>\n\n'


def letter_article(html: str) -> str:
    """A reply page's HTML with its letter markers made into the <article> element."""
    start, end = html.find(LETTER_START), html.rfind(LETTER_END)
    if start < 0 or end < start:
        return html
    return (html[:start] + LETTER_ARTICLE[0] + html[start + len(LETTER_START):end]
            + LETTER_ARTICLE[1] + html[end + len(LETTER_END):])


def reply_doc(reply: Reply) -> str:
    return f"replies/{reply.year}/{reply.id}.md"


def label(name: str) -> str:
    return REPLY_FIELDS[name].label


def gov_meta(reply: Reply, site: Site) -> dict:
    """The meta tags government CMSs emit (SiteName, ArticleTitle, ...)."""
    # PubDate is YYYY-MM-DD HH:MM where the record has its publication time; a time is never made up.
    published = " ".join(part for part in (iso(reply.publication_date), reply.published_time) if part)
    meta = {
        **site_meta(site),
        "ColumnType": KIND_LABELS[reply.kind],
        "ArticleTitle": reply.display_title,
        "PubDate": published,
        "ContentSource": reply.issuer,
        "Keywords": ",".join(site.topic_label(t) for t in reply.topics),
        "Description": reply.summary,
        "Url": site.site_url + reply.url,
    }
    return {name: value for name, value in meta.items() if value}


def metadata_rows(reply: Reply, site: Site, doc: str) -> list[tuple[str, str]]:
    topic = FACET_BY_KEY["topic"]
    topics = "、".join(
        f'<a href="{url_link(doc, topic.value_url(slug))}">{esc(site.topic_label(slug))}</a>' for slug in reply.topics
    )
    issuer = ""
    if reply.issuer:
        unit_url = url_link(doc, FACET_BY_KEY["unit"].value_url(unit_slug(reply.issuer)))
        issuer = f'<a href="{unit_url}">{esc(reply.issuer)}</a>'
    category = ""
    if reply.reply_category:
        letter = reply.reply_category.value
        href = url_link(doc, FACET_BY_KEY["category"].value_url(letter.lower()))
        category = (f'<a href="{href}">{letter}类</a>'
                    f'<span class="category-meaning">（{esc(site.category_meaning(reply.reply_category))}）</span>')
    return [
        (label("index_no"), esc(reply.index_no)),
        (label("topics"), topics),
        (label("issuer"), issuer),
        (label("written_date"), esc(cn_date(reply.written_date))),
        ("标题", esc(reply.display_title)),
        (label("doc_number"), esc(reply.doc_number)),
        (label("published_date"), esc(cn_date(reply.publication_date))),
        *([(label("updated"), esc(cn_date(reply.updated)))] if reply.updated else []),
        ("会议及编号", esc(reply.session_and_item)),
        (label("proposer"), esc(reply.proposer)),
        (label("handling_role"), esc(reply.handling_role.value if reply.handling_role else "")),
        (label("reply_category"), category),
        (label("disclosure"), esc(reply.disclosure.value)),
    ]


def metadata_table(reply: Reply, site: Site, doc: str) -> str:
    cells = "".join(
        f'<div class="gov-meta__item"><dt>{name}</dt><dd>{value or "—"}</dd></div>'
        for name, value in metadata_rows(reply, site, doc)
    )
    return f'<dl class="gov-meta" data-pagefind-ignore>{cells}</dl>\n\n'


def linked_body(reply: Reply, mentions: tuple, doc: str) -> str:
    body = reply.body
    masks = reply.privacy.mask if reply.privacy else ()
    body = apply_masks(body, masks)
    done = set()
    for mention in mentions:
        if mention.text in done:
            continue
        done.add(mention.text)
        target = doc_link(doc, f"policies/{mention.policy_id}.md")
        body = body.replace(mention.text, f"[{mention.text}]({target})", 1)
    return body


def letter_head(reply: Reply) -> str:
    lines = [f'<p class="letter__issuer">{esc(reply.issuer)}</p>'] if reply.issuer else []
    if reply.doc_number:
        lines.append(f'<p class="letter__docno">{esc(reply.doc_number)}</p>')
    if reply.reply_category:
        lines.append(f'<p class="letter__category">答复类别：{reply.reply_category.value}类</p>')
    return '<div class="letter__head">' + "".join(lines) + "</div>\n\n"


def letter_closing(reply: Reply) -> str:
    masks = reply.privacy.mask if reply.privacy else ()
    lines = [f'<p>{esc(s.role)}：{esc(s.name)}</p>' for s in reply.signatories]
    for contact in reply.contacts:
        role = contact.role or "联系人"
        phone = f"　联系电话：{esc(apply_masks(contact.phone, masks))}" if contact.phone else ""
        lines.append(f"<p>{esc(role)}：{esc(contact.name)}{phone}</p>")
    block = '<div class="letter__signatures">' + "".join(lines) + "</div>" if lines else ""
    date = f'<p>{esc(cn_date(reply.written_date))}</p>' if reply.written_date else ""
    issuer = f'<p>{esc(reply.issuer)}</p>' if reply.issuer else ""
    seal = f'<div class="letter__seal">{issuer}{date}</div>' if issuer or date else ""
    disclosure = f'<p class="letter__disclosure">（此件{esc(reply.disclosure.value)}）</p>'
    cc = ""
    if reply.cc:
        cc = f'<div class="letter__cc"><p>抄送：{esc("，".join(reply.cc))}。</p></div>'
    return "\n\n" + block + seal + disclosure + cc + "\n\n"


def changes_block(reply: Reply) -> str:
    if not reply.changes:
        return ""
    items = "".join(f"<li><time datetime=\"{iso(c.date)}\">{cn_date(c.date)}</time>：{esc(c.note)}</li>"
                    for c in sorted(reply.changes, key=lambda c: c.date))
    return (f'<div class="admonition info reply-changes"><p class="admonition-title">更正说明'
            f'（最近更新：{cn_date(reply.updated)}）</p><ul>{items}</ul></div>\n\n')


def withdrawal_banner(reply: Reply) -> str:
    if not reply.is_withdrawn or reply.withdrawal is None:
        return ""
    return (f'<div class="admonition warning reply-withdrawn" role="alert"><p class="admonition-title">'
            f'本答复已于{cn_date(reply.withdrawal.date)}撤回</p><p>撤回原因：{esc(reply.withdrawal.reason)}</p>'
            f"<p>以下内容仅供查阅原发布内容，不再有效。</p></div>\n\n")


def file_size(size: int) -> str:
    """238 KB, 1.2 MB: KB rounded up as Windows Explorer shows it (what staff see), never 0 KB."""
    if size < 1024 * 1024:
        return f"{max(1, -(-size // 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def attachments_block(reply: Reply, doc: str) -> str:
    """附件：答复函原件（PDF，238 KB）; the files are copied beside the pages (Output.attachments)."""
    if not reply.attachments or reply.is_withdrawn:
        return ""
    items = []
    for attachment in reply.attachments:
        if attachment.file:
            href = file_link(doc, attachment.file)
            note = f"（{attachment.type_name}，{file_size(attachment.size)}）"
        else:
            href, note = esc(attachment.url), ""
        items.append(f'<li><a href="{href}">{esc(attachment.title)}</a>{note}</li>')
    return f'<div class="reply-attachments" data-pagefind-ignore><h2>附件</h2><ul>{"".join(items)}</ul></div>\n\n'


def related_block(related: tuple, doc: str) -> str:
    if not related:
        return ""
    items = "".join(
        f'<li><a href="{url_link(doc, other.url)}">{esc(other.display_title)}</a>'
        f'<span class="reply-list__meta">{" · ".join(esc(p) for p in (reason, other.issuer, cn_date(other.publication_date)) if p)}</span></li>'
        for reason, other in related
    )
    return f'<nav class="related-replies" data-pagefind-ignore aria-label="相关答复"><h2>相关答复</h2><ul class="reply-list">{items}</ul></nav>\n'


def source_block(reply: Reply) -> str:
    if not reply.source_url:
        return ""
    return f'<p class="reply-source" data-pagefind-ignore>原文链接：<a href="{esc(reply.source_url)}" rel="external">{esc(reply.source_url)}</a></p>\n\n'


def render_reply(reply: Reply, site: Site, mentions: tuple, related: tuple) -> tuple[str, str]:
    """The reply's page; ``mentions`` and ``related`` are its entries in :class:`Resolved`.

    Only its arguments, never the whole Resolved: the page is memoised by
    them (render_files), so it must read nothing else.
    """
    doc = reply_doc(reply)
    meta = {
        "title": reply.display_title,
        "description": reply.summary,
        "search": {"exclude": True},
        "gov": gov_meta(reply, site),
    }
    if reply.is_withdrawn:
        meta["robots"] = "noindex"
    if reply.addressee:
        addressee = f'<p class="letter__addressee">{esc(reply.addressee)}：</p>\n\n'
    else:
        addressee = ""
    text = (
        front_matter(meta)
        + breadcrumbs(doc, FACET_BY_KEY["year"].trail(*FACET_BY_KEY["year"].values_of(reply, site))
                      + [(reply.display_title, "")])
        + withdrawal_banner(reply)
        + metadata_table(reply, site, doc)
        + changes_block(reply)
        + PAGE_TOOLS
        + LETTER_START + "\n\n"
        + letter_head(reply)
        + f"# {md_text(reply.display_title)}\n\n"
        + addressee
        + linked_body(reply, mentions, doc).strip()
        + letter_closing(reply)
        + LETTER_END + "\n\n"
        + attachments_block(reply, doc)
        + source_block(reply)
        + related_block(related, doc)
    )
    return doc, text
