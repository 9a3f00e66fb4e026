"""Stage 1: read the content tree.  The only stage that reads files.

YAML is parsed here, keeping the line of every key so later stages can name
``file:line`` in their messages.  Nothing is interpreted beyond YAML.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem, error

FRONT_MATTER_FENCE = "---"


class ContentLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text so validation can explain bad ones."""


ContentLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class RawDocument:
    """One YAML mapping (a front-matter block or a .yml file) and its body."""

    path: str
    data: dict | None
    lines: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class StaticPage:
    path: str
    target: str
    text: str


@dataclass(frozen=True)
class Content:
    root: str
    site: RawDocument
    policies: tuple[RawDocument, ...]
    replies: tuple[RawDocument, ...]
    pages: tuple[StaticPage, ...]
    user_dictionary: tuple[str, ...]

    @property
    def problems(self) -> list[Problem]:
        docs = (self.site, *self.policies, *self.replies)
        return [problem for doc in docs for problem in doc.problems]


def display_path(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")


def parse_yaml(text: str, shown: str, line_offset: int = 0) -> tuple[dict | None, dict, list[Problem]]:
    """Parse a YAML mapping; return data, the line of each key path, problems."""
    loader = ContentLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        reason = f"{exc.context or ''} {exc.problem or ''}".strip()
        return None, {}, [error(shown, line, "YAML", f"YAML 语法错误：{reason}（检查缩进、冒号后的空格和引号是否成对）")]
    except (yaml.YAMLError, ValueError) as exc:
        return None, {}, [error(shown, 1 + line_offset, "YAML", f"YAML 无法解析：{exc}")]
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        return None, {}, [error(shown, 1 + line_offset, "YAML", "内容应为“键: 值”形式的键值对")]
    lines: dict[str, int] = {"": 1 + line_offset}
    problems: list[Problem] = []
    _collect_lines(node, "", lines, problems, shown, line_offset)
    return data, lines, problems


def _collect_lines(node, prefix, lines, problems, shown, offset):
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = f"{prefix}{key_node.value}"
            line = key_node.start_mark.line + 1 + offset
            if key in seen:
                problems.append(error(shown, line, key, f"键 {key_node.value} 重复出现，只能保留一个"))
            seen.add(key)
            lines.setdefault(key, line)
            _collect_lines(value_node, f"{key}.", lines, problems, shown, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            key = f"{prefix}{index}"
            lines.setdefault(key, item.start_mark.line + 1 + offset)
            _collect_lines(item, f"{key}.", lines, problems, shown, offset)


def parse_front_matter(text: str, shown: str) -> RawDocument:
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        return RawDocument(shown, None, problems=(error(shown, 1, "front matter", "文件应以 --- 开头的元数据块开始"),))
    for index in range(1, len(lines)):
        if lines[index].strip() in (FRONT_MATTER_FENCE, "..."):
            yaml_text = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :]).strip("\n")
            body_line = index + 2 + _leading_blank_lines(lines[index + 1 :])
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


def load_yaml_file(path: Path) -> RawDocument:
    shown = display_path(path)
    data, lines, problems = parse_yaml(read_text(path), shown)
    return RawDocument(shown, data, lines, problems=tuple(problems))


def load_reply(path: Path) -> RawDocument:
    return parse_front_matter(read_text(path), display_path(path))


def load_content(root: Path) -> Content:
    root = Path(root)
    site_path = root / "site.yml"
    if site_path.exists():
        site = load_yaml_file(site_path)
    else:
        shown = display_path(site_path)
        site = RawDocument(shown, None, problems=(error(shown, 1, "site.yml", "缺少网站配置文件 site.yml"),))
    policies = tuple(load_yaml_file(p) for p in sorted((root / "policies").glob("*.y*ml")))
    replies = tuple(load_reply(p) for p in sorted((root / "replies").rglob("*.md")))
    pages_root = root / "pages"
    pages = tuple(
        StaticPage(display_path(p), p.relative_to(pages_root).as_posix(), read_text(p))
        for p in sorted(pages_root.rglob("*")) if p.is_file()
    )
    dictionary_path = root / "search" / "userdict.txt"
    words = tuple(
        line.strip() for line in read_text(dictionary_path).splitlines() if line.strip() and not line.startswith("#")
    ) if dictionary_path.exists() else ()
    return Content(str(root), site, policies, replies, pages, words)
