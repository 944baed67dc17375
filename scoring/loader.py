"""Load and validate the questionnaire files as one whole.

A file is refused with its path, the id of the item at fault and the reason, never swallowed: a
department must never score agencies against a half-read questionnaire. All problems are collected
before raising, so an author fixes a file in one pass.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from scoring.models import (
    AllCondition,
    AnyCondition,
    AtLeastCondition,
    Condition,
    DomainCondition,
    ModelFile,
    NotCondition,
    Question,
    QuestionCondition,
    QuestionnaireFile,
    QuestionType,
)
from scoring.yamlsafe import YamlProblem, load_path

DEFAULT_ROOT = Path(__file__).resolve().parent.parent / "questionnaires"


@dataclass(frozen=True)
class Problem:
    path: str
    item: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.item}: {self.reason}"


class QuestionnaireError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Domain:
    file: QuestionnaireFile
    weight: float

    @property
    def id(self) -> str:
        return self.file.id


@dataclass(frozen=True)
class Questionnaire:
    """The model, the profile and the domains, with an index of every question by id."""

    model: ModelFile
    profile: QuestionnaireFile
    domains: tuple[Domain, ...]
    content_hash: str
    questions: dict[str, Question] = field(repr=False)
    question_file: dict[str, str] = field(repr=False)

    @property
    def version(self) -> str:
        return self.model.version

    def domain(self, domain_id: str) -> Domain:
        for d in self.domains:
            if d.id == domain_id:
                return d
        raise KeyError(domain_id)

    @cached_property
    def domain_ids(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.domains)


def iter_conditions(cond: Condition | None) -> Iterator[Condition]:
    if cond is None:
        return
    yield cond
    if isinstance(cond, AllCondition):
        for c in cond.all:
            yield from iter_conditions(c)
    elif isinstance(cond, AnyCondition):
        for c in cond.any:
            yield from iter_conditions(c)
    elif isinstance(cond, AtLeastCondition):
        for c in cond.of:
            yield from iter_conditions(c)
    elif isinstance(cond, NotCondition):
        yield from iter_conditions(cond.not_)


def _item_at(raw: Any, loc: Iterable[Any]) -> str:
    """The id of the innermost item on the error's path, plus the field, for a readable message."""
    item = ""
    node = raw
    rest: list[str] = []
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        if in_dict or (isinstance(node, list) and isinstance(part, int) and part < len(node)):
            node = node[part]
        else:
            rest.append(str(part))
            continue
        if isinstance(node, dict) and isinstance(node.get("id"), str | int):
            item, rest = str(node["id"]), []
        elif isinstance(node, dict) and "code" in node and rest:
            rest[-1] = f"{rest[-1]} '{node['code']}'"
        elif not isinstance(part, int):
            rest.append(str(part))
        elif rest:
            rest[-1] = f"{rest[-1]}[{part}]"
    tail = ".".join(rest)
    if item and tail:
        return f"{item} ({tail})"
    return item or tail or "(file)"


def validation_problems(path: str, raw: Any, exc: ValidationError) -> list[Problem]:
    out = []
    for err in exc.errors():
        loc = [p for p in err["loc"] if not (isinstance(p, str) and p[0].isupper())]
        msg = err["msg"].removeprefix("Value error, ")
        out.append(Problem(path, _item_at(raw, loc), msg))
    return out


def read_yaml(path: Path, root: Path, problems: list[Problem]) -> Any:
    rel = _rel(path, root)
    if not path.is_file():
        problems.append(Problem(rel, "(file)", "file not found"))
        return None
    try:
        return load_path(path)
    except YamlProblem as exc:
        problems.append(Problem(rel, f"line {exc.line}" if exc.line else "(file)", exc.reason))
        return None


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def load_questionnaire(root: Path | str = DEFAULT_ROOT) -> Questionnaire:
    root = Path(root)
    problems: list[Problem] = []
    model_path = root / "model.yaml"
    raw_model = read_yaml(model_path, root, problems)
    if raw_model is None:
        raise QuestionnaireError(problems)
    try:
        model = ModelFile.model_validate(raw_model)
    except ValidationError as exc:
        raise QuestionnaireError(validation_problems(_rel(model_path, root), raw_model, exc)) from None
    hasher = hashlib.sha256()
    hasher.update(model_path.read_bytes())
    files, paths = _read_files(root, model, hasher, problems)
    if problems:
        raise QuestionnaireError(problems)
    questions, question_file = _index_questions(files, paths, problems)
    for ref_id, qf in files.items():
        rel = paths[ref_id]
        for q in qf.questions:
            problems.extend(_gate_problems(rel, ref_id, q, questions, question_file))
            problems.extend(_max_from_problems(rel, q, questions))
        problems.extend(_cap_problems(rel, qf, model, questions))
    problems.extend(_cycles(questions, question_file, paths))
    if problems:
        raise QuestionnaireError(problems)
    domains = tuple(Domain(files[d.id], d.weight) for d in model.domains)
    return Questionnaire(model=model, profile=files[PROFILE_ID], domains=domains,
                         content_hash=hasher.hexdigest(), questions=questions, question_file=question_file)


