"""Typed model of the questionnaire files.

The YAML files are the source of truth; these pydantic models are the gate they pass through. Every
cross-reference (a `show_if` naming another question, a cap naming a level) is checked by the loader,
which knows all files at once; the models check what a single item can check on its own.
"""

from __future__ import annotations

import re
from enum import StrEnum
from itertools import pairwise
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
LANGS = ("vi", "en")


class Strict(BaseModel):
    """Unknown keys are errors: a typo like `requird` must not be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in both languages; Vietnamese is primary and both are required."""

    vi: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi


def _sources(v: Any) -> Any:
    """A source names a document as issued (its number and symbol never translated) and says in words
    what in it grounds the question. Shown on both languages' pages, so it is a text in both, like
    every other text; a bare string (the format before English pages showed sources) is refused with
    the shape it needs."""
    if isinstance(v, (str, dict)):
        v = [v]
    if isinstance(v, list):
        for item in v:
            if isinstance(item, str):
                raise ValueError(f"source “{item[:60]}” needs both languages: {{vi: ..., en: ...}}")
    return v


Sources = Annotated[list[Text], BeforeValidator(_sources)]


class QuestionType(StrEnum):
    YES_NO = "yes_no"
    YES_PARTLY_NO = "yes_partly_no"
    SINGLE_CHOICE = "single_choice"
    MULTI_CHOICE = "multi_choice"
    LEVEL = "level"
    NUMBER = "number"
    PERCENT = "percent"
    TEXT = "text"


CHOICE_TYPES = {QuestionType.SINGLE_CHOICE, QuestionType.MULTI_CHOICE, QuestionType.LEVEL}
BUILTIN_TYPES = {QuestionType.YES_NO, QuestionType.YES_PARTLY_NO}
NUMERIC_TYPES = {QuestionType.NUMBER, QuestionType.PERCENT}


class EvidencePolicy(StrEnum):
    NONE = "none"
    OPTIONAL = "optional"
    REQUIRED = "required"


# --- conditions: structured data, evaluated by scoring.conditions, never by eval ------------------


class QuestionCondition(Strict):
    question: str
    equals: str | None = None
    not_equals: str | None = None
    in_: list[str] | None = Field(default=None, alias="in")
    not_in: list[str] | None = None
    includes: str | None = None
    count_gte: int | None = None
    gt: float | None = None
    gte: float | None = None
    lt: float | None = None
    lte: float | None = None
    score_gte: float | None = None
    answered: bool | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("equals", "not_equals", "includes", mode="before")
    @classmethod
    def _codes_are_text(cls, v: Any) -> Any:
        return _code_text(v)

    @field_validator("in_", "not_in", mode="before")
    @classmethod
    def _code_lists(cls, v: Any) -> Any:
        return [_code_text(x) for x in v] if isinstance(v, list) else v

    @model_validator(mode="after")
    def _exactly_one_test(self) -> QuestionCondition:
        tests = [
            name
            for name in ("equals", "not_equals", "in_", "not_in", "includes", "count_gte", "gt", "gte",
                         "lt", "lte", "score_gte", "answered")
            if getattr(self, name) is not None
        ]
        if len(tests) != 1:
            raise ValueError(
                f"a condition on question '{self.question}' needs exactly one test "
                f"(equals, in, includes, count_gte, gte, score_gte, answered …); found {len(tests)}"
            )
        return self


class DomainCondition(Strict):
    domain: str
    index_gte: float


class AllCondition(Strict):
    all: list[Condition] = Field(min_length=1)


class AnyCondition(Strict):
    any: list[Condition] = Field(min_length=1)


class NotCondition(Strict):
    not_: Condition = Field(alias="not")
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class AtLeastCondition(Strict):
    at_least: int = Field(ge=1)
    of: list[Condition] = Field(min_length=1)

    @model_validator(mode="after")
    def _reachable(self) -> AtLeastCondition:
        if self.at_least > len(self.of):
            raise ValueError(f"at_least {self.at_least} of only {len(self.of)} conditions can never hold")
        return self


def _condition_kind(v: Any) -> str | None:
    """Pick the condition model by its leading key, so errors speak of one model, not six."""
    if isinstance(v, BaseModel):
        return type(v).__name__
    if not isinstance(v, dict):
        return None
    for key, name in (("question", "QuestionCondition"), ("domain", "DomainCondition"),
                      ("all", "AllCondition"), ("any", "AnyCondition"), ("not", "NotCondition"),
                      ("at_least", "AtLeastCondition")):
        if key in v:
            return name
    return None


Condition = Annotated[
    Annotated[QuestionCondition, Tag("QuestionCondition")]
    | Annotated[DomainCondition, Tag("DomainCondition")]
    | Annotated[AllCondition, Tag("AllCondition")]
    | Annotated[AnyCondition, Tag("AnyCondition")]
    | Annotated[NotCondition, Tag("NotCondition")]
    | Annotated[AtLeastCondition, Tag("AtLeastCondition")],
    Discriminator(
        _condition_kind,
        custom_error_type="condition",
        custom_error_message="a condition starts with one of: question, domain, all, any, not, at_least",
    ),
]
for _m in (AllCondition, AnyCondition, NotCondition, AtLeastCondition):
    _m.model_rebuild()


def _code_text(v: Any) -> Any:
    """YAML 1.1 reads `yes`/`no` as booleans; option codes are always text."""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int | float):
        return str(v)
    return v


# --- questions -----------------------------------------------------------------------------------


class Option(Strict):
    code: str
    label: Text
    score: float = Field(ge=0, le=1)
    exclusive: bool = False

    @field_validator("code", mode="before")
    @classmethod
    def _code(cls, v: Any) -> Any:
        return _code_text(v)


