"""The agency's own results for the selected year, with its report as PDF and Excel and its answers
as a file that can be imported again."""

from __future__ import annotations

import streamlit as st

from reports.agency import agency_pdf, agency_xlsx
from reports.data import agency_report_from_answers, closed_year_date
from scoring.answers import AnswerFile, dump_answer_file
from store import agencies, years
from ui import md, results_view, runtime, shell
from ui.exports import audited
from ui.i18n import t

actor = shell.require_actor()
lang = runtime.lang()
agency_id, year = shell.assessment_target(actor)
st.title(t("results.title", lang, year=year))
if agency_id is None:
    st.info(t("assess.no_agency", lang))
    st.stop()
agency = agencies.get_agency(runtime.engine(), actor, agency_id, year=year)  # a closed year: as it closed
st.caption(md.escape(agency.name))
results_view.show(actor, agency_id, agency.name, year, lang)

loaded = results_view.load(actor, agency_id, year)
if loaded is not None:
    info, answers, _ = loaded
    previous = results_view.load(actor, agency_id, year - 1)
    cat = runtime.catalog()
    plan_id = st.session_state.get("plan_id")
    year_info = years.get_year(runtime.engine(), actor, year)
    dated = closed_year_date(year_info.closed_at if year_info else None)  # a closed year: the same file each time

    def report():  # runs on click, on another thread: plain data only, no `st`
        return agency_report_from_answers(
            cat, agency.id, agency.name, year, answers, previous=previous[2] if previous else None,
            plan_id=plan_id, status=info.status,
            department_name=cat.site.department.get(lang), province_name=cat.site.province.get(lang),
            place_name=cat.site.letterhead.place.get(lang),
            generated_at=dated)

    st.subheader(t("results.downloads", lang))
    c1, c2, c3 = st.columns(3)
    c1.download_button(t("results.pdf", lang),
                       audited(lambda: agency_pdf(report(), lang), "agency_pdf", agency_id=agency_id, year=year),
                       icon=":material/picture_as_pdf:",
                       file_name=f"pressdx-{agency_id}-{year}.pdf", mime="application/pdf", key="dl_pdf",
                       on_click="ignore")
    c2.download_button(t("results.xlsx", lang),
                       audited(lambda: agency_xlsx(report(), lang), "agency_xlsx", agency_id=agency_id,
                               year=year),
                       icon=":material/table_view:",
                       file_name=f"pressdx-{agency_id}-{year}.xlsx", key="dl_xlsx", on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    answers_file = AnswerFile(agency_id, agency.name, year, answers)
    c3.download_button(t("overview.export_yaml", lang),
                       audited(lambda: dump_answer_file(cat.questionnaire, answers_file).encode("utf-8"),
                               "answers_yaml", agency_id=agency_id, year=year),
                       file_name=f"pressdx-{agency_id}-{year}.yaml", mime="application/x-yaml", key="dl_yaml",
                       icon=":material/download:", on_click="ignore")