PROFILE_ID = "profile"


def _read_files(root: Path, model: ModelFile, hasher: Any, problems: list[Problem]
                ) -> tuple[dict[str, QuestionnaireFile], dict[str, str]]:
    """The profile and domain files the model lists, by id, and their paths; each file's bytes hashed."""
    model_rel = _rel(root / "model.yaml", root)
    files: dict[str, QuestionnaireFile] = {}
    paths: dict[str, str] = {}
    wanted = [(PROFILE_ID, model.profile, "profile")] + [(d.id, d.file, "domain") for d in model.domains]
    seen_domain_ids: set[str] = set()
    for ref_id, file_name, kind in wanted:
        if ref_id in seen_domain_ids:
            problems.append(Problem(model_rel, ref_id, "domain listed twice"))
            continue
        seen_domain_ids.add(ref_id)
        path = root / file_name
        rel = _rel(path, root)
        raw = read_yaml(path, root, problems)
        if raw is None:
            continue
        hasher.update(file_name.encode() + b"\0" + path.read_bytes())
        try:
            qf = QuestionnaireFile.model_validate(raw)
        except ValidationError as exc:
            problems.extend(validation_problems(rel, raw, exc))
            continue
        if qf.kind != kind:
            problems.append(Problem(rel, qf.id, f"model.yaml lists this file as a {kind}, "
                                                f"but it says kind: {qf.kind}"))
        if kind == "domain" and qf.id != ref_id:
            problems.append(Problem(rel, qf.id, f"model.yaml names this domain '{ref_id}', the file says '{qf.id}'"))
        files[ref_id] = qf
        paths[ref_id] = rel
    return files, paths


def _index_questions(files: dict[str, QuestionnaireFile], paths: dict[str, str], problems: list[Problem]
                     ) -> tuple[dict[str, Question], dict[str, str]]:
    """Every question by id, and the file each is in; a question or section id used twice is a problem."""
    questions: dict[str, Question] = {}
    question_file: dict[str, str] = {}
    for ref_id, qf in files.items():
        for q in qf.questions:
            if q.id in questions:
                problems.append(Problem(paths[ref_id], q.id,
                                        f"duplicate question id (also in {paths[question_file[q.id]]})"))
                continue
            questions[q.id] = q
            question_file[q.id] = ref_id
        section_ids = [s.id for s in qf.sections]
        for sid in sorted({s for s in section_ids if section_ids.count(s) > 1}):
            problems.append(Problem(paths[ref_id], sid, "duplicate section id"))
    return questions, question_file


def _gate_problems(rel: str, ref_id: str, q: Question, questions: dict[str, Question],
                   question_file: dict[str, str]) -> list[Problem]:
    """What a question's show_if and applies_if may not look at."""
    problems: list[Problem] = []
    for name, cond in (("show_if", q.show_if), ("applies_if", q.applies_if)):
        problems.extend(check_condition(cond, questions, rel, q.id, name, allow_domains=False))
        for c in iter_conditions(cond):
            if not isinstance(c, QuestionCondition):
                continue
            if c.question == q.id:
                problems.append(Problem(rel, q.id, f"{name} refers to the question itself"))
            if name == "show_if" and c.question in question_file and question_file[c.question] not in (
                    ref_id, PROFILE_ID):
                problems.append(Problem(rel, q.id, f"show_if may only refer to questions of this "
                                                   f"file or the profile, not '{c.question}'"))
            if name == "applies_if" and question_file.get(c.question) not in (PROFILE_ID, None):
                # Applicability is about what the agency is, never how well it answered:
                # otherwise a better answer could drop a question and lower an index.
                problems.append(Problem(rel, q.id, f"applies_if may only refer to profile questions, "
                                                   f"not '{c.question}'"))
    return problems


def _max_from_problems(rel: str, q: Question, questions: dict[str, Question]) -> list[Problem]:
    if q.max_from is None:
        return []
    other = questions.get(q.max_from)
    if other is None:
        return [Problem(rel, q.id, f"max_from names an unknown question '{q.max_from}'")]
    if other.type not in (QuestionType.NUMBER, QuestionType.PERCENT):
        return [Problem(rel, q.id, f"max_from must name a number question, '{q.max_from}' is {other.type.value}")]
    return []


