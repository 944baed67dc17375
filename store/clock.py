"""The one source of "now" for the store, so tests can move time instead of sleeping."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    """Current time, timezone-aware UTC (tests monkeypatch this function)."""
    return datetime.now(UTC)
