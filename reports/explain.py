"""Why a number is what it is, in words a press agency reads: shared by every document.

The engine's `Check`s carry the outcome of each leaf test of a plan rule; here they are laid back onto
the rule's tree so the reader sees "at least 7 of these 8" rather than a flat list, with question labels
and option labels instead of ids and codes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reports.text import count, num, pct, target_label, tr
from scoring.answers import Answer
from scoring.completeness import progress
from scoring.conditions import AnswerContext, Check
from scoring.engine import DomainResult, QuestionResult, Recommendation, Result
from scoring.formatting import answer_label, value_label
from scoring.loader import Questionnaire
from scoring.models import (
    AllCondition,
    AnyCondition,
    AtLeastCondition,
    Condition,
    DomainCondition,
    NotCondition,
    Question,
    QuestionCondition,
    QuestionType,
)
from scoring.plans import Contribution, IndicatorSpec

MARK = {True: "✓", False: "✗", None: "•"}


@dataclass(frozen=True)
class Line:
    depth: int
    text: str
    passed: bool | None  # None for a heading line that is neither met nor failed

    def render(self) -> str:
        return f"{'    ' * self.depth}{MARK[self.passed]} {self.text}"


# --- plan rules ------------------------------------------------------------------------------------------


def requirement(qn: Questionnaire, c: QuestionCondition, lang: str) -> str:
    """What a leaf test asks of the answer, with option labels in place of codes."""
    q = qn.questions[c.question]
    return (_choice_requirement(q, c, lang) or _bound_requirement(q, c, lang) or _score_requirement(q, c, lang)
            or "?")


def _option(q: Question, code: str, lang: str) -> str:
    opt = q.option(code)
    return f"«{opt.label.get(lang)}»" if opt else code


def _choice_requirement(q: Question, c: QuestionCondition, lang: str) -> str | None:
    """A test on the options chosen: equal to, other than, among, none of, includes, at least n."""
    if c.equals is not None:
        return tr("rule_is", lang, option=_option(q, c.equals, lang))
    if c.not_equals is not None:
        return tr("rule_is_not", lang, option=_option(q, c.not_equals, lang))
    if c.in_ is not None:
        return tr("rule_one_of", lang, options="; ".join(_option(q, x, lang) for x in c.in_))
    if c.not_in is not None:
        return tr("rule_none_of", lang, options="; ".join(_option(q, x, lang) for x in c.not_in))
    if c.includes is not None:
        return tr("rule_includes", lang, option=_option(q, c.includes, lang))
    if c.count_gte is not None:
        return tr("rule_count_gte", lang, n=c.count_gte)
    return None


def _bound_requirement(q: Question, c: QuestionCondition, lang: str) -> str | None:
    """A bound on a number, with its unit (its singular after 1: "≥ 1 platform"), or % for a percentage."""
    for bound, sym in ((c.gt, ">"), (c.gte, "≥"), (c.lt, "<"), (c.lte, "≤")):
        if bound is not None:
            words = q.unit_one if q.unit_one is not None and bound == 1 else q.unit
            unit = f" {words.get(lang)}" if words else ("%" if q.type == QuestionType.PERCENT else "")
            return f"{sym} {count(bound, lang)}{unit}"
    return None


def _score_requirement(q: Question, c: QuestionCondition, lang: str) -> str | None:
    """A least score (as the lowest option that reaches it, for a ladder), or whether it was answered."""
    if c.score_gte is not None:
        if q.type in (QuestionType.SINGLE_CHOICE, QuestionType.LEVEL, QuestionType.YES_PARTLY_NO):
            ok = sorted((o for o in q.choices if o.score >= c.score_gte - 1e-9), key=lambda o: o.score)
            if ok:
                return tr("rule_from_level", lang, label=ok[0].label.get(lang))
        return tr("rule_score_gte", lang, score=pct(c.score_gte, lang, 0))
    if c.answered is not None:
        return tr("rule_answered", lang) if c.answered else tr("rule_not_answered", lang)
    return None


def _shown(qn: Questionnaire, qid: str, actual: Any, lang: str, state: Mapping[str, str] | None) -> str:
    """The answer a test looked at; no value may mean "does not apply", not "forgot to answer"."""
    if actual is None and state is not None and state.get(qid) == "not_applicable":
        return tr("not_applicable", lang).lower()
    return value_label(qn.questions[qid], actual, lang)


def _leaf_text(qn: Questionnaire, cond: QuestionCondition | DomainCondition, check: Check, lang: str,
               negated: bool, state: Mapping[str, str] | None) -> str:
    if isinstance(cond, DomainCondition):
        title = qn.domain(cond.domain).file.title.get(lang) if cond.domain in qn.domain_ids else cond.domain
        actual = num(check.actual, lang) if isinstance(check.actual, int | float) else "—"
        text = tr("rule_domain", lang, title=title, index=count(cond.index_gte, lang), actual=actual)
    else:
        q = qn.questions[cond.question]
        shown = _shown(qn, cond.question, check.actual, lang, state)
        text = tr("rule_answer", lang, question=q.label.get(lang), requirement=requirement(qn, cond, lang), shown=shown)
        if check.unproven:  # the answer is there; without its required evidence it does not count
            text += f" ({tr('needs_proof', lang)})"
    return tr("rule_not", lang, text=text) if negated else text


def _rule_lines(qn: Questionnaire, cond: Condition, checks: Iterator[Check], lang: str, depth: int,
                negated: bool = False, state: Mapping[str, str] | None = None) -> tuple[list[Line], bool]:
    """Render `cond` against the checks it produced (same order as scoring.conditions.explain)."""
    if isinstance(cond, QuestionCondition | DomainCondition):
        check = next(checks)
        return [Line(depth, _leaf_text(qn, cond, check, lang, negated, state), check.passed)], check.passed
    if isinstance(cond, NotCondition):
        # A line's mark is the truth of what it says; under a `not` it says "Not: …", so the child,
        # called with the flag flipped, already returns the truth this node displays.
        return _rule_lines(qn, cond.not_, checks, lang, depth, not negated, state)
    if isinstance(cond, AllCondition | AnyCondition | AtLeastCondition):
        children = cond.all if isinstance(cond, AllCondition) else cond.any if isinstance(cond, AnyCondition) \
            else cond.of
        sub: list[Line] = []
        results = []
        for child in children:
            lines, ok = _rule_lines(qn, child, checks, lang, depth + 1, negated, state)
            sub.extend(lines)
            results.append(ok)
        if negated:  # leaves came back already negated: recover the group's own truth
            results = [not r for r in results]
        if isinstance(cond, AllCondition):
            held = all(results)
            head = tr("rule_both", lang) if len(children) == 2 else tr("rule_all", lang, n=len(children))
        elif isinstance(cond, AnyCondition):
            held = any(results)
            head = tr("rule_any", lang, n=len(children))
        else:
            held = sum(results) >= cond.at_least
            head = tr("rule_at_least", lang, k=cond.at_least, n=len(children), now=sum(results))
        shown = (not held) if negated else held
        if negated:
            head = tr("rule_not", lang, text=head)
        return [Line(depth, head, shown), *sub], shown
    raise TypeError(f"unknown condition {cond!r}")


def _leaf_count(cond: Condition | None) -> int:
    if cond is None:
        return 0
    if isinstance(cond, QuestionCondition | DomainCondition):
        return 1
    if isinstance(cond, NotCondition):
        return _leaf_count(cond.not_)
    children = cond.all if isinstance(cond, AllCondition) else cond.any if isinstance(cond, AnyCondition) \
        else cond.of
    return sum(_leaf_count(c) for c in children)


def _rooted(qn: Questionnaire, cond: Condition, checks: Iterator[Check], header: str, held: bool,
            lang: str, state: Mapping[str, str] | None) -> list[Line]:
    """A rule under its header; a group at the root is folded into the header line ("Met when: all 3 of")."""
    lines, _ = _rule_lines(qn, cond, checks, lang, 0, state=state)
    if isinstance(cond, AllCondition | AnyCondition | AtLeastCondition):
        head = lines[0].text
        return [Line(0, f"{header}: {head[:1].lower()}{head[1:]}", held), *lines[1:]]
    return [Line(0, f"{header}:", held), *(Line(line.depth + 1, line.text, line.passed) for line in lines)]


def contribution_lines(qn: Questionnaire, spec: IndicatorSpec, contrib: Contribution, year: int,
                       lang: str = "vi", state: Mapping[str, str] | None = None) -> list[Line]:
    """The why of one agency's contribution to one indicator.

    `state` (question id → active / not_applicable / hidden, see `states`) lets a missing value read as
    "does not apply" where that is the reason, rather than as "not answered".
    """
    if spec.kind == "ratio":
        return _ratio_lines(qn, spec, contrib, year, lang, state)
    checks = list(contrib.checks)
    expected = _leaf_count(spec.applies_if) + (_leaf_count(spec.met_if) if contrib.applicable else 0)
    if expected != len(checks):  # a rule shape this module does not know: show the raw tests
        return [Line(0, f"{c.question or c.domain}: {c.test} ({c.actual})", c.passed) for c in checks]
    it = iter(checks)
    out: list[Line] = []
    if spec.applies_if is not None:
        out.extend(_rooted(qn, spec.applies_if, it, tr("applies_when", lang), contrib.applicable, lang, state))
    if contrib.applicable and spec.met_if is not None:
        out.extend(_rooted(qn, spec.met_if, it, tr("rule", lang), bool(contrib.met), lang, state))
    return out


def _ratio_lines(qn: Questionnaire, spec: IndicatorSpec, contrib: Contribution, year: int, lang: str,
                 state: Mapping[str, str] | None) -> list[Line]:
    out = []
    for check in contrib.checks:
        q = qn.questions[check.question] if check.question else None
        part = tr("numerator" if check.test == "numerator" else "denominator", lang)
        label = q.label.get(lang) if q else str(check.question)
        shown = _shown(qn, q.id, check.actual, lang, state) if q else str(check.actual)
        proof = f" ({tr('needs_proof', lang)})" if check.unproven else ""
        out.append(Line(1, f"{part}: {label} — {shown}{proof}", None))
    target = spec.target(year)
    if contrib.denominator:
        ratio = contrib.numerator / contrib.denominator
        what = tr("rural_share", lang) if spec.id == "urban_rural_balance" else tr("own_ratio", lang)
        text = f"{what[:1].upper()}{what[1:]}: "
        text += f"{count(contrib.numerator, lang)}/{count(contrib.denominator, lang)} = {pct(ratio, lang)}"
        if target is not None:
            text += f" ({tr('target', lang).lower()}: {target_label(target, lang)})"
        out.insert(0, Line(0, text, contrib.met))
    else:
        out.insert(0, Line(0, tr("reason_no_data", lang), None))
    return out


def render_lines(lines: Sequence[Line]) -> str:
    return "\n".join(line.render() for line in lines)


def _shortened(label: str, width: int | None) -> str:
    """A label cut in its middle to about `width` characters, whole words kept from each end: indicator
    6's questions differ only at their end ("… khu vực thành phố" / "… nông thôn")."""
    if width is None or len(label) <= width:
        return label
    half = (width - 1) // 2
    return label[:half].rsplit(" ", 1)[0] + " … " + label[-half:].split(" ", 1)[-1]


