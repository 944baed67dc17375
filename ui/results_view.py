"""One agency's result for one year: the index, the levels, what holds it back, what to do next, and
its share in the plan's indicators. Shown to the agency itself and, in the drill-down, to the department.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from reports import charts, text
from scoring.advice import ranked
from scoring.answers import Answer
from scoring.catalog import Catalog
from scoring.conditions import Check
from scoring.engine import Recommendation, Result, level_info, recommendations, score
from scoring.formatting import answer_label, value_label
from scoring.loader import Questionnaire
from scoring.plans import Contribution, contributions
from store import assessments
from store.access import Actor
from store.conversion import to_answers
from ui import md, runtime, tables
from ui.i18n import t


@st.cache_data(max_entries=256, show_spinner=False)
def _scored(content_hash: str, assessment_id: int, row_version: int, answers: dict[str, Answer]) -> Result:
    """Cached by the assessment's row version: a rerun that changes nothing scores nothing."""
    return score(runtime.catalog().questionnaire, answers)


def load(actor: Actor, agency_id: str, year: int) -> tuple[object, dict[str, Answer], Result] | None:
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
    if v is None:
        return "—"
    shown = f"{v:.1f}"
    return shown.replace(".", ",") if lang == "vi" else shown


def why(cat: Catalog, checks: tuple[Check, ...], lang: str, width: int | None = None, sep: str = "; ") -> str:
    """The tests behind an agency's mark, each question with its answer. With `width` (a table whose
    cells do not wrap), a long question is shortened in its middle: indicator 6's questions differ
    only at their end ("… khu vực thành phố" / "… nông thôn"), which a cut at the end lost."""
    qn = cat.questionnaire
    parts = []
    for c in checks:
        if c.question is not None:
            q = qn.questions[c.question]
            shown = value_label(q, c.actual, lang)
            label = q.label.get(lang)
            if width is not None and len(label) > width:
                half = (width - 1) // 2  # whole words from each end
                label = label[:half].rsplit(" ", 1)[0] + " … " + label[-half:].split(" ", 1)[-1]
            proof = f" ({t('results.needs_proof', lang)})" if c.unproven else ""
            parts.append(f"{'✓' if c.passed else '✗'} {label}: {shown}{proof}")
        elif c.domain is not None:
            title = qn.domain(c.domain).file.title.get(lang)
            parts.append(f"{'✓' if c.passed else '✗'} {title} {c.test}")
    return sep.join(parts)


def state_text(c: Contribution, lang: str) -> str:
    """An agency's mark on one indicator, in words: met, not met, not applicable, no target."""
    if not c.applicable:
        return t("results.not_applicable", lang)
    if c.met is None:
        return t("results.no_target", lang)
    return t("results.met", lang) if c.met else t("results.not_met", lang)


