"""The message catalogue: every message in both languages with the same placeholders, and every message
id the code asks for by name is in it."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest

import words

ROOT = Path(__file__).resolve().parents[1]
APP_DIRS = ("ui", "reports", "store", "scoring", "webentry", "words")
# A call naming its message: t("nav.results"), say("web.title"), tr("republic") (a document's `doc.*`),
# Invalid("too_long", …) and Reason("year_shape") (a refused value's `invalid.*`).
CALL = re.compile(r"""\b(t|say|tr|Invalid|Reason)\(\s*["']([a-z0-9_.]+)["']""")
PREFIX = {"tr": "doc.", "Invalid": "invalid.", "Reason": "invalid."}
BUILT = [  # ids built from data where they are used
    *(f"invalid.what_{field}" for field in ("evidence_note", "evidence_link", "evidence_file_names", "text",
                                             "na_reason", "agency_name")),  # scoring/answers.py _text
    *(f"invalid.number_{kind}_{lang}" for kind in ("malformed", "ambiguous", "decimals") for lang in ("vi", "en")),
]


def sources() -> list[Path]:
    files = [p for d in APP_DIRS for p in sorted((ROOT / d).rglob("*")) if p.suffix in (".py", ".html")]
    return [*files, ROOT / "app.py", ROOT / "asgi.py", ROOT / "manage.py"]


def called_ids(text: str) -> set[str]:
    return {PREFIX.get(fn, "") + key for fn, key in CALL.findall(text)}


def test_both_languages_hold_the_same_messages():
    vi, en = (set(words.catalogue(lang)) for lang in words.LANGS)
    assert sorted(vi - en) == [] and sorted(en - vi) == []


def test_placeholders_agree_between_languages():
    vi, en = (words.catalogue(lang) for lang in words.LANGS)
    differ = [k for k in vi if words.placeholders(vi[k]) != words.placeholders(en.get(k, ""))]
    assert differ == []


def test_every_message_called_by_name_is_in_the_catalogue():
    called = set().union(*(called_ids(p.read_text(encoding="utf-8")) for p in sources()))
    assert len(called) > 300  # the scan finds the calls (a broken pattern would find none and pass)
    assert sorted(k for k in [*called, *BUILT] if not words.known(k)) == []


def test_the_scan_sees_each_kind_of_call():
    found = called_ids("""t("nav.results", lang) say('web.title', lang) tr("republic", lang) t(x)
                          raise Invalid("too_long", what=w) Reason("year_shape")""")
    assert found == {"nav.results", "web.title", "doc.republic", "invalid.too_long", "invalid.year_shape"}


def test_an_unknown_id_shows_itself():
    assert words.say("no.such.key", "vi") == "⟨no.such.key⟩"


@pytest.mark.parametrize(("lang", "expected"), [("vi", "1.250,5"), ("en", "1,250.5")])
def test_numbers_are_written_as_the_language_writes_them(lang, expected):
    assert words.number(1250.46, lang, 1) == expected
    assert words.number(0.35, lang, 1) == f"{0.35:.1f}".replace(".", "," if lang == "vi" else ".")


def test_dates_are_written_as_the_language_writes_them():
    day = date(2025, 3, 5)
    assert (words.date_long(day, "vi"), words.date_long(day, "en")) == ("ngày 05 tháng 03 năm 2025", "5 March 2025")
    assert (words.date_short(day, "vi"), words.date_short(day, "en")) == ("05/03/2025", "2025-03-05")
    assert words.timestamp(datetime(2025, 3, 5, 9, 7), "vi") == "09:07 05/03/2025"
