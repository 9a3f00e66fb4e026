"""External programs the readers call (LibreOffice, Tesseract, antiword): finding them,
running them with a time limit, and the message when one is not installed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from . import FormatError

# program -> (Debian package(s) that install it, what it is needed for)
PACKAGES = {
    "soffice": ("libreoffice-writer-nogui", "读取 Word 97–2003（.doc）、WPS（.wps）和 RTF 文件"),
    "tesseract": ("tesseract-ocr tesseract-ocr-chi-sim", "识别扫描件和图片中的文字"),
}


def find(program: str) -> str | None:
    return shutil.which(program)


def missing(program: str, package: str | None = None, purpose: str | None = None) -> FormatError:
    default_package, default_purpose = PACKAGES.get(program, (program, "读取此文件"))
    package, purpose = package or default_package, purpose or default_purpose
    return FormatError(f"未安装 {package.split()[-1]}，无法{purpose}；请运行 make test 或 sudo apt-get install -y {package}")


def run(argv: list[str], timeout: float, what: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run a program; a time-out or a failure to start is a FormatError naming ``what``."""
    try:
        return subprocess.run(argv, capture_output=True, timeout=timeout, env={**os.environ, **(env or {})},
                              cwd=cwd, check=False)
    except subprocess.TimeoutExpired:
        raise FormatError(f"{what}超时（超过 {int(timeout)} 秒），文件可能过大或已损坏") from None
    except OSError as exc:
        raise FormatError(f"无法运行 {argv[0]}：{exc.strerror or exc}") from None
