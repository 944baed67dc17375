"""The province against the plan: each indicator's value, numerator and denominator, the year's
target, met or not and the gap; trajectories through 2030; which agencies count and why; exports."""

from __future__ import annotations

import zlib

import pandas as pd
import streamlit as st

from reports import assessment_draft, charts, explain, text
from reports.data import closed_year_date, province_report_from_rows
from reports.docx_report import province_docx
from reports.excel_safety import VIETNAMESE_EXCEL_CSV
from reports.province import province_pdf, province_xlsx, scores_csv
from store import report_texts, years
from store.errors import StoreError
from ui import province_data, results_view, runtime, shell
from ui.errors import error_text
from ui.exports import audited
from ui.i18n import t

actor = shell.require_actor()
lang = runtime.lang()
cat = runtime.catalog()
year = shell.selected_year()
plan_id = st.session_state.get("plan_id")
plan = cat.plan(plan_id)

st.title(t("province.title", lang, year=year))
st.caption(f"{cat.site.province.get(lang)} · {plan.issued_by.get(lang)}")

rows = province_data.rows(actor, year, plan_id)
agg = province_data.aggregate(actor, year, plan_id)
submitted = sum(1 for r in rows if r.status == "submitted")
# A verdict from some agencies only is provisional, never "met", while more can still come; once the
# year is closed, what was sent is final.
closed = not shell.year_open(year)
provisional = submitted < len(rows) and not closed
c1, c2, c3 = st.columns(3)
c1.metric(t("province.submitted", lang), f"{submitted}/{len(rows)}", border=True)
met = [a for a in agg.values() if a.met]
with_target = [a for a in agg.values() if a.target is not None]  # one without figures yet is not met
c2.metric(t("province.indicators_met_provisional" if provisional else "province.indicators_met", lang),
          f"{len(met)}/{len(with_target)}" if submitted else "—", border=True)
indexes = [r.result.index for r in rows if r.counted and r.result and r.result.index is not None]
c3.metric(t("province.mean_index", lang), results_view.fmt_index(sum(indexes) / len(indexes), lang)
          if indexes else "—", border=True)
if submitted < len(rows) and closed:
    st.info(t("province.closed_final", lang, year=year, n=submitted, total=len(rows)), icon=":material/lock:")
elif provisional:  # said up front
    st.warning(t("province.only_submitted", lang, n=submitted, total=len(rows)), icon=":material/pending:")

table = []
for ind in plan.indicators:
    a = agg[ind.id]
    table.append({
        t("province.col_indicator", lang): ind.label.get(lang),
        t("province.col_value", lang): text.indicator_value(ind.id, None if a.value is None else float(a.value), lang),
        t("province.col_fraction", lang): f"{text.count(a.numerator, lang)}/{text.count(a.denominator, lang)}",
        t("province.col_target", lang): text.target_label(a.target, lang),
        t("province.col_met", lang): text.province_verdict(a.value, a.met, lang, provisional=provisional),
        t("province.col_gap", lang): text.gap_text(ind.id, a.gap, a.met, lang),
    })
st.table(pd.DataFrame(table).set_index(t("province.col_indicator", lang)))

st.subheader(t("province.trajectories", lang))
years_with_data = [y for y in shell.year_choices() if y <= year]
history = province_data.history(actor, sorted(years_with_data), plan_id)
series = {ind.id: {y: (None if (v := h[ind.id].value) is None else float(v)) for y, h in history.items()}
          for ind in plan.indicators}


@st.cache_resource(max_entries=32, show_spinner=False)
def _trajectories(plan_id: str, points: tuple, lang: str):
    """Built once per plan, numbers and language (an Altair chart of eight facets is not free)."""
    return charts.trajectories_chart(cat.plans[plan_id], {iid: dict(ys) for iid, ys in points}, lang)


rows_of_charts = (len(plan.indicators) + 1) // 2
points = tuple((iid, tuple(ys.items())) for iid, ys in series.items())
st.altair_chart(_trajectories(plan.id, points, lang), width="content", height=170 * rows_of_charts + 90, theme=None)

st.subheader(t("province.who_counts", lang))
for ind in plan.indicators:
    a = agg[ind.id]
    shown = text.indicator_value(ind.id, None if a.value is None else float(a.value), lang)
    # The list of every agency is built only while its expander is open: with a thousand agencies,
    # eight lists nobody opens would be most of the page's time.
    who = st.expander(f"{ind.label.get(lang)} — {shown}", key=f"who_counts_{ind.id}", on_change="rerun")
    with who:
        st.caption(ind.measure.get(lang) + (f" · {ind.note.get(lang)}" if ind.note else ""))
        if not who.open:
            continue
        listing = []
        for r in rows:
            if not r.counted or r.contributions is None:
                state, why = t(f"province.status_{r.status}", lang), ""
            else:
                c = r.contributions[ind.id]
                state = results_view.state_text(c, lang)
                why = explain.check_text(cat.questionnaire, c.checks, lang, width=70)
                if c.applicable:  # readers' counts run to millions: thousands separators, never 3.8e+06
                    state += f" ({text.count(c.numerator, lang)}/{text.count(c.denominator, lang)})"
            listing.append({t("province.col_agency", lang): r.name, t("results.col_state", lang): state,
                            t("results.col_why", lang): why})
        st.dataframe(pd.DataFrame(listing), hide_index=True, width="stretch", placeholder="—")

