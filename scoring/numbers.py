"""Numbers as people write them, in the page's language, and back.

Vietnamese groups thousands with a dot and marks decimals with a comma (110.000 is a hundred and ten
thousand; 12,5 is twelve and a half); English the other way round (110,000; 12.5). A space may group
thousands in either. The rules, for the page's language:

- the grouping mark is followed by exactly three digits, and the first group has one to three;
- the decimal mark appears at most once, after the whole part, and only where the question takes a
  decimal (a count takes a whole number: "12,5 people" is refused, not cut to 12);
- what the other language would read as a thousands grouping ("110,000" on a Vietnamese page,
  "110.000" on an English one) is refused as ambiguous, never read as 110: a decimal with exactly three
  digits after the mark is written with a fourth ("1,2340");
- anything else is refused with a message saying how to write the number.

A value far from last year's (more than five times as large, or a fifth as large) is a likely slip of
a zero or of the grouping mark, so a page asks for confirmation before it saves it (`is_jump`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from scoring.invalid import Invalid, Reason
from scoring.models import Question, QuestionType
from scoring.textsafe import visible

SPACES = " \u00a0\u202f\u2009"  # space, no-break space, narrow no-break space, thin space
MAX_CHARS = 40  # far longer than any number a question takes (at most 1e12)
JUMP = 5.0


@dataclass(frozen=True)
class Marks:
    group: str
    decimal: str
    example: str  # a grouped number and a decimal, as this language writes them


MARKS = {"vi": Marks(".", ",", "110.000; 12,5"), "en": Marks(",", ".", "110,000; 12.5")}


def marks(lang: str) -> Marks:
    return MARKS["en" if lang == "en" else "vi"]


def _grammar(m: Marks) -> re.Pattern[str]:
    g, d = re.escape(m.group), re.escape(m.decimal)
    space = "[" + SPACES + "]"
    grouped = rf"[0-9]{{1,3}}(?:{g}[0-9]{{3}})+|[0-9]{{1,3}}(?:{space}[0-9]{{3}})+"
    return re.compile(rf"(?P<sign>-?)(?P<whole>[0-9]+|{grouped})(?:{d}(?P<frac>[0-9]+))?")


def _foreign_grouping(m: Marks) -> re.Pattern[str]:
    """How the other language writes a grouped whole number: read here, it would be a decimal."""
    return re.compile(rf"-?[1-9][0-9]{{0,2}}(?:{re.escape(m.decimal)}[0-9]{{3}})+")


GRAMMAR = {lang: _grammar(m) for lang, m in MARKS.items()}
FOREIGN = {lang: _foreign_grouping(m) for lang, m in MARKS.items()}


def parse_number(text: str, lang: str, *, whole: bool, percent: bool = False) -> int | float | None:
    """The number `text` writes in `lang` (None when it is empty), an int when it is whole; or Invalid
    saying how to write it. `whole`: the question asks for a count; `percent`: a trailing % is allowed."""
    lang = "en" if lang == "en" else "vi"
    m = MARKS[lang]
    s = text.strip(SPACES + "\t\n\r")
    if percent and s.endswith("%"):
        s = s[:-1].rstrip(SPACES)
    if not s:
        return None
    shown = visible(text.strip()[:MAX_CHARS])
    if len(s) > MAX_CHARS or not set(s) <= set("0123456789-.," + SPACES):
        raise Invalid("number_not_a_number", shown=shown)
    if FOREIGN[lang].fullmatch(s):
        raise _ambiguous(s, lang, whole)
    found = GRAMMAR[lang].fullmatch(s)
    if found is None:
        raise Invalid(f"number_malformed_{lang}", shown=shown, example=m.example)
    digits = re.sub(r"[^0-9]", "", found["whole"])
    frac = found["frac"] or ""
    value = Decimal(f"{found['sign']}{digits}.{frac or '0'}")
    if value == value.to_integral_value():
        return int(value)
    if whole:
        raise Invalid("number_not_whole", shown=shown)
    return float(value)


def _ambiguous(s: str, lang: str, whole: bool) -> Invalid:
    """A grouping the other language writes: say how `lang` writes thousands (and decimals, unless the
    question asks for a whole number)."""
    grouped = s.replace(marks(lang).decimal, marks(lang).group)
    hint = "" if whole else Reason(f"number_decimals_{lang}")
    return Invalid(f"number_ambiguous_{lang}", shown=s, grouped=grouped, hint=hint)


def format_number(value: int | float, lang: str) -> str:
    """`value` as `lang` writes it, so that `parse_number` reads it back unchanged: 110.000 and 12,5
    in Vietnamese, 110,000 and 12.5 in English."""
    m = marks(lang)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}".replace(",", m.group)
    text = format(Decimal(repr(float(value))), "f")
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, frac = text.split(".")
    written = f"{sign}{int(whole):,}".replace(",", m.group) + m.decimal + frac
    if FOREIGN["en" if lang == "en" else "vi"].fullmatch(written):
        written += "0"  # "1,234" would be refused as a grouping: "1,2340" is the same number
    return written


def is_jump(value: float, previous: float | None, factor: float = JUMP) -> bool:
    """True when `value` is more than `factor` times last year's, or less than a `factor`-th of it. A
    zero on either side is no jump (a first trained person, a platform given up): there is no ratio."""
    if previous is None or value <= 0 or previous <= 0:
        return False
    return value > previous * factor or value * factor < previous


def asks_count(q: Question) -> bool:
    """A number question asks for a count (people, copies, platforms): a whole number. A percent may
    take decimals."""
    return q.type == QuestionType.NUMBER
