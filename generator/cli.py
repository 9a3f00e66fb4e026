"""Command line: ``python -m generator build|check|...`` (messages in Chinese for staff)."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from .pipeline import check
from .problems import Severity, has_errors
from .write import COMPRESSORS, CompressionFailed, Compressor, precompress

ROOT = Path(__file__).resolve().parent.parent


def cmd_check(args) -> int:
    result = check(Path(args.content))
    for problem in result.problems:
        print(problem.annotation() if args.format == "github" else problem)
    errors = sum(p.severity is Severity.ERROR for p in result.problems)
    warnings = len(result.problems) - errors
    failed = has_errors(result.problems, args.strict)
    summary = f"检查完成：{errors} 个错误，{warnings} 个警告"
    print(summary + ("" if failed else "，可以发布"), file=sys.stderr)
    return 1 if failed else 0


def show_build_messages() -> None:
    """Print MkDocs warnings and the generator's messages on stderr.

    Without a handler of our own, MkDocs's strict mode (which adds a counting
    handler to the "mkdocs" logger) would swallow the problem list.
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(handler)
    generator_handler = logging.StreamHandler(sys.stderr)
    generator_handler.setFormatter(logging.Formatter("%(message)s"))
    generator_log = logging.getLogger("mkdocs.generator")
    generator_log.setLevel(logging.INFO)
    generator_log.addHandler(generator_handler)
    generator_log.propagate = False


def cmd_build(args) -> int:
    """Generate, build with MkDocs into a staging directory, then swap it in.

    With the build cache (unless --clean), the staging directory starts as
    a hard-link copy of the previous site and only what changed is rebuilt.
    """
    from .incremental import BuildBusy, BuildCache, build_key

    show_build_messages()
    os.environ["GENERATOR_CONTENT"] = str(Path(args.content).resolve())
    if args.strict:
        os.environ["GENERATOR_STRICT"] = "1"
    site_dir = Path(args.site_dir).resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    cache = BuildCache(Path(args.cache_dir).resolve() if args.cache_dir else site_dir.parent / ".build-cache")
    try:
        with cache.locked():
            return build_with_cache(args, site_dir, cache, build_key)
    except BuildBusy as busy:
        print(f"构建未开始：{busy}", file=sys.stderr)
        return 1


