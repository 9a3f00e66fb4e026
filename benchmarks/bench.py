"""Build benchmark at 1,000 and 10,000 replies: ``make bench``.

For each N in ``BENCH_N`` (default ``1000,10000``) this script

1. synthesises a content tree (``python -m generator synth``, fixed seed);
2. times the generator alone (load → validate → select → resolve → render →
   write, in a fresh process, into an empty docs directory);
3. times the *floor*: the same generated Markdown built by plain
   ``mkdocs build`` with mkdocs-material, no plugins, no hooks, a one-entry nav;
4. times the full pipeline, ``python -m generator build`` (generate + MkDocs +
   lean search index + Pagefind), sampling the memory of its process tree;
5. measures what a visitor downloads (a reply page view, a first full-text
   search) with site_tests/browser/measure.py in Debian's chromium;
6. edits one record, regenerates, and counts the Markdown files rewritten;
7. times builds from the build cache: clean, unchanged, a body edit, a title
   edit (benchmarks/incremental.py);
8. measures ``make serve`` in chromium: start, a body edit and a title edit
   on screen, a broken edit's banner, builds per save (benchmarks/preview.py).

It prints a table and writes ``benchmarks/report.json`` (one object per N).
Environment: ``BENCH_N``, ``BENCH_SEED`` (1), ``BENCH_REPEAT`` (1: best of
that many timed runs), ``BENCH_SEARCH`` (1; 0 skips the browser),
``BENCH_QUERY`` (人才引进), ``BENCH_WORK`` (benchmarks/work), ``BENCH_DETAIL`` (1: also
time the pipeline without Pagefind and Pagefind alone, to locate what remains).
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import incremental as incremental_bench  # noqa: E402  (benchmarks/incremental.py)
import preview as preview_bench  # noqa: E402  (benchmarks/preview.py)
PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}

TARGETS = {
    "pipeline_over_floor": 1.5,  # pipeline ≤ 1.5 × floor
    "scaling": 11.0,  # pipeline(10k) ≤ 11 × pipeline(1k)
    "generator_share": 0.10,  # generator ≤ 10 % of pipeline
    "peak_rss_mb": 2048,  # at 10,000
    "incremental_s": 15.0,  # one record edited, built from the cache, at 10,000
    "incremental_ratio": 0.20,  # … and at most this share of a clean build
    "preview_body_s": 3.0,  # make serve: a body edit on screen, at 10,000
    "preview_title_s": 5.0,  # … a title edit (also on its listing)
}

GENERATE = r"""
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
from generator.pipeline import generate
t1 = time.perf_counter()
output, problems, stats = generate(Path(sys.argv[1]), Path(sys.argv[2]))
t2 = time.perf_counter()
output.search.value()  # the search data, computed by workers while MkDocs would build the pages
t3 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "generator_s": t2 - t1, "search_data_s": t3 - t1, "stats": stats}))
"""

STAGES = r"""
import json, sys, time
from pathlib import Path
from generator.load import load_content
from generator.validate import validate
from generator.select import select
from generator.resolve import resolve
from generator.render import render_site
from generator.write import write_output
times = {}
t = time.perf_counter()
def lap(name):
    global t
    now = time.perf_counter(); times[name] = round(now - t, 3); t = now
content = load_content(Path(sys.argv[1])); lap("load")
validated = validate(content); lap("validate")
selection = select(validated); lap("select")
resolved = resolve(selection); lap("resolve")
output = render_site(resolved); lap("render")
write_output(output.files, Path(sys.argv[2])); lap("write")
output.search.value(); lap("search data (after write; overlaps MkDocs in a build)")
print(json.dumps(times))
"""


# --- process-tree sampling -------------------------------------------------

def _children(pid: int) -> list[int]:
    found = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as handle:
                found += [int(x) for x in handle.read().split()]
    except OSError:
        pass
    return found


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _comm(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/comm") as handle:
            return handle.read().strip()
    except OSError:
        return "?"


class TreeSampler(threading.Thread):
    """Peak of the summed RSS of a process and all its descendants (/proc, every 100 ms)."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.by_name = pid, 0, {}
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            tree, index = [self.pid], 0
            while index < len(tree):
                tree += _children(tree[index])
                index += 1
            total = 0
            for pid in tree:
                rss = _rss(pid)
                total += rss
                name = _comm(pid)
                self.by_name[name] = max(self.by_name.get(name, 0), rss)
            self.peak = max(self.peak, total)
            self.stop.wait(0.1)


