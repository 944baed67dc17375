"""The province's documents: the department's annual report (PDF), its workbook (Excel) and a CSV.

The department reports the plan's eight indicators to the Ministry each year; the PDF is that report,
the workbook is its audit trail (for each indicator, which agencies were counted, which were not, and
why), and the CSV is the one-line-per-agency table people paste into their own spreadsheets.
"""

from __future__ import annotations

from collections.abc import Mapping

from openpyxl import Workbook

from reports import charts, explain, xlsx
from reports.annual import AnnualReport, Head, Letter, annual_report, change, counted, kind_label, series
from reports.data import AgencyRow, ProvinceReport
from reports.excel_safety import PLAIN_CSV, CsvStyle, csv_bytes
from reports.pdf import ReportPDF, lighten
from reports.text import (
    gap_text,
    indicator_short,
    level_label,
    met_label,
    province_verdict,
    status_label,
    target_label,
    tr,
    yes_no,
)
from scoring.catalog import Letterhead
from scoring.loader import Questionnaire
from scoring.plans import IndicatorSpec

MET_FILL = {True: (214, 236, 214), False: (248, 222, 216), None: (236, 236, 236)}


def indicator_membership(row: AgencyRow, spec: IndicatorSpec, lang: str = "vi") -> tuple[bool, str]:
    """Whether the row is in the indicator's denominator this year, and if not, why not."""
    if not row.counted or row.contributions is None:
        return False, tr("reason_not_submitted", lang, status=status_label(row.status, lang))
    c = row.contributions.get(spec.id)
    if c is None or c.denominator <= 0:
        # A ratio applies to every agency with figures; zero figures is missing data, not exemption.
        return False, tr("reason_no_data" if spec.kind == "ratio" else "reason_not_applicable", lang)
    return True, ""


def _level_fill(qn: Questionnaire, code: str | None) -> tuple[int, int, int] | None:
    codes = [lv.code for lv in qn.model.levels]
    if code not in codes:
        return None
    return lighten(charts.level_colors(qn.model)[codes.index(code)])


# --- PDF -----------------------------------------------------------------------------------------------


def _pdf_head(pdf: ReportPDF, h: Head) -> None:
    """The issuing body, number, place and date, the title; then Kính gửi and the opening, if any."""
    pdf.admin_header(h.superior, h.issuer, h.place, h.when, number=h.number)
    if h.addressees:
        pdf.title_block(list(h.title))
        pdf.centred(f"{h.to} {'; '.join(h.addressees)}.", size=10.5)
        pdf.ln(3)
    else:
        pdf.title_block(list(h.title), h.subtitle, subtitle_bold=False)
    if h.opening:
        pdf.paragraph(h.opening)


def _pdf_indicators(pdf: ReportPDF, c: AnnualReport) -> None:
    pdf.heading(c.indicators_heading)
    pdf.paragraph(c.plan_line, grey=True)
    pdf.paragraph(c.counted_line, grey=True)
    if c.provisional_line:
        pdf.paragraph(c.provisional_line, bold=True)
    pdf.ln(1)
    fills = {(i, 5): MET_FILL[met] for i, met in enumerate(c.verdicts)}
    pdf.grid(list(c.indicators.header), c.indicators.rows, widths=(7, 56, 26, 25, 17, 17, 27),
             align=("C", "L", "C", "C", "C", "C", "C"), fills=fills, size=8)
    pdf.paragraph(c.rural_note, size=8, grey=True)


def _pdf_letter(pdf: ReportPDF, letter: Letter) -> None:
    """The written assessment, the proposals and the signature."""
    pdf.heading(letter.assessment_heading)
    for title, body in letter.assessment:
        pdf.subheading(title)
        pdf.paragraph(body)
    pdf.heading(letter.proposals_heading)
    pdf.paragraph(letter.proposals)
    pdf.ln(2)
    pdf.paragraph(letter.closing)
    pdf.signature(letter.recipients_title, letter.recipients, letter.signer, letter.signer_name)


