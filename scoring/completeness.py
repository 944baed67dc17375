"""What is still missing before an assessment can be submitted, and how far along each page is.

A required question counts as done when answered or answered N/A with a reason; questions that do not
apply and hidden follow-ups are not asked, so they are neither done nor missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from scoring.answers import Answer
from scoring.conditions import AnswerContext
from scoring.loader import Questionnaire
from scoring.models import EvidencePolicy, QuestionnaireFile


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
            elif (done and not ans.is_na and q.evidence == EvidencePolicy.REQUIRED and not ans.evidence.present
                  and (ctx.score(q.id) or 0) > 0):
                out.append(Gap(f.id, q.id, "evidence"))
    return out


def progress(qn: Questionnaire, answers: Mapping[str, Answer], ctx: AnswerContext | None = None
             ) -> dict[str, Progress]:
    """Per page (profile and each domain): required questions asked, and how many are done."""
    ctx = ctx or AnswerContext(qn, answers)
    out = {}
    for f in files(qn):
        asked = [q for q in f.questions if q.required and ctx.state(q.id) == "active"]
        done = sum(1 for q in asked if (a := answers.get(q.id)) is not None and (a.answered or a.is_na))
        out[f.id] = Progress(done, len(asked))
    return out


def overall(progress_by_file: Mapping[str, Progress]) -> Progress:
    return Progress(sum(p.done for p in progress_by_file.values()), sum(p.total for p in progress_by_file.values()))
