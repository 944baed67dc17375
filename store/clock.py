"""The one source of "now" for the store and the pages, so tests can move time instead of sleeping."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

# Vietnam keeps UTC+7 all year, so a fixed offset needs no time-zone database.
VIETNAM_TIME = timezone(timedelta(hours=7), "ICT")


def now() -> datetime:
    """Current time, timezone-aware UTC (tests monkeypatch this function)."""
    return datetime.now(UTC)


def today() -> date:
    """Today in Việt Nam: a deadline (25/11) is a Vietnamese date, and a server kept on UTC would
    still be on the day before from 0:00 to 7:00 there."""
    return now().astimezone(VIETNAM_TIME).date()
