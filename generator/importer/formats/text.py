"""Plain text (.txt, .md): UTF-8, else GBK."""

from __future__ import annotations

from pathlib import Path

from . import FormatError


def read_text(path: Path) -> str:
    return decode_text(path.read_bytes())


def decode_text(data: bytes) -> str:
    """UTF-8, else GBK; a UTF-8 file with one bad byte is reported, not misread as GBK."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        failure = exc
    if data[: failure.start].isascii():
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            pass
    line = data[: failure.start].count(b"\n") + 1
    raise FormatError("文字编码无法识别（应为 UTF-8 或 GBK），请另存为 UTF-8 文本后再导入", line)
