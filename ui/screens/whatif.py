"""What-if planner: which changes in which agencies would let each indicator meet next year's target.

First the plan the tool proposes (the fewest agencies and answers that close each gap, checked by
scoring the changed answers), then the department's own scenario: chosen agencies reaching a level in
a domain, or giving a better answer to one question, with the indicators recomputed.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from reports import text
from scoring.engine import score
from scoring.formatting import answer_label, value_label
from scoring.models import QuestionType
from scoring.whatif import Fix, apply_fixes, plan_indicator, raise_domain_to, what_if
from ui import choices, md, province_data, results_view, runtime, shell
from ui.i18n import t

actor = shell.require_actor()
lang = runtime.lang()
cat = runtime.catalog()
qn = cat.questionnaire
year = shell.selected_year()
plan_id = st.session_state.get("plan_id")
plan = cat.plan(plan_id)
target_year = year + 1
st.title(t("whatif.title", lang, year=target_year))
st.caption(t("whatif.intro", lang, year=year, target_year=target_year))

every = province_data.rows(actor, year, plan_id)
rows = [r for r in every if r.counted and r.answers is not None]
if not rows:
    st.info(t("whatif.no_data", lang, year=year))
    st.stop()
# Planned from some agencies only while more can still come: no verdict is final.
provisional = len(rows) < len(every) and shell.year_open(year)
if provisional:
    st.warning(t("province.only_submitted", lang, n=len(rows), total=len(every)), icon=":material/pending:")
names = {r.agency_id: r.name for r in rows}
answers = {r.agency_id: r.answers for r in rows if r.answers is not None}


@st.cache_data(max_entries=32, show_spinner=False)
def _proposals(stamp: tuple, plan_id: str | None, target_year: int, _answers: dict) -> list:
    return [plan_indicator(plan, qn, target_year, ind.id, _answers) for ind in plan.indicators]


def shown(indicator_id: str, agg) -> str:
    return text.indicator_value(indicator_id, None if agg.value is None else float(agg.value), lang)


stamp = (year, tuple((r.agency_id, r.submitted_at) for r in rows))
st.subheader(t("whatif.proposal", lang))
for p in _proposals(stamp, plan_id, target_year, answers):
    ind = plan.indicator(p.indicator)
    b = p.before
    value = text.indicator_value(ind.id, None if b.value is None else float(b.value), lang)
    if b.target is None:
        continue
    head = f"{ind.label.get(lang)} — {value} / {text.target_label(b.target, lang)}"
    if b.met:
        verdict = text.province_verdict(b.value, b.met, lang, provisional=provisional)
        st.markdown(f"{':material/pending:' if provisional else ':material/check_circle:'} {head} · {verdict}")
        continue
    with st.expander(head, expanded=True, icon=":material/error:"):
        if ind.kind != "agency_count":
            st.write(text.gap_text(ind.id, b.gap, b.met, lang))
            continue
        if not p.closable:
            st.warning(t("whatif.not_closable", lang))
        for ap in p.agencies:
            steps = "; ".join(f"{qn.questions[f.question].label.get(lang)} → "
                              f"**{value_label(qn.questions[f.question], f.value, lang)}**" for f in ap.fixes)
            st.markdown(f"- **{md.escape(names[ap.agency_id])}**: {steps}")
        if p.after is not None and p.closable:
            reached_text = t("whatif.after", lang, value=text.indicator_value(ind.id, float(p.after.value), lang))
            if provisional:  # reaching it on some agencies' figures is not meeting it
                st.info(f"{reached_text} {text.province_verdict(p.after.value, True, lang, provisional=True)}.")
            else:
                st.success(reached_text)

st.subheader(t("whatif.scenario", lang))
scenario: list[tuple[str, str, str, str]] = st.session_state.setdefault("whatif_changes", [])
levels = [lv for lv in qn.model.levels if lv.min > 0]
tab_level, tab_question = st.tabs([t("whatif.by_level", lang), t("whatif.by_question", lang)])
with tab_level, st.form("whatif_add", clear_on_submit=False):
    c1, c2, c3 = st.columns(3)
    agency_id = c1.selectbox(t("province.col_agency", lang), list(names), format_func=names.__getitem__,
                             key="wi_agency")
    domain_id = c2.selectbox(t("results.col_domain", lang), list(qn.domain_ids),
                             index=choices.keep("wi_domain", list(qn.domain_ids)),
                             format_func=lambda d: qn.domain(d).file.short.get(lang), key="wi_domain")
    level = c3.selectbox(t("results.col_level", lang), [lv.code for lv in levels], key="wi_level",
                         index=choices.keep("wi_level", [lv.code for lv in levels]),
                         format_func=lambda c: next(lv.label.get(lang) for lv in levels if lv.code == c))
    if st.form_submit_button(t("whatif.add", lang), icon=":material/add:"):
        scenario.append(("level", agency_id, domain_id, level))
with tab_question:
    c1, c2, c3 = st.columns(3)
    q_agency = c1.selectbox(t("province.col_agency", lang), list(names), format_func=names.__getitem__,
                            key="wi_q_agency")
    choice_qs = [q for d in qn.domains for q in d.file.questions if q.scored and q.choices
                 and q.type != QuestionType.MULTI_CHOICE]
    qid = c2.selectbox(t("results.col_question", lang), [q.id for q in choice_qs], key="wi_q",
                       index=choices.keep("wi_q", [q.id for q in choice_qs]),
                       format_func=lambda i: qn.questions[i].label.get(lang))
    q = qn.questions[qid]
    labels = {o.code: o.label.get(lang) for o in q.choices}
    code = c3.selectbox(t("results.col_answer", lang), list(labels), key=f"wi_q_value_{qid}",
                        index=choices.keep(f"wi_q_value_{qid}", list(labels)), format_func=labels.__getitem__)
    current = answers[q_agency].get(qid)
    st.caption(f"{t('results.now', lang)}: {answer_label(q, current, lang)}")
    if st.button(t("whatif.add", lang), icon=":material/add:", key="wi_q_add"):
        scenario.append(("answer", q_agency, qid, code))
if scenario:
    changes: dict[str, list[Fix]] = {}
    for kind, changed, target, value in scenario:
        if kind == "answer":
            changes.setdefault(changed, []).append(Fix(target, value))
            q = qn.questions[target]
            st.markdown(f"- {md.escape(names[changed])}: {q.label.get(lang)} → **{value_label(q, value, lang)}**")
            continue
        minimum = next(lv.min for lv in qn.model.levels if lv.code == value)
        so_far = apply_fixes(answers[changed], changes.get(changed, []))  # improvements add up
        fixes = raise_domain_to(qn, so_far, target, minimum)
        changes.setdefault(changed, []).extend(fixes)
        reached = score(qn, apply_fixes(so_far, fixes)).domains[target].index
        short = (f"; {t('whatif.unreachable', lang, index=results_view.fmt_index(reached, lang))}"
                 if reached is None or reached < minimum else "")
        st.markdown(f"- {md.escape(names[changed])}: {qn.domain(target).file.short.get(lang)} → "
                    f"{next(lv.label.get(lang) for lv in qn.model.levels if lv.code == value)} "
                    f"({t('whatif.n_changes', lang, n=len(fixes))}{short})")
    before, after = what_if(plan, qn, target_year, answers, changes)
    table = []
    for ind in plan.indicators:
        b, a = before[ind.id], after[ind.id]
        table.append({t("province.col_indicator", lang): ind.label.get(lang),
                      t("whatif.col_now", lang): shown(ind.id, b),
                      t("whatif.col_after", lang): shown(ind.id, a),
                      t("province.col_target", lang): text.target_label(a.target, lang),
                      t("province.col_met", lang): text.province_verdict(a.value, a.met, lang,
                                                                         provisional=provisional)})
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch", placeholder="—")
    if st.button(t("whatif.clear", lang), key="wi_clear"):
        st.session_state["whatif_changes"] = []
        st.rerun()