st.subheader(t("province.exports", lang))


# Downloads build their file on click, on another thread: they get plain data, never `st`.
_report_rows = province_data.with_previous(actor, year, plan_id)
_history = {y: h for y, h in history.items() if y < year}
_year = years.get_year(runtime.engine(), actor, year)
_dated = closed_year_date(_year.closed_at if _year else None)  # a closed year's report: the same file each time


def _report():
    return province_report_from_rows(cat, year, _report_rows, history=_history, plan_id=plan_id,
                                     department_name=cat.site.department.get(lang),
                                     province_name=cat.site.province.get(lang),
                                     place_name=cat.site.letterhead.place.get(lang), generated_at=_dated,
                                     closed=closed)


_engine = runtime.engine()


def _letter() -> dict:
    """The report and its assessment's text (the draft, under the department's edits as stored when the
    file is made), for the PDF and the Word report alike."""
    report = _report()
    texts = assessment_draft.final(assessment_draft.draft(report, lang),
                                   report_texts.get_report_texts(_engine, actor, year, lang))
    return {"report": report, "texts": texts, "head": cat.site.letterhead}


d1, d2, d3, d4 = st.columns(4)
d1.download_button(t("province.xlsx", lang),
                   audited(lambda: province_xlsx(_report(), lang), "province_xlsx", year=year),
                   key="dl_province_xlsx",
                   file_name=f"pressdx-bao-cao-{year}.xlsx", icon=":material/table_view:", on_click="ignore",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
d2.download_button(t("province.pdf", lang),
                   audited(lambda: province_pdf(lang=lang, **_letter()), "province_pdf", year=year),
                   key="dl_province_pdf",
                   file_name=f"pressdx-bao-cao-{year}.pdf", mime="application/pdf", on_click="ignore",
                   icon=":material/picture_as_pdf:")
d3.download_button(t("province.csv", lang),
                   audited(lambda: scores_csv(_report(), lang), "province_csv", year=year), key="dl_province_csv",
                   file_name=f"pressdx-diem-{year}.csv", mime="text/csv", on_click="ignore",
                   icon=":material/download:")
d4.download_button(t("province.csv_vn", lang),
                   audited(lambda: scores_csv(_report(), lang, VIETNAMESE_EXCEL_CSV), "province_csv_vn", year=year),
                   key="dl_province_csv_vn", file_name=f"pressdx-diem-{year}-excel-vn.csv", mime="text/csv",
                   on_click="ignore", icon=":material/download:", help=t("province.csv_vn_help", lang))


# --- the report to the Provincial People's Committee: its written assessment, edited here, and the Word file
st.subheader(t("province.document", lang))


@st.cache_data(max_entries=16, show_spinner=False)
def _drafted(stamp: tuple, plan_id: str | None, lang: str, _report) -> dict[str, str]:
    """The assessment drafted from the figures: worked out again only when the year's data changes."""
    return assessment_draft.draft(_report, lang)


_open = bool(_year and _year.is_open)
if not _open:
    st.info(t("province.document_closed", lang, year=year), icon=":material/lock:")
# Drafting runs the what-if planner for next year: only while the editor is open (as the lists above).
_editor = st.expander(t("province.document_edit", lang), key="report_document", on_change="rerun",
                      icon=":material/edit_note:")
with _editor:
    st.caption(t("province.document_intro", lang))
    if _editor.open:
        _stamp = (province_data.fingerprint(actor, year), province_data.fingerprint(actor, year - 1))
        _draft = _drafted(_stamp, plan_id, lang, _report())
        _edits = report_texts.get_report_texts(_engine, actor, year, lang)
        with st.form(f"report_text_{year}_{lang}", border=False):
            _typed = {}
            for section in assessment_draft.SECTIONS:
                title = assessment_draft.section_title(section, year, lang)
                mark = f" ({t('province.document_edited', lang)})" if section in _edits else ""
                shown = _edits.get(section, _draft[section])
                # keyed by what it shows, so a draft redone from new figures replaces the old one in the box
                _typed[section] = st.text_area(title + mark, value=shown, height=160, disabled=not _open,
                                               max_chars=report_texts.MAX_TEXT_CHARS,
                                               key=f"report_text_{year}_{lang}_{section}_{zlib.crc32(shown.encode())}")
            if st.form_submit_button(t("province.document_save", lang), icon=":material/save:", disabled=not _open):
                try:  # the draft's own words are not an edit: the section keeps following the figures
                    saved = sum(report_texts.save_report_text(_engine, actor, year, lang, section,
                                                              "" if typed.strip() == _draft[section].strip() else typed)
                                for section, typed in _typed.items())
                except StoreError as exc:
                    st.error(error_text(exc, lang))
                else:
                    st.success(t("province.document_saved", lang, n=saved) if saved
                               else t("province.document_unchanged", lang))


st.download_button(t("province.docx", lang), audited(lambda: province_docx(lang=lang, **_letter()), "province_docx",
                                                   year=year),
                   key="dl_province_docx", file_name=f"pressdx-bao-cao-{year}.docx", on_click="ignore",
                   mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                   icon=":material/description:")
