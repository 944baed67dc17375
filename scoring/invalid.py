"""A refused value as a code and its parameters; its words are looked up when it is shown.

A reason's text is the catalogue's message `invalid.<code>` in the reader's language (package `words`).
A parameter may itself be a reason (the name of the field refused, "the evidence note") or a
questionnaire text (an option's label): both are said in the same language as the message around them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scoring.models import Text
from words import say

PREFIX = "invalid."


@dataclass(frozen=True)
class Reason:
    """What is wrong, as a code (`invalid.<code>` in the catalogue) and the values its words name."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "vi") -> str:
        return say(PREFIX + self.code, lang, **{k: _said(v, lang) for k, v in self.params.items()})

    def __str__(self) -> str:  # a log line or a developer's traceback reads English
        return self.message("en")


def _said(value: Any, lang: str) -> Any:
    if isinstance(value, Reason):
        return value.message(lang)
    if isinstance(value, Text):
        return value.get(lang)
    return value


class Invalid(ValueError):
    """One refused value: `reason` says what is wrong; a page shows `message(lang)`."""

    def __init__(self, code: str, /, **params: Any) -> None:
        self.reason = Reason(code, params)
        super().__init__(self.reason.message("en"))

    def message(self, lang: str = "vi") -> str:
        return self.reason.message(lang)

    @property
    def vi(self) -> str:
        return self.message("vi")

    @property
    def en(self) -> str:
        return self.message("en")
