"""One agency's documents: the self-assessment report (PDF) and its workbook (Excel).

The PDF is what a director signs and sends to the department before 25 November: results first, then
what to do about them, then how the agency counts towards the province's plan, and every answer in an
annex so the department can check a number against what was declared. The workbook carries the same
numbers unrounded, one row per question, for anyone who wants to recompute them.
"""

from __future__ import annotations

from openpyxl import Workbook

from reports import charts, explain, xlsx
from reports.data import AgencyReport
from reports.pdf import ReportPDF, lighten
from reports.text import (
    count,
    fraction_text,
    level_label,
    met_label,
    num,
    signed,
    status_label,
    target_label,
    timestamp,
    tr,
    yes_no,
)
from scoring.engine import DomainResult, recommendations
from scoring.loader import Questionnaire
from scoring.models import Question, Text

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
MET_FILL = {True: (214, 236, 214), False: (248, 222, 216), None: (236, 236, 236)}
PDF_RECOMMENDATIONS = 15
SECTIONS = ("sec_overall", "sec_domains", "sec_strengths", "sec_recos", "sec_plan", "sec_annex")
Fill = tuple[int, int, int]


def _level_fill(qn: Questionnaire, code: str | None) -> Fill | None:
    codes = [lv.code for lv in qn.model.levels]
    if code not in codes:
        return None
    return lighten(charts.level_colors(qn.model)[codes.index(code)])


def _change(report: AgencyReport, domain: str | None) -> tuple[float | None, float | None]:
    """(last year's index, change) for a domain, or for the overall index when domain is None; the
    change as every page shows it (`explain.changes`: none while the page is still being filled in)."""
    if report.previous is None:
        return None, None
    p = report.previous.domains.get(domain) if domain is not None else None
    prev = report.previous.index if domain is None else (p.index if p else None)
    changes = explain.changes(report.questionnaire, report.answers, report.result, report.previous)
    return prev, changes["overall" if domain is None else domain]


def _files(qn: Questionnaire) -> list[tuple[str, Text, tuple[Question, ...]]]:
    """(id, title, questions) of the profile and then each domain, in questionnaire order."""
    return [("profile", qn.profile.title, qn.profile.questions)] + [
        (d.id, d.file.title, d.file.questions) for d in qn.domains]


# --- PDF -----------------------------------------------------------------------------------------------


def _pdf_overall(pdf: ReportPDF, report: AgencyReport, heading: str, lang: str) -> None:
    """The agency, year, status and questionnaire; the overall index and level; the change since last year."""
    qn, res = report.questionnaire, report.result
    pdf.heading(heading)
    pdf.key_values([
        (tr("agency", lang), f"{report.agency_name} ({report.agency_id})"),
        (tr("year", lang), str(report.year)),
        (tr("status", lang), status_label(report.status, lang)),
        (tr("questionnaire_version", lang), f"{qn.model.title.get(lang)} — {qn.version}"),
    ])
    pdf.ln(2)
    overall = (f"{tr('overall', lang)}: {num(res.index, lang)}{tr('out_of_100', lang)} — "
               f"{tr('level', lang)}: {level_label(qn.model, res.level, lang)}")
    pdf.paragraph(overall, size=12.5, bold=True)
    prev, delta = _change(report, None)
    if report.previous is not None and delta is not None:
        pdf.paragraph(tr("vs_previous", lang, delta=signed(delta, lang)) +
                      f" ({tr('previous', lang).lower()}: {num(report.previous.index, lang)})", grey=True)
    elif report.previous is not None and prev is not None:
        pdf.paragraph(tr("change_when_complete", lang) +
                      f" ({tr('previous', lang).lower()}: {num(prev, lang)})", grey=True)
    else:
        pdf.paragraph(tr("first_year", lang).capitalize(), grey=True)


