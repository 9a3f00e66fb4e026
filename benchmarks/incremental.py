"""Incremental build figures: ``python benchmarks/incremental.py [N ...]`` (default 1000).

For each N, on ``benchmarks/work/N/content`` (made by ``generator synth``
when missing), in one run side by side:

* a clean build (``generator build --clean``),
* a build from the cache with nothing changed,
* after one record's body is edited, and after one record's title is edited
  (a title is also in listings, feeds and both search indexes),

each in a fresh process, wall time measured here.  Prints the figures and
the ratio of each incremental build to the clean one, and writes them to
``benchmarks/incremental.json``.  Machines here are shared: compare the
ratios of one run, not times across runs.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "work"


def content_for(n: int, work: Path = WORK) -> Path:
    content = work / str(n) / "content"
    if not content.is_dir():
        subprocess.run([sys.executable, "-m", "generator", "synth", "--records", str(n), "--out", str(content)],
                       cwd=ROOT, check=True)
    return content


def build(n: int, *extra: str, root: Path = WORK) -> tuple[float, str]:
    work = root / str(n)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(work / "content"),
                             "--site-dir", str(work / "inc-site"), "--docs-dir", str(work / "inc-docs"),
                             "--cache-dir", str(work / "inc-cache"), *extra],
                            cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode:
        sys.exit(result.stdout + result.stderr)
    lines = result.stderr.strip().splitlines()
    print("   ", *[line for line in lines if line.startswith("generator:")], lines[-1], f"{elapsed:.2f} s", flush=True)
    return elapsed, lines[-1]


def first_record(content: Path) -> Path:
    return sorted((content / "replies").rglob("*.md"))[0]


def edit(path: Path, key: str, suffix: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    if key == "body":
        lines.append(suffix)
    elif any(line.startswith("title: ") for line in lines):
        lines = [line + suffix if line.startswith("title: ") else line for line in lines]
    else:  # synthetic records take the title made of session and number: given one
        lines.insert(1, "title: 关于推动历史风貌建筑保护的答复" + suffix)
    path.write_text("\n".join(lines), encoding="utf-8")


def measure(n: int, work: Path = WORK) -> dict:
    content = content_for(n, work)
    record = first_record(content)
    original = record.read_text(encoding="utf-8")
    try:
        figures = {}
        figures["clean"], _ = build(n, "--clean", root=work)
        figures["unchanged"], how = build(n, root=work)
        assert "增量构建" in how, how
        edit(record, "body", "本段为基准测试所加。")
        figures["body edit"], _ = build(n, root=work)
        edit(record, "title", "（基准测试）")
        figures["title edit"], _ = build(n, root=work)
    finally:
        record.write_text(original, encoding="utf-8")
        shutil.rmtree(work / str(n) / "inc-site", ignore_errors=True)
    return {name: round(seconds, 2) for name, seconds in figures.items()}


def main(argv: list[str]) -> None:
    sizes = [int(arg) for arg in argv] or [1000]
    report = {}
    for n in sizes:
        figures = measure(n)
        report[str(n)] = {"seconds": figures,
                          "ratio_to_clean": {k: round(v / figures["clean"], 3) for k, v in figures.items()}}
        print(f"{n} replies:")
        for name, seconds in figures.items():
            print(f"  {name:<12} {seconds:7.2f} s  ({seconds / figures['clean']:.0%} of clean)")
    path = ROOT / "benchmarks" / "incremental.json"
    old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    path.write_text(json.dumps({**old, **report}, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"written: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
