"""Full-text index with Pagefind, fed records directly (no HTML parsing).

Runs in a background thread while MkDocs renders pages: the Pagefind binary
is a separate process, so indexing uses the second core and overlaps the
page build instead of following it.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path


async def _index(records, output: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(force_language="zh", output_path=str(output))
    async with PagefindIndex(config=config) as index:
        for record in records:
            await index.add_custom_record(**record)


class FulltextIndexer:
    def __init__(self, records, output: Path):
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(list(records), Path(output)), daemon=True)

    def _run(self, records, output):
        try:
            asyncio.run(_index(records, output))
        except BaseException as exc:  # reported by wait()
            self.error = exc

    def start(self) -> "FulltextIndexer":
        self._thread.start()
        return self

    def wait(self) -> None:
        self._thread.join()
        if self.error:
            raise self.error