BUILTIN_OPTIONS: dict[QuestionType, tuple[Option, ...]] = {
    QuestionType.YES_NO: (
        Option(code="yes", label=Text(vi="Có", en="Yes"), score=1),
        Option(code="no", label=Text(vi="Không", en="No"), score=0),
    ),
    QuestionType.YES_PARTLY_NO: (
        Option(code="yes", label=Text(vi="Đạt", en="Yes, fully"), score=1),
        Option(code="partly", label=Text(vi="Đạt một phần", en="Partly"), score=0.5),
        Option(code="no", label=Text(vi="Chưa đạt", en="No"), score=0),
    ),
}


class Question(Strict):
    id: str
    type: QuestionType
    label: Text
    help: Text | None = None
    weight: float = Field(default=1, gt=0)
    required: bool = True
    na_allowed: bool = False
    evidence: EvidencePolicy = EvidencePolicy.NONE
    source: Sources = Field(default_factory=list)
    recommendation: Text | None = None
    applies_if: Condition | None = None
    show_if: Condition | None = None
    options: tuple[Option, ...] = ()
    min: float | None = None
    max: float | None = None
    max_from: str | None = None
    target: float | None = Field(default=None, gt=0)
    unit: Text | None = None
    unit_one: Text | None = None  # the unit after the number 1 ("1 platform"); `unit` after any other
    per_year: bool = False  # a figure of the assessment year itself: copied from last year, it must be confirmed

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not ID_PATTERN.match(v):
            raise ValueError(f"id '{v}' must be lowercase letters, digits and _ (starting with a letter)")
        return v

    @model_validator(mode="after")
    def _type_rules(self) -> Question:
        t = self.type
        self._check_options()
        if t not in NUMERIC_TYPES and any(x is not None for x in (self.min, self.max, self.target)):
            raise ValueError(f"min, max and target only apply to number and percent, not {t.value}")
        if t == QuestionType.PERCENT and (
            (self.min is not None and self.min < 0) or (self.max is not None and self.max > 100)
        ):
            raise ValueError("a percent lies in 0..100")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min} is above max {self.max}")
        if self.per_year and t not in NUMERIC_TYPES:
            raise ValueError(f"per_year marks a figure (number or percent), not a {t.value} question")
        if self.exclusive_codes and t != QuestionType.MULTI_CHOICE:
            raise ValueError("`exclusive` options only make sense in a multi_choice question")
        return self

    def _check_options(self) -> None:
        """A choice question has two options or more, each code once; the others have none of their own."""
        t = self.type
        if t in CHOICE_TYPES:
            if len(self.options) < 2:
                raise ValueError(f"a {t.value} question needs at least two options")
            codes = [o.code for o in self.options]
            dupes = sorted({c for c in codes if codes.count(c) > 1})
            if dupes:
                raise ValueError(f"duplicate option code(s): {', '.join(dupes)}")
        elif self.options and t in BUILTIN_TYPES:
            raise ValueError(f"a {t.value} question has built-in options; remove `options`")
        elif self.options:
            raise ValueError(f"a {t.value} question takes no options")

    @property
    def exclusive_codes(self) -> set[str]:
        return {o.code for o in self.options if o.exclusive}

    @property
    def choices(self) -> tuple[Option, ...]:
        """The options a user picks from, built-in ones included."""
        return BUILTIN_OPTIONS.get(self.type, self.options)

    @property
    def scored(self) -> bool:
        """Text is never scored, and a number only when it has a target to be measured against."""
        if self.type == QuestionType.TEXT:
            return False
        if self.type == QuestionType.NUMBER:
            return self.target is not None
        return True

    def option(self, code: str) -> Option | None:
        return next((o for o in self.choices if o.code == code), None)


class Section(Strict):
    id: str
    title: Text
    description: Text | None = None
    questions: tuple[Question, ...]

    @field_validator("questions")
    @classmethod
    def _some(cls, v: tuple[Question, ...]) -> tuple[Question, ...]:
        if not v:
            raise ValueError("a section needs at least one question")
        return v


class Cap(Strict):
    id: str
    when: Condition
    max_level: str
    reason: Text


class QuestionnaireFile(Strict):
    """One domain file, or the agency profile (which is answered but not scored)."""

    id: str
    kind: Literal["domain", "profile"]
    version: str
    title: Text
    short_title: Text | None = None  # for navigation and chart axes
    description: Text | None = None
    source: Sources = Field(default_factory=list)
    sections: tuple[Section, ...]
    caps: tuple[Cap, ...] = ()

    @field_validator("sections")
    @classmethod
    def _some(cls, v: tuple[Section, ...]) -> tuple[Section, ...]:
        if not v:
            raise ValueError("a file needs at least one section")
        return v

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, v: Any) -> Any:
        return str(v) if isinstance(v, int | float) else v

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for s in self.sections for q in s.questions)

    @property
    def short(self) -> Text:
        return self.short_title or self.title


class Level(Strict):
    code: str
    min: float = Field(ge=0, le=100)
    label: Text
    description: Text | None = None


class DomainRef(Strict):
    id: str
    file: str
    weight: float = Field(gt=0)


class ModelFile(Strict):
    id: str
    version: str
    title: Text
    levels: tuple[Level, ...] = Field(min_length=2)
    profile: str
    domains: tuple[DomainRef, ...] = Field(min_length=1)

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, v: Any) -> Any:
        return str(v) if isinstance(v, int | float) else v

    @model_validator(mode="after")
    def _levels_ascend(self) -> ModelFile:
        mins = [lv.min for lv in self.levels]
        if mins[0] != 0:
            raise ValueError("the first level must start at 0")
        if any(b <= a for a, b in pairwise(mins)):
            raise ValueError(f"level minimums must strictly ascend: {mins}")
        return self
