"""The department's annual report as content: its parts, sections, words and figures, built once from a
`ProvinceReport` and rendered by the PDF (reports/province.py) and the Word document
(reports/docx_report.py), so the two cannot differ in a section or a number.

With the assessment's texts and the site's letterhead it is the administrative report (number and
symbol, Kính gửi, the figures, the written assessment, the proposals, Nơi nhận and the signer, then the
trajectories and the agencies as annexes I and II); without them, the figures alone (the indicators,
the trajectories, the agencies as sections I–III).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from reports import charts
from reports.assessment_draft import SECTIONS, section_title
from reports.data import AgencyRow, ProvinceReport
from reports.text import (
    count,
    date_short,
    fraction_text,
    gap_text,
    indicator_value,
    level_label,
    num,
    province_verdict,
    signed,
    status_label,
    target_label,
    timestamp,
    tr,
)
from scoring.catalog import Letterhead
from scoring.loader import Questionnaire

BLANK = "……"  # the number is given by the records office when the report is signed


@dataclass(frozen=True)
class Grid:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Head:
    """The issuing body, the document's number, place and date, its title and to whom it goes."""

    superior: str  # the body above the issuer ("" when unknown)
    issuer: str
    number: str  # "Số: ……/BC-…"; "" for the figures alone
    place: str
    when: datetime
    title: tuple[str, ...]
    subtitle: str  # under the title; "" for the administrative report
    to: str  # "Kính gửi:"
    addressees: tuple[str, ...]  # empty for the figures alone
    opening: str


@dataclass(frozen=True)
class Letter:
    """The written parts of the administrative report: the assessment, the proposals, the signature."""

    assessment_heading: str
    assessment: tuple[tuple[str, str], ...]  # (numbered title, text)
    proposals_heading: str
    proposals: str
    closing: str
    recipients_title: str
    recipients: tuple[str, ...]  # "- name;" and the last "- name."
    signer: tuple[str, ...]  # the signer's title, a line each, in capitals
    signer_name: str


@dataclass(frozen=True)
class Annex:
    label: str  # "PHỤ LỤC I" in the administrative report, the section's number otherwise
    title: str

    @property
    def heading(self) -> str:
        return f"{self.label}. {self.title}"


@dataclass(frozen=True)
class AnnualReport:
    head: Head
    indicators_heading: str
    plan_line: str
    counted_line: str
    provisional_line: str  # "" when every agency has sent
    indicators: Grid
    verdicts: tuple[bool | None, ...]  # each indicator's verdict, None while provisional (never green)
    rural_note: str
    letter: Letter | None
    trajectories: Annex
    trajectories_png: bytes
    agencies: Annex
    agency_table: Grid | None  # None: no agency to list
    agency_levels: tuple[str | None, ...]
    no_agencies: str
    heatmap_title: str
    heatmap_png: bytes | None  # None: no agency with a result
    heatmap_rows: int  # the agencies it shows
    heatmap_note: str  # "" when no index jumped
    generated: str


def change(row: AgencyRow) -> float | None:
    """An agency's overall index since last year."""
    if row.result is None or row.result.index is None or row.previous_index is None:
        return None
    return round(row.result.index - row.previous_index, 1)


def kind_label(qn: Questionnaire, kind: str | None, lang: str = "vi") -> str:
    """The agency type as the profile question words it (Báo, Tạp chí …); unknown codes shown as is."""
    if not kind:
        return "—"
    q = qn.questions.get("agency_type")
    opt = q.option(kind) if q is not None else None
    return opt.label.get(lang) if opt else kind


def series(report: ProvinceReport) -> dict[str, dict[int, float | None]]:
    """Each indicator's province value (a fraction) per year: the past years, then this one."""
    years = {**report.history, report.year: report.aggregate}
    out: dict[str, dict[int, float | None]] = {}
    for spec in report.plan.indicators:
        out[spec.id] = {}
        for year in sorted(years):
            agg = years[year].get(spec.id)
            out[spec.id][year] = None if agg is None or agg.value is None else float(agg.value)
    return out


def counted(report: ProvinceReport) -> int:
    return sum(1 for r in report.agencies if r.counted)


def indicator_rows(report: ProvinceReport, lang: str = "vi") -> list[list[str]]:
    """The indicators table, row by row: the count, value, target, verdict and shortfall. A long
    fraction (readers, people) breaks after its slash."""
    out = []
    for i, spec in enumerate(report.plan.indicators, start=1):
        agg = report.aggregate[spec.id]
        value = None if agg.value is None else float(agg.value)
        out.append([str(i), spec.label.get(lang), fraction_text(agg.numerator, agg.denominator, lang),
                    indicator_value(spec.id, value, lang), target_label(agg.target, lang),
                    province_verdict(agg.value, agg.met, lang, provisional=report.provisional),
                    gap_text(spec.id, agg.gap, agg.met, lang)])
    return out


def agency_rows(report: ProvinceReport, lang: str = "vi") -> list[list[str]]:
    """The table of agencies: kind, status, date sent, index, level and change since last year."""
    qn = report.questionnaire
    out = []
    for i, row in enumerate(report.agencies, start=1):
        res = row.result
        out.append([str(i), row.name, kind_label(qn, row.kind, lang), status_label(row.status, lang),
                    date_short(row.submitted_at, lang), num(res.index if res else None, lang),
                    level_label(qn.model, res.level, lang) if res else "—", signed(change(row), lang)])
    return out


