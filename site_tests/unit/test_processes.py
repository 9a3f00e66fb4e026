"""Child Pythons of the build: the same package, and never left running behind it."""

from __future__ import annotations

import threading
from pathlib import Path

import generator
from generator.processes import start_child


def test_a_child_imports_this_package_not_one_in_its_working_directory(tmp_path, monkeypatch):
    (tmp_path / "generator").mkdir()
    (tmp_path / "generator" / "__init__.py").write_text("raise ImportError('the wrong package')\n")
    monkeypatch.chdir(tmp_path)
    child = start_child("import generator, sys; sys.stdout.write(generator.__file__)")
    out, _ = child.communicate()
    assert child.returncode == 0
    assert Path(out.decode()) == Path(generator.__file__)


def test_a_child_ends_with_the_thread_that_started_it():
    children = []
    ready = threading.Event()

    def starter():
        children.append(start_child("import sys, time; sys.stdout.write('up\\n'); sys.stdout.flush(); time.sleep(60)"))
        children[0].stdout.readline()  # running, its parent-death signal set
        ready.set()

    thread = threading.Thread(target=starter)
    thread.start()
    thread.join()
    assert ready.is_set()
    assert children[0].wait(timeout=10) == -15  # SIGTERM, not the minute's sleep
