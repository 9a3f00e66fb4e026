"""Accuracy and time of every import format against the plain-text import.

    .venv/bin/python benchmarks/import_formats.py [--formats pdf,ofd,...] [--word-readers] [--html-engines] [--json FILE]

Each of the 33 sample letters (site_tests/fixtures/letters/*.txt) is made into every format by
site_tests/fixtures/formats/make_fixtures.py (cached in build/import-formats/), read back by
``read_letter_with_notes`` and imported; a field counts as right when it equals the field of the
``.txt`` import of the same letter (key fields: kind, doc_number, session, item_no, addressee,
proposal_title, issuer, written_date; a session's text compared without spaces for OCR), and
whether the page's address (source_url) came through.
Single images (.png, .jpg) hold one page, so they are measured on the one-page letters only;
the multi-page scan formats (.tif, image-only .pdf) on all.

``--word-readers``: .doc read by antiword and by LibreOffice (GENERATOR_WORD_READER).
``--html-engines``: the main-content step of .html done by readability-lxml and trafilatura
instead of ours, when they are importable (they are not dependencies of the project).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.importer.extract import import_text  # noqa: E402
from generator.importer.reading import Unreadable, read_letter_with_notes  # noqa: E402

_spec = importlib.util.spec_from_file_location("make_fixtures", ROOT / "site_tests" / "fixtures" / "formats" / "make_fixtures.py")
make_fixtures = sys.modules.setdefault("make_fixtures", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(make_fixtures)

KEY_FIELDS = ("kind", "doc_number", "session", "item_no", "addressee", "proposal_title", "issuer", "written_date")
FORMATS = ("docx", "doc", "wps", "pdf", "ofd", "html", "png", "jpg", "tif", "scan.pdf")
OCR = {"png", "jpg", "tif", "scan.pdf"}
ONE_PAGE_ONLY = {"png", "jpg"}


def fields_of(text: str, ocr: bool) -> dict:
    found = import_text(text).fields
    values = {key: found.get(key) for key in (*KEY_FIELDS, "source_url")}
    if ocr and values["session"]:
        values["session"] = {**values["session"], "text": values["session"]["text"].replace(" ", "")}
    return values


def pages_of(paths: dict) -> int:
    return len(make_fixtures.page_images(paths["png"])) if "png" in paths else 1


def measure(label: str, letters: list[Path], built: dict, fmt: str, reader=None) -> dict:
    ocr = fmt in OCR
    rows, seconds, wrong = 0, [], {}
    right_fields = right_letters = right_sources = 0
    for letter in letters:
        paths = built[letter.name]
        if fmt in ONE_PAGE_ONLY and pages_of(paths) > 1:
            continue
        expected = fields_of(letter.read_text(encoding="utf-8"), ocr)
        start = time.perf_counter()
        try:
            text = reader(paths[fmt]) if reader else read_letter_with_notes(paths[fmt])[0]
        except Unreadable as exc:
            text = ""
            wrong[letter.name] = str(exc.problem)
        seconds.append(time.perf_counter() - start)
        got = fields_of(text, ocr) if text else {key: None for key in (*KEY_FIELDS, "source_url")}
        same = [key for key in KEY_FIELDS if got[key] == expected[key]]
        right_sources += got["source_url"] == expected["source_url"]
        right_fields += len(same)
        right_letters += len(same) == len(KEY_FIELDS)
        if len(same) < len(KEY_FIELDS) and letter.name not in wrong:
            wrong[letter.name] = {key: [expected[key], got[key]] for key in KEY_FIELDS if key not in same}
        rows += 1
    return {
        "format": label, "letters": rows, "all_fields_right": right_letters,
        "fields_right": right_fields, "fields": rows * len(KEY_FIELDS), "source_url_right": right_sources,
        "mean_s": statistics.mean(seconds) if seconds else 0.0, "max_s": max(seconds) if seconds else 0.0,
        "wrong": wrong,
    }


def html_engine(name: str):
    """A reader that replaces our main-content step by ``name`` (source line kept)."""
    from generator.importer.formats.webpage import _address, decode

    def read(path: Path) -> str:
        import lxml.html

        page = decode(path.read_bytes())
        url = _address(lxml.html.document_fromstring(page.encode("utf-8"))) or ""
        if name == "readability":
            from readability import Document

            content = lxml.html.fromstring(Document(page).summary(html_partial=True))
            text = "\n".join(line.strip() for line in content.itertext() if line.strip())
        else:
            import trafilatura

            text = trafilatura.extract(page, include_tables=True, favor_recall=True) or ""
        return (f"source: {url}\n" if url else "") + text

    return read


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--word-readers", action="store_true")
    parser.add_argument("--html-engines", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    formats = [fmt for fmt in args.formats.split(",") if fmt]
    letters = sorted(make_fixtures.SAMPLES.glob("*.txt"))
    start = time.perf_counter()
    built = make_fixtures.build(letters, tuple(make_fixtures.FORMATS))
    print(f"fixtures for {len(letters)} letters ready in {time.perf_counter() - start:.1f} s (cached in build/import-formats/)")
    results = []
    for fmt in formats:
        if fmt == "doc" and args.word_readers:
            for reader in ("antiword", "libreoffice"):
                os.environ["GENERATOR_WORD_READER"] = reader
                results.append(measure(f"doc ({reader})", letters, built, fmt))
            os.environ.pop("GENERATOR_WORD_READER")
            continue
        results.append(measure(fmt, letters, built, fmt))
        if fmt == "html" and args.html_engines:
            for engine in ("readability", "trafilatura"):
                try:
                    results.append(measure(f"html ({engine})", letters, built, fmt, html_engine(engine)))
                except ImportError as exc:
                    print(f"html ({engine}): not importable ({exc})")
    print(f"\n{'format':<20} {'letters':>7} {'all 8 right':>11} {'fields right':>19} {'source_url':>10} {'mean s':>7} {'max s':>7}")
    for row in results:
        share = row["fields_right"] / row["fields"] if row["fields"] else 0
        print(f"{row['format']:<20} {row['letters']:>7} {row['all_fields_right']:>11} "
              f"{row['fields_right']:>6}/{row['fields']:<4} {share:>7.1%} {row['source_url_right']:>10} "
              f"{row['mean_s']:>7.2f} {row['max_s']:>7.2f}")
    for row in results:
        for name, what in row["wrong"].items():
            print(f"  {row['format']}: {name}: {what}")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
