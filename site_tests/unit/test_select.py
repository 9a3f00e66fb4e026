"""Stage 3: the disclosure gate.  Only 主动公开 records go further."""

from __future__ import annotations

import datetime as dt

from helpers import make_reply, make_site

from generator.schema import Disclosure, Status, Withdrawal
from generator.select import newest_first, select
from generator.validate import ValidatedContent


def selection_of(*replies):
    return select(ValidatedContent(make_site(), (), tuple(replies), ()))


def test_only_public_records_pass_the_gate():
    public = make_reply("zx-1")
    on_request = make_reply("zx-2", disclosure=Disclosure.ON_REQUEST)
    withheld = make_reply("zx-3", disclosure=Disclosure.WITHHELD)
    undecided = make_reply("zx-4", disclosure=None)
    selection = selection_of(public, on_request, withheld, undecided)
    assert [r.id for r in selection.published] == ["zx-1"]
    assert [r.id for r in selection.listed] == ["zx-1"]
    assert selection.withheld_urls == {
        "replies/2025/zx-2/": "content/replies/2025/zx-2.md",
        "replies/2025/zx-3/": "content/replies/2025/zx-3.md",
        "replies/2025/zx-4/": "content/replies/2025/zx-4.md",
    }


def test_old_addresses_of_withheld_records_are_withheld_too():
    hidden = make_reply("zx-2", disclosure=Disclosure.ON_REQUEST, aliases=("2024/zx-old",))
    assert selection_of(hidden).withheld_urls == {"replies/2025/zx-2/": "content/replies/2025/zx-2.md",
                                                  "replies/2024/zx-old/": "content/replies/2025/zx-2.md"}


def test_a_withdrawn_public_reply_keeps_its_page_but_leaves_listings():
    withdrawn = make_reply("zx-1", status=Status.WITHDRAWN, withdrawal=Withdrawal(dt.date(2025, 7, 1), "重新答复"))
    current = make_reply("zx-2")
    selection = selection_of(withdrawn, current)
    assert sorted(r.id for r in selection.published) == ["zx-1", "zx-2"]
    assert [r.id for r in selection.listed] == ["zx-2"]
    assert selection.withheld_urls == {}


def test_a_withdrawn_record_that_was_never_public_stays_withheld():
    hidden = make_reply("zx-1", disclosure=Disclosure.WITHHELD, status=Status.WITHDRAWN,
                        withdrawal=Withdrawal(dt.date(2025, 7, 1), "重新答复"))
    selection = selection_of(hidden)
    assert (selection.published, selection.listed) == ((), ())
    assert list(selection.withheld_urls) == ["replies/2025/zx-1/"]


def test_published_replies_are_newest_first_then_by_year_and_id():
    older = make_reply("zx-1", written_date=dt.date(2025, 3, 1))
    newer = make_reply("zx-2", written_date=dt.date(2025, 3, 1), published_date=dt.date(2025, 6, 1))
    same_day = make_reply("zx-0", written_date=dt.date(2025, 3, 1))
    last_year = make_reply("zx-9", year=2024, written_date=dt.date(2025, 3, 1))
    selection = selection_of(older, newer, same_day, last_year)
    assert [(r.year, r.id) for r in selection.published] == [(2025, "zx-2"), (2025, "zx-0"), (2025, "zx-1"), (2024, "zx-9")]
    assert newest_first(older) < newest_first(last_year)
