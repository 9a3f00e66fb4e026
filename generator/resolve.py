"""Stage 4: cross-links between public records.

Finds the policies each reply cites (explicit ``policies`` plus 《title》 and
文号 mentions in the body), the backlinks from each policy, the related
replies of each reply, and links from public pages to records that are not
public.  Every index here is built in one pass so cost stays linear.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit

from . import conventions
from .memo import Memo, digest, memoised
from .problems import Problem, error, warning
from .schema import Policy, Reply
from .select import Selection

MENTION = re.compile(r"《([^《》]{2,120}(?:《[^《》]{1,120}》[^《》]{0,60})?)》")
INNER_TITLE = re.compile(r"[<〈《]([^<>〈〉《》]+)[>〉》]")
LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)|\b(?:href|src)\s*=\s*[\"']?([^\"'\s>]+)")
REPLY_URL = re.compile(r"(?:^|/)replies/((?:19|20)\d\d)/([a-z0-9-]+?)(?:\.md|/|$)")
QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"'})
PROPOSAL_ENDINGS = ("提案", "建议", "议案")
RELATED_LIMIT = 6
NEIGHBOURS = 4


def normalise_title(text: str) -> str:
    """Compare titles ignoring full/half width, spaces and quote styles."""
    text = unicodedata.normalize("NFKC", text).translate(QUOTES)
    return re.sub(r"\s+", "", text)


@dataclass(frozen=True)
class Mention:
    text: str
    policy_id: str


@dataclass(frozen=True)
class Resolved:
    selection: Selection
    citations: dict  # reply id -> tuple of policy ids
    mentions: dict  # reply id -> tuple of Mention in body order
    backlinks: dict  # policy id -> tuple of replies, newest first
    related: dict  # reply id -> tuple of (reason, reply)
    problems: tuple[Problem, ...]


def policy_lookup(policies: tuple[Policy, ...]) -> tuple[dict, dict]:
    by_title: dict[str, str] = {}
    by_number: dict[tuple, list] = defaultdict(list)
    for policy in policies:
        for title in (policy.title, *policy.aliases):
            by_title[normalise_title(title)] = policy.id
        number = conventions.parse_doc_number(policy.doc_number) if policy.doc_number else None
        if number:
            by_number[(number.year, number.sequence)].append((number.prefix, policy.id))
    return by_title, by_number


def match_doc_number(number, by_number: dict) -> tuple[str, int] | None:
    """A 文号 found in running text may carry preceding words (依据湘宣发…), so the
    policy's 机关代字 is matched as a suffix of what precedes the brackets.
    Returns the policy id and how many leading characters are not part of the 文号."""
    for prefix, policy_id in by_number.get((number.year, number.sequence), ()):
        if number.prefix.endswith(prefix):
            return policy_id, len(number.prefix) - len(prefix)
    return None


def match_title(text: str, by_title: dict) -> str | None:
    key = normalise_title(text)
    if key in by_title:
        return by_title[key]
    inner = INNER_TITLE.search(text)
    if inner:
        return by_title.get(normalise_title(inner.group(1)))
    return None


def is_proposal_mention(reply: Reply, text: str) -> bool:
    key = normalise_title(text)
    if reply.proposal_title and key == normalise_title(reply.proposal_title):
        return True
    return key.endswith(PROPOSAL_ENDINGS)


def find_citations(reply: Reply, by_title: dict, by_number: dict, problems: list[Problem]):
    found: list[tuple[int, Mention]] = []
    for match in MENTION.finditer(reply.body):
        policy_id = match_title(match.group(1), by_title)
        if policy_id:
            found.append((match.start(), Mention(match.group(0), policy_id)))
        elif not is_proposal_mention(reply, match.group(1)):
            line = reply.source.body_line + reply.body.count("\n", 0, match.start())
            problems.append(warning(reply.source.path, line, "policies",
                                    f"正文引用的{match.group(0)}没有对应的政策文件（missing policies），"
                                    "可在 content/policies/ 中补充"))
    for start, written, number in conventions.find_doc_numbers(reply.body):
        matched = match_doc_number(number, by_number)
        if matched:
            policy_id, skip = matched
            found.append((start + skip, Mention(written[skip:], policy_id)))
    mentions = tuple(mention for _, mention in sorted(found, key=lambda item: item[0]))
    cited = (*reply.policies, *(mention.policy_id for mention in mentions))
    return tuple(dict.fromkeys(cited)), mentions


def citations_of(reply: Reply, by_title: dict, by_number: dict) -> tuple[tuple, tuple, tuple]:
    """``find_citations`` with its problems; memoised by the reply's digest, which covers the policies."""
    found: list[Problem] = []
    cited, mentions = find_citations(reply, by_title, by_number, found)
    return cited, mentions, tuple(found)