def _pdf_agencies(pdf: ReportPDF, c: AnnualReport, qn: Questionnaire) -> None:
    pdf.add_page()
    pdf.heading(c.agencies.heading)
    if c.agency_table is None:
        pdf.paragraph(c.no_agencies)
        return
    fills = {(i, 6): fill for i, level in enumerate(c.agency_levels) if (fill := _level_fill(qn, level)) is not None}
    pdf.grid(list(c.agency_table.header), c.agency_table.rows, widths=(7, 46, 25, 22, 21, 15, 21, 15),
             align=("C", "L", "L", "C", "C", "C", "C", "C"), fills=fills, size=8)
    if c.heatmap_png is not None:
        pdf.keep(40 + 7 * c.heatmap_rows)
        pdf.subheading(c.heatmap_title)
        pdf.png(c.heatmap_png, width=pdf.content_width)
        if c.heatmap_note:
            pdf.paragraph(c.heatmap_note, size=8, grey=True)


def province_pdf(report: ProvinceReport, lang: str = "vi", texts: Mapping[str, str] | None = None,
                 head: Letterhead | None = None) -> bytes:
    """The annual report (reports/annual.py): given the assessment's `texts` and the site's letterhead,
    the Word report's content, the charts and the agencies then following as annexes; without them,
    the figures alone."""
    c = annual_report(report, lang, texts, head)
    footer = tr("province_footer", lang, year=report.year)
    if report.department_name:
        footer = f"{report.department_name} — {footer}"
    pdf = ReportPDF(lang, footer, tr("province_title", lang, year=report.year))
    pdf.add_page()
    _pdf_head(pdf, c.head)
    _pdf_indicators(pdf, c)
    if c.letter is not None:
        _pdf_letter(pdf, c.letter)
    pdf.add_page()
    pdf.heading(c.trajectories.heading)
    pdf.png(c.trajectories_png, width=pdf.content_width, max_height=235)
    _pdf_agencies(pdf, c, report.questionnaire)
    pdf.paragraph(c.generated, size=8, grey=True)
    return pdf.to_bytes()


# --- Excel ---------------------------------------------------------------------------------------------


def _agency_columns(qn: Questionnaire, lang: str) -> list[xlsx.Column]:
    return [*xlsx.columns(lang, "agency_id", "agency_name", "kind", "status", "submitted_at", "counted_status",
                          "overall", "level"),
            *((d.id, d.file.title.get(lang)) for d in qn.domains), *xlsx.columns(lang, "previous", "change")]


def _agency_values(qn: Questionnaire, row: AgencyRow, lang: str) -> list[object]:
    res = row.result
    return [row.agency_id, row.name, kind_label(qn, row.kind, lang), status_label(row.status, lang),
            row.submitted_at, yes_no(row.counted, lang), res.index if res else None,
            level_label(qn.model, res.level, lang) if res else None,
            *((res.domains[d.id].index if res else None) for d in qn.domains), row.previous_index, change(row)]


def _xlsx_summary(wb: Workbook, report: ProvinceReport, lang: str) -> None:
    """The year, plan and counts, the indicators against their targets, then one line per agency."""
    qn, plan = report.questionnaire, report.plan
    n_domains = len(qn.domains)
    agency_formats = [None, None, None, None, "yyyy-mm-dd", None, xlsx.INDEX_FORMAT, None,
                      *([xlsx.INDEX_FORMAT] * n_domains), xlsx.INDEX_FORMAT, xlsx.INDEX_FORMAT]
    ws = xlsx.add_sheet(wb, f"{tr('report', lang)} {tr('province_title', lang, year=report.year)}",
                        tr("sh_summary", lang))
    row = xlsx.key_values(ws, xlsx.BODY_ROW, [
        (tr("year", lang), report.year),
        (tr("plan", lang), f"{plan.title.get(lang)} ({plan.issued_by.get(lang)})"),
        (tr("department", lang), report.department_name),
        (tr("province", lang), report.province_name),
        (tr("questionnaire_version", lang), qn.version),
        (tr("agencies_total", lang), len(report.agencies)),
        (tr("agencies_in_aggregate", lang), counted(report)),
        *([(tr("status", lang), tr("provisional_note", lang, n=counted(report), total=len(report.agencies)))]
          if report.provisional else []),
        (tr("generated_at", lang), report.generated_at),
    ], formats={tr("generated_at", lang): "yyyy-mm-dd hh:mm"})
    rows = []
    for spec in plan.indicators:
        agg = report.aggregate[spec.id]
        rows.append([spec.id, spec.label.get(lang), agg.numerator, agg.denominator,
                     None if agg.value is None else float(agg.value), target_label(agg.target, lang),
                     None if agg.target is None else float(agg.target.value),
                     None if agg.value is None else province_verdict(agg.value, agg.met, lang,
                                                                     provisional=report.provisional),
                     "—" if agg.met else agg.gap])
    row = xlsx.table(ws, row + 1, [*xlsx.columns(lang, "indicator_id", "indicator", "numerator", "denominator",
                                                 "value", "target"),
                                   ("target_pct", f"{tr('target', lang)} (%)"),
                                   *xlsx.columns(lang, "result", "gap")], rows,
                     formats=[None, None, None, None, xlsx.PCT_FORMAT, None, xlsx.PCT_FORMAT, None, None],
                     wrap_cols=(2,))
    xlsx.table(ws, row + 1, _agency_columns(qn, lang), [_agency_values(qn, r, lang) for r in report.agencies],
               formats=agency_formats)
    xlsx.widths(ws, (28, 50, 14, 14, 12, 14, 12, 12, *([14] * n_domains), 10, 10))


