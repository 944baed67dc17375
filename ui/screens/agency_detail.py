"""The department's drill-down into one agency: its results as the agency sees them, every answer
with its evidence, and the attached files."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from scoring.conditions import AnswerContext
from scoring.formatting import answer_label
from store import assessments, evidence
from store.conversion import to_answers
from ui import md, province_data, results_view, runtime, shell
from ui.exports import audited
from ui.i18n import t

actor = shell.require_actor()


def _file_data(engine: Engine, file_id: int) -> bytes:
    """An evidence file's bytes, read when its download is clicked (off the script's thread: no `st`)."""
    return evidence.get_file(engine, actor, file_id).data


lang = runtime.lang()
cat = runtime.catalog()
qn = cat.questionnaire
year = shell.selected_year()
rows = province_data.rows(actor, year, st.session_state.get("plan_id"))
st.title(t("detail.title", lang, year=year))
names = {r.agency_id: r.name for r in rows}
if not names:
    st.info(t("glance.nothing", lang, year=year))
    st.stop()
agency_id = st.selectbox(t("province.col_agency", lang), list(names), format_func=names.__getitem__,
                         key="detail_agency")
tab_results, tab_answers = st.tabs([t("detail.tab_results", lang), t("detail.tab_answers", lang)])
with tab_results:
    results_view.show(actor, agency_id, names[agency_id], year, lang, key="detail")
with tab_answers:
    info = assessments.get_assessment(runtime.engine(), actor, agency_id, year)
    if info is None:
        st.info(t("results.nothing", lang, year=year))
    else:
        stored = assessments.load_answers(runtime.engine(), actor, info.id)
        answers = to_answers(stored)
        ctx = AnswerContext(qn, answers)
        table = []
        for f in [qn.profile, *(d.file for d in qn.domains)]:
            for q in f.questions:
                a = answers.get(q.id)
                s = stored.get(q.id)
                # A question not put to this agency (its type, or an earlier answer) is not "unanswered".
                state = ctx.state(q.id)
                shown = answer_label(q, a, lang) if state == "active" or a is not None else t(f"status.{state}", lang)
                table.append({t("results.col_domain", lang): f.short.get(lang),
                              t("results.col_question", lang): q.label.get(lang),
                              t("results.col_answer", lang): shown,
                              t("detail.col_evidence", lang): " · ".join(x for x in (
                                  s.evidence_note if s else None, s.evidence_link if s else None) if x)})
        st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch", placeholder="—",
                     column_config={t("detail.col_evidence", lang): st.column_config.TextColumn(width="medium")})
        engine = runtime.engine()
        files = evidence.list_files(engine, actor, info.id)
        if files:
            st.subheader(t("detail.files", lang))
            for file in files:
                asked = qn.questions.get(file.question_id)
                label = asked.label.get(lang)[:60] if asked else file.question_id
                st.download_button(f"📎 {md.escape(file.filename)} — {label}",
                                   audited(partial(_file_data, engine, file.id),
                                           "evidence_file", agency_id=agency_id, year=year, target=f"file:{file.id}"),
                                   file_name=file.filename, mime=file.mime, key=f"file_{file.id}", on_click="ignore")
