"""Full-text index with Pagefind, fed records directly (no HTML parsing).

Runs while MkDocs renders pages: a thread of the build waits for the
records and hands them to a child Python that feeds the Pagefind binary
(FulltextIndexer), so indexing uses the second core and overlaps the page
build instead of following it.

The records come in bundles (search_data.fulltext_bundles), each indexed by
its own Pagefind process, one after another, so memory is bounded by one
bundle.  The first bundle is the primary index at ``pagefind/``; bundle k is
at ``pagefind/part<k>/`` and fulltext-search.js merges it with mergeIndex.
"""

from __future__ import annotations

import asyncio
import base64
import errno
import fnmatch
import hashlib
import json
import os
import pickle
import shutil
import sys
import threading
import traceback
from pathlib import Path

from .processes import lower_priority, start_child
from .write import canonical_pagefind


def _service_class():
    from pagefind.service import PagefindService

    class Service(PagefindService):
        """PagefindService whose reader does not nap between responses.

        Why: the stock reader sleeps 0.1 s before reading each response, and
        every record is one request/response, so N records cost N × 0.1 s
        of idle wall time (100 s at 1,000 replies, 17 min at 10,000).  This
        reader handles responses the same way, as soon as they arrive.
        """

        async def _wait_for_responses(self) -> None:
            try:
                while True:
                    output = await self._backend.stdout.readuntil(b",")
                    response = json.loads(base64.b64decode(output[:-1]))
                    if response is None:
                        continue
                    message_id = response.get("message_id")
                    if message_id is None and (original := response["payload"].get("original_message")):
                        message_id = (json.loads(original) or {}).get("message_id")
                    future = self._responses.get(message_id)
                    if future is None or future.done():
                        continue
                    payload = response["payload"]
                    if payload["type"] == "Error":
                        future.set_exception(Exception(payload["message"], payload.get("original_message")))
                    else:
                        future.set_result(payload)
            except asyncio.CancelledError:
                raise
            except BaseException as exc:  # the binary died: fail the waiting requests instead of hanging
                for future in self._responses.values():
                    if not future.done():
                        future.set_exception(exc)

    return Service


WINDOW = 64


async def _index(records, output: Path) -> None:
    from pagefind.index import IndexConfig

    config = IndexConfig(force_language="zh", output_path=str(output))
    # Same requests as ``async with PagefindIndex(config=config)`` (new index, one
    # record each, write files, close) but over the service above.
    service = await _service_class()().launch()
    try:
        index = await service.create_index(config)
        # Up to WINDOW records in flight, sent in order: waiting for each answer before
        # sending the next left Pagefind idle while this thread waited for the GIL,
        # which MkDocs holds while it renders pages (Pagefind took 1.4× as long in the
        # build as alone at 10,000 replies).  Pagefind answers in order; same index.
        window = asyncio.Semaphore(WINDOW)
        pending = []
        for record in records:
            await window.acquire()
            task = asyncio.ensure_future(index.add_custom_record(**record))
            task.add_done_callback(lambda _: window.release())
            pending.append(task)
        await asyncio.gather(*pending)
        await index.write_files()
        await _written(output)
    finally:
        await service.close()


WRITE_WAIT_S = 60


async def _written(output: Path) -> None:
    """Wait until Pagefind's entry file and the metadata it names are on disk.

    Why: the service answers write_files while the binary may still be
    writing, and close() terminates the binary; once, under load, a bundle
    was left with an empty pagefind-entry.json (and so was not made
    byte-stable).  Seen only under load, so this waits rather than sleeps.
    """
    entry = output / "pagefind-entry.json"
    for _ in range(int(WRITE_WAIT_S / 0.05)):
        try:
            languages = json.loads(entry.read_text(encoding="utf-8"))["languages"]
            scripts = [output / name for name in ("pagefind.js", "pagefind-worker.js")] + list(output.glob("wasm.*.pagefind"))
            if all((output / f"pagefind.{info['hash']}.pf_meta").stat().st_size for info in languages.values()) \
                    and all(path.stat().st_size for path in scripts):
                return
        except (OSError, ValueError, KeyError, TypeError):
            pass
        await asyncio.sleep(0.05)
    raise RuntimeError(f"全文索引没有写完：{entry}")


# What the browser loads from a merged bundle: mergeIndex uses the primary
# bundle's script and WebAssembly, so a bundle's own copies are left out.
MERGED_BUNDLE_FILES = ("pagefind-entry.json", "*.pf_meta", "index", "fragment", "filter")


