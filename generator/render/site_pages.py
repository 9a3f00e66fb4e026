"""The pages every government site carries: 网站地图 (an HTML site map) and 联系我们, from site.yml.

Also the identity values the footer shows (``footer_identity``): plain
strings and links, handed to the theme by the MkDocs hook.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..resolve import Resolved
from ..schema import SITE_FIELDS, Site
from .markup import breadcrumbs, esc, front_matter, url_link

SITEMAP_DOC = "sitemap/index.md"
CONTACT_DOC = "contact/index.md"
ICP_QUERY = "https://beian.miit.gov.cn/"
# The 公安机关 filing query takes the 14-digit record number.
POLICE_QUERY = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"
CORRECTION = "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code={code}"
# The 党政机关网站标识 script, its path made of the parts of the id (CA 33 000 0000 60497944 0004).
CONAC_HOST = "https://dcs.conac.cn"


def conac_script(conac_id: str) -> str:
    return f"{CONAC_HOST}/js/{conac_id[2:4]}/{conac_id[4:7]}/{conac_id[7:11]}/{conac_id[11:19]}/{conac_id}.js"

# nginx (ssi on) and Apache (mod_include) replace this line with the portal's file.
SSI_INCLUDE = '<!--#include virtual="{path}" -->'


def contact_rows(site: Site) -> list[tuple[str, str]]:
    names = ("organizer", "undertaker", "address", "phone", "email")
    return [(SITE_FIELDS[name].label, getattr(site, name)) for name in names if getattr(site, name)]


def site_meta(site: Site) -> dict:
    """The meta tags of every page of the site (国办发〔2017〕47号's page metadata): site and column."""
    return {
        "SiteName": site.name,
        "SiteDomain": urlsplit(site.site_url).netloc,  # the host, also for a column under a sub-path
        "SiteIDCode": site.site_code,
        "ColumnName": site.column,
    }


def portal_part(site: Site, slot: str) -> str:
    """The portal's header or footer ("header"/"footer"): its fragment, an SSI line, or nothing."""
    if not site.portal:
        return ""
    include = getattr(site.portal, f"{slot}_include")
    return getattr(site.portal, f"{slot}_html") or (SSI_INCLUDE.format(path=include) if include else "")


def column_meta(site: Site, *keywords: str) -> dict:
    """The meta tags of a listing page: the site's and the column's (国办发〔2017〕47号 page metadata)."""
    meta = {
        **site_meta(site),
        "ColumnDescription": site.description,
        "ColumnKeywords": ",".join((*site.keywords, *keywords)),
        "ColumnType": site.column_kind,
    }
    return {name: value for name, value in meta.items() if value}


def footer_identity(site: Site) -> dict:
    """What the footer of every page shows; only the values site.yml has, never a placeholder."""
    police = re.search(r"\d{14}", site.police_record or "")
    return {
        "contacts": [{"label": label, "value": value} for label, value in contact_rows(site)],
        "site_code": site.site_code,
        "icp": site.icp,
        "icp_url": ICP_QUERY if site.icp else "",
        "police_record": site.police_record,
        "police_url": POLICE_QUERY.format(code=police.group(0)) if police else "",
        "correction_url": CORRECTION.format(code=site.site_code) if site.site_code else "",
        "conac_script": conac_script(site.conac_id) if site.conac_id else "",
        "portal_header": portal_part(site, "header"),
        "portal_footer": portal_part(site, "footer"),
        # For pages without their own (reply pages carry the whole set in their front matter).
        "meta": {name: value for name, value in site_meta(site).items() if value},
    }


def contact_page(resolved: Resolved) -> tuple[str, str]:
    rows = "".join(f"<tr><th scope=\"row\">{esc(label)}</th><td>{esc(value)}</td></tr>"
                   for label, value in contact_rows(resolved.selection.site))
    return CONTACT_DOC, (front_matter({"title": "联系我们", "search": {"exclude": True}, "hide": ["toc"]})
                         + breadcrumbs(CONTACT_DOC, [("联系我们", "")]) + "# 联系我们\n\n"
                         + f'<table class="contact-table"><tbody>{rows}</tbody></table>\n\n'
                         + "对答复内容有疑问，请与答复函上的承办单位联系。\n")


def sitemap_page(resolved: Resolved, facets: list, years: list[str]) -> tuple[str, str]:
    doc = SITEMAP_DOC

    def link(url: str, label: str) -> str:
        return f'<a href="{url_link(doc, url)}">{esc(label)}</a>'

    browse = "".join(f"<li>{link(facet.index_url(), facet.label)}</li>" for facet in facets)
    summaries = "".join(f"<li>{link(f'summary/{year}/', f'{year}年办理总体情况')}</li>" for year in years)
    sections = [
        f"<li>{link('', '首页')}</li>",
        f"<li>{link('browse/', '分类浏览')}<ul>{browse}</ul></li>",
        f"<li>{link('summary/', '历年办理总体情况')}<ul>{summaries}</ul></li>" if summaries else "",
        f"<li>{link('policies/', '政策文件')}</li>",
        f"<li>{link('search/', '全文检索')}</li>",
        f"<li>{link('help/', '帮助')}</li>",
        f"<li>{link('contact/', '联系我们')}</li>",
    ]
    data = (f'<li>开放数据：<a href="{url_link(doc, "data")}replies.json">JSON</a>、'
            f'<a href="{url_link(doc, "data")}replies.csv">CSV</a>、'
            f'<a href="{url_link(doc, "data")}replies.schema.json">数据说明（JSON Schema）</a></li>'
            f'<li><a href="{url_link(doc, "")}feed.xml">订阅（RSS）</a></li>')
    return doc, (front_matter({"title": "网站地图", "search": {"exclude": True}, "hide": ["toc"]})
                 + breadcrumbs(doc, [("网站地图", "")]) + "# 网站地图\n\n"
                 + f'<ul class="site-map">{"".join(sections)}{data}</ul>\n')
