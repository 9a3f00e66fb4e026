"""Work done beside the build: child Pythons of this package, and lower priorities.

Why child processes: the build's own process renders pages with MkDocs and
holds the interpreter (the GIL) nearly all the time.  Work that is mostly
waiting on C code or on files (feeding Pagefind, writing the compressed
copies) still takes the GIL back for every call; on a thread each of those
takes its turn behind MkDocs (up to sys.getswitchinterval(), 5 ms, a turn).
A child has an interpreter of its own and uses the other core fully.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)


def start_child(call: str) -> subprocess.Popen:
    """A child Python running ``call`` (Python code importing this package), with pipes to its
    standard input and output; its standard error is this process's."""
    path = os.pathsep.join(filter(None, [PACKAGE_ROOT, os.environ.get("PYTHONPATH")]))
    return subprocess.Popen([sys.executable, "-c", call], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": path})


BACKGROUND_NICENESS = 10


def lower_priority() -> None:
    """The calling thread, and the processes it starts, yield the cores to the others.

    For work nobody waits for (the preview's full-text index after its
    pages).  Linux sets one thread's priority by its thread id.
    """
    if sys.platform.startswith("linux"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICENESS)
        except OSError:
            pass