def _head(report: ProvinceReport, head: Letterhead | None, lang: str) -> Head:
    issuer = report.department_name or tr("department", lang)
    plan = report.plan
    if head is None:
        upper = tr("ppc", lang, province=report.province_name.upper()) if report.province_name.strip() else ""
        return Head(upper, issuer, "", report.place_name or report.province_name, report.generated_at,
                    (tr("report", lang), tr("province_title", lang, year=report.year)), plan.issued_by.get(lang),
                    tr("doc_to", lang), (), "")
    opening = tr("doc_opening", lang, plan=f"{plan.title.get(lang)} ({plan.issued_by.get(lang)})", issuer=issuer,
                 year=report.year)
    title = (tr("report", lang), tr("doc_summary", lang, year=report.year))
    return Head(head.superior.get(lang), issuer, tr("doc_number", lang, blank=BLANK, symbol=head.symbol),
                head.place.get(lang), report.generated_at, title, "", tr("doc_to", lang),
                tuple(a.get(lang) for a in head.addressees), opening)


def _letter(report: ProvinceReport, texts: Mapping[str, str], head: Letterhead, lang: str) -> Letter:
    assessed = [s for s in SECTIONS if s != "proposals"]
    recipients = [r.get(lang) for r in head.recipients]
    return Letter(
        assessment_heading=f"II. {tr('doc_sec_assessment', lang)}",
        assessment=tuple((f"{k + 1}. {section_title(s, report.year, lang)}", texts.get(s, ""))
                         for k, s in enumerate(assessed)),
        proposals_heading=f"III. {section_title('proposals', report.year, lang)}",
        proposals=texts.get("proposals", ""),
        closing=tr("doc_closing", lang, issuer=report.department_name or tr("department", lang)),
        recipients_title=tr("doc_recipients", lang),
        recipients=tuple(f"- {r}{'.' if k == len(recipients) - 1 else ';'}" for k, r in enumerate(recipients)),
        signer=tuple(line.upper() for line in head.signer_title.get(lang).splitlines() if line.strip()),
        signer_name=head.signer_name)


def _heatmap(report: ProvinceReport, lang: str) -> tuple[bytes | None, int, str]:
    """The heat map of the agencies with a result, how many it shows, and the note on jumps."""
    scored = [r for r in report.agencies if r.result is not None]
    if not scored:
        return None, 0, ""
    png = charts.to_png(charts.heatmap_chart(report.questionnaire, scored, lang), scale=2)
    jumped = any(charts.jumps(r) for r in scored)
    return png, len(scored), tr("heatmap_jumps", lang, n=count(charts.JUMP, lang)) if jumped else ""


def _annexes(letter: bool, lang: str) -> tuple[Annex, Annex]:
    if letter:
        annex = tr("annex", lang).upper()
        return (Annex(f"{annex} I", tr("sec_trajectories", lang)), Annex(f"{annex} II", tr("sec_agencies", lang)))
    return Annex("II", tr("sec_trajectories", lang)), Annex("III", tr("sec_agencies", lang))


def annual_report(report: ProvinceReport, lang: str = "vi", texts: Mapping[str, str] | None = None,
                  head: Letterhead | None = None) -> AnnualReport:
    """The report's content; with `texts` (each assessment section's final wording) and `head`, the
    administrative report, otherwise the figures alone."""
    letter = _letter(report, texts, head, lang) if texts is not None and head is not None else None
    n, total = counted(report), len(report.agencies)
    trajectories, agencies = _annexes(letter is not None, lang)
    heatmap_png, heatmap_rows, heatmap_note = _heatmap(report, lang)
    return AnnualReport(
        head=_head(report, head if letter is not None else None, lang),
        indicators_heading=f"I. {tr('sec_indicators', lang, year=report.year)}",
        plan_line=report.plan.title.get(lang),
        counted_line=tr("agencies_counted", lang, n=n, total=total),
        provisional_line=tr("provisional_note", lang, n=n, total=total) if report.provisional else "",
        indicators=Grid((tr("rank", lang), tr("indicator", lang), tr("num_den", lang), tr("value", lang),
                         tr("target", lang), tr("result", lang), tr("gap", lang)),
                        tuple(tuple(r) for r in indicator_rows(report, lang))),
        verdicts=tuple(None if report.provisional else report.aggregate[s.id].met for s in report.plan.indicators),
        rural_note=tr("rural_note", lang),
        letter=letter,
        trajectories=trajectories,
        trajectories_png=charts.to_png(charts.trajectories_chart(report.plan, series(report), lang), scale=2),
        agencies=agencies,
        agency_table=Grid((tr("rank", lang), tr("agency", lang), tr("kind", lang), tr("status", lang),
                           tr("submitted_at", lang), tr("overall", lang), tr("level", lang), tr("change", lang)),
                          tuple(tuple(r) for r in agency_rows(report, lang))) if report.agencies else None,
        agency_levels=tuple(r.result.level if r.result else None for r in report.agencies),
        no_agencies=tr("no_agencies", lang),
        heatmap_title=tr("sec_heatmap", lang),
        heatmap_png=heatmap_png,
        heatmap_rows=heatmap_rows,
        heatmap_note=heatmap_note,
        generated=tr("generated", lang, when=timestamp(report.generated_at, lang)))


__all__ = ["AnnualReport", "agency_rows", "annual_report", "change", "counted", "indicator_rows", "kind_label",
           "series"]
