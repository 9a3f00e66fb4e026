"""Serve a built site with Debian's nginx and deploy/nginx.conf, as an office's server would.

Shared by the nginx tests (site_tests/browser/test_nginx.py) and the audit
script (benchmarks/audit.py)::

    with serve(site_dir, column="/zwgk/jytabl/") as base_url:   # "http://127.0.0.1:PORT"
        ...  # GET base_url + column

The sample configuration is used with only its listen, alias and include
lines (and, when the column is not /zwgk/jytabl/, its column path) replaced.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SAMPLE_COLUMN = "/zwgk/jytabl/"  # the column path written in deploy/nginx.conf


class NginxError(RuntimeError):
    """nginx is missing or did not start."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_block(site: Path, port: int, column: str = SAMPLE_COLUMN, ssi: bool = False,
                 extra_locations: str = "") -> str:
    """deploy/nginx.conf's server block with the values of this machine put in."""
    server = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    headers = str(ROOT / "deploy" / "replies-security-headers.conf")
    server = (server.replace("listen 80;", f"listen 127.0.0.1:{port};")
              .replace("alias /srv/replies/site/;", f"alias {site}/;")
              .replace("alias /srv/replies/site/admin/;", f"alias {site}/admin/;")
              .replace("/etc/nginx/replies-security-headers.conf", headers)
              .replace("/etc/nginx/replies-admin-headers.conf", str(ROOT / "deploy" / "replies-admin-headers.conf")))
    if column != SAMPLE_COLUMN:
        server = (server.replace(f"location {SAMPLE_COLUMN} {{", f"location {column} {{")
                  .replace(f"location {SAMPLE_COLUMN}admin/ {{", f"location {column}admin/ {{")
                  .replace(f"error_page 404 {SAMPLE_COLUMN}404.html;", f"error_page 404 {column}404.html;"))
    opening = f"location {column} {{"
    if ssi:
        server = server.replace(opening, opening + "\n        ssi on;", 1)
    if extra_locations:
        # Server-level configuration (e.g. the portal's /include/ files) before the server's closing brace.
        end = server.rstrip().rfind("}")
        server = server[:end] + extra_locations.rstrip() + "\n" + server[end:]
    for expected in (str(site), str(port), opening, headers):
        if expected not in server:
            raise NginxError(f"deploy/nginx.conf no longer has the line this module rewrites ({expected})")
    return server


@contextlib.contextmanager
def serve(site_dir: Path, column: str = SAMPLE_COLUMN, ssi: bool = False, extra_locations: str = "",
          timeout: float = 10.0) -> Iterator[str]:
    """Serve a copy of ``site_dir`` at ``column``; yields the base URL ``http://127.0.0.1:PORT``."""
    if not Path(NGINX).exists():
        raise NginxError("nginx is not installed (`make chromium` installs Debian's nginx-light)")
    # nginx's workers run as an unprivileged user, as on the office's server: the site is copied
    # (modes kept) under a folder anyone may enter; pytest's own temporary folders are private.
    public = Path(tempfile.mkdtemp(prefix="replies-nginx-"))
    process = None
    try:
        public.chmod(0o755)
        work = public / "nginx"  # configuration, pid, logs and temporary files
        work.mkdir()
        site = public / "site"
        shutil.copytree(site_dir, site)
        port = free_port()
        server = server_block(site, port, column, ssi, extra_locations)
        (work / "nginx.conf").write_text(
            f"pid {work}/nginx.pid;\nerror_log {work}/error.log;\nevents {{}}\n"
            f"http {{\n include /etc/nginx/mime.types;\n access_log off;\n client_body_temp_path {work};\n"
            f" proxy_temp_path {work};\n fastcgi_temp_path {work};\n uwsgi_temp_path {work};\n scgi_temp_path {work};\n"
            f"{server}\n}}\n", encoding="utf-8")
        process = subprocess.Popen([NGINX, "-p", str(work), "-c", str(work / "nginx.conf"), "-g", "daemon off;"],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None:
                    raise NginxError("nginx did not start: " + process.stdout.read().decode(errors="replace"))
                if time.monotonic() > deadline:
                    raise NginxError(f"nginx did not listen on port {port} within {timeout:.0f} s")
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process is not None and process.stdout:
            process.stdout.close()
        shutil.rmtree(public, ignore_errors=True)


@contextlib.contextmanager
def serve_for_tests(site_dir: Path, **options) -> Iterator[str]:
    """``serve`` for a pytest fixture: nginx missing or not starting fails the test with its reason."""
    import pytest

    try:
        with serve(site_dir, **options) as base_url:
            yield base_url
    except NginxError as error:
        pytest.fail(str(error))


def get(base: str, path: str, gzip: bool = True):
    """(response, body) of one GET to the server at ``base``, asking for gzip unless told not to."""
    import http.client

    connection = http.client.HTTPConnection(base.split("//")[1], timeout=10)
    connection.request("GET", path, headers={"Accept-Encoding": "gzip"} if gzip else {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body
