"""Command line: ``python -m generator build|check|...`` (messages in Chinese for staff)."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from .pipeline import check
from .problems import Severity, has_errors

ROOT = Path(__file__).resolve().parent.parent


def cmd_check(args) -> int:
    result = check(Path(args.content))
    for problem in result.problems:
        print(problem)
    errors = sum(p.severity is Severity.ERROR for p in result.problems)
    warnings = len(result.problems) - errors
    failed = has_errors(result.problems, args.strict)
    summary = f"检查完成：{errors} 个错误，{warnings} 个警告"
    print(summary + ("" if failed else "，可以发布"), file=sys.stderr)
    return 1 if failed else 0


def cmd_build(args) -> int:
    """Generate, build with MkDocs into a temporary directory, then swap it in."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    os.environ["GENERATOR_CONTENT"] = str(Path(args.content).resolve())
    if args.strict:
        os.environ["GENERATOR_STRICT"] = "1"
    site_dir = Path(args.site_dir).resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    overrides = {}
    if args.docs_dir:
        Path(args.docs_dir).mkdir(parents=True, exist_ok=True)
        overrides["docs_dir"] = str(Path(args.docs_dir).resolve())
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=site_dir.parent))
    try:
        config = load_config(str(Path(args.config).resolve()), site_dir=str(staging), strict=args.strict, **overrides)
        build(config)
    except MkDocsException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"构建失败，原网站未改动：\n{exc}", file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    previous = site_dir.with_name(site_dir.name + ".previous")
    shutil.rmtree(previous, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(previous)
    staging.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)
    print(f"网站已生成：{site_dir}", file=sys.stderr)
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m generator", description="建议提案答复公开网站生成器")
    commands = main.add_subparsers(dest="command", required=True)

    check_cmd = commands.add_parser("check", help="检查 content/ 中的全部记录，不生成网站")
    check_cmd.add_argument("--content", default=str(ROOT / "content"), help="内容目录（默认 content/）")
    check_cmd.add_argument("--strict", action="store_true", help="警告也视为错误")
    check_cmd.set_defaults(run=cmd_check)

    build_cmd = commands.add_parser("build", help="检查并生成整个网站")
    build_cmd.add_argument("--content", default=str(ROOT / "content"), help="内容目录（默认 content/）")
    build_cmd.add_argument("--site-dir", default=str(ROOT / "site"), help="网站输出目录（默认 site/）")
    build_cmd.add_argument("--docs-dir", default=None, help="生成的 Markdown 目录（默认 build/docs/）")
    build_cmd.add_argument("--config", default=str(ROOT / "mkdocs.yml"), help="MkDocs 配置文件")
    build_cmd.add_argument("--strict", action="store_true", help="警告也视为错误（CI 使用）")
    build_cmd.set_defaults(run=cmd_build)
    return main


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)
