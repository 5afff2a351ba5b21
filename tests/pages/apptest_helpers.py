"""Shared AppTest helpers for the page tests."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

DASHBOARD = str(Path(__file__).resolve().parents[2] / "dashboard.py")


def new_app(**query) -> AppTest:
    """The dashboard after its first run, opened with `query` as URL parameters."""
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def show(at: AppTest, page: str) -> AppTest:
    """Switch to a page script and insist it ran without an exception."""
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at
