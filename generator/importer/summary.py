"""The end of an import: one row per file, the table staff read, and the exit status.

Exit status (documented in ``--help`` and the staff guide):

- 0: every letter imported and nothing needs attention;
- 1: at least one file could not be read or its record not written;
- 3: everything readable was imported, but something needs attention — a
  required field is missing, personal data was found, the reader left notes
  (OCR of a scan …), a record got another id because its own was taken, the
  original could not be kept, a file of an unsupported type was skipped, or
  no file was found at all.

Not 2, because argparse already exits 2 on a mistyped command line and a
script could not tell the two apart.
"""

from __future__ import annotations

import enum
import shutil
import sys
import unicodedata
from dataclasses import dataclass

EXIT_OK, EXIT_FAILED, EXIT_ATTENTION = 0, 1, 3

HEADERS = ("文件", "记录编号", "已识别字段数", "缺少的字段", "个人信息", "错误")
NONE = "无"


class Status(enum.Enum):
    IMPORTED = "已导入"
    ATTENTION = "需核对"
    FAILED = "失败"
    SKIPPED = "跳过"  # a file of another type: may be a letter in a format the importer cannot read
    IGNORED = "略过"  # hidden, lock or repeated files: nothing to do


@dataclass
class Row:
    shown: str
    status: Status
    record: str = ""
    recognised: str = ""
    missing: str = ""
    personal: str = ""
    error: str = ""

    def cells(self) -> tuple[str, ...]:
        return (self.shown, self.record, self.recognised, self.missing, self.personal, self.error)


def exit_status(rows: list[Row]) -> int:
    if not rows:
        return EXIT_ATTENTION  # an empty folder: nothing failed, but nothing was imported either
    statuses = {row.status for row in rows}
    if Status.FAILED in statuses:
        return EXIT_FAILED
    if statuses & {Status.ATTENTION, Status.SKIPPED}:
        return EXIT_ATTENTION
    return EXIT_OK


def width(text: str) -> int:
    """Terminal columns: CJK characters and full-width forms take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * (columns - width(text))


def table(rows: list[Row]) -> list[str]:
    """Aligned columns, two spaces apart; the last column (errors, the longest) is not padded."""
    lines = [HEADERS, *(row.cells() for row in rows)]
    widths = [max(width(line[index]) for line in lines) for index in range(len(HEADERS) - 1)]
    rendered = []
    for number, line in enumerate(lines):
        text = "  ".join(pad(cell, widths[index]) for index, cell in enumerate(line[:-1])) + "  " + line[-1]
        rendered.append(text.rstrip())
        if number == 0:
            rendered.append("  ".join("-" * columns for columns in widths) + "  " + "-" * width(HEADERS[-1]))
    return rendered


def totals(rows: list[Row], writing: bool = True) -> str:
    """``writing``: records were written (not --stdout or --format json, which only print them)."""
    count = {status: sum(row.status is status for row in rows) for status in Status}
    imported = count[Status.IMPORTED] + count[Status.ATTENTION]
    verb = "导入" if writing else "读出（未写入文件）"
    parts = [f"共 {len(rows)} 个文件", f"{verb} {imported} 件（其中需核对 {count[Status.ATTENTION]} 件）",
             f"失败 {count[Status.FAILED]} 件", f"跳过 {count[Status.SKIPPED] + count[Status.IGNORED]} 个"]
    return "，".join(parts)


OUTCOME = {
    EXIT_OK: "全部导入，没有需要核对的内容",
    EXIT_FAILED: "有文件未能导入（见“错误”列），请处理后重新导入这些文件",
    EXIT_ATTENTION: "已导入，但有需要核对的内容（缺少必填字段、个人信息、识别提示、编号被占用或跳过的文件），请逐项核对",
}


# --- progress on long runs ---------------------------------------------------------------------

PROGRESS_MIN_FILES = 20  # shorter runs finish before a bar would help


class Progress:
    """One self-redrawing line on stderr, only when stderr is a terminal and the run is long.

    Hand-made rather than tqdm: ~20 lines against a dependency offices would
    have to install offline, and messages printed meanwhile must clear and
    redraw it anyway (``say`` does), which is all tqdm.write would add.
    """

    BAR = 24

    def __init__(self, total: int, stream=None):
        self.stream = stream or sys.stderr
        self.total = total
        self.done = 0
        self.current = ""
        self.enabled = total > PROGRESS_MIN_FILES and _isatty(self.stream)

    def start(self, shown: str) -> None:
        self.current = shown
        self.draw()

    def advance(self) -> None:
        self.done += 1
        self.draw()

    def draw(self) -> None:
        if not self.enabled:
            return
        filled = self.BAR * self.done // max(self.total, 1)
        line = f"导入中 [{'#' * filled}{'.' * (self.BAR - filled)}] {self.done}/{self.total} {self.current}"
        # One line shorter than the terminal: a wrapped line could not be redrawn with \r.
        self.stream.write("\r\x1b[K" + _clip(line, shutil.get_terminal_size().columns - 1))
        self.stream.flush()

    def clear(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def close(self) -> None:
        self.clear()
        self.enabled = False


def _clip(text: str, columns: int) -> str:
    out, used = [], 0
    for ch in text:
        used += width(ch)
        if used > columns:
            break
        out.append(ch)
    return "".join(out)


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
