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
import signal
import subprocess
import sys
import threading
from pathlib import Path

PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)
PR_SET_PDEATHSIG = 1


def start_child(call: str) -> subprocess.Popen:
    """A child Python running ``call`` (Python code importing this package), with pipes to its
    standard input and output; its standard error is this process's.

    It imports this very package (not one in its working directory: ``-P``), and it is ended
    when the thread that started it ends (a build that stops or is killed leaves no child
    feeding Pagefind or filling the cache behind it).
    """
    prelude = (f"import sys; sys.path.insert(0, {PACKAGE_ROOT!r}) if {PACKAGE_ROOT!r} not in sys.path else None; "
               f"from generator.processes import end_with_parent; end_with_parent({os.getpid()}); ")
    return subprocess.Popen([sys.executable, "-P", "-c", prelude + call], stdin=subprocess.PIPE, stdout=subprocess.PIPE)


def end_with_parent(parent: int) -> None:
    """In a child: SIGTERM when the thread that started it ends (Linux), or now if it has already."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)


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
