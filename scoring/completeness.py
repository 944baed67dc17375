"""What is still missing before an assessment can be submitted, and how far along each page is.

A required question counts as done when answered or answered N/A with a reason; questions that do not
apply and hidden follow-ups are not asked, so they are neither done nor missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from scoring.answers import Answer
from scoring.conditions import AnswerContext
from scoring.loader import Questionnaire, iter_conditions
from scoring.models import EvidencePolicy, Question, QuestionCondition, QuestionnaireFile, Section


@dataclass(frozen=True)
class Gap:
    file_id: str  # "profile" or a domain id: the page the question is on
    question: str
    kind: str  # "unanswered" | "evidence"


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def fraction(self) -> float:
        return 1.0 if self.total == 0 else self.done / self.total


def files(qn: Questionnaire) -> list[QuestionnaireFile]:
    return [qn.profile, *(d.file for d in qn.domains)]


def gaps(qn: Questionnaire, answers: Mapping[str, Answer], ctx: AnswerContext | None = None) -> list[Gap]:
    ctx = ctx or AnswerContext(qn, answers)
    out = []
    for f in files(qn):
        for q in f.questions:
            if ctx.state(q.id) != "active":
                continue
            ans = answers.get(q.id)
            done = ans is not None and (ans.answered or ans.is_na)
            if q.required and not done:
                out.append(Gap(f.id, q.id, "unanswered"))
            elif (ans is not None and done and not ans.is_na and q.evidence == EvidencePolicy.REQUIRED
                  and not ans.evidence.present and (ctx.score(q.id) or 0) > 0):
                out.append(Gap(f.id, q.id, "evidence"))
    return out


def _count(questions: Iterable[Question], answers: Mapping[str, Answer], ctx: AnswerContext) -> Progress:
    """Of `questions`, the required ones asked, and how many of those are done."""
    asked = [q for q in questions if q.required and ctx.state(q.id) == "active"]
    done = sum(1 for q in asked if (a := answers.get(q.id)) is not None and (a.answered or a.is_na))
    return Progress(done, len(asked))


def progress(qn: Questionnaire, answers: Mapping[str, Answer], ctx: AnswerContext | None = None
             ) -> dict[str, Progress]:
    """Per page (profile and each domain): required questions asked, and how many are done."""
    ctx = ctx or AnswerContext(qn, answers)
    return {f.id: _count(f.questions, answers, ctx) for f in files(qn)}


def section_progress(qfile: QuestionnaireFile, answers: Mapping[str, Answer], ctx: AnswerContext
                     ) -> list[tuple[Section, Progress]]:
    """Per section of one page that asks something: its required questions asked and done (they add
    up to the page's `progress`). A section whose every question is hidden is left out, as the page
    leaves it out."""
    return [(s, _count(s.questions, answers, ctx)) for s in qfile.sections
            if any(ctx.state(q.id) == "active" for q in s.questions)]


def overall(progress_by_file: Mapping[str, Progress]) -> Progress:
    return Progress(sum(p.done for p in progress_by_file.values()), sum(p.total for p in progress_by_file.values()))


def gated_by(qn: Questionnaire) -> dict[str, set[str]]:
    """Question id → the questions whose `show_if` or `applies_if` looks at it."""
    out: dict[str, set[str]] = {}
    for qid, q in qn.questions.items():
        for cond in (q.show_if, q.applies_if):
            for c in iter_conditions(cond):
                if isinstance(c, QuestionCondition):
                    out.setdefault(c.question, set()).add(qid)
    return out


def undecided(qn: Questionnaire, answers: Mapping[str, Answer], ctx: AnswerContext | None = None
              ) -> dict[str, set[str]]:
    """Where the count of required questions may still change: page of a required question asked
    and not yet done whose answer decides whether other questions are asked → the pages of those
    questions. Empty once every such question is answered (or N/A): the totals are then final for
    these answers. A question that is not required never keeps a total open, since it may stay
    empty for good."""
    ctx = ctx or AnswerContext(qn, answers)
    out: dict[str, set[str]] = {}
    for gate, followers in gated_by(qn).items():
        q = qn.questions[gate]
        a = answers.get(gate)
        if not q.required or ctx.state(gate) != "active" or (a is not None and (a.answered or a.is_na)):
            continue
        out.setdefault(qn.question_file[gate], set()).update(qn.question_file[f] for f in followers)
    return out