def indicator_rows(cat: Catalog, plan_id: str | None, contrib: dict[str, Contribution], lang: str) -> pd.DataFrame:
    plan = cat.plan(plan_id)
    rows = []
    for ind in plan.indicators:
        c = contrib[ind.id]
        state = state_text(c, lang)
        share = f"{text.count(c.numerator, lang)}/{text.count(c.denominator, lang)}" if c.applicable else "—"
        rows.append({t("results.col_indicator", lang): md.escape(ind.label.get(lang)),
                     t("results.col_state", lang): md.escape(state), t("results.col_share", lang): share,
                     # a line a test, not a wall: the cell is Markdown, where "  \n" breaks the line
                     t("results.col_why", lang): "  \n".join(md.escape(x) for x in why(cat, c.checks, lang,
                                                                                          sep="\n").split("\n"))})
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

    delta = None
    if prev_result is not None and prev_result.index is not None and result.index is not None:
        delta = round(result.index - prev_result.index, 1)
    c1, c2, c3 = st.columns(3)
    c1.metric(t("results.overall", lang), fmt_index(result.index, lang),
              delta=None if delta is None else fmt_index(delta, lang), border=True)
    c2.metric(t("results.level", lang), level_text(cat, result.level, lang), border=True)
    weakest = min((r for r in result.domains.values() if r.index is not None), key=lambda r: r.index, default=None)
    c3.metric(t("results.weakest_domain", lang),
              qn.domain(weakest.id).file.short.get(lang) if weakest else "—", border=True)

    chart = charts.domain_chart(qn, result, lang, previous=prev_result, width=560)
    # Streamlit does not take a layered chart's height from its spec: give it the height the bars need.
    st.altair_chart(chart, width="content", height=max(200, 48 * len(qn.domains) + 110), theme=None)

    table = []
    for d in qn.domains:
        r = result.domains[d.id]
        p = prev_result.domains[d.id].index if prev_result else None
        change = None if p is None or r.index is None else round(r.index - p, 1)
        # Written as the metrics and the chart write them (63,6 in Vietnamese). A static table: five
        # rows need no sorting (an interactive one would sort these texts as text), and a cap's
        # reason wraps instead of being cut off. Its cells are Markdown: the texts are escaped.
        table.append({t("results.col_domain", lang): md.escape(d.file.title.get(lang)),
                      t("results.col_index", lang): fmt_index(r.index, lang),
                      t("results.col_level", lang): md.escape(level_text(cat, r.level, lang)),
                      t("results.col_change", lang): ("+" if change and change > 0 else "") + fmt_index(change, lang),
                      t("results.col_cap", lang): md.escape("; ".join(c.reason.get(lang) for c in r.caps))})
    domains = pd.DataFrame(table)
    if not any(result.domains[d.id].caps for d in qn.domains):  # an empty column only raises a question
        domains = domains.drop(columns=[t("results.col_cap", lang)])
    st.table(domains, hide_index=True)

    st.subheader(t("results.recommendations", lang))
    plan_id = st.session_state.get("plan_id")
    contrib = contributions(cat.plan(plan_id), qn, answers, result, year)
    recs = ranked((r for r in recommendations(qn, result) if r.status not in ("hidden",)), contrib)[:10]
    if not recs:
        st.success(t("results.no_recommendations", lang))
    # Grouped by domain, the domains in the order of their most useful step.
    for domain in dict.fromkeys(r.domain for r, _ in recs):
        st.markdown(f"**{md.escape(qn.domain(domain).file.title.get(lang))}**")
        for r, helped in (x for x in recs if x[0].domain == domain):
            _recommendation(qn, r, helped, answers, lang)

    st.subheader(t("results.by_domain", lang))
    for d in qn.domains:
        r = result.domains[d.id]
        counted = [x for x in r.questions if x.score is not None]
        with st.expander(f"{d.file.title.get(lang)} — {fmt_index(r.index, lang)}"):
            strong = sorted((x for x in counted if x.score >= 0.75), key=lambda x: -x.contribution)[:3]
            weak = sorted((x for x in counted if x.score < 0.5), key=lambda x: -x.gain)[:3]
            st.markdown(f"**{t('results.strongest', lang)}**")
            for x in strong or []:
                st.markdown(f"- {qn.questions[x.question].label.get(lang)}")
            if not strong:
                st.caption(t("common.none", lang))
            st.markdown(f"**{t('results.weakest', lang)}**")
            for x in weak:
                st.markdown(f"- {qn.questions[x.question].label.get(lang)}")
            if not weak:
                st.caption(t("common.none", lang))
            st.dataframe(tables.written(pd.DataFrame([
                {t("results.col_question", lang): qn.questions[x.question].label.get(lang),
                 t("results.col_answer", lang): answer_label(qn.questions[x.question], answers.get(x.question), lang),
                 t("results.col_status", lang): t(f"status.{x.status}", lang),
                 t("results.col_points", lang): round(x.contribution, 1),
                 t("results.col_gain", lang): round(x.gain, 1)}
                for x in r.questions if x.status != "unscored"]), lang),
                hide_index=True, width="stretch", placeholder="—")

    st.subheader(t("results.indicators", lang, year=year))
    # Static, as the domains' table: eight rows need no sorting, and an interactive table cut the
    # indicator's name, its state ("Không có chỉ tiêu năm …") and the reason mid-sentence.
    st.table(indicator_rows(cat, plan_id, contrib, lang), hide_index=True)