def check_lines(qn: Questionnaire, checks: Sequence[Check], lang: str = "vi",
                width: int | None = None) -> list[Line]:
    """The tests behind an agency's mark as flat lines, each question with its answer, for a table
    whose cell holds one line per agency; `width` shortens a long question in its middle."""
    out = []
    for c in checks:
        if c.question is not None:
            q = qn.questions[c.question]
            proof = f" ({tr('needs_proof', lang)})" if c.unproven else ""
            text = f"{_shortened(q.label.get(lang), width)}: {_shown(qn, q.id, c.actual, lang, None)}{proof}"
        elif c.domain is not None:
            text = f"{qn.domain(c.domain).file.title.get(lang)} {c.test}"
        else:
            continue
        out.append(Line(0, text, c.passed))
    return out


def check_text(qn: Questionnaire, checks: Sequence[Check], lang: str = "vi", width: int | None = None) -> str:
    """`check_lines` on one line, for a cell that does not wrap."""
    return "; ".join(line.render() for line in check_lines(qn, checks, lang, width))


# --- questions and answers ---------------------------------------------------------------------------------


def status_text(status: str, lang: str = "vi") -> str:
    return tr(f"q_{status}", lang)


def answer_text(q: Question, ans: Answer | None, state: str, lang: str = "vi") -> str:
    """The answer as read, or why there is none (not applicable to this agency, a follow-up skipped)."""
    if state == "not_applicable":
        return tr("q_not_applicable", lang)
    if state == "hidden" and (ans is None or not ans.answered):
        return tr("q_hidden", lang)
    if ans is not None and ans.is_na:
        return tr("not_applicable", lang)
    return answer_label(q, ans, lang)


