"""Fixtures for the real-browser tests (see harness.py)."""

from harness import chromium, page, site_url  # noqa: F401  (pytest fixtures)
