"""`python -m generator dist`: the built site as a reproducible, checkable tarball for the office's server."""

from __future__ import annotations

import calendar
import re
import shutil
import subprocess
import tarfile
import time
from pathlib import Path

import pytest

from helpers import CONTENT, copy_content, run_generator


def pack(site: Path, out: Path, content: Path = CONTENT, env: dict | None = None) -> subprocess.CompletedProcess:
    return run_generator("dist", "--site", str(site), "--out", str(out), "--content", str(content), env=env)


def tarball_in(out: Path) -> Path:
    (tarball,) = out.glob("*.tar.gz")
    return tarball


def content_date() -> str:
    from generator.pipeline import check
    from generator.render import content_epoch

    return time.strftime("%Y%m%d", time.gmtime(content_epoch(check(CONTENT).resolved)))


@pytest.fixture(scope="module")
def packed(built_site, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    result = pack(built_site, out, env={"SOURCE_DATE_EPOCH": ""})
    assert result.returncode == 0, result.stderr
    tarball = tarball_in(out)
    assert result.stdout.strip() == str(tarball)
    return tarball


def site_entries(site: Path) -> tuple[set[str], set[str]]:
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    dirs = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_dir()}
    return files, dirs


def test_the_tarball_holds_exactly_the_files_of_site_under_one_site_folder(packed, built_site):
    files, dirs = site_entries(built_site)
    with tarfile.open(packed) as tar:
        members = tar.getmembers()
    names = [m.name for m in members]
    assert names[0] == "site"
    assert {n[len("site/"):] for n, m in zip(names, members) if m.isfile()} == files | {"SHA256SUMS"}
    assert {n[len("site/"):] for n, m in zip(names, members) if m.isdir() and n != "site"} == dirs
    assert all(m.isfile() or m.isdir() for m in members)  # no links, devices or anything else
    assert all(n == "site" or n.startswith("site/") for n in names)
    assert not any(".." in n.split("/") for n in names)
    assert names == sorted(names, key=lambda n: n.split("/")), "entries are sorted"
    assert len(names) == len(set(names))


def test_every_entry_is_normalised_and_named_by_version(packed):
    epoch = calendar.timegm(time.strptime(content_date(), "%Y%m%d"))
    with tarfile.open(packed) as tar:
        members = tar.getmembers()
    for member in members:
        assert (member.uid, member.gid, member.uname, member.gname) == (0, 0, "root", "root"), member.name
        assert member.mode == (0o755 if member.isdir() else 0o644), member.name
        assert member.mtime == epoch, member.name
    header = packed.read_bytes()[:10]
    assert header[:3] == b"\x1f\x8b\x08"
    assert header[3] == 0, "no file name (or other optional field) in the gzip header"
    assert header[4:8] == b"\0\0\0\0", "gzip header mtime 0"
    assert re.fullmatch(rf"[A-Za-z0-9._-]+-{content_date()}-[0-9a-f]{{12}}(-dirty)?\.tar\.gz", packed.name), packed.name


def test_sha256sums_inside_and_beside_verify_with_sha256sum(packed, built_site, tmp_path):
    files, _ = site_entries(built_site)
    subprocess.run(["tar", "-xzf", str(packed), "-C", str(tmp_path)], check=True)
    sums = (tmp_path / "site/SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert sorted(line.split("  ", 1)[1] for line in sums) == sorted(files)
    inside = subprocess.run(["sha256sum", "-c", "--strict", "SHA256SUMS"], cwd=tmp_path / "site",
                            capture_output=True, text=True)
    assert inside.returncode == 0, inside.stdout + inside.stderr
    assert inside.stdout.count(": OK\n") == len(files)

    checksum = packed.with_name(packed.name + ".sha256")
    assert checksum.read_text(encoding="utf-8").endswith(f"  {packed.name}\n")
    beside = subprocess.run(["sha256sum", "-c", "--strict", checksum.name], cwd=packed.parent,
                            capture_output=True, text=True)
    assert beside.returncode == 0, beside.stdout + beside.stderr


def test_packing_twice_even_from_a_fresh_copy_gives_the_same_bytes(packed, built_site, tmp_path):
    again = tmp_path / "again"
    assert pack(built_site, again, env={"SOURCE_DATE_EPOCH": ""}).returncode == 0
    assert tarball_in(again).read_bytes() == packed.read_bytes()

    # Another copy of the same site: new inodes, times and (umask) modes change nothing.
    copy = tmp_path / "copy" / "site"
    shutil.copytree(built_site, copy, copy_function=shutil.copy)
    (copy / "index.html").chmod(0o600)
    from_copy = tmp_path / "from-copy"
    assert pack(copy, from_copy, env={"SOURCE_DATE_EPOCH": ""}).returncode == 0
    assert tarball_in(from_copy).read_bytes() == packed.read_bytes()


def test_source_date_epoch_from_the_environment_is_honoured(built_site, tmp_path):
    result = pack(built_site, tmp_path, env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 0, result.stderr
    tarball = tarball_in(tmp_path)
    assert "-20231114-" in tarball.name
    with tarfile.open(tarball) as tar:
        assert {m.mtime for m in tar.getmembers()} == {1700000000}


def test_outside_git_the_version_is_the_date_and_a_hash_of_the_sums(built_site, tmp_path):
    content = copy_content(tmp_path / "content")
    result = pack(built_site, tmp_path / "out", content,
                  env={"SOURCE_DATE_EPOCH": "", "GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(rf"[A-Za-z0-9._-]+-{content_date()}-nogit-[0-9a-f]{{10}}\.tar\.gz",
                        tarball_in(tmp_path / "out").name)


def test_a_missing_site_is_refused_with_the_exact_message(tmp_path):
    missing = tmp_path / "site"
    result = pack(missing, tmp_path / "dist")
    assert result.returncode == 1
    assert result.stderr.strip() == f"{missing}/ 不存在，请先运行 make site"
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "dist").exists()


def test_the_default_paths_name_site_in_the_message(tmp_path):
    result = run_generator("dist", "--content", str(CONTENT), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == "site/ 不存在，请先运行 make site"


def test_an_incomplete_site_is_refused(tmp_path):
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "404.html").write_text("<p>x</p>", encoding="utf-8")
    result = pack(site, tmp_path / "dist")
    assert result.returncode == 1
    assert result.stderr.strip() == f"{site}/ 不完整（缺少 index.html），请重新运行 make site"
    assert not (tmp_path / "dist").exists()


def test_nothing_outside_site_can_enter_through_a_symbolic_link(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    (tmp_path / "secret.txt").write_text("不公开\n", encoding="utf-8")
    (site / "assets" / "leak.txt").symlink_to(tmp_path / "secret.txt")
    result = pack(site, tmp_path / "dist")
    assert result.returncode == 1
    assert result.stderr.strip() == f"{site}/assets/leak.txt 是符号链接，拒绝打包（只打包网站本身的文件）"
    assert not (tmp_path / "dist").exists()


def test_the_tarball_is_not_written_into_the_site_itself(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    result = pack(site, site / "dist")
    assert result.returncode == 1
    assert result.stderr.strip() == f"输出目录 {site / 'dist'} 在 {site}/ 之内，请换一个输出目录"
