"""One agency's result for one year: the index, the levels, what holds it back, what to do next, and
its share in the plan's indicators. Shown to the agency itself and, in the drill-down, to the department.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from reports import charts, explain, text
from scoring.advice import ranked
from scoring.answers import Answer
from scoring.catalog import Catalog
from scoring.engine import DomainResult, QuestionResult, Recommendation, Result, level_info, recommendations, score
from scoring.formatting import answer_label
from scoring.loader import Questionnaire
from scoring.plans import Contribution, contributions
from store import assessments
from store.access import Actor
from store.conversion import to_answers
from store.records import AssessmentInfo
from ui import md, runtime, tables
from ui.i18n import t

INDENT = "\u2003"  # a nested test's indent in a Markdown cell, where spaces are dropped


@st.cache_data(max_entries=256, show_spinner=False)
def _scored(content_hash: str, assessment_id: int, row_version: int, answers: dict[str, Answer]) -> Result:
    """Cached by the assessment's row version: a rerun that changes nothing scores nothing."""
    return score(runtime.catalog().questionnaire, answers)


def load(actor: Actor, agency_id: str, year: int) -> tuple[AssessmentInfo, dict[str, Answer], Result] | None:
    info = assessments.get_assessment(runtime.engine(), actor, agency_id, year)
    if info is None:
        return None
    answers = to_answers(assessments.load_answers(runtime.engine(), actor, info.id))
    qn = runtime.catalog().questionnaire
    return info, answers, _scored(qn.content_hash, info.id, info.row_version, answers)


def level_text(cat: Catalog, code: str | None, lang: str) -> str:
    info = level_info(cat.questionnaire.model, code)
    return info.label.get(lang) if info else "—"


def fmt_index(v: float | None, lang: str) -> str:
    return text.num(v, lang)


def state_text(c: Contribution, lang: str) -> str:
    """An agency's mark on one indicator, in words: met, not met, not applicable, no target."""
    if not c.applicable:
        return t("results.not_applicable", lang)
    if c.met is None:
        return t("results.no_target", lang)
    return t("results.met", lang) if c.met else t("results.not_met", lang)


def indicator_rows(cat: Catalog, plan_id: str | None, contrib: dict[str, Contribution], year: int,
                   answers: dict[str, Answer], lang: str) -> pd.DataFrame:
    """Each indicator: the agency's mark, its share and why, the reasons as the agency's PDF gives them."""
    qn = cat.questionnaire
    state = explain.states(qn, answers)
    rows = []
    for ind in cat.plan(plan_id).indicators:
        c = contrib[ind.id]
        share = f"{text.count(c.numerator, lang)}/{text.count(c.denominator, lang)}" if c.applicable else "—"
        lines = explain.contribution_lines(qn, ind, c, year, lang, state)
        rows.append({t("results.col_indicator", lang): md.escape(ind.label.get(lang)),
                     t("results.col_state", lang): md.escape(state_text(c, lang)), t("results.col_share", lang): share,
                     # a line a test, not a wall: the cell is Markdown, where "  \n" breaks the line
                     t("results.col_why", lang): "  \n".join(INDENT * x.depth + md.escape(x.render().lstrip())
                                                              for x in lines)})
    return pd.DataFrame(rows)


def _recommendation(qn: Questionnaire, r: Recommendation, helped: int, answers: dict[str, Answer], lang: str) -> None:
    """One step: the points it adds, what to do, the plan's indicators it helps, and the answer now."""
    q = qn.questions[r.question]
    # The answer may be text the agency typed: escaped, so it is shown, never rendered.
    now = f"({t('results.now', lang)}: {md.escape(answer_label(q, answers.get(q.id), lang))})"
    if r.status == "missing_evidence":  # the answer is there, its proof is not: say so, not "build it"
        advice = t("results.add_evidence", lang, question=q.label.get(lang))
        context = now
    else:
        advice = q.recommendation.get(lang) if q.recommendation else q.label.get(lang)
        context = f"{q.label.get(lang)} {now}"
    helps = (" · " + t("results.helps_one" if helped == 1 else "results.helps_many", lang, n=helped)) if helped else ""
    st.markdown(f"- **+{fmt_index(r.gain_overall, lang)}** · {advice}{helps}")
    st.caption(context)


def _metrics(cat: Catalog, result: Result, delta: float | None, lang: str) -> None:
    """The overall index (with its change since last year, `explain.changes`), its level and the weakest
    domain."""
    c1, c2, c3 = st.columns(3)
    c1.metric(t("results.overall", lang), fmt_index(result.index, lang),
              delta=None if delta is None else fmt_index(delta, lang), border=True)
    c2.metric(t("results.level", lang), level_text(cat, result.level, lang), border=True)
    indexed = [(r.index, k, r.id) for k, r in enumerate(result.domains.values()) if r.index is not None]
    weakest = min(indexed, default=None)  # the first of equals
    c3.metric(t("results.weakest_domain", lang),
              cat.questionnaire.domain(weakest[2]).file.short.get(lang) if weakest else "—", border=True)