def timed(cmd: list[str], cwd: Path = ROOT, sample: bool = False) -> dict:
    """Run ``cmd``; wall time, output, and (if ``sample``) peak memory of its tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreeSampler(proc.pid) if sample else None
    if sampler:
        sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    if sampler:
        sampler.stop.set()
        sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{out[-3000:]}\n{err[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result = {"s": wall, "cpu_s": cpu, "stdout": out, "stderr": err}
    if sampler:
        result["peak_rss_mb"] = sampler.peak / 2**20
        result["peak_by_process_mb"] = {k: round(v / 2**20) for k, v in sorted(sampler.by_name.items())}
    return result


# --- steps -----------------------------------------------------------------

def synthesise(n: int, seed: int, content: Path) -> None:
    """Synthesise once per (N, seed, synth.py); later runs reuse the tree."""
    digest = hashlib.sha256((ROOT / "generator" / "synth.py").read_bytes()).hexdigest()[:16]
    stamp = content.parent / f".synth-{n}-{seed}-{digest}"
    if stamp.exists() and content.exists():
        return
    for old in content.parent.glob(".synth-*"):
        old.unlink()
    timed([PY, "-m", "generator", "synth", "--records", str(n), "--out", str(content), "--seed", str(seed)])
    stamp.touch()


def fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    return path


def floor_config(work: Path, docs: Path) -> Path:
    config = work / "floor.yml"
    config.write_text(
        "# The floor: the same generated Markdown, plain mkdocs-material, no plugins, no hooks.\n"
        "site_name: floor\n"
        f"docs_dir: {json.dumps(str(docs))}\n"
        f"site_dir: {json.dumps(str(work / 'floor-site'))}\n"
        "theme:\n  name: material\n"
        "plugins: []\n"
        "nav:\n  - index.md\n",
        encoding="utf-8",
    )
    return config


def tree_size(path: Path) -> tuple[float, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 2**20, len(files)


def digests(docs: Path) -> dict[str, str]:
    return {p.relative_to(docs).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
            for p in docs.rglob("*") if p.is_file()}


def pick_reply(content: Path, site: Path) -> Path:
    """A public reply, published mid-range, whose page exists in the built site."""
    candidates = []
    for path in sorted((content / "replies").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---\ntitle: ") and "disclosure: 主动公开" in text and "status:" not in text and "aliases:" not in text:
            if (site / "replies" / path.parent.name / path.stem / "index.html").exists():
                candidates.append(path)
    return candidates[len(candidates) // 2]


def rebuild_check(content: Path, docs: Path, record: Path) -> dict:
    """Edit one record's body, then its title; after each, regenerate into ``docs`` and list the files rewritten."""
    original = record.read_text(encoding="utf-8")
    body_edit = original.replace("感谢您对", "衷心感谢您对", 1)
    title_edit = re.sub(r"^title: (.*)$", r"title: \1（修订）", body_edit, count=1, flags=re.M)
    assert original != body_edit != title_edit
    results = {}
    try:
        for name, text in (("body", body_edit), ("title", title_edit)):
            before = digests(docs)
            record.write_text(text, encoding="utf-8")
            run = timed([PY, "-c", GENERATE, str(content), str(docs)])
            after = digests(docs)
            stats = json.loads(run["stdout"].strip().splitlines()[-1])
            results[name] = {"written": stats["stats"]["written"],
                             "files": sorted(k for k in after if before.get(k) != after[k]),
                             "generator_s": round(stats["generator_s"], 2)}
    finally:
        record.write_text(original, encoding="utf-8")
    return results


PAGEFIND_ONLY = r"""
import json, sys, tempfile, time
from pathlib import Path
from generator.fulltext import index_bundles
from generator.pipeline import check
from generator.render.search_data import fulltext_bundles, fulltext_records
records = fulltext_records(check(Path(sys.argv[1])).resolved)
with tempfile.TemporaryDirectory() as out:
    t = time.perf_counter()
    index_bundles(fulltext_bundles(records), Path(out) / "pagefind")
    print(json.dumps({"s": time.perf_counter() - t, "records": len(records)}))
"""