def _xlsx_indicator(wb: Workbook, report: ProvinceReport, i: int, spec: IndicatorSpec, lang: str) -> None:
    """One indicator's sheet: its value and who is behind it, each agency with its reason."""
    qn = report.questionnaire
    agg = report.aggregate[spec.id]
    ws = xlsx.add_sheet(wb, f"{i}. {spec.label.get(lang)}", indicator_short(spec.id, lang))
    row = xlsx.key_values(ws, xlsx.BODY_ROW, [
        (tr("indicator_id", lang), spec.id),
        (tr("measure", lang), spec.measure.get(lang)),
        (tr("target", lang), target_label(agg.target, lang)),
        (tr("numerator", lang), agg.numerator),
        (tr("denominator", lang), agg.denominator),
        (tr("value", lang), None if agg.value is None else float(agg.value)),
        (tr("result", lang), None if agg.value is None
         else province_verdict(agg.value, agg.met, lang, provisional=report.provisional)),
        (tr("gap", lang), gap_text(spec.id, agg.gap, agg.met, lang)),  # met: a dash, as in every table
    ], formats={tr("value", lang): xlsx.PCT_FORMAT})
    if spec.note is not None:
        xlsx.put(ws, row, 1, spec.note.get(lang))
        row += 1
    rows = []
    for r in report.agencies:
        inside, reason = indicator_membership(r, spec, lang)
        c = r.contributions.get(spec.id) if r.contributions else None
        why = ""
        if c is not None and r.answers is not None:
            why = explain.render_lines(explain.contribution_lines(
                qn, spec, c, report.year, lang, explain.states(qn, r.answers)))
        rows.append([r.agency_id, r.name, status_label(r.status, lang),
                     tr("counted_in", lang) if inside else tr("not_counted", lang), reason,
                     yes_no(c.applicable, lang) if c else None,
                     met_label(c.met, c.applicable, lang) if c else None,
                     c.numerator if c and inside else None, c.denominator if c and inside else None, why])
    xlsx.table(ws, row + 1, xlsx.columns(lang, "agency_id", "agency_name", "status", "counted_status", "reason",
                                         "applicable", "result", "numerator", "denominator", "why"), rows,
               wrap_cols=(2, 5, 10))
    xlsx.widths(ws, (24, 34, 16, 16, 30, 10, 14, 12, 12, 100))