def link_target_url(reply: Reply, target: str) -> str | None:
    """The site URL a body link points to, resolved like MkDocs resolves it."""
    path = urlsplit(target).path
    if not path:
        return None
    base = f"/replies/{reply.year}/" if path.endswith(".md") else f"/{reply.url}"
    resolved = posixpath.normpath(posixpath.join(base, path))
    match = REPLY_URL.search(resolved)
    return f"replies/{match.group(1)}/{match.group(2)}/" if match else None


def link_targets(reply: Reply) -> tuple[tuple[str, int], ...]:
    """(URL, line) of each link in the body."""
    return tuple((link_target_url(reply, match.group(1) or match.group(2)),
                  reply.source.body_line + reply.body.count("\n", 0, match.start()))
                 for match in LINK_TARGET.finditer(reply.body))


def check_links_to_withheld(reply: Reply, withheld: dict, problems: list[Problem], memo: Memo | None = None):
    for url, line in memoised(memo, "link targets", reply.source.digest, lambda: link_targets(reply)):
        if url in withheld:
            problems.append(error(reply.source.path, line, "body",
                                  f"公开答复链接到未公开的答复 /{url}（{withheld[url]}），请删除该链接"))


def proposal_key(reply: Reply):
    if not reply.item_no or reply.session is None:
        return None
    parsed = conventions.parse_session(reply.session.text)
    session = (parsed.body, parsed.term, parsed.meeting) if parsed else reply.session.text
    return (session, reply.item_no.lstrip("0"))


def find_related(listed: tuple[Reply, ...], citations: dict) -> dict:
    """Same proposal first, then nearest replies sharing a topic or policy.

    Each shared topic or policy contributes only its few neighbours in date
    order, so the work per reply is bounded whatever the archive size.
    """
    by_proposal: dict = defaultdict(list)
    postings: dict = defaultdict(list)
    for reply in listed:
        key = proposal_key(reply)
        if key:
            by_proposal[key].append(reply)
        for topic in reply.topics:
            postings[("topic", topic)].append(reply)
        for policy_id in citations.get(reply.id, ()):
            postings[("policy", policy_id)].append(reply)
    position = {key: {r.id: i for i, r in enumerate(group)} for key, group in postings.items()}
    related = {}
    for reply in listed:
        chosen: dict[str, tuple[str, Reply]] = {}
        key = proposal_key(reply)
        for other in by_proposal.get(key, ()) if key else ():
            if other.id != reply.id:
                chosen[other.id] = ("同一建议提案", other)
        scores: dict[str, list] = {}
        keys = [("topic", t) for t in reply.topics] + [("policy", p) for p in citations.get(reply.id, ())]
        for posting_key in keys:
            group = postings[posting_key]
            here = position[posting_key][reply.id]
            for other in group[max(0, here - NEIGHBOURS): here + NEIGHBOURS + 1]:
                if other.id == reply.id or other.id in chosen:
                    continue
                entry = scores.setdefault(other.id, [0, abs(position[posting_key][other.id] - here), other])
                entry[0] += 1
        reason = "相关主题或政策"
        for _, _, other in sorted(scores.values(), key=lambda e: (-e[0], e[1], e[2].id)):
            if len(chosen) >= RELATED_LIMIT:
                break
            chosen[other.id] = (reason, other)
        related[reply.id] = tuple(chosen.values())
    return related


def related_replies(listed: tuple[Reply, ...], citations: dict, memo: Memo | None) -> dict:
    """:func:`find_related`, memoised as a whole under what it reads of each reply, in order.

    Why: it reads every listed reply (1 s at 10,000 replies) and an edit of
    a body, a date-neutral field or a title (most edits) leaves its
    arguments as they were.  The memo keeps reply ids; they are mapped back
    to this build's replies.
    """
    if memo is None or not all(reply.source.digest for reply in listed):
        return find_related(listed, citations)
    features = (memoised(memo, "related features", reply.source.digest,
                         lambda: repr((reply.id, proposal_key(reply), reply.topics, citations[reply.id])))
                for reply in listed)
    by_id = {reply.id: reply for reply in listed}
    chosen = memo.get("related", digest(*features), lambda: {
        reply_id: tuple((reason, other.id) for reason, other in others)
        for reply_id, others in find_related(listed, citations).items()})
    return {reply_id: tuple((reason, by_id[other]) for reason, other in others) for reply_id, others in chosen.items()}


def resolve(selection: Selection, memo: Memo | None = None) -> Resolved:
    problems: list[Problem] = []
    by_title, by_number = policy_lookup(selection.policies)
    citations, mentions = {}, {}
    for reply in selection.published:
        citations[reply.id], mentions[reply.id], found = memoised(
            memo, "citations", reply.source.digest, lambda: citations_of(reply, by_title, by_number))
        problems += found
        check_links_to_withheld(reply, selection.withheld_urls, problems, memo)
    backlinks: dict = defaultdict(list)
    for reply in selection.listed:
        for policy_id in citations[reply.id]:
            backlinks[policy_id].append(reply)
    related = related_replies(selection.listed, citations, memo)
    return Resolved(selection, citations, mentions, {k: tuple(v) for k, v in backlinks.items()},
                    related, tuple(problems))
