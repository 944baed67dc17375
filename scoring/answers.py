"""Answers: their typed form, their validation, and the answers file (`manage.py` and app import/export).

One parser serves the command line, the app's import and every save from a widget, so a value the
engine sees has always passed the same checks, whatever door it came in by.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlparse

import yaml

from scoring.invalid import Invalid, Reason
from scoring.links import with_scheme
from scoring.loader import Questionnaire
from scoring.models import NUMERIC_TYPES, Question, QuestionType, _code_text
from scoring.numbers import asks_count, parse_number
from scoring.textsafe import check_text, visible
from scoring.yamlsafe import YamlProblem, load_path, loads

MAX_TEXT = 5000
MAX_NOTE = 2000
MAX_LINK = 500
MAX_NA_REASON = 1000
MAX_FILE_NAMES = 2600  # a question's files (the store keeps ten, 255 characters a name), "; " between
MAX_NUMBER = 1e12
AGENCY_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-_")


@dataclass(frozen=True)
class Evidence:
    note: str | None = None
    link: str | None = None
    file: str | None = None

    @property
    def present(self) -> bool:
        return bool(self.note or self.link or self.file)


@dataclass(frozen=True)
class Answer:
    """A value (None when not answered), or N/A with a reason; evidence optional either way."""

    value: Any = None
    na_reason: str | None = None
    evidence: Evidence = field(default_factory=Evidence)

    @property
    def is_na(self) -> bool:
        return self.na_reason is not None

    @property
    def answered(self) -> bool:
        return self.value is not None and not self.is_na


class AnswerError(ValueError):
    """Every problem found in a set of answers, as (where: a question id, a field, a line; reason)."""

    def __init__(self, problems: list[tuple[str, Reason]], source: str = "") -> None:
        super().__init__("\n".join(self._lines(problems, source, "en")))
        self.problems = problems
        self.source = source

    @staticmethod
    def _lines(problems: list[tuple[str, Reason]], source: str, lang: str) -> list[str]:
        prefix = f"{source}: " if source else ""
        return [f"{prefix}{where}: {why.message(lang)}" for where, why in problems]

    def lines(self, lang: str = "vi") -> list[str]:
        """One line a problem, "source: where: reason", in `lang`."""
        return self._lines(self.problems, self.source, lang)


def _text(v: Any, limit: int, what: str) -> str | None:
    """`what` names the field: the catalogue's `invalid.what_<what>`."""
    if v is None:
        return None
    name = Reason(f"what_{what}")
    if not isinstance(v, str):
        raise Invalid("not_text", what=name)
    v = check_text(v, name).strip()
    if len(v) > limit:
        raise Invalid("too_long", what=name, length=len(v), limit=limit)
    return v or None


def parse_link(v: Any) -> str | None:
    link = _text(v, MAX_LINK, "evidence_link")
    if link is None:
        return None
    link = with_scheme(link)
    parts = urlparse(link)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise Invalid("link_not_web")
    return link


def parse_evidence(raw: Any) -> Evidence:
    if raw is None:
        return Evidence()
    if isinstance(raw, str):
        return Evidence(note=_text(raw, MAX_NOTE, "evidence_note"))
    if isinstance(raw, Mapping):
        unknown = set(raw) - {"note", "link", "file"}
        if unknown:
            names = visible(", ".join(sorted(map(str, unknown))))[:200]
            raise Invalid("evidence_unknown_fields", names=names)
        return Evidence(note=_text(raw.get("note"), MAX_NOTE, "evidence_note"),
                        link=parse_link(raw.get("link")),
                        file=_text(raw.get("file"), MAX_FILE_NAMES, "evidence_file_names"))
    raise Invalid("evidence_shape")


def parse_value(q: Question, raw: Any) -> Any:
    """The value in its canonical form, or ValueError saying what is wrong in plain words."""
    if raw is None:
        return None
    if q.type in NUMERIC_TYPES:
        return _number_value(q, raw)
    if q.type == QuestionType.TEXT:
        if not isinstance(raw, str):
            raise Invalid("text_expected")
        return _text(raw, MAX_TEXT, "text")
    if q.type == QuestionType.MULTI_CHOICE:
        return _choices_value(q, raw)
    codes = [o.code for o in q.choices]
    code = _code_text(raw)
    if not isinstance(code, str) or code not in codes:
        shown = visible(str(raw))[:40]
        raise Invalid("unknown_option", shown=shown, options=", ".join(codes))
    return code


