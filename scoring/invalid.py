"""A refused value, said in both languages."""

from __future__ import annotations


class Invalid(ValueError):
    """One refused value, said in both languages: the command line prints the English, a page shows
    the reader's language."""

    def __init__(self, en: str, vi: str) -> None:
        super().__init__(en)
        self.en = en
        self.vi = vi

    def message(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi
