"""Data for the two search layers.

The header search (material's lunr) gets a lean index built here from the
records, not from the pages: titles, 文号, 会议及编号, proposer, unit and
topics, pre-segmented with jieba the way material's plugin segments pages.
The full-text layer (Pagefind) gets one record per reply with its body and
the filter values, so it never has to parse the built HTML.
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
        entries.append({
            "location": reply.url,
            "title": segment(reply.display_title, words),
            "text": segment(lean_text(reply, selection.site), words),
        })
    for policy in selection.policies:
        entries.append({
            "location": policy.page_url,
            "title": segment(f"《{policy.title}》", words),
            "text": segment(" ".join(p for p in (policy.doc_number, policy.issuer, "政策文件") if p), words),
        })
    return entries


def fulltext_records(resolved: Resolved) -> list[dict]:
    site = resolved.selection.site
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
        header = " ".join(p for p in (reply.display_title, reply.doc_number, reply.session_and_item,
                                      reply.proposer, reply.issuer, reply.proposal_title) if p)
        records.append({
            "url": "/" + reply.url,
            "content": header + "\n" + body_text(reply),
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
