"""Home page, browse pages (paginated facets), yearly summaries and policy pages."""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from dataclasses import astuple, fields

from ..memo import Memo, digest, memoised
from ..resolve import Resolved
from ..schema import KIND_LABELS, POLICY_FIELDS, Kind, Policy, Reply, Site
from .charts import bar_chart, grouped_bar_chart
from .facets import FACET_BY_KEY, FACETS, PAGE_SIZE, Facet, FacetValue
from .markup import breadcrumbs, cn_date, esc, front_matter, url_link
from .site_pages import column_meta, contact_page, sitemap_page

HOME_LATEST = 20
SUMMARY_INDEX_DOC = "summary/index.md"
SUMMARY_INDEX_TITLE = "历年办理总体情况"
# The unit chart stays a glance at any size of archive: past this many bars the
# smallest units are summed into one; the table below it lists every unit.
UNIT_BARS = 10


def reply_item(reply: Reply, doc: str) -> str:
    parts = [reply.doc_number, reply.issuer, cn_date(reply.publication_date)]
    if reply.reply_category:
        parts.append(f"{reply.reply_category.value}类")
    meta = " · ".join(esc(p) for p in parts if p)
    return (f'<li><a href="{url_link(doc, reply.url)}">{esc(reply.display_title)}</a>'
            f'<span class="reply-list__meta">{meta}</span></li>')


def reply_list(replies, doc: str) -> str:
    return '<ul class="reply-list">' + "".join(reply_item(r, doc) for r in replies) + "</ul>\n\n"


def pager(facet: Facet, slug: str, page: int, pages: int, doc: str) -> str:
    if pages <= 1:
        return ""
    links = []
    if page > 1:
        links.append(f'<a href="{url_link(doc, facet.value_url(slug, page - 1))}" rel="prev">上一页</a>')
    links.append(f"<span>第 {page} / {pages} 页</span>")
    if page < pages:
        links.append(f'<a href="{url_link(doc, facet.value_url(slug, page + 1))}" rel="next">下一页</a>')
    return '<nav class="pager" aria-label="分页">' + " ".join(links) + "</nav>\n\n"


def group_by_facet(facet: Facet, replies, site: Site, memo: Memo | None = None) -> dict[FacetValue, list[Reply]]:
    groups: dict[tuple, list[Reply]] = defaultdict(list)
    for reply in replies:
        # Plain tuples, one FacetValue per group: 57,000 frozen dataclasses at 10,000 replies
        # took 1 s to unpickle from the memo.
        key = reply.source.digest and reply.source.digest + facet.key  # no digest() either: 57,000 of them
        for fields_of_value in memoised(memo, "facet values", key, lambda: facet_value_fields(facet, reply, site)):
            groups[fields_of_value].append(reply)
    values = {fields_of_value: FacetValue(*fields_of_value) for fields_of_value in groups}
    return {values[k]: group for k, group in sorted(groups.items(), key=lambda item: values[item[0]].sort_key)}


def facet_value_fields(facet: Facet, reply: Reply, site: Site) -> tuple:
    # Interned: 57,000 at 10,000 replies hold a few hundred distinct values (memory, memo size).
    return tuple(tuple(sys.intern(part) if isinstance(part, str) else part for part in astuple(value))
                 for value in facet.values_of(reply, site))


