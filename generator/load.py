"""Stage 1: read the content tree.  The only stage that reads files.

YAML is parsed here, keeping the line of every key so later stages can name
``file:line`` in their messages.  Nothing is interpreted beyond YAML.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from .memo import Memo, digest, file_status, memoised, settled
from .problems import Problem, error

FRONT_MATTER_FENCE = "---"


class ContentLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text so validation can explain bad ones."""


ContentLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# Performance: libyaml parses 10,000 front matters in 1.3 s where PyYAML's
# pure-Python parser takes 11 s.  It is used only when it reads a text
# without complaint; anything it rejects is parsed again by ContentLoader,
# whose error marks the staff messages are built from.
class FastContentLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    yaml_implicit_resolvers = ContentLoader.yaml_implicit_resolvers


def _fast_parse(text: str):
    """(node, data) from libyaml, or None to fall back to the pure-Python parser."""
    loader = FastContentLoader(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else {})
    except Exception:  # noqa: BLE001 - any complaint: the Python parser explains it
        return None
    finally:
        loader.dispose()


@dataclass(frozen=True)
class RawDocument:
    """One YAML mapping (a front-matter block or a .yml file) and its body."""

    path: str
    data: dict | None
    lines: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    problems: tuple[Problem, ...] = ()
    digest: str = ""  # of the file's path and text (memo.py); empty when not read from a file


@dataclass(frozen=True)
class StaticPage:
    path: str
    target: str
    text: str


@dataclass(frozen=True)
class MediaFile:
    """A file under content/media/ (attachments); only its size is read, the bytes are copied by write."""

    path: str  # as shown to staff
    relative: str  # from content/, e.g. media/2025/zx-12-答复函.pdf
    size: int
    source: str  # absolute path


@dataclass(frozen=True)
class Content:
    root: str
    site: RawDocument
    policies: tuple[RawDocument, ...]
    replies: tuple[RawDocument, ...]
    pages: tuple[StaticPage, ...]
    user_dictionary: tuple[str, ...]
    file_problems: tuple[Problem, ...] = ()  # pages or dictionary that could not be read
    portal: tuple[StaticPage, ...] = ()  # content/portal/: the portal's header and footer fragments
    media: tuple[MediaFile, ...] = ()  # content/media/: attachments of replies

    @property
    def problems(self) -> list[Problem]:
        docs = (self.site, *self.policies, *self.replies)
        return [*self.file_problems, *(problem for doc in docs for problem in doc.problems)]


def display_path(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")


# PyYAML's reasons, explained for staff; anything else is shown as PyYAML wrote it.
YAML_REASONS = (
    ("mapping values are not allowed here", "此处不能再出现“: ”，值中含有冒号时请给整个值加引号"),
    ("could not find expected ':'", "缺少冒号“:”（冒号后还要有一个空格）"),
    ("found character '\\t' that cannot start any token", "不能用制表符（Tab）缩进，请改用空格"),
    ("found unknown escape character", "双引号中的反斜杠“\\”用法不正确，可改用单引号"),
    ("scanning a quoted scalar found unexpected end of stream", "引号没有闭合"),
    ("found unexpected end of stream", "引号或括号没有闭合"),
    ("found undefined alias", "引用了未定义的锚点（*）"),
    ("but found another document", "元数据块中出现了多余的 ---"),
    ("found unhashable key", "键不能是列表或键值对"),
    ("expected ',' or ']'", "方括号 [ ] 没有正确闭合"),
    ("expected ',' or '}'", "花括号 { } 没有正确闭合"),
    ("expected <block end>", "缩进不一致"),
    ("expected the node content", "值没有写完整，检查括号和引号是否成对"),
    ("could not determine a constructor for the tag", "不支持以 ! 开头的 YAML 标签"),
    ("found duplicate anchor", "锚点（&）重复定义"),
)
# Errors whose context mark (not the problem mark) is the line staff must fix.
OPENED_AT_CONTEXT = ("simple key", "flow sequence", "flow mapping", "quoted scalar")
MAX_NODES = 20_000  # containers walked, an alias counted each time it is used
MAX_DEPTH = 40


def yaml_reason(exc: yaml.MarkedYAMLError) -> str:
    original = f"{exc.context or ''} {exc.problem or ''}".strip()
    for english, chinese in YAML_REASONS:
        if english in original:
            return f"YAML 语法错误：{chinese}"
    return f"YAML 语法错误：{original}（检查缩进、冒号后的空格和引号是否成对）"


def parse_yaml(text: str, shown: str, line_offset: int = 0) -> tuple[dict | None, dict, list[Problem]]:
    """Parse a YAML mapping; return data, the line of each key path, problems.

    Never raises for bad input: every failure becomes a Problem at its line.
    """
    parsed = _fast_parse(text)
    if parsed is not None:
        node, data = parsed
        return _checked_mapping(node, data, shown, line_offset)
    loader = None
    try:
        loader = ContentLoader(text)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and any(word in (exc.context or "") for word in OPENED_AT_CONTEXT):
            mark = exc.context_mark  # the line that opened the unclosed quote, bracket or key
        line = mark.line + 1 if mark else 1
        unclosed = _unclosed_quote_line(text, line)
        if unclosed:
            return None, {}, [error(shown, unclosed + line_offset, "YAML", "YAML 语法错误：引号没有闭合")]
        return None, {}, [error(shown, line + line_offset, "YAML", yaml_reason(exc))]
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, max(exc.position, 0)) + 1 + line_offset
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return None, {}, [error(shown, line, "YAML", f"含有不可见的控制字符 #x{code:04x}，请删除")]
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        return None, {}, [error(shown, 1 + line_offset, "YAML", f"YAML 无法解析：{exc}")]
    finally:
        if loader is not None:
            loader.dispose()
    return _checked_mapping(node, data, shown, line_offset)


