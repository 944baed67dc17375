"""The documents' own words in Vietnamese and English, and how numbers and dates are written.

Questionnaire texts come from the questionnaire (`Text.get(lang)`); the words the documents add around
them are the catalogue's `doc.*` messages (package `words`), which also writes numbers and dates as each
language does (72,5 and 1.250 in Vietnamese; "ngày 25 tháng 11 năm 2025").
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta, timezone
from typing import Any

import words
from scoring.engine import level_info
from scoring.models import ModelFile
from scoring.plans import Target

STATUSES = ("draft", "submitted", "returned", "not_started")

GAP_UNIT = {"staff_trained": ("unit_person", "unit_people"), "urban_rural_balance": ("unit_reach_one", "unit_reach")}
AGENCY_UNIT = ("unit_agency", "unit_agencies")


def tr(key: str, lang: str = "vi", **fmt: Any) -> str:
    """A document's word: the catalogue's message `doc.<key>`."""
    return words.say(f"doc.{key}", lang, **fmt)


def nfc(text: str) -> str:
    """Typed Vietnamese may arrive decomposed (NFD); the PDF fonts draw precomposed letters only."""
    return unicodedata.normalize("NFC", text)


def num(value: float | None, lang: str = "vi", digits: int = 1) -> str:
    if value is None:
        return "—"
    return words.number(value, lang, digits)


def count(value: float | None, lang: str = "vi") -> str:
    """A count of people, agencies or readers: no decimals unless the figure has them."""
    if value is None:
        return "—"
    return num(value, lang, 0 if float(value).is_integer() else 2)


def fraction_text(numerator: float, denominator: float, lang: str = "vi") -> str:
    """A count over a count; a long one (readers, people) breaks after the slash, never inside a number."""
    text = f"{count(numerator, lang)}/{count(denominator, lang)}"
    return text.replace("/", "/\n") if len(text) > 12 else text


def pct(fraction: float | None, lang: str = "vi", digits: int = 1) -> str:
    return "—" if fraction is None else f"{num(float(fraction) * 100, lang, digits)}%"


def signed(value: float | None, lang: str = "vi") -> str:
    if value is None:
        return "—"
    if abs(value) < 0.05:
        return num(0.0, lang)
    return ("+" if value > 0 else "−") + num(abs(value), lang)


VIETNAM_TIME = timezone(timedelta(hours=7), "ICT")  # no daylight saving in Việt Nam


def local(when: datetime) -> datetime:
    """The store keeps UTC; people read Việt Nam time. Naive datetimes are taken as already local."""
    return when.astimezone(VIETNAM_TIME).replace(tzinfo=None) if when.tzinfo else when


def date_long(when: date | datetime, lang: str = "vi") -> str:
    when = local(when) if isinstance(when, datetime) else when
    return words.date_long(when, lang)


def date_short(when: date | datetime | None, lang: str = "vi") -> str:
    if when is None:
        return "—"
    when = local(when) if isinstance(when, datetime) else when
    return words.date_short(when, lang)


def timestamp(when: datetime, lang: str = "vi") -> str:
    return words.timestamp(local(when), lang)


def level_label(model: ModelFile, code: str | None, lang: str = "vi") -> str:
    info = level_info(model, code)
    return info.label.get(lang) if info else "—"


def status_label(status: str, lang: str = "vi") -> str:
    return tr(f"st_{status}", lang) if status in STATUSES else status


def yes_no(flag: bool | None, lang: str = "vi") -> str:
    return "—" if flag is None else tr("yes" if flag else "no", lang)


def met_label(met: bool | None, applicable: bool = True, lang: str = "vi") -> str:
    if not applicable:
        return tr("not_applicable", lang)
    if met is None:
        return tr("no_target", lang)
    return tr("met" if met else "not_met", lang)


def province_verdict(value: object | None, met: bool | None, lang: str = "vi", *, provisional: bool = False) -> str:
    """A province's indicator: no figures yet (nothing submitted it applies to), else met, not met, or
    no target that year. Without figures it said "no target" beside the year's target. While not every
    agency has submitted (`provisional`) a verdict is provisional, never "met"."""
    if value is None:
        return tr("no_data", lang)
    if provisional and met is not None:
        return tr("provisional_met" if met else "provisional_not_met", lang)
    return met_label(met, True, lang)


def target_label(target: Target | None, lang: str = "vi") -> str:
    """The plan's own wording: '>60%' is "trên 60%"; a split such as '60%/40%' is kept as written; a
    held target says so ("100% (duy trì mức 2025)")."""
    if target is None:
        return "—"
    if target.strict:
        shown = num(float(target.value) * 100, lang, 0 if (target.value * 100).denominator == 1 else 1)
        label = tr("above", lang, value=shown)
    else:
        label = target.label
    # a target held from an earlier year is never passed off as the plan's own target of this year
    return label if target.held_from is None else f"{label} ({tr('held', lang, year=target.held_from)})"


def indicator_short(indicator_id: str, lang: str = "vi") -> str:
    msgid = f"indicator_short.{indicator_id}"
    return words.say(msgid, lang) if words.known(msgid) else indicator_id


def indicator_value(indicator_id: str, fraction: float | None, lang: str = "vi") -> str:
    """The urban/rural indicator reads as a split, like its target ("60%/40%"); the others as a share."""
    if fraction is None:
        return "—"
    if indicator_id == "urban_rural_balance":
        return f"{pct(1 - float(fraction), lang)}/{pct(fraction, lang)}"
    return pct(fraction, lang)


def gap_text(indicator_id: str, gap: int | None, met: bool | None, lang: str = "vi") -> str:
    """What an unmet indicator lacks ("cần thêm 1 cơ quan"); a dash where nothing is lacking (met) or
    nothing can be said (no target, no figures)."""
    if met is not False:
        return "—"
    if gap is None:
        return tr("gap_never", lang)
    one, many = GAP_UNIT.get(indicator_id, AGENCY_UNIT)
    unit = tr(one if gap == 1 else many, lang)
    return tr("gap_more", lang, n=count(gap, lang), unit=unit)
