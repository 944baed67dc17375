"""Where the server's and the command line's log records go: one handler on the root logger (standard
error, one line a record), the project's own loggers at the chosen level, every other library's at
WARNING. Modules log through `logging.getLogger(__name__)` and never configure anything;
`asgi.py` (at server start) and `manage.py` call `configure` once. Streamlit keeps its own handlers.
"""

from __future__ import annotations

import logging
from typing import TextIO

# the top-level packages and modules of this repository, and `pressdx.*`, the store's named loggers of
# sign-ins and refusals (Alembic's INFO lines, two at every start, stay below WARNING: store.db says what
# each schema upgrade did)
PROJECT_LOGGERS = ("app", "asgi", "manage", "settings", "scoring", "store", "reports", "ui", "webentry", "bench",
                   "pressdx")
HANDLER_NAME = "pressdx"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure(level: str, stream: TextIO | None = None) -> logging.Handler:
    """Send log records to `stream` (default: standard error) at `level` for the project. Calling it
    again replaces the handler instead of adding a second one."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == HANDLER_NAME]:
        root.removeHandler(old)
    handler = logging.StreamHandler(stream)
    handler.set_name(HANDLER_NAME)
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    for name in PROJECT_LOGGERS:
        logging.getLogger(name).setLevel(level)
    return handler