def _checked_mapping(node, data, shown: str, line_offset: int) -> tuple[dict | None, dict, list[Problem]]:
    if not isinstance(data, dict):
        return None, {}, [error(shown, 1 + line_offset, "YAML", "内容应为“键: 值”形式的键值对")]
    lines: dict[str, int] = {"": 1 + line_offset}
    problems: list[Problem] = []
    try:
        _collect_lines(node, "", lines, problems, shown, line_offset, set(), [0])
    except _Unwalkable as failure:
        return None, {}, [error(shown, failure.line, "YAML", failure.message)]
    return data, lines, problems


BLOCK_SCALAR_START = re.compile(r"(?:^|:\s|-\s)\s*[|>][0-9+-]*\s*(?:#.*)?$")
QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s"'#][^:#]*:\s+)?(["'])(.*)$""")


def _unclosed_quote_line(text: str, upto: int) -> int | None:
    """The first line before ``upto`` whose quoted value never closes on it.

    PyYAML reads such a value on into the following lines and reports the
    error where it finally gives up, far from the quote staff must fix.
    Lines of ``|`` and ``>`` blocks are text, not YAML, and are skipped.
    """
    block_indent = None
    for number, line in enumerate(text.split("\n")[: upto - 1], 1):
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None:
            if not line.strip() or indent > block_indent:
                continue
            block_indent = None
        if BLOCK_SCALAR_START.search(line):
            block_indent = indent
            continue
        match = QUOTED_VALUE.match(line)
        if not match:
            continue
        quote, rest = match.groups()
        rest = re.sub(r"\\.", "", rest) if quote == '"' else rest.replace("''", "")
        if quote not in rest:
            return number
    return None


class _Unwalkable(Exception):
    """YAML that parses but cannot be used: a loop, too deep, or too big once expanded."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def _collect_lines(node, prefix, lines, problems, shown, offset, active, count):
    """Record the line of every key path; ``active`` holds the nodes being walked
    (an alias back to one of them is a loop) and ``count`` bounds alias fan-out."""
    if not isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        return
    count[0] += 1
    line = node.start_mark.line + 1 + offset
    if id(node) in active:
        raise _Unwalkable(line, "锚点（&）引用了自身，内容无法展开，请删除 & 和 * 写法")
    if len(active) >= MAX_DEPTH:
        raise _Unwalkable(line, "嵌套层级过深，请检查缩进")
    if count[0] > MAX_NODES:
        raise _Unwalkable(line, "锚点（*）展开后内容过多，请删除 & 和 * 写法")
    active.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = f"{prefix}{key_node.value}"
            line = key_node.start_mark.line + 1 + offset
            if key in seen:
                problems.append(error(shown, line, key, f"键 {key_node.value} 重复出现，只能保留一个"))
            seen.add(key)
            lines[key] = line  # YAML keeps the last of duplicate keys, so its line is the one to name
            _collect_lines(value_node, f"{key}.", lines, problems, shown, offset, active, count)
    else:
        for index, item in enumerate(node.value):
            key = f"{prefix}{index}"
            lines.setdefault(key, item.start_mark.line + 1 + offset)
            _collect_lines(item, f"{key}.", lines, problems, shown, offset, active, count)
    active.discard(id(node))


def parse_front_matter(text: str, shown: str) -> RawDocument:
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        return RawDocument(shown, None, problems=(error(shown, 1, "front matter", "文件应以 --- 开头的元数据块开始"),))
    for index in range(1, len(lines)):
        if lines[index].strip() in (FRONT_MATTER_FENCE, "..."):
            yaml_text = "\n".join(lines[1:index])
            rest = lines[index + 1 :]
            skipped = _leading_blank_lines(rest)
            body = "\n".join(rest[skipped:]).rstrip()
            body_line = index + 2 + skipped
            data, key_lines, problems = parse_yaml(yaml_text, shown, line_offset=1)
            return RawDocument(shown, data, key_lines, body + "\n" if body else "", body_line, tuple(problems))
    return RawDocument(shown, None, problems=(error(shown, 1, "front matter", "元数据块没有以 --- 结束"),))


def _leading_blank_lines(lines: list[str]) -> int:
    count = 0
    for line in lines:
        if line.strip():
            break
        count += 1
    return count


class Unreadable(Exception):
    """A content file that is not UTF-8 text; carries the problem to report."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def read_content_file(path: Path) -> str:
    try:
        return read_text(path)
    except UnicodeDecodeError as exc:
        shown = display_path(path)
        line = exc.object[: exc.start].count(b"\n") + 1
        raise Unreadable(error(shown, line, "编码", "文件不是 UTF-8 编码的文本，请用 UTF-8 编码另存")) from None
    except OSError as exc:
        raise Unreadable(error(display_path(path), 1, "文件", f"无法读取文件：{exc.strerror or exc}")) from None


