"""Accuracy of the importer on real reply letters (issue 14, point 5).

    .venv/bin/python benchmarks/import_accuracy.py [SAMPLES_DIR]

Imports every letter that ``expected.yml`` in the samples directory describes,
compares the key fields with what a careful reader takes from it, prints the
accuracy per field and in total, and writes ``benchmarks/import_accuracy.json``.
Target: at least 95 % of the key fields right and no invented value (a field
the letter does not state must stay empty).

The samples directory is, in order: the command-line argument, the
``IMPORT_SAMPLES`` environment variable, ``site_tests/fixtures/letters`` or
``../shared/samples/letters`` beside the repository.

Formats: ``READERS`` maps a file suffix to a function ``read(path) -> text``.
A letter ``101_x.txt`` in expected.yml is looked for as ``101_x<suffix>`` for
every reader, so the same letter saved as .docx or .pdf is scored against the
same expectations once a reader for that format is added here; the report
gives the figures per format.

How a value is compared (``acceptable``):

* Punctuation width.  The stored copies of the pages hold some of the
  letters' punctuation as ASCII (",", ":", "(", see the samples' README) and
  expected.yml keeps that copy's text, while the importer restores the
  full-width marks a Chinese letter is printed with (``cleaning.to_fullwidth``:
  only , : ; ? ! ( ) and only next to Chinese text, so "S221" or a URL keeps
  its marks).  Both stand for the same character of the letter, so the seven
  marks that rule converts are compared modulo width: "建设,服务" and
  "建设，服务" are the same answer.  Nothing else is folded: quotation marks,
  brackets of 文号 and spaces must match as written (a 文号 is normalised to
  〔〕 on both sides by its convention, not here).
* kind: expected.yml writes the schema's values (人大建议 / 政协提案).
* session: body, term and meeting must all match; ``{}`` means the letter
  names no session, and then the importer must give none.
* cited_doc_numbers: the set of 文号 the body cites (``policies.cited_doc_numbers``)
  must equal the expected set; checked only where expected.yml lists it.
* Dates are compared as ISO strings.

Invented: a value given for a field whose acceptable answers include
"not stated" (null, ``{}``, or a 文号 not in the expected list) but that is not
itself acceptable.  A wrong value where the letter does state the field is an
error, not an invention.

private_mobiles: every listed number must be flagged by a privacy note (the
importer's "发现手机号码 …" message), never published silently.  This is a
requirement of its own and not part of the accuracy figure.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.importer.extract import import_text  # noqa: E402
from generator.importer.policies import cited_doc_numbers  # noqa: E402
from generator.importer.reading import read_letter, read_policies  # noqa: E402
from generator.privacy import PersonalData, mask  # noqa: E402

REPORT = ROOT / "benchmarks" / "import_accuracy.json"
SAMPLE_DIRS = (ROOT / "site_tests" / "fixtures" / "letters", ROOT.parent / "shared" / "samples" / "letters")
TARGET = 0.95

KEY_FIELDS = (
    "kind", "doc_number", "reply_category", "disclosure", "session", "item_no", "addressee",
    "handling_role", "proposal_title", "issuer", "written_date", "cited_doc_numbers",
)


def read_txt(path: Path) -> str:
    return read_letter(path)


# suffix -> read(path) -> text.  Add .docx, .pdf … here; every reader is scored on its own.
READERS: dict[str, Callable[[Path], str]] = {".txt": read_txt}


def samples_dir(argument: str | None = None) -> Path | None:
    for candidate in (argument, os.environ.get("IMPORT_SAMPLES"), *SAMPLE_DIRS):
        if candidate and (Path(candidate) / "expected.yml").is_file():
            return Path(candidate)
    return None


def load_expected(directory: Path) -> dict[str, dict]:
    return yaml.safe_load((directory / "expected.yml").read_text(encoding="utf-8"))


# --- comparing one field -------------------------------------------------------------------

# The marks cleaning.to_fullwidth restores, folded to ASCII on both sides (see the module doc).
WIDTH_FOLD = str.maketrans("，：；？！（）", ",:;?!()")


def fold(value) -> str | None:
    if value in (None, "", [], {}):
        return None
    return str(value).translate(WIDTH_FOLD)


@dataclass(frozen=True)
class Result:
    letter: str
    field: str
    ok: bool
    invented: bool
    got: object
    allowed: object


def got_value(imported, field: str):
    if field == "cited_doc_numbers":
        return cited_doc_numbers(imported.body)
    if field == "session":
        session = imported.fields.get("session") or {}
        return {key: session[key] for key in ("body", "term", "meeting") if key in session}
    return imported.fields.get(field) or None


def acceptable(field: str, got, allowed) -> tuple[bool, bool]:
    """(right, invented) for one field."""
    if field == "session":
        want = {key: allowed[key] for key in ("body", "term", "meeting") if key in allowed}
        right = got == want
        return right, bool(got) and not want
    if field == "cited_doc_numbers":
        right = sorted(set(got)) == sorted(set(allowed))
        return right, bool(set(got) - set(allowed))
    right = fold(got) in {fold(answer) for answer in allowed}
    return right, not right and got is not None and None in allowed


def evaluate(letter: str, imported, expected: dict) -> list[Result]:
    results = []
    for field in KEY_FIELDS:
        if field not in expected:
            continue
        got = got_value(imported, field)
        right, invented = acceptable(field, got, expected[field])
        results.append(Result(letter, field, right, invented, got, expected[field]))
    return results


def privacy_messages(imported) -> list[str]:
    """The importer's notes about a field or the body (not its "此行未导入" leftover notes)."""
    return [message for _, key, message in imported.notes if key != "import"]


