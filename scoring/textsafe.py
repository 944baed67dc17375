"""Characters no text of ours may hold: NUL and lone surrogates.

A lone surrogate (U+D800–U+DFFF not paired, as `"\\ud800"` in a YAML file gives) cannot be written as
UTF-8, so a page, a PDF or a workbook holding one fails as a whole; NUL is refused by PostgreSQL and by
spreadsheet files. Every door an answer comes in by (a page's field, the answers file, the store's
save) refuses them, naming the question, rather than keeping text that breaks whoever reads it later.
"""

from __future__ import annotations

import re

from scoring.invalid import Invalid

_UNSAFE = re.compile("[\x00\ud800-\udfff]")


def first_unsafe(text: str) -> tuple[int, str] | None:
    """The position and character of the first NUL or lone surrogate in `text`, or None."""
    found = _UNSAFE.search(text)
    return (found.start(), found.group()) if found else None


def visible(text: str) -> str:
    """`text` with each NUL and lone surrogate written as its code (\\u0000, \\ud800): safe to show,
    in a message that quotes what was refused."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def check_text(text: str, what_en: str, what_vi: str) -> str:
    """`text` unchanged, or Invalid naming the character and where it is."""
    found = first_unsafe(text)
    if found is None:
        return text
    at, ch = found
    code = f"U+{ord(ch):04X}"
    kind_en, kind_vi = (("a NUL character", "ký tự rỗng (NUL)") if ch == "\x00" else
                        ("a broken character (a lone surrogate)", "ký tự hỏng (nửa cặp mã UTF-16)"))
    raise Invalid(f"{what_en} holds {kind_en} ({code}) at character {at + 1}, which cannot be stored: "
                  "remove it and type the text again",
                  f"{what_vi} chứa {kind_vi} ({code}) ở ký tự thứ {at + 1}, không lưu được: hãy xóa ký tự "
                  "đó và gõ lại nội dung")
