"""Characters no text of ours may hold: NUL and lone surrogates.

A lone surrogate (U+D800–U+DFFF not paired, as `"\\ud800"` in a YAML file gives) cannot be written as
UTF-8, so a page, a PDF or a workbook holding one fails as a whole; NUL is refused by PostgreSQL and by
spreadsheet files. Every door an answer comes in by (a page's field, the answers file, the store's
save) refuses them, naming the question, rather than keeping text that breaks whoever reads it later.
"""

from __future__ import annotations

import re

from scoring.invalid import Invalid, Reason
from scoring.models import Text

_UNSAFE = re.compile("[\x00\ud800-\udfff]")


def first_unsafe(text: str) -> tuple[int, str] | None:
    """The position and character of the first NUL or lone surrogate in `text`, or None."""
    found = _UNSAFE.search(text)
    return (found.start(), found.group()) if found else None


def visible(text: str) -> str:
    """`text` with each NUL and lone surrogate written as its code (\\u0000, \\ud800): safe to show,
    in a message that quotes what was refused."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def check_text(text: str, what: Reason | str, what_vi: str | None = None) -> str:
    """`text` unchanged, or Invalid naming the character and where it is. `what` names the field: a
    reason (`invalid.what_<field>` in the catalogue), or a caller's own name for it in English with
    `what_vi` in Vietnamese."""
    found = first_unsafe(text)
    if found is None:
        return text
    at, ch = found
    name = what if isinstance(what, Reason) else Text(en=what, vi=what_vi or what)
    kind = Reason("char_nul") if ch == "\x00" else Reason("char_surrogate")
    raise Invalid("unsafe_char", what=name, kind=kind, char=f"U+{ord(ch):04X}", at=at + 1)