def _domain_rows(report: AgencyReport, lang: str) -> tuple[list[list[str]], dict[tuple[int, int], Fill]]:
    """Each domain's weight, index, level, last year's index and change, then the overall line; each
    level's cell filled with its colour."""
    qn, res = report.questionnaire, report.result
    rows, fills = [], {}
    lines: list[tuple[str | None, str, float, float | None, str | None]] = [
        (d.id, d.file.title.get(lang), d.weight, res.domains[d.id].index, res.domains[d.id].level) for d in qn.domains]
    lines.append((None, tr("overall", lang), sum(d.weight for d in qn.domains), res.index, res.level))
    for i, (did, title, weight, index, level) in enumerate(lines):
        prev, change = _change(report, did)
        rows.append([title, count(weight, lang), num(index, lang), level_label(qn.model, level, lang),
                     num(prev, lang), signed(change, lang)])
        if (fill := _level_fill(qn, level)) is not None:
            fills[(i, 3)] = fill
    return rows, fills


def _pdf_domains(pdf: ReportPDF, report: AgencyReport, heading: str, lang: str) -> None:
    """The domains' chart and table, and each cap that lowered a domain's index."""
    qn, res = report.questionnaire, report.result
    pdf.heading(heading)
    chart = charts.domain_chart(qn, res, lang, report.previous)
    pdf.png(charts.to_png(chart, scale=2), width=pdf.content_width)
    rows, fills = _domain_rows(report, lang)
    pdf.grid([tr("domain", lang), tr("weight", lang), tr("index", lang), tr("level", lang), tr("previous", lang),
              tr("change", lang)], rows, widths=(70, 18, 18, 26, 20, 20), align=("L", "C", "C", "C", "C", "C"),
             fills=fills, bold_rows=(len(rows) - 1,))
    for d in qn.domains:
        dres = res.domains[d.id]
        for cap in dres.caps:
            pdf.paragraph(f"* {d.file.title.get(lang)} ({tr('raw_index', lang).lower()} {num(dres.raw_index, lang)}): "
                          + tr("capped", lang, reason=cap.reason.get(lang)), size=8.5, grey=True)


def _strengths_rows(qn: Questionnaire, dres: DomainResult, lang: str) -> list[list[str]]:
    """A domain's strengths beside its weaknesses (reports/explain.py picks both), a row a pair."""
    strong, weak = explain.strongest(dres), explain.weakest(dres)
    lines = []
    for k in range(max(len(strong), len(weak), 1)):
        s = strong[k] if k < len(strong) else None
        w = weak[k] if k < len(weak) else None
        left = f"{qn.questions[s.question].label.get(lang)} — {explain.score_text(s.score, lang)}" if s else ""
        right = (f"{qn.questions[w.question].label.get(lang)} — {explain.score_text(w.score, lang)} "
                 f"(+{num(w.gain, lang)} {tr('points', lang)})") if w else ""
        lines.append([left or "—", right or "—"])
    return lines


def _pdf_strengths(pdf: ReportPDF, report: AgencyReport, heading: str, lang: str) -> None:
    qn, res = report.questionnaire, report.result
    pdf.heading(heading)
    for d in qn.domains:
        dres = res.domains[d.id]
        level = level_label(qn.model, dres.level, lang)
        pdf.subheading(f"{d.file.title.get(lang)} — {num(dres.index, lang)} ({level})")
        pdf.grid([tr("strongest", lang), tr("weakest", lang)], _strengths_rows(qn, dres, lang), widths=(50, 50))


def _pdf_recommendations(pdf: ReportPDF, report: AgencyReport, heading: str, lang: str) -> None:
    """The first PDF_RECOMMENDATIONS steps, the most index points first; the workbook has them all."""
    qn = report.questionnaire
    pdf.heading(heading)
    recos = recommendations(qn, report.result)
    if not recos:
        pdf.paragraph(tr("none_left", lang))
        return
    rows = []
    for k, r in enumerate(recos[:PDF_RECOMMENDATIONS], start=1):
        q = qn.questions[r.question]
        rows.append([str(k), f"{q.label.get(lang)}\n→ {explain.recommendation_text(qn, r, lang)}",
                     qn.domain(r.domain).file.title.get(lang), f"+{num(r.gain_overall, lang, 2)}"])
    pdf.grid([tr("rank", lang), tr("recommendation", lang), tr("domain", lang), tr("gain_overall", lang)],
             rows, widths=(8, 110, 35, 22), align=("C", "L", "L", "C"))
    if len(recos) > PDF_RECOMMENDATIONS:
        pdf.paragraph(tr("more_recos", lang, n=len(recos) - PDF_RECOMMENDATIONS), grey=True)


