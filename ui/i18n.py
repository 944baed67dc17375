"""The pages' words: the message catalogue (package `words`), called `t` on the pages.

Texts of the questionnaire live in the questionnaire files; everything else a page shows is a catalogue
message in both languages. The language is passed explicitly, never set process-wide: one server serves
many sessions at once, each in its own language.
"""

from __future__ import annotations

from typing import Any

from words import LANGS, known, msgids, say

__all__ = ["LANGS", "known", "msgids", "t"]


def t(key: str, lang: str = "vi", **fmt: Any) -> str:
    """The message in `lang`; an unknown key is a bug, so it shows itself rather than a blank."""
    return say(key, lang, **fmt)
