"""Numbers and dates as each language writes them, through Babel's locale data.

Vietnamese writes 1.250,5 (dot thousands, comma decimals) and an administrative date reads "ngày 05
tháng 11 năm 2025"; English writes 1,250.5 and 5 November 2025. The formats come from the language
asked for, never from the locale of whatever machine renders the page or document.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from words.catalogue import lang_of

DATE_LONG = {"vi": "'ngày' dd 'tháng' MM 'năm' yyyy", "en": "d MMMM yyyy"}
DATE_SHORT = {"vi": "dd/MM/yyyy", "en": "yyyy-MM-dd"}
TIMESTAMP = {"vi": "HH:mm dd/MM/yyyy", "en": "yyyy-MM-dd HH:mm"}


def number(value: float, lang: str = "vi", digits: int = 1) -> str:
    """`value` with exactly `digits` decimals and grouped thousands. The float's exact binary value
    is rounded (half to even), as Python's own formatting does."""
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    exact = value if isinstance(value, Decimal) else Decimal(value if isinstance(value, int) else float(value))
    return format_decimal(exact, format=pattern, locale=lang_of(lang))


def date_long(when: date, lang: str = "vi") -> str:
    return format_date(when, DATE_LONG[lang_of(lang)], locale=lang_of(lang))


def date_short(when: date, lang: str = "vi") -> str:
    return format_date(when, DATE_SHORT[lang_of(lang)], locale=lang_of(lang))


def timestamp(when: datetime, lang: str = "vi") -> str:
    """A moment as written on a page; `when` is naive, already in the reader's time."""
    return format_datetime(when, TIMESTAMP[lang_of(lang)], locale=lang_of(lang))
