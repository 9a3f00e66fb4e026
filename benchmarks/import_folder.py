"""Folder import benchmark: ``python benchmarks/import_folder.py [N]``.

Makes N letters (default 200) in a temporary folder tree — copies of the
sample letters (``site_tests/fixtures/letters/*.txt``) and of
``site_tests/fixtures/import/*.txt``, renamed, in batches of 25 per
sub-folder, every tenth one saved as .docx with python-docx — then times
``python -m generator import DIR --out TMP`` end to end: one fresh process
importing the whole tree, as staff run it (interpreter start-up, reading,
extraction, the summary table and writing every record included).

Target: ≤ 60 s for 200 letters on the 2-core benchmark machine.  Prints the
figures and writes ``benchmarks/import_folder.json``.
Environment: ``IMPORT_BENCH_REPEAT`` (3: best of that many runs, each into an
empty output folder), ``IMPORT_BENCH_SAMPLES`` (the sample letters' folder).
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
SAMPLES = Path(os.environ.get("IMPORT_BENCH_SAMPLES", ROOT / "site_tests" / "fixtures" / "letters"))
FIXTURES = ROOT / "site_tests" / "fixtures" / "import"
TARGET_S = 60.0
TARGET_N = 200
BATCH = 25
DOCX_EVERY = 10


def sources() -> list[Path]:
    letters = sorted(SAMPLES.glob("*.txt")) if SAMPLES.is_dir() else []
    return letters + sorted(FIXTURES.glob("*.txt"))


def save_docx(text: str, path: Path) -> None:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(re.sub(r"^#+\s*", "", line).replace("**", ""))
    document.save(path)


def make_letters(folder: Path, count: int) -> dict:
    letters = sources()
    docx = 0
    for index in range(count):
        source = letters[index % len(letters)]
        batch = folder / f"batch-{index // BATCH + 1:02d}"
        batch.mkdir(parents=True, exist_ok=True)
        stem = f"{index + 1:04d}-{source.stem}"
        if index % DOCX_EVERY == DOCX_EVERY - 1:
            save_docx(source.read_text(encoding="utf-8"), batch / f"{stem}.docx")
            docx += 1
        else:
            shutil.copy(source, batch / f"{stem}.txt")
    return {"letters": count, "docx": docx, "txt": count - docx, "distinct_sources": len(letters)}


def time_import(folder: Path, out: Path) -> tuple[float, subprocess.CompletedProcess]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "generator", "import", str(folder), "--out", str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    return time.perf_counter() - started, result


def main(argv: list[str]) -> int:
    count = int(argv[1]) if len(argv) > 1 else TARGET_N
    repeat = int(os.environ.get("IMPORT_BENCH_REPEAT", "3"))
    with tempfile.TemporaryDirectory(prefix="import-bench-") as temp:
        folder = Path(temp) / "letters"
        made = make_letters(folder, count)
        runs, result = [], None
        for attempt in range(repeat):
            out = Path(temp) / f"out-{attempt}" / "replies"
            seconds, result = time_import(folder, out)
            runs.append(round(seconds, 2))
            written = sum(1 for _ in out.rglob("*.md")) if out.exists() else 0
        totals = next((line for line in result.stderr.splitlines() if line.startswith("共 ")), "")
    best = min(runs)
    report = {
        **made,
        "command": "python -m generator import DIR --out TMP",
        "seconds": best,
        "runs_s": runs,
        "letters_per_s": round(count / best, 1),
        "records_written": written,
        "exit_status": result.returncode,
        "summary": totals,
        "target_s": TARGET_S if count == TARGET_N else round(TARGET_S * count / TARGET_N, 1),
        "met": best <= TARGET_S * count / TARGET_N,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
    }
    print(f"{count} letters ({made['docx']} .docx) imported in {best:.2f} s "
          f"(best of {repeat}: {', '.join(f'{r:.2f}' for r in runs)}), {report['letters_per_s']} letters/s; "
          f"target ≤ {report['target_s']} s: {'met' if report['met'] else 'NOT met'}")
    print(f"records written: {written}; exit status {result.returncode}; {totals}")
    (HERE / "import_folder.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0 if report["met"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