def pagefind_only(content: Path) -> dict:
    """Pagefind indexing the same records with nothing else running: the lower bound of the pipeline's tail."""
    run = timed([PY, "-c", PAGEFIND_ONLY, str(content)], sample=True)
    data = json.loads(run["stdout"].strip().splitlines()[-1])
    return {"s": round(data["s"], 2), "records": data["records"],
            "peak_mb": max((mb for name, mb in run["peak_by_process_mb"].items() if name.startswith("pagefind")), default=0)}


def search_figures(site: Path, reply_url: str, query: str) -> dict:
    sys.path.insert(0, str(ROOT / "site_tests" / "browser"))
    try:
        from harness import launch, serve
        from measure import measure_first_search, measure_header_search, measure_page_view
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        return {"error": f"browser measurement unavailable: {exc}"}
    with serve(site) as url, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            view = measure_page_view(url, reply_url, browser=browser)
            search = measure_first_search(url, query, browser=browser)
            header = measure_header_search(url, os.environ.get("BENCH_HEADER_QUERY", "人才发展"), browser=browser)
        finally:
            browser.close()
    return {
        "page_view_kb": view["kb"],
        "page_view_requests": view["requests"],
        "page_view_search_requests": view["search_requests"],
        "first_search_kb": search["search_kb"],
        "first_search_page_kb": search["page_kb"],
        "first_search_s": search["seconds"],
        "first_search_results": search["results"],
        "header_index_kb": header["index_kb"],
        "header_search_s": header["seconds"],
        "header_search_results": header["results"],
        "query": query,
        "reply_path": reply_url,
    }


