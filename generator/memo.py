"""Results of per-record steps kept from one build to the next.

Why: at 10,000 replies parsing, validating, rendering and cutting every
record into search words is ~30 s, and an edit changes one record.  Each
memoised step is a pure function, and its key is a digest of all of its
arguments; a record stands in a key for its ``digest`` (its file's path and
bytes, plus every other content file its validation reads: site.yml, the
portal fragments, the policies, the media listing; the check of dates
against today runs outside the memo).  A key part that is
empty (a record not read from a file, as in tests) means: compute, keep
nothing.

A build asks for what it needs; what it asked for is ``kept`` and is the
next build's ``previous`` (so nothing is kept for records that are gone).
The build cache stores it between builds (incremental.py), ``mkdocs serve``
between rebuilds (mkdocs_hooks.py).  The code that computes the values is
not in the keys: a different generator version means a clean build.
"""

from __future__ import annotations

import hashlib
import os
import time


def digest(*parts: str) -> str:
    """A digest of ``parts`` (strings), each one delimited."""
    # One join, one call: a build asks for ~100,000 digests.
    return hashlib.blake2b("\0\1".join((*parts, "")).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class Memo:
    def __init__(self, previous: dict | None = None, texts: dict | None = None):
        self._previous = previous or {}
        self.kept: dict = {}
        self.hits = self.misses = 0
        self._recording: list[list] = []  # the entries asked for while computing a whole (get_whole)
        # Path -> (text, file status) of what write_output left on disk, for the next build of
        # this process (never stored: an identical object is known to be the same text).
        self.texts: dict = texts if texts is not None else {}

    def get(self, step: str, key: str, compute):
        """``compute()``, or what it returned in the previous build for the same ``step`` and ``key``.

        ``compute`` may be None for an entry that ``known`` said is there.
        """
        if not key:
            return compute()
        entry = (step, key)
        for parts in self._recording:
            parts.append(entry)
        if entry in self.kept:
            return self.kept[entry]
        if entry in self._previous:
            value = self._previous[entry]
            self.hits += 1
        else:
            value = compute()
            self.misses += 1
        self.kept[entry] = value
        return value

    def get_whole(self, step: str, key: str, compute):
        """``get`` for a value made of other memoised values (a whole set of pages).

        On a hit, the entries its computation asked for are kept as well:
        they are what the next miss is made of (pages of which one changed).
        """
        if not key:
            return compute()
        entry = (step, key)
        if entry not in self.kept and entry in self._previous:
            for part in self._previous[entry][1]:
                if part not in self.kept and part in self._previous:
                    self.kept[part] = self._previous[part]
        self._recording.append([])
        try:
            value, _ = self.get(step, key, lambda: (compute(), tuple(self._recording[-1])))
        finally:
            self._recording.pop()
        return value

    def put(self, step: str, key: str, value) -> None:
        """Keep ``value`` for the next build (what a step found out rather than computed)."""
        if key:
            self.kept[(step, key)] = value

    def known(self, step: str, key: str) -> bool:
        return bool(key) and ((step, key) in self.kept or (step, key) in self._previous)

    def done(self) -> None:
        """The build asked for all it needs: what it did not ask for is let go (memory)."""
        self._previous = {}


def memoised(memo: Memo | None, step: str, key: str, compute):
    return compute() if memo is None else memo.get(step, key, compute)


def file_status(status: os.stat_result) -> tuple[int, int, int, int]:
    """What tells that a file was not written since: size, modification and change times, inode."""
    return status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino


# A file changed this recently may be written again within the same clock tick, its status
# unchanged: such a status is not remembered ("racily clean" in git's words).
SETTLED_S = 2


def settled(status: os.stat_result) -> bool:
    return time.time_ns() - max(status.st_mtime_ns, status.st_ctime_ns) > SETTLED_S * 1_000_000_000
