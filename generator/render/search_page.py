"""The full-text search page: a form with the filter choices written in, run by fulltext-search.js.

The generator knows every filter value of the public records, so the choices
(年度, 类型, 答复类别, 办理单位, 主题) are plain <select>s in the page and the
browser never downloads Pagefind's filter index to list them; Pagefind loads
the filter file of a filter only once it is applied.  The form is hidden
without scripts (material swaps the <html> class no-js for js); the
<noscript> text says why and points to 分类浏览.
"""

from __future__ import annotations

from ..resolve import Resolved
from .markup import esc, front_matter
from .search_data import fulltext_filter_values

# Form field ids for the filter groups (the names stay the Chinese group names:
# they are the URL parameters, ?年度=2025&类型=政协提案).
FILTER_IDS = {"年度": "year", "类型": "kind", "答复类别": "category", "办理单位": "unit", "主题": "topic"}


def filter_select(group: str, values: list[tuple[str, int]]) -> str:
    field = f"fulltext-{FILTER_IDS[group]}"
    options = "".join(f'<option value="{esc(value)}">{esc(value)}</option>' for value, _count in values)
    return (f'<div class="fulltext-filter"><label for="{field}">{esc(group)}</label>'
            f'<select id="{field}" name="{esc(group)}"><option value="">全部</option>{options}</select></div>')


def render_search_page(resolved: Resolved | None = None, bundles: int = 1) -> str:
    groups = fulltext_filter_values(resolved) if resolved is not None else {}
    filters = "\n".join(filter_select(group, values) for group, values in groups.items())
    # The user-dictionary words: fulltext-search.js searches each as one phrase word
    # (search_data.keyword_list).
    words = sorted({line.split()[0] for line in (resolved.selection.user_dictionary if resolved else ())
                    if line.split()}, key=lambda word: (-len(word), word))
    attributes = f' data-phrases="{esc(" ".join(words))}"' if words else ""
    # How many Pagefind bundles to merge (pagefind/, pagefind/part2/, …; see fulltext.py).
    attributes += f' data-bundles="{bundles}"' if bundles > 1 else ""
    return (front_matter({"title": "全文检索", "search": {"exclude": True}, "fulltext_search": True,
                          "hide": ["toc"]})
            + "# 全文检索\n\n"
            + '<p class="search-help">检索全部公开答复的正文，可按年度、类型、答复类别、办理单位和主题筛选。'
            + "检索结果的网址可以收藏或分享。</p>\n\n"
            + f'<form id="fulltext-search" class="fulltext" action="./" method="get" role="search" aria-label="全文检索"{attributes}>\n'
            + '<div class="fulltext-query"><label class="fulltext-label" for="fulltext-query">检索词</label>'
            + '<div class="fulltext-box"><input id="fulltext-query" name="q" type="search" autocomplete="off" '
            + 'enterkeyhint="search" placeholder="输入关键词，如 人才公寓、文号、代表委员姓名">'
            + '<button type="submit">检索</button></div></div>\n'
            + (f'<fieldset class="fulltext-filters"><legend>筛选</legend>\n{filters}\n'
               + '<button type="button" class="fulltext-clear" hidden>清除筛选</button>\n</fieldset>\n' if filters else "")
            + "</form>\n\n"
            + '<div class="fulltext-results">\n'
            + '<p id="fulltext-status" class="fulltext-status" role="status" aria-live="polite"></p>\n'
            + '<ol id="fulltext-list" class="fulltext-list"></ol>\n'
            + '<button type="button" id="fulltext-more" class="fulltext-more" hidden>显示更多结果</button>\n'
            + "</div>\n\n"
            + '<noscript><p>全文检索需要启用浏览器脚本。也可以通过<a href="../browse/">分类浏览</a>查找答复。</p></noscript>\n')
