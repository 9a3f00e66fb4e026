"""Where a build's time goes: ``python benchmarks/profile_build.py N [--cprofile FILE]``.

Builds ``benchmarks/work/N/content`` from scratch (``--clean``; run ``make bench`` or
``python -m generator synth`` first) with ``python -m generator build`` in
this process, and prints wall time per phase: the generator stages (inside
MkDocs' ``on_config``), Markdown conversion, page templates, and the
``on_post_build`` wait for Pagefind.  Pagefind's own busy time is read from
its process.  ``--cprofile FILE`` also writes a cProfile of the whole build
(open with ``python -m pstats FILE``); cProfile slows Python ~2×, not Pagefind.
"""

from __future__ import annotations

import argparse
import atexit
import collections
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SPENT: collections.Counter = collections.Counter()
MARKS: dict = {}
T0 = time.perf_counter()


def timed(owner, name: str, key: str | None = None) -> None:
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            SPENT[key or name] += time.perf_counter() - start

    setattr(owner, name, wrapper)


def instrument() -> None:
    import jinja2
    import mkdocs.commands.build as build
    import mkdocs.plugins as plugins
    import mkdocs.structure.pages as pages

    import generator.fulltext as fulltext
    import generator.pipeline as pipeline
    import generator.render as render

    for name in ("load_content", "validate", "select", "resolve", "render_site", "write_output"):
        timed(pipeline, name, f"generator: {name}")
    timed(render, "render_files", "generator:   render_files (pages, listings, data)")
    import generator.cli as cli
    import generator.incremental as incremental
    import generator.write as write

    timed(incremental.BuildCache, "memo", "cache: memo load")
    timed(incremental.BuildCache, "remember", "cache: memo save")
    timed(incremental, "prune", "cache: prune")
    timed(cli, "precompress", "post-build: precompress pass")
    timed(incremental, "sweep", "cache: sweep leftovers")
    timed(incremental, "build_key", "cache: build key")
    timed(build, "build", "mkdocs: build()")
    import mkdocs.config

    timed(mkdocs.config, "load_config", "mkdocs: load_config")
    timed(write.Compressor, "finish", "post-build: wait for the compressor")
    timed(build, "_populate_page", "mkdocs: read + Markdown (_populate_page)")
    timed(pages.Page, "render", "mkdocs:   Markdown → HTML (Page.render)")
    timed(build, "_build_page", "mkdocs: template + write (_build_page)")
    timed(jinja2.Template, "render", "mkdocs:   Jinja templates")
    run_event = plugins.PluginCollection.run_event

    def event(self, name, item=None, **kwargs):
        start = time.perf_counter()
        try:
            return run_event(self, name, item, **kwargs)
        finally:
            SPENT[f"event: on_{name}"] += time.perf_counter() - start

    plugins.PluginCollection.run_event = event
    start_indexer = fulltext.FulltextIndexer.start
    wait_indexer = fulltext.FulltextIndexer.wait

    def start(self):
        MARKS["pagefind start"] = time.perf_counter() - T0
        return start_indexer(self)

    def wait(self):
        MARKS["pagefind wait from"] = time.perf_counter() - T0
        try:
            return wait_indexer(self)
        finally:
            MARKS["pagefind done"] = time.perf_counter() - T0

    fulltext.FulltextIndexer.start = start
    fulltext.FulltextIndexer.wait = wait


def pagefind_cpu() -> float | None:
    """CPU seconds of finished child processes (the Pagefind binary)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def report() -> None:
    total = time.perf_counter() - T0
    print(f"\nwall {total:.2f} s", file=sys.stderr)
    for key, value in SPENT.items():
        if value >= 0.05:
            print(f"  {key:50s} {value:7.2f} s", file=sys.stderr)
    for key, value in MARKS.items():
        print(f"  {key:50s} at {value:6.2f} s", file=sys.stderr)
    print(f"  {'CPU of child processes (workers, Pagefind)':50s} {pagefind_cpu():7.2f} s", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records", type=int)
    parser.add_argument("--cprofile", help="write a cProfile of the build to this file")
    parser.add_argument("--work", default=str(ROOT / "benchmarks" / "work"))
    args = parser.parse_args()
    work = Path(args.work) / str(args.records)
    content = work / "content"
    if not content.exists():
        raise SystemExit(f"{content} missing: run BENCH_N={args.records} make bench, or "
                         f"python -m generator synth --records {args.records} --out {content}")
    for name in ("profile-docs", "profile-site"):
        shutil.rmtree(work / name, ignore_errors=True)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    global T0
    T0 = time.perf_counter()  # after the removal of the last profile's trees, which is not the build's
    instrument()
    from generator.cli import main as cli

    argv = ["build", "--clean", "--content", str(content), "--site-dir", str(work / "profile-site"),
            "--docs-dir", str(work / "profile-docs")]
    atexit.register(report)
    if args.cprofile:
        import cProfile

        profiler = cProfile.Profile()
        code = profiler.runcall(cli, argv)
        profiler.dump_stats(args.cprofile)
    else:
        code = cli(argv)
    return code


if __name__ == "__main__":
    sys.exit(main())