def _xlsx_agency(wb: Workbook, report: ProvinceReport, r: AgencyRow, lang: str) -> None:
    """One agency's sheet: its index and level per domain, its share in each indicator and why."""
    qn, plan = report.questionnaire, report.plan
    ws = xlsx.add_sheet(wb, r.name or r.agency_id)
    res = r.result
    row = xlsx.key_values(ws, xlsx.BODY_ROW, [
        (tr("agency_id", lang), r.agency_id),
        (tr("kind", lang), kind_label(qn, r.kind, lang)),
        (tr("status", lang), status_label(r.status, lang)),
        (tr("submitted_at", lang), r.submitted_at),
        (tr("counted_status", lang), yes_no(r.counted, lang)),
        (tr("overall", lang), res.index if res else None),
        (tr("level", lang), level_label(qn.model, res.level, lang) if res else None),
        (tr("previous", lang), r.previous_index),
        (tr("change", lang), change(r)),
    ], formats={tr("overall", lang): xlsx.INDEX_FORMAT, tr("submitted_at", lang): "yyyy-mm-dd hh:mm"})
    if res is None:
        return
    row = xlsx.table(ws, row + 1, xlsx.columns(lang, "domain_id", "domain", "index", "level"),
                     [[d.id, d.file.title.get(lang), res.domains[d.id].index,
                       level_label(qn.model, res.domains[d.id].level, lang)] for d in qn.domains],
                     formats=[None, None, xlsx.INDEX_FORMAT, None])
    if r.contributions is not None:
        state = explain.states(qn, r.answers) if r.answers is not None else None
        rows = []
        for spec in plan.indicators:
            c = r.contributions[spec.id]
            rows.append([spec.id, spec.label.get(lang), yes_no(c.applicable, lang),
                         met_label(c.met, c.applicable, lang), c.numerator, c.denominator,
                         explain.render_lines(explain.contribution_lines(qn, spec, c, report.year, lang, state))])
        xlsx.table(ws, row + 1, xlsx.columns(lang, "indicator_id", "indicator", "applicable", "result",
                                             "numerator", "denominator", "why"), rows,
                   wrap_cols=(2, 7))
    xlsx.widths(ws, (28, 50, 12, 14, 12, 12, 90))


def _xlsx_answers(wb: Workbook, report: ProvinceReport, lang: str) -> None:
    """Every answer of every agency, with its stored value, N/A reason and evidence."""
    qn = report.questionnaire
    ws = xlsx.add_sheet(wb, tr("sh_answers", lang))
    rows = []
    files = [(f.title.get(lang), f.questions) for f in (qn.profile, *(d.file for d in qn.domains))]
    for r in report.agencies:
        if r.answers is None:
            continue
        state = explain.states(qn, r.answers)
        for title, questions in files:
            for q in questions:
                ans = r.answers.get(q.id)
                ev = ans.evidence if ans else None
                rows.append([r.agency_id, r.name, status_label(r.status, lang), title, q.id, q.label.get(lang),
                             explain.answer_text(q, ans, state[q.id], lang), explain.plain(ans.value) if ans else None,
                             ans.na_reason if ans else None, ev.note if ev else None, ev.link if ev else None,
                             ev.file if ev else None])
    end = xlsx.table(ws, xlsx.BODY_ROW, xlsx.columns(
        lang, "agency_id", "agency_name", "status", "domain", "question_id", "question", "answer", "value_code",
        "na_reason", "evidence_note", "evidence_link", "evidence_file"), rows)
    xlsx.widths(ws, (22, 30, 14, 18, 26, 60, 40, 18, 30, 40, 30, 20))
    ws.auto_filter.ref = f"A{xlsx.BODY_ROW + 1}:L{end - 1}"  # the filter's buttons on the ids' row


def province_xlsx(report: ProvinceReport, lang: str = "vi") -> bytes:
    wb = xlsx.new_workbook()
    _xlsx_summary(wb, report, lang)
    for i, spec in enumerate(report.plan.indicators, start=1):
        _xlsx_indicator(wb, report, i, spec, lang)
    for r in report.agencies:
        _xlsx_agency(wb, report, r, lang)
    _xlsx_answers(wb, report, lang)
    return xlsx.to_bytes(wb, report.generated_at)


# --- CSV -----------------------------------------------------------------------------------------------


def scores_csv(report: ProvinceReport, lang: str = "vi", style: CsvStyle = PLAIN_CSV) -> bytes:
    """One row per agency: id, name, status, overall index, level, then each domain's index; in the
    plain style (`,` and a decimal point) or Vietnamese Excel's (`;` and a decimal comma)."""
    qn = report.questionnaire
    header = [tr("agency_id", lang), tr("agency_name", lang), tr("status", lang), tr("overall", lang),
              tr("level", lang), *(d.file.title.get(lang) for d in qn.domains)]
    rows = []
    for r in report.agencies:
        res = r.result
        rows.append([r.agency_id, r.name, status_label(r.status, lang), res.index if res else None,
                     level_label(qn.model, res.level, lang) if res else None,
                     *((res.domains[d.id].index if res else None) for d in qn.domains)])
    return csv_bytes(header, rows, style)


__all__ = ["indicator_membership", "kind_label", "province_pdf", "province_xlsx", "scores_csv", "series"]
