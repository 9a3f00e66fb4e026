"""Data for the two search layers.

The header search (material's lunr) gets a lean index built here from the
records, not from the pages: titles, 文号, 会议及编号, proposer, unit and
topics, pre-segmented with jieba the way material's plugin segments pages.
The full-text layer (Pagefind) gets one record per reply with its body and
the filter values, so it never has to parse the built HTML.  Only
``selection.listed`` (public, listed replies; privacy masks already applied
by ``body_text``) is ever indexed by either layer.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..resolve import Resolved
from ..schema import KIND_LABELS, Reply, Site
from .markup import cn_date
from .opendata import body_text

HAN = re.compile(r"([\u3400-\u9fff]+)")
ZWSP = "\u200b"
# A Pagefind record is: the letter, METADATA_MARK, the metadata line,
# KEYWORD_MARK, the keyword list.  One Latin word each, so Pagefind keeps them
# whole; fulltext-search.js builds excerpts from the letter (or the metadata
# line) and never shows the list.
METADATA_MARK = "zhmetadata"
KEYWORD_MARK = "zhkeywordlist"


@lru_cache(maxsize=1)
def segmenter(words: tuple[str, ...]):
    import jieba  # imported lazily: loading its dictionary costs ~1 s

    jieba.setLogLevel(60)
    for line in words:
        parts = line.split()
        word = parts[0]
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[2] if len(parts) > 2 else None
        jieba.add_word(word, freq, tag)
    return jieba


def segment(text: str, words: tuple[str, ...]) -> str:
    jieba = segmenter(words)
    return HAN.sub(lambda m: ZWSP + ZWSP.join(jieba.cut(m.group(0), HMM=False)) + ZWSP, text).strip(ZWSP)


def lean_text(reply: Reply, site: Site) -> str:
    parts = [reply.doc_number, reply.session_and_item, reply.proposer, reply.issuer,
             KIND_LABELS[reply.kind], *(site.topic_label(t) for t in reply.topics)]
    return " ".join(p for p in parts if p)


def lean_entries(resolved: Resolved) -> list[dict]:
    selection = resolved.selection
    words = selection.user_dictionary
    entries = []
    for reply in selection.listed:
        # 第41号 / 41号 also as whole tokens: material's query code glues a number to
        # the Han characters around it ("第41号提案" is looked up as 第41号).
        item = f" 第{reply.item_no}号 {reply.item_no}号" if reply.item_no else ""
        entries.append({
            "location": reply.url,
            # The 文号 in the title field too: it then weighs as much as title words,
            # so a typed 文号 puts its reply first instead of titles sharing a 湖 or 号.
            "title": segment(" · ".join(p for p in (reply.display_title, reply.doc_number) if p), words),
            "text": segment(lean_text(reply, selection.site), words) + item,
        })
    for policy in selection.policies:
        entries.append({
            "location": policy.page_url,
            "title": segment(f"《{policy.title}》", words),
            "text": segment(" ".join(p for p in (policy.doc_number, policy.issuer, "政策文件") if p), words),
        })
    return entries


@lru_cache(maxsize=1)
def plain_jieba():
    """jieba with its own dictionary only: how Pagefind (jieba-rs, same dictionary) cuts the text."""
    import jieba

    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def keyword_list(text: str, words: tuple[str, ...] = ()) -> str:
    """Extra words that make every piece of a Chinese query findable in Pagefind.

    Why: Pagefind (extended, 1.5) segments ``zh`` records at index time with
    jieba-rs and jieba's own dictionary (it takes no user dictionary), and
    the visitor's query in the browser with ``Intl.Segmenter`` (ICU), a
    different segmenter.  A query word matches only as the *start* of an
    indexed word, so where the two disagree the page is missed: ICU cuts
    金砖数字小镇 into 金|砖|数字|小|镇, the index holds 金砖 and 小镇, and 砖
    and 镇 match nothing.  Without this list 8 % of all two-to-six-character
    phrases of the sample replies (小镇, 联动, 首个, 学科 …) were not found.
    Pre-segmenting with the user dictionary so its words stay whole cannot
    help: Pagefind re-cuts every run of Han characters with its own
    dictionary, and ICU cuts the query whatever the index holds.

    So each record ends with the pieces ICU may cut out that Pagefind's own
    segmentation never starts a word with anywhere in the record: single
    characters and two- or three-character dictionary words (砖, 镇, 四次 of
    第四次).  Those are the only pieces Pagefind keeps whole when they stand
    alone, so they are what can be added.  Which words Pagefind starts is
    estimated with Python jieba and the same dictionary (Pagefind cuts a
    little differently, e.g. 人民|代表|大会).  The user dictionary is applied
    here: a dictionary word in the record gets all its pieces listed, so it
    is found whatever either segmenter makes of it.  Listing
    only missing pieces keeps the cost low: the list of every piece doubled
    the index at 10,000 replies, this one adds a quarter.  Each piece appears
    once, so ranking barely moves; all come from the record's own public
    text.  With it none of the sample phrases is missed; site_tests/search
    checks the labelled queries and every user-dictionary word.  Pagefind 1.6
    segments with ICU4X like the browser; once it is on PyPI, re-check
    whether this list is still needed.
    """
    jieba = plain_jieba()
    freq = jieba.FREQ
    starts, pieces = set(), set()
    for run in HAN.findall(text):
        for word in jieba.cut(run, HMM=False):
            starts.update(word[:size] for size in (1, 2, 3) if len(word) >= size)
        pieces.update(run)
        for size in (2, 3):
            pieces.update(w for w in (run[i:i + size] for i in range(len(run) - size + 1)) if freq.get(w))
    pieces -= starts
    for word in (line.split()[0] for line in words if line.split()):
        if word in text:
            pieces.update(word)
            pieces.update(w for size in (2, 3) for w in (word[i:i + size] for i in range(len(word) - size + 1))
                          if freq.get(w))
    return " ".join([KEYWORD_MARK, *sorted(pieces)])


def fulltext_records(resolved: Resolved) -> list[dict]:
    site = resolved.selection.site
    words = resolved.selection.user_dictionary
    records = []
    for reply in resolved.selection.listed:
        filters = {
            "年度": [str(reply.year)],
            "类型": [reply.kind.value],
            "办理单位": [reply.issuer],
            "主题": [site.topic_label(t) for t in reply.topics],
        }
        if reply.reply_category:
            filters["答复类别"] = [f"{reply.reply_category.value}类"]
        # What the page's metadata table shows, so 养老服务 or 政协提案 find
        # replies whose letter never uses the words.
        header = " ".join(p for p in (reply.display_title, reply.doc_number, reply.session_and_item,
                                      reply.proposer, reply.issuer, reply.proposal_title,
                                      KIND_LABELS[reply.kind], *filters["主题"]) if p)
        content = body_text(reply) + "\n" + METADATA_MARK + " " + header
        records.append({
            "url": "/" + reply.url,
            "content": content + "\n" + keyword_list(content, words),
            "language": "zh",
            "meta": {
                "title": reply.display_title,
                "doc_number": reply.doc_number,
                "unit": reply.issuer,
                "date": cn_date(reply.publication_date),
            },
            "filters": {k: v for k, v in filters.items() if v},
            "sort": {"date": reply.publication_date.isoformat() if reply.publication_date else ""},
        })
    return records