def _cap_problems(rel: str, qf: QuestionnaireFile, model: ModelFile, questions: dict[str, Question]
                  ) -> list[Problem]:
    level_codes = {lv.code for lv in model.levels}
    problems: list[Problem] = []
    for cap in qf.caps:
        if cap.max_level not in level_codes:
            problems.append(Problem(rel, cap.id, f"cap names an unknown level '{cap.max_level}' "
                                                 f"(levels: {', '.join(sorted(level_codes))})"))
        elif cap.max_level == model.levels[-1].code:
            problems.append(Problem(rel, cap.id, "a cap at the top level caps nothing"))
        problems.extend(check_condition(cap.when, questions, rel, cap.id, "when", allow_domains=False))
    if qf.kind == "profile" and qf.caps:
        problems.append(Problem(rel, qf.id, "the profile is not scored and cannot have caps"))
    return problems


def _cycles(questions: dict[str, Question], question_file: dict[str, str],
            paths: dict[str, str]) -> list[Problem]:
    """show_if / applies_if chains must end somewhere: a question cannot depend on itself."""
    deps = {
        qid: {c.question for cond in (q.show_if, q.applies_if) for c in iter_conditions(cond)
              if isinstance(c, QuestionCondition)}
        for qid, q in questions.items()
    }
    out: list[Problem] = []
    done: set[str] = set()
    for start in questions:
        stack: list[tuple[str, list[str]]] = [(start, [start])]
        while stack:
            node, trail = stack.pop()
            for nxt in deps.get(node, ()):
                if nxt == start:
                    out.append(Problem(paths[question_file[start]], start,
                                       "show_if/applies_if form a cycle: " + " → ".join([*trail, start])))
                    stack.clear()
                    break
                if nxt not in trail and nxt not in done:
                    stack.append((nxt, [*trail, nxt]))
        done.add(start)
    return out


def check_condition(cond: Condition | None, questions: dict[str, Question], path: str, item: str,
                    where: str, *, allow_domains: bool, domain_ids: Iterable[str] = ()) -> list[Problem]:
    """Cross-checks a single model cannot make: the question exists and the test suits its type."""
    out: list[Problem] = []
    known_domains = set(domain_ids)
    for c in iter_conditions(cond):
        if isinstance(c, DomainCondition):
            if not allow_domains:
                out.append(Problem(path, item, f"{where}: a domain index can only be tested in plan rules"))
            elif c.domain not in known_domains:
                out.append(Problem(path, item, f"{where} names an unknown domain '{c.domain}'"))
            continue
        if not isinstance(c, QuestionCondition):
            continue
        q = questions.get(c.question)
        if q is None:
            out.append(Problem(path, item, f"{where} names an unknown question '{c.question}'"))
            continue
        out.extend(Problem(path, item, f"{where}: {msg}") for msg in _test_fits(c, q))
    return out


def _test_fits(c: QuestionCondition, q: Question) -> list[str]:
    msgs = []
    codes = {o.code for o in q.choices}
    named = [v for v in (c.equals, c.not_equals, c.includes) if v is not None] + list(c.in_ or []) + list(
        c.not_in or [])
    if named and not codes:
        msgs.append(f"'{q.id}' is a {q.type.value} question; compare it with gt/gte/lt/lte, not codes")
    for v in named:
        if codes and v not in codes:
            msgs.append(f"'{v}' is not an option of '{q.id}' (options: {', '.join(sorted(codes))})")
    if (c.includes is not None or c.count_gte is not None) and q.type != QuestionType.MULTI_CHOICE:
        msgs.append(f"includes/count_gte need a multi_choice question; '{q.id}' is {q.type.value}")
    if (c.equals is not None or c.in_ or c.not_in or c.not_equals is not None) and q.type == QuestionType.MULTI_CHOICE:
        msgs.append(f"'{q.id}' is multi_choice; use includes or count_gte")
    numeric = (c.gt, c.gte, c.lt, c.lte)
    if any(v is not None for v in numeric) and q.type not in (QuestionType.NUMBER, QuestionType.PERCENT):
        msgs.append(f"gt/gte/lt/lte need a number or percent question; '{q.id}' is {q.type.value}"
                    " (use score_gte for a choice)")
    if c.score_gte is not None and not q.scored:
        msgs.append(f"score_gte needs a scored question; '{q.id}' is not scored")
    return msgs
