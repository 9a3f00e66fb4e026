"""Helpers shared by the tests: run the generator and build real sites in temporary directories."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTIFACTS = ROOT / "test-artifacts"


def run_generator(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m generator`` in a fresh process, as staff and CI do."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=600)


def build_site(content: Path, workdir: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Build ``content`` into ``workdir/site`` using ``workdir/docs`` for generated Markdown."""
    return run_generator("build", "--content", str(content), "--site-dir", str(workdir / "site"),
                         "--docs-dir", str(workdir / "docs"), *extra, env=env)


def copy_content(target: Path) -> Path:
    shutil.copytree(CONTENT, target)
    return target


def make_site(**overrides):
    """A typed Site value for pure-stage tests."""
    from generator.schema import Site, Topic

    values = dict(name="测试网站", organizer="测试单位", site_url="https://example.gov.cn/",
                  topics=(Topic("talent", "人才发展"), Topic("transport", "交通运输")))
    values.update(overrides)
    return Site(**values)


def make_reply(reply_id: str = "zx-1", year: int = 2025, body: str = "正文。\n", **overrides):
    """A typed public Reply value for pure-stage tests."""
    import datetime as dt

    from generator.schema import Disclosure, Kind, Reply, Session, SourceInfo, Body

    values = dict(title=f"关于第{reply_id}号提案的答复", issuer="湖里区人力资源和社会保障局",
                  kind=Kind.MEMBER_PROPOSAL, disclosure=Disclosure.PUBLIC,
                  session=Session(Body.CPPCC, 9, 4, "区政协九届四次会议"),
                  written_date=dt.date(year, 6, 10), id=reply_id, year=year, body=body,
                  source=SourceInfo(f"content/replies/{year}/{reply_id}.md", {"": 2}, 30))
    values.update(overrides)
    return Reply(**values)


def reply_head(item_no: str = "12", disclosure: str = "主动公开") -> str:
    """The opening of a valid public reply's front matter (no closing ---), for test records."""
    return f"""---
title: 关于第{item_no}号提案的答复
issuer: 测试区人力资源和社会保障局
kind: 政协提案
session:
  body: 政协
  term: 9
  meeting: 4
  text: 区政协九届四次会议
item_no: "{item_no}"
disclosure: {disclosure}
written_date: 2025-06-10
"""


# Another office publishing the column under a sub-path: only site.yml differs from content/.
OTHER_OFFICE = {
    "name": "测试区建议提案公开",
    "organizer": "测试区人民政府",
    "undertaker": "测试区人民政府办公室",
    "site_url": "https://www.example.gov.cn/zwgk/jytabl/",
    "site_code": "3502060001",
    "icp": "闽ICP备12345678号-1",
    "police_record": "闽公网安备 35020602000123号",
}


def readable_views(path: Path) -> list[bytes]:
    """The file's bytes and, when it is gzip'd or brotli'd, what it decompresses to."""
    data = path.read_bytes()
    views = [data]
    if path.suffix == ".br":  # brotli has no magic number: known by its name
        data = brotli.decompress(data)
        views.append(data)
    while data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            break
        views.append(data)
    return views
