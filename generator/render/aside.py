"""Run pure rendering steps in forked workers, on the other cores.

Why this exists: at 10,000 replies the search data (the lean index, the
Pagefind records cut into words with their keyword lists) costs about 8
CPU-seconds, twice rendering all the pages, and needs nothing the page
renderers or MkDocs produce.  A forked child inherits the resolved records
without copying or pickling them, computes its step while this process
renders the pages and MkDocs builds them, and sends back the result
(pickled through a pipe).  The result is the very
value the step returns in-process: if fork is unavailable, the process has
other threads (``mkdocs serve``), there is one CPU, the archive is small, or
a worker fails for any reason, the step simply runs here instead.

``GENERATOR_PARALLEL=0`` turns the workers off.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading

MIN_ITEMS = 200  # below this, forking costs more than it saves
MAX_WORKERS = 8


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def workers(items: int, spare: int = 0) -> int:
    """How many forked workers to use for ``items`` records, leaving ``spare`` CPUs to this
    process: 0 means compute everything here."""
    if not hasattr(os, "fork") or os.environ.get("GENERATOR_PARALLEL", "1") == "0" or items < MIN_ITEMS:
        return 0
    if threading.active_count() != 1:  # forking a threaded process can deadlock the child
        return 0
    cpus = _usable_cpus()
    return max(0, min(cpus - spare, MAX_WORKERS)) if cpus >= 2 else 0


def split(items: tuple, parts: int) -> list[tuple]:
    """``items`` cut into ``parts`` contiguous runs of nearly equal length, in order."""
    size, extra = divmod(len(items), parts)
    runs, start = [], 0
    for index in range(parts):
        end = start + size + (index < extra)
        runs.append(items[start:end])
        start = end
    return runs


class Aside:
    """``Aside(step, *args).result()`` == ``step(*args)``, computed in a forked worker.

    Use it as a context manager so a worker whose result is never asked for
    (an exception in between) is stopped.
    """

    def __init__(self, step, *args):
        self.step, self.args = step, args
        self.pid = self.fd = None
        self.cancelled = False
        self._lock = threading.Lock()  # the reader (maybe another thread) and cancel() share pid and fd
        self._reading = False
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the worker: compute, send, and leave without running any cleanup of the parent
            status = 0
            try:
                os.close(read)
                with os.fdopen(write, "wb") as pipe:
                    pickle.dump(self.step(*self.args), pipe, protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:
                status = 1
            finally:
                os._exit(status)
        os.close(write)
        self.pid, self.fd = pid, read

    def __enter__(self) -> "Aside":
        return self

    def __exit__(self, *exc) -> None:
        self.cancel()

    def cancel(self) -> None:
        """Stop the worker.  A reader blocked in result() finishes the cleanup and raises."""
        with self._lock:
            self.cancelled = True
            if self.pid is None:
                return
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
            if not self._reading:
                os.close(self.fd)
                _reap(self.pid)
                self.pid = self.fd = None

    def result(self):
        with self._lock:
            if self.pid is None:
                if self.cancelled:
                    raise RuntimeError("worker cancelled")
                return self.step(*self.args)
            self._reading = True
        value, ok = None, False
        try:
            with os.fdopen(self.fd, "rb") as pipe:
                value = pickle.load(pipe)
                ok = True
        except Exception:  # the worker died or failed: compute here
            pass
        finally:
            with self._lock:
                status = _reap(self.pid)
                self.pid = self.fd = None
                self._reading = False
        if not ok or status != 0:
            if self.cancelled:
                raise RuntimeError("worker cancelled")
            return self.step(*self.args)
        return value


def _reap(pid: int) -> int:
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return -1


def stop_all(jobs: list) -> None:
    """Stop workers whose results were never asked for (a failed build)."""
    for job in jobs:
        try:
            job.cancel()
        except OSError:
            pass


class InProcess:
    """A step computed in this process when its result is first asked for (no worker to wait for)."""

    def __init__(self, step, *args):
        self.step, self.args = step, args

    def result(self):
        return self.step(*self.args)

    def cancel(self) -> None:
        pass