def _pdf_plan(pdf: ReportPDF, report: AgencyReport, heading: str, state: dict[str, str], lang: str) -> None:
    """The plan's indicators: a summary table, then each indicator's reasoning (reports/explain.py)."""
    qn, plan = report.questionnaire, report.plan
    pdf.keep(70)
    pdf.heading(heading)
    pdf.paragraph(f"{plan.title.get(lang)} ({plan.issued_by.get(lang)})", grey=True)
    pdf.ln(1)
    rows, fills = [], {}
    for i, spec in enumerate(plan.indicators):
        c = report.contributions[spec.id]
        rows.append([str(i + 1), spec.label.get(lang), target_label(spec.target(report.year), lang),
                     fraction_text(c.numerator, c.denominator, lang) if c.applicable else "—",
                     met_label(c.met, c.applicable, lang)])
        fills[(i, 4)] = MET_FILL[c.met if c.applicable else None]
    pdf.grid([tr("rank", lang), tr("indicator", lang), tr("target", lang),
              tr("num_den", lang), tr("result", lang)], rows,
             widths=(8, 100, 20, 25, 22), align=("C", "L", "C", "C", "C"), fills=fills)
    for i, spec in enumerate(plan.indicators):
        c = report.contributions[spec.id]
        pdf.keep(22)
        pdf.paragraph(f"{i + 1}. {spec.label.get(lang)} — {met_label(c.met, c.applicable, lang)}", size=9, bold=True)
        explained = explain.contribution_lines(qn, spec, c, report.year, lang, state)
        pdf.marked_lines([(line.depth, line.text, line.passed) for line in explained])
        pdf.ln(1.5)


def _pdf_annex(pdf: ReportPDF, report: AgencyReport, heading: str, state: dict[str, str], lang: str) -> None:
    """Every answer, with its N/A reason and evidence, file by file."""
    pdf.add_page()
    pdf.heading(heading)
    for _fid, ftitle, questions in _files(report.questionnaire):
        pdf.subheading(ftitle.get(lang))
        rows = []
        for k, q in enumerate(questions, start=1):
            ans = report.answers.get(q.id)
            rows.append([str(k), q.label.get(lang), explain.answer_text(q, ans, state[q.id], lang),
                         (ans.na_reason or "") if ans else "", explain.evidence_text(ans)])
        pdf.grid([tr("rank", lang), tr("question", lang), tr("answer", lang), tr("na_reason", lang),
                  tr("evidence", lang)], rows, widths=(7, 68, 45, 25, 30), align=("C", "L", "L", "L", "L"), size=7.5)


def agency_pdf(report: AgencyReport, lang: str = "vi") -> bytes:
    title_line = tr("agency_title", lang, year=report.year)
    pdf = ReportPDF(lang, f"{report.agency_name} — {tr('agency_footer', lang, year=report.year)}",
                    f"{title_line} — {report.agency_name}")
    pdf.add_page()
    pdf.admin_header(report.department_name, report.agency_name, report.place_name or report.province_name,
                     report.generated_at)
    pdf.title_block([tr("report", lang), title_line], report.agency_name)
    if report.status != "submitted":
        pdf.paragraph(_words_draft(report.status, lang), bold=True)
        pdf.ln(1)
    heading = {key: f"{n}. {tr(key, lang)}" for n, key in zip(ROMAN, SECTIONS, strict=False)}
    state = explain.states(report.questionnaire, report.answers)
    _pdf_overall(pdf, report, heading["sec_overall"], lang)
    _pdf_domains(pdf, report, heading["sec_domains"], lang)
    _pdf_strengths(pdf, report, heading["sec_strengths"], lang)
    _pdf_recommendations(pdf, report, heading["sec_recos"], lang)
    _pdf_plan(pdf, report, heading["sec_plan"], state, lang)
    _pdf_annex(pdf, report, heading["sec_annex"], state, lang)
    pdf.paragraph(tr("generated", lang, when=timestamp(report.generated_at, lang)), size=8, grey=True)
    return pdf.to_bytes()


