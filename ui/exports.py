"""Downloads that leave a trace and serve no one else: every file handed out goes into the audit
trail, and is permitted to this browser's sign-in only, for one fetch (store/downloads.py).

Streamlit builds a download's content in a callable, on click, on another thread where `st` must not
be used. `audited` captures what it needs while the page runs (the engine, and the means to look the
acting user up again from the session) and returns the callable. On click it looks the user up
afresh, builds the file, records the export (the store checks the role again, like the data it
exports), issues the one-fetch permit the web entry checks when the browser comes for the file, and
only then hands the bytes over: a refused download is neither recorded nor delivered.
"""

from __future__ import annotations

from collections.abc import Callable

from store import audit, downloads
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
) -> Callable[[], bytes]:
    engine = runtime.engine()
    lookup = runtime.actor_lookup()
    credential = runtime.credential()

    def download() -> bytes:
        actor = lookup()
        if actor is None:
            raise AccessDenied("download_signed_out")
        data = build() if callable(build) else build
        content = data.encode("utf-8") if isinstance(data, str) else data  # the bytes the permit names
        audit.record_export(engine, actor, what, agency_id=agency_id, year=year, target=target)
        downloads.issue_download(actor, credential, content, lookup)
        return content

    return download
