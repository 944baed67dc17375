"""Downloads that leave a trace: every file handed out goes into the audit trail.

Streamlit builds a download's content in a callable, on click, on another thread where `st` must not
be used. `audited` captures what it needs while the page runs (the engine, and the means to look the
acting user up again from the session) and returns the callable. On click it looks the user up
afresh, builds the file, records the export (the store checks the role again, like the data it
exports) and only then hands the bytes over: a refused download is neither recorded nor delivered.
"""

from __future__ import annotations

from collections.abc import Callable

from store import audit
from store.errors import AccessDenied
from ui import runtime

Content = str | bytes


def audited(
    build: Callable[[], Content] | Content,
    what: str,
    *,
    agency_id: str | None = None,
    year: int | None = None,
    target: str | None = None,
) -> Callable[[], Content]:
    engine = runtime.engine()
    lookup = runtime.actor_lookup()

    def download() -> Content:
        actor = lookup()
        if actor is None:
            raise AccessDenied("signed_out", "Phiên đăng nhập đã kết thúc: hãy đăng nhập lại để tải tệp.",
                               "Your session has ended: sign in again to download.")
        data = build() if callable(build) else build
        audit.record_export(engine, actor, what, agency_id=agency_id, year=year, target=target)
        return data

    return download