def _words_draft(status: str, lang: str) -> str:
    return tr("draft_notice", lang, status=status_label(status, lang))


# --- Excel ---------------------------------------------------------------------------------------------


def _xlsx_summary(wb: Workbook, report: AgencyReport, lang: str) -> None:
    """The agency, year and versions, the overall index, then each domain's index, level, cap and change."""
    qn, res = report.questionnaire, report.result
    ws = xlsx.add_sheet(wb, f"{tr('report', lang)} {tr('agency_title', lang, year=report.year)}",
                        tr("sh_summary", lang))
    row = xlsx.key_values(ws, xlsx.BODY_ROW, [
        (tr("agency", lang), report.agency_name),
        (tr("agency_id", lang), report.agency_id),
        (tr("year", lang), report.year),
        (tr("status", lang), status_label(report.status, lang)),
        (tr("department", lang), report.department_name),
        (tr("province", lang), report.province_name),
        (tr("questionnaire_version", lang), qn.version),
        (tr("plan", lang), report.plan.id),
        (tr("generated_at", lang), report.generated_at),
        (tr("overall", lang), res.index),
        (tr("level", lang), level_label(qn.model, res.level, lang)),
        (tr("previous", lang), report.previous.index if report.previous else None),
        (tr("change", lang), _change(report, None)[1]),
    ], formats={tr("overall", lang): xlsx.INDEX_FORMAT, tr("previous", lang): xlsx.INDEX_FORMAT,
                tr("change", lang): xlsx.INDEX_FORMAT, tr("generated_at", lang): "yyyy-mm-dd hh:mm"})
    rows = []
    for d in qn.domains:
        dres = res.domains[d.id]
        prev, change = _change(report, d.id)
        rows.append([d.id, d.file.title.get(lang), d.weight, dres.index, level_label(qn.model, dres.level, lang),
                     dres.raw_index, "; ".join(c.reason.get(lang) for c in dres.caps), prev, change])
    xlsx.table(ws, row + 1, xlsx.columns(lang, "domain_id", "domain", "weight", "index", "level", "raw_index", "caps",
                                         "previous", "change"),
               rows, formats=[None, None, None, xlsx.INDEX_FORMAT, None, xlsx.INDEX_FORMAT, None, xlsx.INDEX_FORMAT,
                              xlsx.INDEX_FORMAT], wrap_cols=(2, 7))
    xlsx.widths(ws, (26, 40, 10, 10, 14, 12, 50, 10, 10))


def _xlsx_questions(wb: Workbook, report: AgencyReport, lang: str) -> None:
    """Each question's status, score, weight, points and points still to gain."""
    qn = report.questionnaire
    ws = xlsx.add_sheet(wb, tr("sh_domains", lang))
    rows = []
    for d in qn.domains:
        for r in report.result.domains[d.id].questions:
            q = qn.questions[r.question]
            rows.append([d.id, d.file.title.get(lang), r.question, q.label.get(lang),
                         explain.status_text(r.status, lang), r.score, r.weight, r.contribution, r.gain])
    xlsx.table(ws, xlsx.BODY_ROW, xlsx.columns(lang, "domain_id", "domain", "question_id", "question", "q_status",
                                               "score", "weight", "contribution", "gain"), rows,
               formats=[None, None, None, None, None, "0.00", None, "0.00", "0.00"], wrap_cols=(4,))
    xlsx.widths(ws, (20, 30, 26, 70, 26, 8, 8, 12, 12))


