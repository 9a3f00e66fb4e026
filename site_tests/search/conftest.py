"""The query set drives the same browser and server as site_tests/browser."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "browser"))

from harness import chromium, page, site_url  # noqa: E402,F401  (pytest fixtures)
