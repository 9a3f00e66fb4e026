"""Problems found while building, reported all at once in yamllint's parsable style."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from .privacy import mask_personal_data


class Severity(enum.Enum):
    ERROR = "错误"
    WARNING = "警告"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        # One line per problem, parsable as path:line: field: message even when
        # a misspelt key holds a colon or a value spans lines.
        prefix = "警告：" if self.severity is Severity.WARNING else ""
        field = re.sub(r"\s+", " ", self.field).replace(":", "：").strip() or "-"
        message = re.sub(r"\s*\n\s*", " ", self.message)
        # Whatever a message quotes (a misplaced value, a line of the letter), a personal number
        # is printed masked: terminals, CI logs and annotations are read by others.
        return mask_personal_data(f"{self.path}:{self.line}: {field}: {prefix}{message}")

    def annotation(self) -> str:
        """The problem as a GitHub/Gitea Actions workflow command: shown on the changed line of a pull request."""
        command = "warning" if self.severity is Severity.WARNING else "error"
        field = re.sub(r"\s+", " ", self.field).strip() or "-"
        message = mask_personal_data(f"{field}: " + re.sub(r"\s*\n\s*", " ", self.message))
        return (f"::{command} file={_escape_property(self.path)},line={self.line},"
                f"title={_escape_property(field)}::{_escape_data(message)}")

    def as_error(self) -> "Problem":
        return Problem(self.path, self.line, self.field, self.message, Severity.ERROR)


def error(path: str, line: int, field: str, message: str) -> Problem:
    return Problem(path, line, field, message, Severity.ERROR)


def warning(path: str, line: int, field: str, message: str) -> Problem:
    return Problem(path, line, field, message, Severity.WARNING)


def sort_problems(problems) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.field, p.message, p.severity.value))


def has_errors(problems, strict: bool = False) -> bool:
    return any(strict or p.severity is Severity.ERROR for p in problems)


class BuildFailed(Exception):
    """Raised when problems stop a build; carries every problem found."""

    def __init__(self, problems):
        self.problems = sort_problems(problems)
        errors = sum(p.severity is Severity.ERROR for p in self.problems)
        warnings = len(self.problems) - errors
        counts = f"{errors} 个错误" + (f"、{warnings} 个警告" if warnings else "")
        super().__init__(f"发现 {counts}，未生成网站")

    def report(self) -> str:
        return "\n".join(str(p) for p in self.problems)


# The escaping of workflow command values (actions/toolkit, packages/core/src/command.ts).
def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