def _xlsx_indicators(wb: Workbook, report: AgencyReport, state: dict[str, str], lang: str) -> None:
    """The agency's share in each of the plan's indicators, and why (reports/explain.py)."""
    qn = report.questionnaire
    ws = xlsx.add_sheet(wb, tr("sh_indicators", lang))
    rows = []
    for spec in report.plan.indicators:
        c = report.contributions[spec.id]
        rows.append([spec.id, spec.label.get(lang), spec.measure.get(lang), yes_no(c.applicable, lang),
                     met_label(c.met, c.applicable, lang), c.numerator, c.denominator,
                     target_label(spec.target(report.year), lang),
                     explain.render_lines(explain.contribution_lines(qn, spec, c, report.year, lang, state))])
    xlsx.table(ws, xlsx.BODY_ROW, xlsx.columns(lang, "indicator_id", "indicator", "measure", "applicable", "result",
                                               "numerator", "denominator", "target", "why"), rows,
               wrap_cols=(2, 3, 9))
    xlsx.widths(ws, (28, 45, 45, 10, 14, 10, 10, 12, 90))


def _xlsx_answers(wb: Workbook, report: AgencyReport, state: dict[str, str], lang: str) -> None:
    """Every answer, its stored value, N/A reason and evidence."""
    ws = xlsx.add_sheet(wb, tr("sh_answers", lang))
    rows = []
    for fid, ftitle, questions in _files(report.questionnaire):
        for q in questions:
            ans = report.answers.get(q.id)
            ev = ans.evidence if ans else None
            rows.append([fid, ftitle.get(lang), q.id, q.label.get(lang),
                         explain.answer_text(q, ans, state[q.id], lang),
                         explain.plain(ans.value) if ans else None, ans.na_reason if ans else None,
                         ev.note if ev else None, ev.link if ev else None, ev.file if ev else None])
    xlsx.table(ws, xlsx.BODY_ROW, xlsx.columns(lang, "domain_id", "domain", "question_id", "question", "answer",
                                               "value_code", "na_reason", "evidence_note", "evidence_link",
                                               "evidence_file"), rows, wrap_cols=(4, 5, 7, 8))
    xlsx.widths(ws, (18, 28, 26, 60, 40, 18, 30, 40, 30, 20))


def _xlsx_recommendations(wb: Workbook, report: AgencyReport, lang: str) -> None:
    """Every recommendation (the PDF shows the first few)."""
    qn = report.questionnaire
    ws = xlsx.add_sheet(wb, tr("sh_recos", lang))
    rows = []
    for k, r in enumerate(recommendations(qn, report.result), start=1):
        rows.append([k, qn.domain(r.domain).file.title.get(lang), r.question, qn.questions[r.question].label.get(lang),
                     explain.status_text(r.status, lang), r.gain_overall, r.gain_domain,
                     explain.recommendation_text(qn, r, lang)])
    xlsx.table(ws, xlsx.BODY_ROW, xlsx.columns(lang, "rank", "domain", "question_id", "question", "q_status",
                                               "gain_overall", "gain_domain", "recommendation"), rows,
               formats=[None, None, None, None, None, "0.00", "0.00", None], wrap_cols=(4, 8))
    xlsx.widths(ws, (6, 20, 26, 60, 24, 12, 12, 70))


def agency_xlsx(report: AgencyReport, lang: str = "vi") -> bytes:
    wb = xlsx.new_workbook()
    state = explain.states(report.questionnaire, report.answers)
    _xlsx_summary(wb, report, lang)
    _xlsx_questions(wb, report, lang)
    _xlsx_indicators(wb, report, state, lang)
    _xlsx_answers(wb, report, state, lang)
    _xlsx_recommendations(wb, report, lang)
    return xlsx.to_bytes(wb, report.generated_at)


__all__ = ["agency_pdf", "agency_xlsx"]