def _number_value(q: Question, raw: Any) -> int | float | None:
    """A number within the question's bounds (a percent within 0–100 unless it says otherwise), whole
    where it counts things; text is read as English writes numbers (12.5, 110,000)."""
    percent = q.type == QuestionType.PERCENT
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        if not isinstance(raw, str):
            raise Invalid("number_expected")
        raw = parse_number(raw, "en", whole=False, percent=percent)
        if raw is None:
            return None
    if abs(raw) > MAX_NUMBER or not math.isfinite(raw):  # an int too large for a float fails the first
        raise Invalid("number_out_of_range")
    lo = 0.0 if percent and q.min is None else q.min
    hi = 100.0 if percent and q.max is None else q.max
    if lo is not None and raw < lo:
        raise Invalid("below_min", value=f"{raw:g}", min=f"{lo:g}")
    if hi is not None and raw > hi:
        raise Invalid("above_max", value=f"{raw:g}", max=f"{hi:g}")
    if asks_count(q) and not float(raw).is_integer():
        raise Invalid("not_whole", value=f"{raw:g}")
    return int(raw) if float(raw).is_integer() else float(raw)


def _choices_value(q: Question, raw: Any) -> list[str]:
    """Known options, each once, an exclusive one ("none of these") alone, in the question's order."""
    codes = [o.code for o in q.choices]
    if not isinstance(raw, list | tuple):
        raise Invalid("list_expected")
    picked = [_code_text(x) for x in raw]
    bad = [visible(str(x))[:40] for x in picked if x not in codes]
    if bad:
        raise Invalid("unknown_options", bad=", ".join(bad), options=", ".join(codes))
    if len(set(picked)) != len(picked):
        raise Invalid("chosen_twice")
    excl = q.exclusive_codes & set(picked)
    if excl and len(picked) > 1:
        code = sorted(excl)[0]
        label = next(o.label for o in q.choices if o.code == code)  # the reader sees the label
        raise Invalid("exclusive", option=code, label=label)
    return [c for c in codes if c in picked]


def settle_exclusive(q: Question, before: Sequence[str], picked: Sequence[str]) -> list[str]:
    """A multiple choice where an exclusive option ("none of these") meets others after one more
    click: the option just picked wins, as in survey forms. Picking "none" clears the others; picking
    another clears "none". Without such a click (an answers file, several changes at once) the
    choice is returned as it is, for `parse_value` to judge."""
    picked = list(picked)
    if len(picked) < 2 or not q.exclusive_codes & set(picked):
        return picked
    added = [c for c in picked if c not in before]
    if len(added) != 1:
        return picked
    if added[0] in q.exclusive_codes:
        return added
    return [c for c in picked if c not in q.exclusive_codes]


def parse_answer(q: Question, raw: Any) -> Answer:
    """An answer is a bare value, or a mapping {value, na_reason, evidence}."""
    if isinstance(raw, Mapping):
        unknown = set(raw) - {"value", "na_reason", "evidence"}
        if unknown:
            names = visible(", ".join(sorted(map(str, unknown))))[:200]
            raise Invalid("unknown_fields", names=names)
        na_reason = _text(raw.get("na_reason"), MAX_NA_REASON, "na_reason")
        value = parse_value(q, raw.get("value"))
        evidence = parse_evidence(raw.get("evidence"))
    else:
        na_reason, value, evidence = None, parse_value(q, raw), Evidence()
    if "na_reason" in (raw if isinstance(raw, Mapping) else {}) and na_reason is None:
        raise Invalid("na_needs_reason")
    if na_reason is not None:
        if not q.na_allowed:
            raise Invalid("na_not_allowed")
        if value is not None:
            raise Invalid("value_and_na")
    return Answer(value=value, na_reason=na_reason, evidence=evidence)


def parse_answers(qn: Questionnaire, raw: Any, source: str = "") -> dict[str, Answer]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise AnswerError([("answers", Reason("answers_not_mapping"))], source)
    problems: list[tuple[str, Reason]] = []
    out: dict[str, Answer] = {}
    for qid, value in raw.items():
        q = qn.questions.get(str(qid))
        if q is None:
            problems.append((visible(str(qid))[:80] or "''", Reason("unknown_question")))
            continue
        try:
            ans = parse_answer(q, value)
        except ValueError as exc:
            problems.append((q.id, exc.reason if isinstance(exc, Invalid) else Reason("other", {"text": str(exc)})))
            continue
        if ans.answered or ans.is_na or ans.evidence.present:
            out[q.id] = ans
    problems.extend(cross_check(qn, out))
    if problems:
        raise AnswerError(problems, source)
    return out


