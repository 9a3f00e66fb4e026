"""Precision@5 of both search layers over the labelled query set (site_tests/search/queries.yml).

    .venv/bin/python benchmarks/search_precision.py

Runs the query set in a real browser against the real content (the same
fixtures as the tests), then prints the mean precision per layer and the
queries whose first five results miss a relevant reply.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "test-artifacts" / "search-precision.json"


def main() -> int:
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "site_tests/search/test_query_set.py::test_precision_at_5_report"], cwd=ROOT)
    if result.returncode or not REPORT.exists():
        return result.returncode or 1
    for layer in json.loads(REPORT.read_text(encoding="utf-8")):
        print(f"\n{layer['layer']}: {layer['queries']} labelled queries, "
              f"P@5 = {layer['p_at_5']}, normalised P@5 = {layer['p_at_5_normalised']}")
        for row in layer["rows"]:
            if row["hits"] < min(5, row["relevant"]):
                print(f"  {row['query']}: {row['hits']} of {min(5, row['relevant'])} relevant in the first five")
    return 0


if __name__ == "__main__":
    sys.exit(main())