def load_yaml_file(path: Path) -> RawDocument:
    shown = display_path(path)
    try:
        text = read_content_file(path)
    except Unreadable as unreadable:
        return RawDocument(shown, None, problems=(unreadable.problem,))
    data, lines, problems = parse_yaml(text, shown)
    return RawDocument(shown, data, lines, problems=tuple(problems), digest=digest(shown, text))


def load_reply(path: Path, memo: Memo | None = None, status: os.stat_result | None = None) -> RawDocument:
    """``status``: the file's, from the listing; with a memo, a file whose status the memo
    knows for a record it holds is not read again (the rule git uses for its work tree)."""
    read_key = ""
    if memo is not None and status is not None:
        read_key = digest(os.getcwd(), os.fspath(path), repr(file_status(status)))
        if memo.known("read", read_key) and memo.known("load", key := memo.get("read", read_key, None)):
            return memo.get("load", key, None)
    shown = display_path(path)
    try:
        text = read_content_file(path)
    except Unreadable as unreadable:
        return RawDocument(shown, None, problems=(unreadable.problem,))
    key = digest(shown, text)
    if read_key and settled(status):
        memo.put("read", read_key, key)
    return memoised(memo, "load", key, lambda: replace(parse_front_matter(text, shown), digest=key))


def content_files(directory: Path) -> list[tuple[Path, os.stat_result]]:
    """Every regular file under ``directory`` (as ``rglob`` finds them), sorted, with its status."""
    found = []
    for path in sorted(directory.rglob("*")):
        try:
            status = path.stat()
        except OSError:
            continue
        if stat.S_ISREG(status.st_mode):
            found.append((path, status))
    return found


def load_content(root: Path, memo: Memo | None = None) -> Content:
    root = Path(root)
    site_path = root / "site.yml"
    if site_path.is_file():
        site = load_yaml_file(site_path)
    else:
        shown = display_path(site_path)
        site = RawDocument(shown, None, problems=(error(shown, 1, "site.yml", "缺少网站配置文件 site.yml"),))
    policies = tuple(load_yaml_file(p) for p in sorted((root / "policies").glob("*.y*ml")) if p.is_file())
    reply_files = content_files(root / "replies")
    replies = tuple(load_reply(p, memo, status) for p, status in reply_files if p.name.endswith(".md"))
    other: list[Problem] = [stray_file_problem(p) for p, _ in reply_files
                            if not p.name.endswith(".md") and not p.name.startswith(".")]
    pages_root = root / "pages"
    pages = []
    for path in sorted(pages_root.rglob("*")):
        if path.is_file():
            try:
                pages.append(StaticPage(display_path(path), path.relative_to(pages_root).as_posix(), read_content_file(path)))
            except Unreadable as unreadable:
                other.append(unreadable.problem)
    portal = []
    for path in sorted((root / "portal").glob("*")):
        if path.is_file():
            try:
                portal.append(StaticPage(display_path(path), path.name, read_content_file(path)))
            except Unreadable as unreadable:
                other.append(unreadable.problem)
    dictionary_path = root / "search" / "userdict.txt"
    words: tuple[str, ...] = ()
    if dictionary_path.is_file():
        try:
            words = tuple(line.strip() for line in read_content_file(dictionary_path).splitlines()
                          if line.strip() and not line.startswith("#"))
        except Unreadable as unreadable:
            other.append(unreadable.problem)
    media = tuple(MediaFile(display_path(p), p.relative_to(root).as_posix(), p.stat().st_size, str(p.resolve()))
                  for p in sorted((root / "media").rglob("*")) if p.is_file() and not p.name.startswith("."))
    return Content(str(root), site, policies, replies, tuple(pages), words, tuple(other), tuple(portal), media)


def stray_file_problem(path: Path) -> Problem:
    """A file under content/replies/ that is not a record: reported, never passed over.

    Dot files (.DS_Store, .gitkeep) are the system's and the tools', not staff's.
    """
    shown = display_path(path)
    if path.suffix.lower() in (".md", ".markdown"):
        return error(shown, 1, "文件", f"答复记录的扩展名应为小写 .md，否则不会发布：请改名为 {path.stem}.md")
    return error(shown, 1, "文件", "不是答复记录（.md 文件），不会发布：答复函请用 python -m generator import 导入；"
                                  "附件请放在 content/media/<年份>/ 中，并写在答复的 attachments 里")