def evidence_text(ans: Answer | None) -> str:
    if ans is None:
        return ""
    ev = ans.evidence
    return "\n".join(x for x in (ev.note, ev.link, ev.file) if x)


def states(qn: Questionnaire, answers: Mapping[str, Answer]) -> dict[str, str]:
    ctx = AnswerContext(qn, answers)
    return {qid: ctx.state(qid) for qid in qn.questions}


def changes(qn: Questionnaire, answers: Mapping[str, Answer], result: Result, previous: Result | None
            ) -> dict[str, float | None]:
    """The change of each domain's index, and of the overall index ("overall"), since last year, to a
    tenth of a point. None where either year has no index, and where this year's page still has a
    required question unanswered (the overall index: any page): a page being filled in reads low
    because work is not done yet, not because the agency fell back. Every page and document shows these."""
    if previous is None:
        return dict.fromkeys([*(d.id for d in qn.domains), "overall"], None)
    done = {fid for fid, p in progress(qn, answers).items() if p.done == p.total}
    pairs = {d.id: (result.domains[d.id].index, previous.domains[d.id].index if d.id in previous.domains else None,
                    d.id in done) for d in qn.domains}
    pairs["overall"] = (result.index, previous.index, len(done) == len(qn.domains) + 1)
    return {key: round(now - before, 1) if complete and now is not None and before is not None else None
            for key, (now, before, complete) in pairs.items()}