def bench_one(n: int, seed: int, repeat: int, with_search: bool, query: str, root: Path,
              detail: bool) -> dict:
    work = root / str(n)
    work.mkdir(parents=True, exist_ok=True)
    content = work / "content"
    print(f"[{n}] synthesising content …", file=sys.stderr, flush=True)
    synthesise(n, seed, content)

    row: dict = {"records": n, "seed": seed}
    gen_runs, floor_runs, pipe_runs = [], [], []
    for attempt in range(repeat):
        print(f"[{n}] run {attempt + 1}/{repeat}: generator …", file=sys.stderr, flush=True)
        gen = timed([PY, "-c", GENERATE, str(content), str(fresh(work / "gen-docs"))])
        gen_runs.append(json.loads(gen["stdout"].strip().splitlines()[-1]))

        print(f"[{n}] run {attempt + 1}/{repeat}: floor (plain mkdocs build) …", file=sys.stderr, flush=True)
        fresh(work / "floor-site")
        floor_runs.append(timed([PY, "-m", "mkdocs", "build", "-q", "-f", str(floor_config(work, work / "gen-docs"))],
                                cwd=work))

        print(f"[{n}] run {attempt + 1}/{repeat}: pipeline (python -m generator build) …", file=sys.stderr, flush=True)
        fresh(work / "docs")
        fresh(work / "site")
        pipe_runs.append(timed([PY, "-m", "generator", "build", "--clean", "--content", str(content),
                                "--site-dir", str(work / "site"), "--docs-dir", str(work / "docs")], sample=True))

    generator = min(gen_runs, key=lambda r: r["generator_s"])
    floor = min(floor_runs, key=lambda r: r["s"])
    pipeline = min(pipe_runs, key=lambda r: r["s"])
    site_mb, site_files = tree_size(work / "site")
    row.update({
        "generator_s": round(generator["generator_s"], 2),
        # Until the search data is ready too (its workers overlap the MkDocs build in a real build).
        "generator_with_search_data_s": round(generator["search_data_s"], 2),
        "pipeline_s": round(pipeline["s"], 2),
        "floor_s": round(floor["s"], 2),
        # CPU seconds of each process tree (all cores): less disturbed than wall time on a shared machine.
        "pipeline_cpu_s": round(pipeline["cpu_s"], 2),
        "floor_cpu_s": round(floor["cpu_s"], 2),
        "peak_rss_mb": round(max(r["peak_rss_mb"] for r in pipe_runs)),
        "peak_rss_by_process_mb": pipeline["peak_by_process_mb"],
        "site_mb": round(site_mb, 1),
        "site_files": site_files,
        "files_written": generator["stats"]["written"],
        "floor_site_mb": round(tree_size(work / "floor-site")[0], 1),
        "runs": {"generator_s": [round(r["generator_s"], 2) for r in gen_runs],
                 "floor_s": [round(r["s"], 2) for r in floor_runs],
                 "pipeline_s": [round(r["s"], 2) for r in pipe_runs]},
    })
    print(f"[{n}] generator stages …", file=sys.stderr, flush=True)
    stages = timed([PY, "-c", STAGES, str(content), str(fresh(work / "stage-docs"))])
    row["generator_stages_s"] = json.loads(stages["stdout"].strip().splitlines()[-1])
    shutil.rmtree(work / "stage-docs", ignore_errors=True)

    if detail:
        print(f"[{n}] detail: pipeline without Pagefind, Pagefind alone …", file=sys.stderr, flush=True)
        fresh(work / "docs-nofulltext")
        fresh(work / "site-nofulltext")
        ENV["GENERATOR_FULLTEXT"] = "0"
        try:
            no_fulltext = timed([PY, "-m", "generator", "build", "--clean", "--content", str(content), "--site-dir",
                                 str(work / "site-nofulltext"), "--docs-dir", str(work / "docs-nofulltext")],
                                sample=True)
        finally:
            ENV.pop("GENERATOR_FULLTEXT")
        row["pipeline_without_pagefind_s"] = round(no_fulltext["s"], 2)
        row["pipeline_without_pagefind_peak_mb"] = round(no_fulltext["peak_rss_mb"])
        row["pagefind_alone"] = pagefind_only(content)
        shutil.rmtree(work / "site-nofulltext", ignore_errors=True)
        shutil.rmtree(work / "docs-nofulltext", ignore_errors=True)

    record = pick_reply(content, work / "site")
    reply_url = f"/replies/{record.parent.name}/{record.stem}/"
    if with_search:
        print(f"[{n}] browser: page view and first search …", file=sys.stderr, flush=True)
        try:
            row.update(search_figures(work / "site", reply_url, query))
        except Exception as exc:  # keep the build figures when the browser part fails
            row["search_error"] = f"{type(exc).__name__}: {str(exc)[:500]}"
            print(f"[{n}] browser measurement failed: {row['search_error']}", file=sys.stderr, flush=True)
    print(f"[{n}] rebuild check …", file=sys.stderr, flush=True)
    row["rebuild"] = rebuild_check(content, work / "docs", record)
    row["rebuild"]["record"] = record.relative_to(content).as_posix()
    print(f"[{n}] incremental builds: clean, unchanged, body edit, title edit …", file=sys.stderr, flush=True)
    row["incremental_s"] = incremental_bench.measure(n, root)
    row["incremental_ratio"] = {k: round(v / row["incremental_s"]["clean"], 3) for k, v in row["incremental_s"].items()}
    if with_search:
        print(f"[{n}] preview (make serve) in chromium: body, title and broken edits …", file=sys.stderr, flush=True)
        try:
            row["preview"] = preview_bench.measure(n, root)
        except (Exception, SystemExit) as exc:  # keep the other figures
            row["preview_error"] = f"{type(exc).__name__}: {str(exc)[:500]}"
            print(f"[{n}] preview measurement failed: {row['preview_error']}", file=sys.stderr, flush=True)
    row["pipeline_over_floor"] = round(row["pipeline_s"] / row["floor_s"], 2)
    row["generator_share"] = round(row["generator_s"] / row["pipeline_s"], 3)
    return row


def add_ratios(rows: list[dict]) -> None:
    base = min(rows, key=lambda r: r["records"])
    for row in rows:
        if row is not base:
            row["scaling"] = {"from_records": base["records"],
                              "records_ratio": round(row["records"] / base["records"], 2),
                              "pipeline_ratio": round(row["pipeline_s"] / base["pipeline_s"], 2),
                              "floor_ratio": round(row["floor_s"] / base["floor_s"], 2),
                              "generator_ratio": round(row["generator_s"] / base["generator_s"], 2)}
        targets = {
            "pipeline_over_floor": row["pipeline_over_floor"] <= TARGETS["pipeline_over_floor"],
            "generator_share": row["generator_share"] <= TARGETS["generator_share"],
        }
        if "scaling" in row and row["records"] == 10 * base["records"]:
            targets["scaling"] = row["scaling"]["pipeline_ratio"] <= TARGETS["scaling"]
        if row["records"] >= 10_000:
            targets["peak_rss_mb"] = row["peak_rss_mb"] <= TARGETS["peak_rss_mb"]
            for edit in ("body edit", "title edit"):
                seconds, ratio = row["incremental_s"][edit], row["incremental_ratio"][edit]
                targets[f"incremental {edit}"] = (seconds <= TARGETS["incremental_s"]
                                                  and ratio <= TARGETS["incremental_ratio"])
            if "preview" in row:
                preview = row["preview"]
                targets["preview body edit"] = preview["body_edit_s"] <= TARGETS["preview_body_s"]
                targets["preview title edit"] = preview["title_edit_s"] <= TARGETS["preview_title_s"]
                targets["preview one build per save"] = preview["body_edit_builds"] == preview["title_edit_builds"] == 1
        row["targets_met"] = targets