def facet_pages(facet: Facet, groups: dict, site: Site, memo: Memo | None = None):
    index_doc = facet.index_doc()
    items = "".join(
        f'<li><a href="{url_link(index_doc, facet.value_url(value.slug))}">{esc(value.label)}</a>'
        f'<span class="count">{len(replies)} 件</span></li>'
        for value, replies in groups.items()
    )
    yield index_doc, (front_matter({"title": f"{facet.label}浏览", "search": {"exclude": True},
                                    "gov": column_meta(site, facet.label)})
                      + breadcrumbs(index_doc, facet.trail())
                      + f"# {facet.label}浏览\n\n" + f'<ul class="facet-list">{items}</ul>\n')
    for value, replies in groups.items():
        pages = max(1, -(-len(replies) // PAGE_SIZE))
        for page in range(1, pages + 1):
            doc = facet.value_doc(value.slug, page)
            chunk = replies[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
            yield doc, listing_memo(memo, chunk, (facet.key, value.label, value.slug, doc, str(len(replies)), str(pages)),
                                    lambda: facet_page(facet, value, site, replies, page, pages, doc, chunk))


def listing_memo(memo: Memo | None, replies, parts: tuple, compute) -> str:
    """A listing page, memoised under the replies it lists and ``parts``: all else it shows.

    Why: 1,400 listing pages list 86,000 items at 10,000 replies, rendered
    again at every build; an edit changes the pages of one reply.  A
    reply's digest covers site.yml, so the site's fields need no part.
    """
    if memo is None or not replies or not all(reply.source.digest for reply in replies):
        return compute()
    return memo.get("listing page", digest(*parts, *(reply.source.digest for reply in replies)), compute)


def facet_page(facet: Facet, value: FacetValue, site: Site, replies, page: int, pages: int, doc: str, chunk) -> str:
    title = f"{value.label}" + (f"（第 {page} 页）" if page > 1 else "")
    header = f'<p class="listing-count">共 {len(replies)} 件答复'
    if facet.key == "year":
        header += f'　<a href="{url_link(doc, f"summary/{value.slug}/")}">{value.slug}年办理总体情况</a>'
    header += "</p>\n\n"
    return (front_matter({"title": title, "search": {"exclude": True},
                          "gov": column_meta(site, facet.label, value.label)})
            + breadcrumbs(doc, facet.trail() + [(title, "")]) + f"# {esc(title)}\n\n" + header + reply_list(chunk, doc) + pager(facet, value.slug, page, pages, doc))


def chart_block(svg: str) -> str:
    return f'<div class="summary-chart">{svg}</div>\n\n'


def counts_table(dimension: str, counter: Counter, total: int, chart: str = "") -> str:
    rows = "".join(f"<tr><td>{esc(k)}</td><td>{v}</td><td>{v * 100 / total:.1f}%</td></tr>" for k, v in counter.items())
    return (f"## 按{dimension}\n\n" + (chart_block(chart) if chart else "")
            + f"<table class=\"summary-table\"><thead><tr><th>{dimension}</th><th>件数</th><th>占比</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>\n\n")


def unit_bars(units: Counter) -> list[tuple[str, int]]:
    """The unit chart's bars: the largest units, the rest (if more than UNIT_BARS) as one bar."""
    items = list(units.items())
    if len(items) <= UNIT_BARS:
        return items
    rest = items[UNIT_BARS - 1:]
    return items[:UNIT_BARS - 1] + [(f"其余 {len(rest)} 个单位", sum(count for _, count in rest))]


def summary_pages(groups: dict, site: Site):
    for value, replies in groups.items():
        doc = f"summary/{value.slug}.md"
        year = value.slug
        total = len(replies)
        kinds = Counter(KIND_LABELS[r.kind] for r in replies)
        categories = Counter(
            f"{r.reply_category.value}类（{site.category_meaning(r.reply_category)}）" if r.reply_category else "未标注类别"
            for r in sorted(replies, key=lambda r: r.reply_category.value if r.reply_category else "Z")
        )
        units = Counter(r.issuer or "未署名" for r in sorted(replies, key=lambda r: r.issuer or "未署名"))
        units = Counter(dict(sorted(units.items(), key=lambda item: (-item[1], item[0]))))
        intro = (f"{year}年共公开建议提案答复 {total} 件，其中人大代表建议答复 "
                 f"{kinds.get(KIND_LABELS[Kind.DEPUTY_SUGGESTION], 0)} 件，政协委员提案答复 "
                 f"{kinds.get(KIND_LABELS[Kind.MEMBER_PROPOSAL], 0)} 件。")
        link = url_link(doc, FACET_BY_KEY["year"].value_url(year))
        index = url_link(doc, "summary/")
        # No table of contents: for a page outside the nav material writes a <label for="__toc">
        # without its control (Nu Html Checker error); these pages are short.
        yield doc, (front_matter({"title": f"{year}年建议提案办理总体情况", "search": {"exclude": True}, "hide": ["toc"],
                                  "gov": column_meta(site, "办理总体情况", f"{year}年")})
                    + breadcrumbs(doc, FACET_BY_KEY["year"].trail(value) + [("办理总体情况", "")])
                    + f"# {year}年建议提案办理总体情况\n\n<p>{intro}</p>\n\n"
                    + counts_table("类型", kinds, total, bar_chart(f"{year}年类型分布", list(kinds.items()), "chart--kind"))
                    + counts_table("答复类别", categories, total,
                                   bar_chart(f"{year}年答复类别分布", list(categories.items()), "chart--category"))
                    + counts_table("办理单位", units, total,
                                   bar_chart(f"{year}年办理单位分布", unit_bars(units), "chart--unit"))
                    + f'<p><a href="{link}">查看{year}年全部答复</a>　<a href="{index}">{SUMMARY_INDEX_TITLE}</a></p>\n')


def summary_index(groups: dict, site: Site) -> tuple[str, str]:
    """历年办理总体情况: the public replies of every year by type, as a chart and a table linking each year."""
    doc = SUMMARY_INDEX_DOC
    kinds = (Kind.DEPUTY_SUGGESTION, Kind.MEMBER_PROPOSAL)
    by_year = {int(value.slug): Counter(r.kind for r in replies) for value, replies in groups.items()}
    # Every year between the first and the last: a year with no public reply is part of the trend,
    # shown as nought (and not linked, as it has no summary page).
    years = list(range(max(by_year), min(by_year) - 1, -1))
    counts = {year: [by_year.get(year, Counter())[kind] for kind in kinds] for year in years}
    totals = [sum(counts[year][i] for year in years) for i in range(len(kinds))]
    head = "".join(f'<th scope="col">{KIND_LABELS[kind]}</th>' for kind in kinds)

    def year_cell(year: int) -> str:
        label = f"{year}年"
        return f'<a href="{url_link(doc, f"summary/{year}/")}">{label}</a>' if year in by_year else label

    rows = "".join(f'<tr><th scope="row">{year_cell(year)}</th>' + "".join(f"<td>{n}</td>" for n in counts[year])
                   + f"<td>{sum(counts[year])}</td></tr>" for year in years)
    text = (front_matter({"title": SUMMARY_INDEX_TITLE, "search": {"exclude": True}, "hide": ["toc"],
                          "gov": column_meta(site, "办理总体情况")})
            + breadcrumbs(doc, FACET_BY_KEY["year"].trail() + [(SUMMARY_INDEX_TITLE, "")])
            + f"# {SUMMARY_INDEX_TITLE}\n\n")
    span = f"{years[-1]}年至{years[0]}年" if len(years) > 1 else f"{years[0]}年"
    intro = (f"{span}共公开建议提案答复 {sum(totals)} 件，其中人大代表建议答复 {totals[0]} 件，"
             f"政协委员提案答复 {totals[1]} 件。点击年度查看当年的办理总体情况。")
    chart = grouped_bar_chart("历年公开答复件数", [KIND_LABELS[kind] for kind in kinds],
                              [(f"{year}年　共 {sum(counts[year])} 件", counts[year]) for year in years], "chart--trend")
    table = (f'<table class="summary-table summary-trend"><thead><tr><th scope="col">年度</th>{head}<th scope="col">合计</th></tr></thead>'
             f"<tbody>{rows}</tbody><tfoot><tr><th scope=\"row\">合计</th>"
             + "".join(f"<td>{n}</td>" for n in totals) + f"<td>{sum(totals)}</td></tr></tfoot></table>\n\n")
    return doc, text + f"<p>{intro}</p>\n\n## 各年度公开答复件数\n\n" + chart_block(chart) + table


def shown_facets(facet_groups: dict) -> list[Facet]:
    """The ways of browsing that have a value: no page and no link for an empty column (空白栏目)."""
    return [facet for facet in FACETS if facet_groups[facet.key]]


def browse_index(site: Site, facet_groups: dict) -> tuple[str, str]:
    doc = "browse/index.md"
    items = "".join(
        f'<li><a href="{url_link(doc, facet.index_url())}">{facet.label}</a>'
        f'<span class="count">{len(facet_groups[facet.key])} 项</span></li>'
        for facet in shown_facets(facet_groups)
    )
    return doc, (front_matter({"title": "分类浏览", "search": {"exclude": True}, "gov": column_meta(site, "分类浏览")})
                 + breadcrumbs(doc, [("分类浏览", "")]) + "# 分类浏览\n\n" + f'<ul class="facet-list">{items}</ul>\n')


def home_page(resolved: Resolved, facet_groups: dict) -> tuple[str, str]:
    selection = resolved.selection
    site = selection.site
    doc = "index.md"
    listed = selection.listed
    kinds = Counter(r.kind for r in listed)
    totals = (f'<div class="home-totals"><p><strong>{len(listed)}</strong> 件公开答复</p>'
              f'<p><strong>{kinds.get(Kind.DEPUTY_SUGGESTION, 0)}</strong> 件人大代表建议答复</p>'
              f'<p><strong>{kinds.get(Kind.MEMBER_PROPOSAL, 0)}</strong> 件政协委员提案答复</p>'
              f'<p><strong>{len(selection.policies)}</strong> 件相关政策文件</p></div>\n\n')
    ways = "".join(
        f'<li><a href="{url_link(doc, facet.index_url())}">{facet.label}</a></li>' for facet in shown_facets(facet_groups)
    )
    years = "".join(
        f'<li><a href="{url_link(doc, f"summary/{value.slug}/")}">{value.slug}年办理总体情况</a></li>'
        for value in facet_groups["year"]
    )
    search = url_link(doc, "search/")
    # No title in the front matter: the home page's <title> is then the site's name alone.
    text = (front_matter({"search": {"exclude": True}, "hide": ["toc"], "gov": column_meta(site)})
            + f"# {esc(site.name)}\n\n<p class=\"home-intro\">{esc(site.description)}</p>\n\n"
            + f'<form class="home-search" action="{search}" method="get" role="search">'
            + '<label for="home-q">全文检索</label><input id="home-q" name="q" type="search" placeholder="输入关键词，如 人才公寓、文号、代表委员姓名">'
            + '<button type="submit">搜索全文</button></form>\n\n'
            + totals
            + f'<h2>浏览方式</h2>\n\n<ul class="facet-list">{ways}</ul>\n\n'
            + (f'<h2>办理总体情况</h2>\n\n<ul class="facet-list">{years}</ul>\n\n' if years else "")
            + "## 最新答复\n\n" + reply_list(listed[:HOME_LATEST], doc))
    return doc, text


def policy_doc(policy: Policy) -> str:
    return f"policies/{policy.id}.md"


def policy_page(policy: Policy, resolved: Resolved, memo: Memo | None = None) -> tuple[str, str]:
    doc = policy_doc(policy)
    citing = resolved.backlinks.get(policy.id, ())
    return doc, listing_memo(memo, citing, (doc, repr(policy)), lambda: policy_text(policy, doc, citing))


def policy_text(policy: Policy, doc: str, citing: tuple) -> str:
    rows = [
        (POLICY_FIELDS["doc_number"].label, esc(policy.doc_number)),
        (POLICY_FIELDS["issuer"].label, esc(policy.issuer)),
        (POLICY_FIELDS["date"].label, esc(cn_date(policy.date))),
        (POLICY_FIELDS["url"].label,
         f'<a href="{esc(policy.url)}" rel="external">{esc(policy.url)}</a>' if policy.url else ""),
    ]
    meta = "".join(f'<div class="gov-meta__item"><dt>{k}</dt><dd>{v or "—"}</dd></div>' for k, v in rows)
    summary = f"<p>{esc(policy.summary)}</p>\n\n" if policy.summary else ""
    aliases = (f"<p>又称：{esc('；'.join('《' + a + '》' for a in policy.aliases))}</p>\n\n" if policy.aliases else "")
    listing = reply_list(citing, doc) if citing else "<p>暂无公开答复引用此政策。</p>\n"
    return (front_matter({"title": policy.title, "search": {"exclude": True}, "hide": ["toc"]})
                 + breadcrumbs(doc, [("政策文件", "policies/"), (f"《{policy.title}》", "")]) + f"# 《{esc(policy.title)}》\n\n" + f'<dl class="gov-meta">{meta}</dl>\n\n' + aliases + summary
                 + f"## 引用此政策的答复（{len(citing)} 件）\n\n" + listing)


def policies_index(resolved: Resolved) -> tuple[str, str]:
    doc = "policies/index.md"
    policies = sorted(resolved.selection.policies, key=lambda p: p.title)
    items = "".join(
        f'<li><a href="{url_link(doc, p.page_url)}">《{esc(p.title)}》</a>'
        f'<span class="count">被 {len(resolved.backlinks.get(p.id, ()))} 件答复引用</span></li>'
        for p in policies
    )
    return doc, (front_matter({"title": "政策文件", "search": {"exclude": True},
                               "gov": column_meta(resolved.selection.site, "政策文件")})
                 + breadcrumbs(doc, [("政策文件", "")]) + "# 政策文件\n\n<p>答复中引用的政策文件，以及引用它们的答复。</p>\n\n"
                 + f'<ul class="facet-list">{items}</ul>\n')


def listing_pages(resolved: Resolved, memo: Memo | None = None) -> tuple[tuple[str, str], ...]:
    """:func:`render_listings`, memoised as a whole under all it reads: the site, the policies and,
    in order, every listed reply but its body, with the policies it cites.

    Why: an edit of a reply's body (the most common) changes no listing,
    and even finding each page in the memo took 0.8 s at 10,000 replies.
    """
    listed = resolved.selection.listed
    if memo is None or not all(reply.source.digest for reply in listed):
        return tuple(render_listings(resolved, memo))
    features = (memoised(memo, "listing features", reply.source.digest,
                         lambda: digest(repr(listed_fields(reply)), repr(resolved.citations.get(reply.id, ()))))
                for reply in listed)
    key = digest(repr(resolved.selection.site), repr(resolved.selection.policies), *features)
    return memo.get_whole("listings", key, lambda: tuple(render_listings(resolved, memo)))


def listed_fields(reply: Reply) -> tuple:
    """Everything of a reply but its body and where it was read from (listings show neither)."""
    return tuple((f.name, getattr(reply, f.name)) for f in fields(reply) if f.name not in ("body", "source"))


def render_listings(resolved: Resolved, memo: Memo | None = None):
    site = resolved.selection.site
    listed = resolved.selection.listed
    facet_groups = {facet.key: group_by_facet(facet, listed, site, memo) for facet in FACETS}
    yield home_page(resolved, facet_groups)
    yield browse_index(site, facet_groups)
    for facet in shown_facets(facet_groups):
        yield from facet_pages(facet, facet_groups[facet.key], site, memo)
    yield from summary_pages(facet_groups["year"], site)
    if facet_groups["year"]:  # no page for an empty column (空白栏目)
        yield summary_index(facet_groups["year"], site)
    yield policies_index(resolved)
    for policy in resolved.selection.policies:
        yield policy_page(policy, resolved, memo)
    yield sitemap_page(resolved, shown_facets(facet_groups), [value.slug for value in facet_groups["year"]])
    yield contact_page(resolved)