def bundle_dir(output: Path, number: int) -> Path:
    return output if number == 1 else output / f"part{number}"


# Pagefind's own search UIs (pagefind-ui, -modular-ui, -component-ui, -highlight): the site has its own.
PRIMARY_BUNDLE_FILES = (*MERGED_BUNDLE_FILES, "pagefind.js", "pagefind-worker.js", "wasm.*.pagefind", "part*")


def _prune_bundle(bundle: Path, patterns) -> None:
    # Name by name: cached bundles may be appearing in part*/ meanwhile (_index_bundles).
    for path in bundle.iterdir():
        if not any(fnmatch.fnmatch(path.name, pattern) for pattern in patterns):
            shutil.rmtree(path) if path.is_dir() else path.unlink()


def bundle_key(number: int, records, records_key: str = "") -> str:
    """What a bundle's files are made of: Pagefind's version, the bundle's place and its records.

    ``records_key``: a digest that stands for the records (search data's,
    from the records' memo keys), so 2,000 records need not be serialised
    to find their bundle in the cache.
    """
    from importlib import metadata

    digest = hashlib.sha256(f"{metadata.version('pagefind')}\0{number}\0{records_key}\0".encode())
    if not records_key:
        for record in records:
            digest.update(json.dumps(record, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def bundle_plan(bundles, cache: Path | None, keys=None) -> list[tuple[int, str, bool]]:
    """(number, cache key, found in the cache) of each bundle; ``keys`` as for bundle_key."""
    keys = keys or [""] * len(bundles)
    plan = []
    for number, (records, records_key) in enumerate(zip(bundles, keys), start=1):
        key = bundle_key(number, records, records_key) if cache else ""
        plan.append((number, key, bool(cache) and (cache / key / "pagefind-entry.json").is_file()))
    return plan


async def _index_bundles(plan, records_of, output: Path, cache: Path | None = None) -> None:
    """Index every bundle of ``plan`` (bundle_plan); one found in the cache is copied from it.

    Why a cache: Pagefind indexes a whole bundle at once (no incremental
    update), and an edit changes the records of one bundle; its output
    for the same records is byte-identical (canonical_pagefind), so a
    cached copy is exactly what indexing again would write.  Pagefind
    starts at once on the bundles it must index (what the build waits for)
    while the cached ones are copied.  ``records_of()`` gives the records
    of the next bundle to index, in the order of the plan.
    """
    # Copied meanwhile, on a thread (file system calls): Pagefind never clears its output
    # directory, and a bundle's files are its own (the primary's are beside part2/, part3/ …).
    output.mkdir(parents=True, exist_ok=True)
    copying = asyncio.get_running_loop().run_in_executor(None, _copy_cached, [
        (cache / key, bundle_dir(output, number)) for number, key, cached in plan if cached])
    for number, key, cached in plan:
        if cached:
            continue
        bundle = bundle_dir(output, number)
        await _index(records_of(), bundle)  # a fresh Pagefind process per bundle
        _prune_bundle(bundle, MERGED_BUNDLE_FILES if number > 1 else PRIMARY_BUNDLE_FILES)
        # Pagefind 1.5 writes filter values in hash-map order; sorted here, so builds are
        # byte-identical.
        canonical_pagefind(bundle)
        if cache:  # complete or absent: filled beside it, then renamed into place
            kept, filling = cache / key, cache / f".{key}.filling"
            shutil.rmtree(filling, ignore_errors=True)
            shutil.copytree(bundle, filling, ignore=shutil.ignore_patterns("part*"), copy_function=_link_or_copy)
            if kept.exists():
                os.rename(kept, cache / f".{key}.old")
                shutil.rmtree(cache / f".{key}.old", ignore_errors=True)
            os.rename(filling, kept)
    await copying
    used = {key for _, key, _ in plan}
    if cache and cache.is_dir():  # only the bundles of this build stay (and no half-filled one)
        for old in cache.iterdir():
            if old.name not in used:
                shutil.rmtree(old, ignore_errors=True)


def index_bundles(bundles, output: Path, cache: Path | None = None, keys=None) -> None:
    """Index ``bundles`` into ``output`` here, in this process (see FulltextIndexer for a build)."""
    plan = bundle_plan(bundles, cache, keys)
    todo = iter([records for (_, _, cached), records in zip(plan, bundles) if not cached])
    asyncio.run(_index_bundles(plan, lambda: next(todo), Path(output), cache))


def _copy_cached(copies) -> None:
    for kept, bundle in copies:
        shutil.copytree(kept, bundle, dirs_exist_ok=True, copy_function=_link_or_copy)


def _link_or_copy(source: str, target: str) -> None:
    """Bundle files are shared by hard links between the cache and the site.

    Why safe: nobody writes into them; a bundle is replaced whole (a new
    Pagefind output), and a site is replaced whole.  Why: at 10,000 replies
    the bundles are 10,000 files, copied at every build before.
    """
    try:
        os.link(source, target)
    except OSError as exc:  # another file system, or no hard links; never over an existing file
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
        shutil.copy2(source, target)


INDEXING = threading.Lock()


class FulltextIndexer:
    """Indexes the bundles of ``bundles()`` (called in the indexer's thread: the bundles and a key
    standing for the records of each, see bundle_key) into ``output``, in a process of its own.

    Why a process: feeding Pagefind is Python work (JSON and base64 for
    each record, one request and answer each), and so are the bundles made
    reproducible and linked into the cache.  On a thread of the build it
    competed for the interpreter (the GIL) with MkDocs rendering pages: at
    10,000 replies Pagefind sat idle for 6–8 s between bundles, and the
    build took longer with it than without it by more than Pagefind's own
    time.  This thread only waits for the bundles and hands them over.
    """

    def __init__(self, bundles, output: Path, cache: str | None = None, background: bool = False):
        self.error: BaseException | None = None
        self._background = background
        self._thread = threading.Thread(target=self._run, args=(bundles, Path(output), cache and Path(cache)),
                                        daemon=True)

    def _run(self, bundles, output, cache):
        if self._background:
            # The preview's pages come first: this thread and the processes it starts (they
            # inherit its priority) yield the cores to the next rebuild.
            lower_priority()
        try:
            # One at a time: the preview may start a build's indexer while the last one still
            # runs, and both would prune and refill the same bundle cache.
            with INDEXING:
                records, keys = bundles()
                _index_in_child(records, keys, output, cache)
        except BaseException as exc:  # reported by wait()
            self.error = exc

    def start(self) -> "FulltextIndexer":
        self._thread.start()
        return self

    def wait(self) -> None:
        self._thread.join()
        if self.error:
            raise self.error


INDEXER_CHILD = "from generator.fulltext import index_from_parent; index_from_parent()"


def _index_in_child(bundles, keys, output: Path, cache: Path | None) -> None:
    """index_bundles in a child Python: the plan first, then the records of each bundle it must
    index, one pickle each, so it holds one bundle at a time; a failure comes back pickled."""
    plan = bundle_plan(bundles, cache, keys)
    child = start_child(INDEXER_CHILD)
    try:
        try:
            pickle.dump((plan, str(output), cache and str(cache)), child.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            for (_, _, cached), records in zip(plan, bundles):
                if not cached:
                    pickle.dump(records, child.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            child.stdin.close()
        except BrokenPipeError:  # it stopped early: its answer says why
            pass
        answer = child.stdout.read()
    except BaseException:  # nothing waits for it any more
        child.kill()
        raise
    finally:
        try:
            child.stdin.close()
        except BrokenPipeError:
            pass
        child.wait()
    if child.returncode != 0:
        try:
            error = pickle.loads(answer)
        except Exception:  # noqa: BLE001 - it died before it could answer
            error = None
        raise error if isinstance(error, BaseException) else RuntimeError(f"全文索引进程异常退出（{child.returncode}）")


ANSWER_LIMIT = 16 * 1024  # below a pipe's buffer: the parent reads the answer only after writing


def index_from_parent() -> None:
    """The child's side of _index_in_child."""
    source, answer = sys.stdin.buffer, sys.stdout.buffer
    try:
        plan, output, cache = pickle.load(source)
        asyncio.run(_index_bundles(plan, lambda: pickle.load(source), Path(output), cache and Path(cache)))
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the build
        where = traceback.format_exc(limit=-8)
        try:
            exc.add_note(where)
            data = pickle.dumps(exc)
            pickle.loads(data)  # an exception whose class cannot be made again from its arguments
        except Exception:  # noqa: BLE001
            data = b""
        if not data or len(data) > ANSWER_LIMIT:
            data = pickle.dumps(RuntimeError(f"{exc!r}"[:2000] + "\n" + where[-4000:]))
        answer.write(data)
        answer.flush()
        os._exit(1)
