"""The full-text search page; the Pagefind UI is mounted by overrides/main.html."""

from .markup import front_matter


def render_search_page() -> str:
    return (front_matter({"title": "全文检索", "search": {"exclude": True}, "fulltext_search": True,
                          "hide": ["toc"]})
            + "# 全文检索\n\n"
            + '<p class="search-help">检索全部公开答复的正文，可按年度、类型、办理单位、答复类别和主题筛选。'
            + "检索结果的网址可以收藏或分享。</p>\n\n"
            # fulltext-search.js gives Pagefind's input this id: a visible label (axe: label-title-only).
            + '<label class="fulltext-label" for="fulltext-query">检索词</label>\n'
            + '<div id="fulltext-search" role="search" aria-label="全文检索"></div>\n\n'
            + '<noscript><p>全文检索需要启用浏览器脚本。也可以通过<a href="../browse/">分类浏览</a>查找答复。</p></noscript>\n')