def cross_check(qn: Questionnaire, answers: Mapping[str, Answer]) -> list[tuple[str, Reason]]:
    """Checks between answers: a count may not exceed the count it is part of."""
    problems = []
    for qid, ans in answers.items():
        q = qn.questions[qid]
        if q.max_from and ans.answered:
            other = answers.get(q.max_from)
            if other is not None and other.answered and ans.value > other.value:
                problems.append((qid, Reason("more_than", {"value": f"{ans.value:g}", "other_id": q.max_from,
                                                           "other": f"{other.value:g}"})))
    return problems


# --- the answers file -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerFile:
    agency_id: str
    agency_name: str
    year: int
    answers: dict[str, Answer]


def parse_answer_document(qn: Questionnaire, doc: Any, source: str = "") -> AnswerFile:
    if not isinstance(doc, Mapping):
        raise AnswerError([("(file)", Reason("file_not_mapping"))], source)
    problems: list[tuple[str, Reason]] = []
    unknown = set(doc) - {"agency", "year", "answers", "questionnaire"}
    if unknown:
        names = visible(", ".join(sorted(map(str, unknown))))[:200]
        problems.append(("(file)", Reason("file_unknown_keys", {"names": names})))
    agency = doc.get("agency")
    agency_id = agency_name = ""
    if not isinstance(agency, Mapping) or not isinstance(agency.get("id"), str):
        problems.append(("agency", Reason("agency_shape")))
    else:
        agency_id = agency["id"].strip()
        agency_name = str(agency.get("name") or agency_id).strip()[:200]
        try:
            check_text(agency_name, Reason("what_agency_name"))
        except Invalid as exc:
            problems.append(("agency", exc.reason))
        if not agency_id or not set(agency_id) <= AGENCY_ID_CHARS or len(agency_id) > 64:
            problems.append(("agency", Reason("agency_id_chars")))
    year = doc.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        problems.append(("year", Reason("year_shape")))
    answers: dict[str, Answer] = {}
    try:
        answers = parse_answers(qn, doc.get("answers"), "")
    except AnswerError as exc:
        problems.extend(exc.problems)
    if problems:
        raise AnswerError(problems, source)
    return AnswerFile(agency_id=agency_id, agency_name=agency_name, year=cast(int, year), answers=answers)


def _yaml_reason(exc: YamlProblem) -> Reason:
    return Reason("yaml", {"reason": exc.reason})


def load_answer_file(qn: Questionnaire, path: Path | str) -> AnswerFile:
    path = Path(path)
    try:
        doc = load_path(path)
    except YamlProblem as exc:
        where = f"line {exc.line}" if exc.line else "(file)"
        raise AnswerError([(where, _yaml_reason(exc))], str(path)) from None
    except OSError as exc:
        raise AnswerError([("(file)", Reason("unreadable", {"reason": exc.strerror or exc.__class__.__name__}))],
                          str(path)) from None
    return parse_answer_document(qn, doc, str(path))


def loads_answer_file(qn: Questionnaire, text: str, source: str = "upload") -> AnswerFile:
    try:
        doc = loads(text)
    except YamlProblem as exc:
        where = f"line {exc.line}" if exc.line else "(file)"
        raise AnswerError([(where, _yaml_reason(exc))], source) from None
    return parse_answer_document(qn, doc, source)


def answer_to_plain(ans: Answer) -> Any:
    """The shortest form that reads back to the same answer."""
    ev = {k: v for k, v in (("note", ans.evidence.note), ("link", ans.evidence.link),
                            ("file", ans.evidence.file)) if v}
    if ans.is_na:
        out: dict[str, Any] = {"na_reason": ans.na_reason}
    elif not ev:
        return ans.value
    else:
        out = {"value": ans.value}
    if ev:
        out["evidence"] = ev["note"] if set(ev) == {"note"} else ev
    return out


class _Dumper(yaml.SafeDumper):
    """Text holding a control character, a tab or a line or paragraph separator (U+0085, U+2028,
    U+2029) is written double-quoted, where YAML escapes it: written plain or single-quoted, a reader
    would fold such a character into a space, and the answer read back would not be the one written."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=None if text.isprintable() else '"')


_Dumper.add_representer(str, _represent_text)


def dump_answer_file(qn: Questionnaire, af: AnswerFile) -> str:
    order = list(qn.questions)
    answers = {qid: answer_to_plain(af.answers[qid]) for qid in order if qid in af.answers}
    doc = {
        "agency": {"id": af.agency_id, "name": af.agency_name},
        "year": af.year,
        "questionnaire": {"version": qn.version, "hash": qn.content_hash[:16]},
        "answers": answers,
    }
    return yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