def unflagged_mobiles(imported, expected: dict) -> list[str]:
    """Listed private mobiles no privacy note reports (by their masked form, as the notes print them)."""
    messages = privacy_messages(imported)
    return [number for number in expected.get("private_mobiles") or []
            if not any(mask(str(number), PersonalData.MOBILE) in message for message in messages)]


# --- the whole sample set --------------------------------------------------------------------


def policies():
    found, _ = read_policies(ROOT / "content" / "policies")
    return found


def run(directory: Path, readers: dict[str, Callable[[Path], str]] = READERS) -> dict:
    expected = load_expected(directory)
    known = policies()
    report: dict = {"samples": os.path.relpath(directory, ROOT), "target": TARGET, "formats": {}}
    for suffix, read in readers.items():
        results: list[Result] = []
        unflagged: dict[str, list[str]] = {}
        letters = 0
        for name, wanted in expected.items():
            path = directory / (Path(name).stem + suffix)
            if not path.is_file():
                continue
            letters += 1
            imported = import_text(read(path), known)
            results.extend(evaluate(name, imported, wanted))
            if missing := unflagged_mobiles(imported, wanted):
                unflagged[name] = missing
        report["formats"][suffix] = summary(results, letters, unflagged)
    return report


def summary(results: list[Result], letters: int, unflagged: dict) -> dict:
    right, total = Counter(), Counter()
    for result in results:
        total[result.field] += 1
        right[result.field] += result.ok
    fields = {field: {"right": right[field], "total": total[field], "accuracy": round(right[field] / total[field], 4)}
              for field in KEY_FIELDS if total[field]}
    all_right, all_total = sum(right.values()), sum(total.values())
    return {
        "letters": letters,
        "right": all_right,
        "total": all_total,
        "accuracy": round(all_right / all_total, 4) if all_total else 0.0,
        "fields": fields,
        "failures": [asdict(result) for result in results if not result.ok],
        "invented": [asdict(result) for result in results if result.invented],
        "unflagged_mobiles": unflagged,
    }


def print_report(report: dict) -> None:
    print(f"样本：{report['samples']}")
    for suffix, part in report["formats"].items():
        print(f"\n{suffix}：{part['letters']} 件答复函，关键字段 {part['right']}/{part['total']} 正确，"
              f"准确率 {part['accuracy']:.1%}（目标 ≥ {report['target']:.0%}）")
        for field, counts in part["fields"].items():
            print(f"  {field:<18} {counts['right']:>3}/{counts['total']:<3} {counts['accuracy']:.1%}")
        print(f"  臆造的值：{len(part['invented'])} 个")
        for item in part["invented"]:
            print(f"    {item['letter']} {item['field']}：{item['got']!r}")
        print(f"  未标出的私人手机号：{sum(map(len, part['unflagged_mobiles'].values()))} 个")
        for letter, numbers in part["unflagged_mobiles"].items():
            print(f"    {letter}：{len(numbers)} 个")
        if part["failures"]:
            print("  不正确的字段：")
        for item in part["failures"]:
            print(f"    {item['letter']} {item['field']}：得到 {item['got']!r}，应为 {item['allowed']!r}")


def main(argv: list[str]) -> int:
    directory = samples_dir(argv[0] if argv else None)
    if directory is None:
        print("找不到样本目录（应含 expected.yml）：请在命令行给出目录，或设置 IMPORT_SAMPLES", file=sys.stderr)
        return 2
    report = run(directory)
    REPORT.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    print_report(report)
    print(f"\n报告已写入 {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