STRONG_FROM = 0.75  # a question scored at least this is a strength
WEAK_BELOW = 0.5  # one scored below this, with points still to gain, is a weakness


def strongest(dres: DomainResult, n: int = 3) -> list[QuestionResult]:
    """A domain's strengths: the questions that count with a score of at least STRONG_FROM, those
    carrying the most index points first. Every page and document lists these."""
    rows = [r for r in dres.questions if r.status == "counted" and (r.score or 0) >= STRONG_FROM - 1e-9]
    return sorted(rows, key=lambda r: (-r.contribution, -(r.score or 0), r.question))[:n]


def weakest(dres: DomainResult, n: int = 3) -> list[QuestionResult]:
    """A domain's weaknesses: the questions scored below WEAK_BELOW (an unanswered one, or one lacking
    its proof, scores 0), those with the most index points still to gain first. A follow-up hidden by
    the answer before it is left to that answer."""
    rows = [r for r in dres.questions if r.status != "hidden" and r.score is not None
            and r.score < WEAK_BELOW - 1e-9 and r.gain > 1e-9]
    return sorted(rows, key=lambda r: (-r.gain, r.question))[:n]


def recommendation_text(qn: Questionnaire, reco: Recommendation, lang: str = "vi") -> str:
    q = qn.questions[reco.question]
    base = q.recommendation.get(lang) if q.recommendation else tr("generic_reco", lang)
    if reco.status == "missing_evidence":
        return tr("reco_missing_evidence", lang, advice=base)
    if reco.status == "unanswered":
        return tr("reco_unanswered", lang, advice=base)
    return base


def score_text(score: float | None, lang: str = "vi") -> str:
    return "—" if score is None else pct(score, lang, 0)


def plain(value: Any) -> Any:
    """A stored value as a spreadsheet shows it: a list of codes joined, everything else as is."""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value