def table(rows: list[dict]) -> str:
    lines = []
    cols = [("records", "records", "{}"), ("generator_s", "generator s", "{:.2f}"),
            ("pipeline_s", "pipeline s", "{:.2f}"), ("floor_s", "floor s", "{:.2f}"),
            ("pipeline_over_floor", "pipe/floor", "{:.2f}"), ("generator_share", "gen/pipe", "{:.1%}"),
            ("peak_rss_mb", "peak MB", "{}"), ("site_mb", "site MB", "{}"), ("files_written", "md files", "{}"),
            ("site_files", "site files", "{}"), ("page_view_kb", "view KB", "{}"),
            ("first_search_kb", "search KB", "{}"), ("first_search_page_kb", "search page KB", "{}"),
            ("first_search_s", "search s", "{}"), ("header_index_kb", "header index KB", "{}"),
            ("header_search_s", "header s", "{}")]
    lines.append(" | ".join(title for _, title, _ in cols))
    for row in rows:
        cells = []
        for key, _, fmt in cols:
            value = row.get(key)
            cells.append("—" if value is None else fmt.format(value))
        lines.append(" | ".join(cells))
    for row in rows:
        if "scaling" in row:
            s = row["scaling"]
            lines.append(f"pipeline({row['records']}) / pipeline({s['from_records']}) = {s['pipeline_ratio']} "
                         f"(floor {s['floor_ratio']}, generator {s['generator_ratio']})")
        rebuild = row.get("rebuild", {})
        if "incremental_s" in row:
            lines.append(f"[{row['records']}] builds from the cache: " + ", ".join(
                f"{k} {v:.2f} s ({row['incremental_ratio'][k]:.0%})" for k, v in row["incremental_s"].items()))
        if "preview" in row:
            lines.append(f"[{row['records']}] make serve: " + ", ".join(f"{k} {v}" for k, v in row["preview"].items()))
        for name in ("body", "title"):
            if name in rebuild:
                lines.append(f"[{row['records']}] one record's {name} edited: {rebuild[name]['written']} generated "
                             f"files rewritten ({', '.join(rebuild[name]['files'][:8])}"
                             f"{' …' if len(rebuild[name]['files']) > 8 else ''})")
        lines.append(f"[{row['records']}] targets: " + ", ".join(
            f"{k} {'met' if v else 'NOT met'}" for k, v in row.get("targets_met", {}).items()))
    return "\n".join(lines)


def main() -> int:
    sizes = [int(x) for x in os.environ.get("BENCH_N", "1000,10000").replace(" ", "").split(",") if x]
    seed = int(os.environ.get("BENCH_SEED", "1"))
    repeat = max(1, int(os.environ.get("BENCH_REPEAT", "1")))
    with_search = os.environ.get("BENCH_SEARCH", "1") != "0"
    query = os.environ.get("BENCH_QUERY", "人才引进")
    root = Path(os.environ.get("BENCH_WORK", HERE / "work")).resolve()
    root.mkdir(parents=True, exist_ok=True)
    detail = os.environ.get("BENCH_DETAIL", "1") != "0"
    machine = {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
    rows: list[dict] = []
    for n in sorted(sizes):
        rows.append(bench_one(n, seed, repeat, with_search, query, root, detail))
        add_ratios(rows)
        # Written after each size, so a long run that fails later still leaves its figures.
        (HERE / "report.json").write_text(json.dumps(
            [{**row, "targets": TARGETS, "machine": machine} for row in rows], ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8")
    print(table(rows))
    print(f"\nwritten {HERE / 'report.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
