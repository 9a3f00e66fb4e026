"""Data for the two search layers.

The header search (material's search box, answered by our worker
header-search.js) gets a lean index built here from the records, not from
the pages: titles, 文号, 会议及编号, proposer, unit, type and topics, as
plain text.
The full-text layer (Pagefind) gets one record per reply with its body,
already cut into words, and the filter values, so it never has to parse
the built HTML or segment Chinese; records come in bundles of at most
FULLTEXT_BUNDLE_RECORDS.  Only
``selection.listed`` (public, listed replies; privacy masks already applied
by ``body_text``) is ever indexed by either layer.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..conventions import chinese_numeral
from ..memo import Memo, memoised
from ..resolve import Resolved
from ..select import Selection
from ..schema import KIND_LABELS, Kind, Policy, Reply, ReplyCategory, Site
from .aside import split
from .markup import cn_date
from .opendata import body_text

HAN = re.compile(r"([\u3400-\u9fff]+)")
# A run of Han characters, or of anything else but spaces.
TOKEN = re.compile(r"[\u3400-\u9fff]+|[^\s\u3400-\u9fff]+")
# A Pagefind record is: the letter, METADATA_MARK, the metadata line,
# ALSO_MARK, what is searched but never shown (the session's short forms),
# KEYWORD_MARK, the keyword list, as words separated by spaces
# (fulltext_words).  The marks are one Latin word each; fulltext-search.js
# builds excerpts from the letter (or the metadata line) and never shows
# the rest.
METADATA_MARK = "zhmetadata"
ALSO_MARK = "zhalso"
KEYWORD_MARK = "zhkeywordlist"
# Phrase words (see keyword_list): "zhq" + the phrase's UTF-8 in hex + "z".
# fulltext-search.js builds the same word from a query; keep the two in step.
PHRASE_PREFIX, PHRASE_END = "zhq", "z"
PHRASE_REPEAT = 5  # at most this many of one phrase word per record: enough for ranking
# A 文号 (厦湖人社函〔2025〕5号) in any of the brackets people type; the same
# pattern is in search-rule.js.
DOC_NUMBER = re.compile(r"([\u3400-\u9fff]{1,20})\s*[〔［\[【(（]\s*((?:19|20)\d\d)\s*[〕］\]】)）]\s*第?\s*0*(\d{1,6})\s*号")


@lru_cache(maxsize=1)
def segmenter():
    """jieba's dictionary, through rjieba.

    rjieba is jieba-rs (also the segmenter of Pagefind's extended build):
    the same dictionary and algorithm as Python jieba, identical cuts on
    every sample and synthetic record, at about a tenth of the CPU time
    (Python jieba was a third of the generator's time at 10,000 replies).
    The user dictionary is applied by keyword_list, not by the cut.
    """
    import rjieba

    return rjieba.Jieba()


def session_forms(reply: Reply) -> list[str]:
    """Short names of the reply's session as people type them: 政协十一届三次会议, 十七届人大一次会议.

    Why: letters write the session in many ways (政协镇康县第十一届委员会第三次
    会议, 县十一届政协三次会议); the term and meeting numbers of the record
    give the forms a search is typed in, which the record's own text may lack.
    """
    if not reply.session:
        return []
    body, term, meeting = reply.session.body.value, chinese_numeral(reply.session.term), chinese_numeral(reply.session.meeting)
    return [f"{body}{term}届{meeting}次会议", f"{term}届{body}{meeting}次会议"]


def lean_text(reply: Reply, site: Site) -> str:
    parts = [reply.session_and_item, reply.proposer, reply.issuer,
             KIND_LABELS[reply.kind], *(site.topic_label(t) for t in reply.topics)]
    return " ".join(p for p in parts if p)


def lean_entries(selection: Selection, memo: Memo | None = None) -> list[dict]:
    """The header search's index: one small entry per listed reply and per policy.

    Plain text (overrides/assets/javascripts/workers/header-search.js
    matches it with search-rule.js, no tokens needed); ``also`` is searched
    but never shown.  Size matters: the browser fetches all of it when the
    search opens (measured by ``make bench`` at 10,000 replies).  With a
    memo, each reply's entry is kept under its digest (memo.py).
    """
    site = selection.site
    return [*(memoised(memo, "lean entry", reply.source.digest, lambda: lean_entry(reply, site))
              for reply in selection.listed),
            *(policy_entry(policy) for policy in selection.policies)]


def lean_entry(reply: Reply, site: Site) -> dict:
    entry = {"location": reply.url,
             "title": " · ".join(p for p in (reply.display_title, reply.doc_number) if p),
             "text": lean_text(reply, site)}
    if forms := session_forms(reply):
        entry["also"] = " ".join(forms)
    return entry


def policy_entry(policy: Policy) -> dict:
    return {"location": policy.page_url, "title": f"《{policy.title}》",
            "text": " ".join(p for p in (policy.doc_number, policy.issuer, "政策文件") if p)}


def phrase_word(phrase: str) -> str:
    """One Latin word standing for a whole phrase: Pagefind's indexer and the browser's
    Intl.Segmenter both keep a run of ASCII letters and digits whole."""
    return PHRASE_PREFIX + phrase.encode("utf-8").hex() + PHRASE_END


def doc_number_phrases(text: str):
    """Every 文号 in ``text`` as 〔year〕number号 behind each tail of the Han run before it.

    In running text the issuer's prefix cannot be told from the words before
    it (根据厦湖人社函〔2025〕5号), so every tail is listed; the query's own run
    is one of them.
    """
    for match in DOC_NUMBER.finditer(text):
        run, year, number = match.groups()
        for start in range(len(run)):
            yield f"{run[start:]}〔{year}〕{number}号"


def fulltext_words(text: str) -> list[str]:
    """``text`` cut into the words Pagefind indexes: Han runs by jieba-rs, the rest at spaces and Han.

    Why the generator segments, not Pagefind: Pagefind's extended build
    would cut the Chinese again with the same jieba-rs and dictionary
    (:func:`segmenter`), which :func:`keyword_list` needs anyway.  Records
    arrive pre-cut, words separated by spaces, and the plain Pagefind build
    indexes them as they are: one segmentation instead of two, and Pagefind
    indexes a quarter faster.  The record's language stays ``zh``, so the
    browser still cuts queries with Intl.Segmenter.  Spaces of the letter
    itself are not kept; fulltext-search.js joins the words of an excerpt
    (with a space only between two Latin words or numbers).
    """
    jieba = segmenter()
    words: list[str] = []
    for match in TOKEN.finditer(text):
        run = match.group(0)
        if HAN.match(run):
            words += jieba.cut(run, False)
        else:
            words.append(run)
    return words


def keyword_list(text: str, words: tuple[str, ...] = (), cut: list[str] | None = None) -> str:
    """Extra words that make every piece of a Chinese query findable in Pagefind.

    ``cut`` is :func:`fulltext_words` of ``text`` (computed when not given).

    Why: the index holds the words jieba-rs cut the record into
    (:func:`fulltext_words`), and the browser cuts the visitor's query with
    ``Intl.Segmenter`` (ICU), a different segmenter.  A query word matches
    only as the *start* of an indexed word, so where the two disagree the
    page is missed: ICU cuts 金砖数字小镇 into 金|砖|数字|小|镇, the index
    holds 金砖 and 小镇, and 砖 and 镇 match nothing.  Without this list 8 %
    of all two-to-six-character phrases of the sample replies (小镇, 联动,
    首个, 学科 …) were not found.  Cutting the index with the user
    dictionary cannot help: ICU cuts the query whatever the index holds.

    So each record ends with the pieces ICU may cut out that the index never
    starts a word with anywhere in the record: single characters and two- or
    three-character dictionary words (砖, 镇, 四次 of 第四次).  Those are the
    only pieces that stay whole when they stand alone, so they are what can
    be added.  The user dictionary is applied here: a dictionary word in the
    record gets all its pieces listed, so it is found whatever either
    segmenter makes of it.  Listing only missing pieces keeps the cost low:
    the list of every piece doubled the index at 10,000 replies, this one
    adds a quarter.  Each piece appears once, so ranking barely moves; all
    come from the record's own public text.  With it none of the sample
    phrases is missed; site_tests/search checks the labelled queries and
    every user-dictionary word.  (Pagefind 1.6, on npm but not PyPI,
    segments like the browser; measured on the same 940 records it indexed
    1.7× slower with 1.5× the memory, so it was not adopted.)

    The list also holds phrase words (:func:`phrase_word`): one per
    occurrence (at most PHRASE_REPEAT) of each user-dictionary word and each
    文号 in the record.  fulltext-search.js searches such a phrase as that one
    word instead of the pieces ICU cuts it into.  Why: a piece like 区, 人 or
    号 occurs in every reply, so at 10,000 replies 湖里区 (湖|里|区) made the
    browser fetch 220 KB of index and rank 9,383 pages by 129,000 word
    positions (2 s), and 厦湖人社函〔2025〕5号 (7 pieces) fetched 308 KB; as
    phrase words they need one index chunk each.
    """
    jieba = segmenter()
    indexed = set(fulltext_words(text) if cut is None else cut)
    characters, words_in_text = set(), set()
    for run in HAN.findall(text):
        characters.update(run)
        words_in_text.update(jieba.cut_all(run))  # every dictionary word found anywhere in the run
    starts = {word[:1] for word in indexed} | {word[:2] for word in indexed} | {word[:3] for word in indexed}
    pieces = characters - starts
    pieces.update(w for w in words_in_text - starts if 1 < len(w) < 4)
    phrases = []
    for word in (line.split()[0] for line in words if line.split()):
        if word in text:
            pieces.update(word)
            pieces.update(w for size in (2, 3) for w in (word[i:i + size] for i in range(len(word) - size + 1))
                          if jieba.has_word(w))
            phrases += [phrase_word(word)] * min(text.count(word), PHRASE_REPEAT)
    phrases += [phrase_word(phrase) for phrase in doc_number_phrases(text)]
    return " ".join([KEYWORD_MARK, *sorted(pieces), *phrases])


# Replies per Pagefind bundle at most.  Why bundles: Pagefind keeps every
# word position of a bundle in memory and copies them while it writes the
# index, about 0.5 MB per reply at its peak (4.6 GB for 9,383 replies in one
# bundle); bundles indexed one after another by separate Pagefind processes
# keep the peak to one bundle's (~1.1 GB for 2,000 replies).  The cost is
# in the browser: bundles are merged with Pagefind's mergeIndex, and a
# search fetches one index chunk (~27 KB) per query word from every bundle,
# so a search of a 10,000-reply archive (five bundles) downloads about three
# times what one bundle would need.  Measured trade-offs: benchmarks/README.md.
FULLTEXT_BUNDLE_RECORDS = 2000
BUNDLE_FILTER = "bundle"  # never shown: the search page offers only FILTER_GROUPS


def bundle_count(records: int, size: int = FULLTEXT_BUNDLE_RECORDS) -> int:
    return max(1, -(-records // max(1, size)))


def fulltext_bundles(records: tuple, size: int = FULLTEXT_BUNDLE_RECORDS) -> tuple[tuple, ...]:
    """``records`` (newest first) cut into contiguous bundles of nearly equal size, newest first.

    Each record gets the hidden filter ``bundle`` (its bundle's number).  Why:
    Pagefind merges bundles by score, and without a query the score is a
    rank within each bundle, so results listed newest first would interleave
    the bundles.  fulltext-search.js lists such a search bundle by bundle
    instead (filter ``bundle`` = 1, 2, …); contiguous runs keep that in date
    order.
    """
    return tuple(tuple({**record, "filters": {**record["filters"], BUNDLE_FILTER: [str(number)]}} for record in run)
                 for number, run in enumerate(split(tuple(records), bundle_count(len(records), size)), start=1))


# The full-text filters, in the order a visitor narrows a search.
FILTER_GROUPS = ("年度", "类型", "答复类别", "办理单位", "主题")


def reply_filters(reply: Reply, site: Site) -> dict[str, list[str]]:
    """A reply's full-text filter values (the same for its Pagefind record and the search page)."""
    filters = {
        "年度": [str(reply.year)],
        "类型": [reply.kind.value],
        "办理单位": [reply.issuer] if reply.issuer else [],
        "主题": [site.topic_label(t) for t in reply.topics],
    }
    if reply.reply_category:
        filters["答复类别"] = [f"{reply.reply_category.value}类"]
    return filters


def fulltext_filter_values(resolved: Resolved) -> dict[str, list[tuple[str, int]]]:
    """Every filter value of the listed replies with its number of replies, per group.

    The search page shows these as fixed choices, so the browser never asks
    Pagefind for its filter index (``pagefind.filters()`` downloads every
    filter file: ~115 KB at 10,000 replies); Pagefind then loads only the
    filter file of a filter actually applied.  Order: 年度 newest first,
    类型 and 答复类别 in schema order, 主题 in site.yml order, 办理单位 by
    number of replies.
    """
    site = resolved.selection.site
    counts: dict[str, dict[str, int]] = {group: {} for group in FILTER_GROUPS}
    for reply in resolved.selection.listed:
        for group, values in reply_filters(reply, site).items():
            for value in values:
                if value:
                    counts[group][value] = counts[group].get(value, 0) + 1
    kinds = [kind.value for kind in Kind]
    categories = [f"{category.value}类" for category in ReplyCategory]
    topics = [topic.label for topic in site.topics]

    def rank(order):
        return lambda value: (order.index(value) if value in order else len(order), value)

    keys = {
        "年度": lambda value: (-int(value) if value.isdigit() else 0, value),
        "类型": rank(kinds),
        "答复类别": rank(categories),
        "办理单位": lambda value: (-counts["办理单位"][value], value),
        "主题": rank(topics),
    }
    return {group: [(value, counts[group][value]) for value in sorted(counts[group], key=keys[group])]
            for group in FILTER_GROUPS if counts[group]}


def fulltext_records(resolved: Resolved) -> list[dict]:
    site, words = resolved.selection.site, resolved.selection.user_dictionary
    return [fulltext_record(reply, site, words) for reply in resolved.selection.listed]


def fulltext_record(reply: Reply, site: Site, words: tuple[str, ...]) -> dict:
    """One reply's Pagefind record: its text cut into words, its filters and what results show."""
    filters = reply_filters(reply, site)
    # What the page's metadata table shows, so 养老服务 or 政协提案 find
    # replies whose letter never uses the words.
    header = " ".join(p for p in (reply.display_title, reply.doc_number, reply.session_and_item,
                                  reply.proposer, reply.issuer, reply.proposal_title,
                                  KIND_LABELS[reply.kind], *filters["主题"]) if p)
    text = (body_text(reply) + "\n" + METADATA_MARK + " " + header
            + "\n" + ALSO_MARK + " " + " ".join(session_forms(reply)))
    cut = fulltext_words(text)
    return {
        "url": "/" + reply.url,
        "content": " ".join(cut) + " " + keyword_list(text, words, cut),
        "language": "zh",
        "meta": {
            "title": reply.display_title,
            "doc_number": reply.doc_number,
            "unit": reply.issuer,
            "date": cn_date(reply.publication_date),
        },
        "filters": {k: v for k, v in filters.items() if v},
        "sort": {"date": reply.publication_date.isoformat() if reply.publication_date else ""},
    }