def build_with_cache(args, site_dir: Path, cache, build_key) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from . import incremental

    overrides = {}
    if args.docs_dir:
        Path(args.docs_dir).mkdir(parents=True, exist_ok=True)
        overrides["docs_dir"] = str(Path(args.docs_dir).resolve())
    config_file = Path(args.config).resolve()
    key = build_key(config_file, Path(os.environ["GENERATOR_CONTENT"]),
                    {"strict": args.strict, "site": str(site_dir), "docs": overrides.get("docs_dir", "")})
    dirty = not args.clean and site_dir.is_dir() and cache.matches(site_dir, key)
    # A failed build leaves site/ as it was, so the recorded state stays true; a build that stops
    # after the swap leaves a site whose stamp no longer matches (a clean build follows).
    if args.clean:  # nothing from the cache: Pagefind indexes every bundle again (and refills it)
        shutil.rmtree(cache.pagefind, ignore_errors=True)
    os.environ["GENERATOR_PAGEFIND_CACHE"] = str(cache.pagefind)
    incremental.sweep(site_dir.parent)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=site_dir.parent))
    try:
        if dirty:  # copied while the generator runs; the hooks wait for it (on_pre_build)
            incremental.BASE.append(incremental.BaseCopy(site_dir, staging))
            incremental.MEMO["loaded"] = cache.memo(site_dir)
        compressor = Compressor(staging)
        COMPRESSORS.append(compressor)

        def compress_while_indexing():
            compressor.finish()
            precompress(staging)

        incremental.WHILE_INDEXING.append(compress_while_indexing)
        config = load_config(str(config_file), site_dir=str(staging), strict=args.strict, **overrides)
        try:
            build(config, dirty=dirty)
            compressor.close()
        except BaseException:
            compressor.abort()
            raise
        finally:
            COMPRESSORS.remove(compressor)
        incremental.wait_for_base()  # a build that stopped before its hooks ran
        stale = incremental.prune(staging, incremental.EXPECTED.get("outputs", set()))
    except (MkDocsException, CompressionFailed) as failure:
        incremental.settle()
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(failure, CompressionFailed):
            print(failure, file=sys.stderr)
        print("构建失败，原网站未改动。", file=sys.stderr)
        return 1
    except BaseException:
        incremental.settle()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    incremental.settle()
    precompress(staging)  # what was written after the pages (the search index, redirects), or everything
    # mkdtemp makes the staging directory private (0700); the site is for a web server to read.
    staging.chmod(0o777 & ~current_umask())
    incremental.discard(site_dir)
    staging.rename(site_dir)
    cache.remember(site_dir, key, incremental.MEMO.get("built"))
    how = f"增量构建，删除过时文件 {stale} 个" if dirty else "完整构建"
    print(f"网站已生成（{how}）：{site_dir}", file=sys.stderr)
    return 0


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def cmd_new(args) -> int:
    from . import scaffold
    from .load import load_content

    content = Path(args.content)
    try:
        kind = scaffold.parse_kind(args.kind)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    site = load_content(content).site.data or {}
    topics = tuple(str(t.get("slug")) for t in site.get("topics") or () if isinstance(t, dict))
    text = scaffold.scaffold_text(kind, topics)
    if args.stdout:
        sys.stdout.write(text)
        return 0
    from .importer.emit import write_new_record

    record_id = scaffold.next_id(scaffold.existing_ids(content), kind, args.item_no or "", args.year)
    target = write_new_record(content / "replies", args.year, record_id, text)
    print(f"已创建 {target}，请填写各字段后运行 make check 检查", file=sys.stderr)
    print(target)
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m generator", description="建议提案答复公开网站生成器")
    commands = main.add_subparsers(dest="command", required=True)

    check_cmd = commands.add_parser("check", help="检查 content/ 中的全部记录，不生成网站")
    check_cmd.add_argument("--content", default="content", help="内容目录（默认 content/）")
    check_cmd.add_argument("--strict", action="store_true", help="警告也视为错误")
    check_cmd.add_argument("--format", choices=("text", "github"), default="text",
                           help="text：每行一个问题（默认）；github：GitHub/Gitea Actions 注释，显示在拉取请求的对应行上")
    check_cmd.set_defaults(run=cmd_check)

    build_cmd = commands.add_parser("build", help="检查并生成整个网站")
    build_cmd.add_argument("--content", default="content", help="内容目录（默认 content/）")
    build_cmd.add_argument("--site-dir", default="site", help="网站输出目录（默认 site/）")
    build_cmd.add_argument("--docs-dir", default=None, help="生成的 Markdown 目录（默认 build/docs/）")
    build_cmd.add_argument("--config", default="mkdocs.yml", help="MkDocs 配置文件")
    build_cmd.add_argument("--strict", action="store_true", help="警告也视为错误（CI 使用）")
    build_cmd.add_argument("--clean", action="store_true", help="不用构建缓存，完整重新生成")
    build_cmd.add_argument("--cache-dir", default=None, help="构建缓存目录（默认网站输出目录旁的 .build-cache/）")
    build_cmd.set_defaults(run=cmd_build)

    from .dist import configure as configure_dist

    dist_cmd = commands.add_parser("dist", help="把已生成的 site/ 打成带版本号和校验值的压缩包（dist/），用于本单位服务器发布")
    configure_dist(dist_cmd)

    from .importer.command import configure as configure_import

    import_cmd = commands.add_parser("import", help="把答复函（文件或整个文件夹）导入为 content/replies/ 中的记录")
    configure_import(import_cmd)

    synth_cmd = commands.add_parser("synth", help="生成合成内容目录，用于性能测试（benchmarks/）")
    synth_cmd.add_argument("--records", type=int, required=True, help="答复件数")
    synth_cmd.add_argument("--out", required=True, help="输出的内容目录（已存在则覆盖）")
    synth_cmd.add_argument("--seed", type=int, default=1, help="随机种子（相同种子生成相同内容）")
    from .synth import cmd_synth  # here so the synth command stays one block

    synth_cmd.set_defaults(run=cmd_synth)
    new_cmd = commands.add_parser("new", help="新建一件答复记录（含全部字段和中文说明）")
    new_cmd.add_argument("--content", default="content", help="内容目录（默认 content/）")
    new_cmd.add_argument("--year", type=int, default=_this_year(), help="年份（默认今年）")
    new_cmd.add_argument("--kind", help="人大建议 或 政协提案")
    new_cmd.add_argument("--item-no", help="建议/提案编号，用于生成文件名")
    new_cmd.add_argument("--stdout", action="store_true", help="只打印，不建文件")
    new_cmd.set_defaults(run=cmd_new)
    return main


def _this_year() -> int:
    import datetime

    return datetime.date.today().year


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)