def _domains_table(cat: Catalog, result: Result, changes: dict[str, float | None], lang: str) -> pd.DataFrame:
    """Written as the metrics and the chart write them (63,6 in Vietnamese). A static table: five rows
    need no sorting (an interactive one would sort these texts as text), and a cap's reason wraps
    instead of being cut off. Its cells are Markdown: the texts are escaped."""
    qn = cat.questionnaire
    table = []
    for d in qn.domains:
        r = result.domains[d.id]
        change = changes[d.id]
        table.append({t("results.col_domain", lang): md.escape(d.file.title.get(lang)),
                      t("results.col_index", lang): fmt_index(r.index, lang),
                      t("results.col_level", lang): md.escape(level_text(cat, r.level, lang)),
                      t("results.col_change", lang): ("+" if change and change > 0 else "") + fmt_index(change, lang),
                      t("results.col_cap", lang): md.escape("; ".join(c.reason.get(lang) for c in r.caps))})
    domains = pd.DataFrame(table)
    if not any(result.domains[d.id].caps for d in qn.domains):  # an empty column only raises a question
        domains = domains.drop(columns=[t("results.col_cap", lang)])
    return domains


def _recommendations(qn: Questionnaire, result: Result, contrib: dict[str, Contribution],
                     answers: dict[str, Answer], lang: str) -> None:
    """The ten most useful steps, grouped by domain, the domains in the order of their most useful step."""
    recs = ranked((r for r in recommendations(qn, result) if r.status not in ("hidden",)), contrib)[:10]
    if not recs:
        st.success(t("results.no_recommendations", lang))
    for domain in dict.fromkeys(r.domain for r, _ in recs):
        st.markdown(f"**{md.escape(qn.domain(domain).file.title.get(lang))}**")
        for r, helped in (x for x in recs if x[0].domain == domain):
            _recommendation(qn, r, helped, answers, lang)


def _listed(qn: Questionnaire, heading: str, items: list[QuestionResult], lang: str) -> None:
    st.markdown(f"**{heading}**")
    for x in items:
        st.markdown(f"- {qn.questions[x.question].label.get(lang)}")
    if not items:
        st.caption(t("common.none", lang))


def _domain_detail(qn: Questionnaire, r: DomainResult, answers: dict[str, Answer], lang: str) -> None:
    """A domain's strengths and weaknesses (those of the agency's PDF) and every question's points."""
    _listed(qn, t("results.strongest", lang), explain.strongest(r), lang)
    _listed(qn, t("results.weakest", lang), explain.weakest(r), lang)
    st.dataframe(tables.written(pd.DataFrame([
        {t("results.col_question", lang): qn.questions[x.question].label.get(lang),
         t("results.col_answer", lang): answer_label(qn.questions[x.question], answers.get(x.question), lang),
         t("results.col_status", lang): t(f"status.{x.status}", lang),
         t("results.col_points", lang): round(x.contribution, 1),
         t("results.col_gain", lang): round(x.gain, 1)}
        for x in r.questions if x.status != "unscored"]), lang),
        hide_index=True, width="stretch", placeholder="—")


def show(actor: Actor, agency_id: str, agency_name: str, year: int, lang: str, *, key: str = "res") -> None:
    cat = runtime.catalog()
    qn = cat.questionnaire
    loaded = load(actor, agency_id, year)
    if loaded is None:
        st.info(t("results.nothing", lang, year=year))
        return
    info, answers, result = loaded
    previous = load(actor, agency_id, year - 1)
    prev_result = previous[2] if previous else None
    if info.status != "submitted":
        st.caption(t("results.draft_note", lang))
    changes = explain.changes(qn, answers, result, prev_result)
    _metrics(cat, result, changes["overall"], lang)

    chart = charts.domain_chart(qn, result, lang, previous=prev_result, width=560)
    # Streamlit does not take a layered chart's height from its spec: give it the height the bars need.
    st.altair_chart(chart, width="content", height=max(200, 48 * len(qn.domains) + 110), theme=None)
    st.table(_domains_table(cat, result, changes, lang), hide_index=True)
    if prev_result is not None and info.status != "submitted" and None in changes.values():
        st.caption(t("results.change_when_complete", lang))

    st.subheader(t("results.recommendations", lang))
    plan_id = st.session_state.get("plan_id")
    contrib = contributions(cat.plan(plan_id), qn, answers, result, year)
    _recommendations(qn, result, contrib, answers, lang)

    st.subheader(t("results.by_domain", lang))
    for d in qn.domains:
        r = result.domains[d.id]
        with st.expander(f"{d.file.title.get(lang)} — {fmt_index(r.index, lang)}"):
            _domain_detail(qn, r, answers, lang)

    st.subheader(t("results.indicators", lang, year=year))
    # Static, as the domains' table: eight rows need no sorting, and an interactive table cut the
    # indicator's name, its state ("Không có chỉ tiêu năm …") and the reason mid-sentence.
    st.table(indicator_rows(cat, plan_id, contrib, year, answers, lang), hide_index=True)
