"""The written assessment of the annual report, drafted from the province's figures and nothing else.

An administrative report says in words what its tables show: which of the plan's targets were met
(kết quả đạt được), which were missed and by how many agencies, people or readers (tồn tại, hạn chế),
which agencies hold each back (nguyên nhân), how the figures moved since last year, and what it takes
to meet next year's targets (kiến nghị, đề xuất: the what-if planner's proposal). Every sentence is
built from the same `ProvinceReport` the tables are built from, so the words cannot disagree with the
numbers; the department edits the draft before it signs (store/report_texts.py keeps its edits).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from reports.data import AgencyRow, ProvinceReport
from reports.text import (
    count,
    gap_text,
    indicator_short,
    indicator_value,
    num,
    target_label,
    tr,
)
from scoring.formatting import value_label
from scoring.plans import IndicatorSpec, ProvinceIndicator
from scoring.whatif import IndicatorPlan, plan_indicator

# The sections a reviewer edits, in the order the report prints them.
SECTIONS = ("achieved", "shortfalls", "causes", "changes", "proposals")
LOWEST_SHOWN = 5  # agencies named as holding back a ratio indicator (people, readers)


def section_title(section: str, year: int, lang: str = "vi") -> str:
    return tr(f"as_{section}", lang, prev=year - 1)


def _fraction(agg: ProvinceIndicator, lang: str) -> str:
    return f"{count(agg.numerator, lang)}/{count(agg.denominator, lang)}"


def _value(spec: IndicatorSpec, agg: ProvinceIndicator, lang: str) -> str:
    return indicator_value(spec.id, None if agg.value is None else float(agg.value), lang)


def _names(rows: Sequence[AgencyRow]) -> str:
    return ", ".join(r.name for r in rows)


def _missing(report: ProvinceReport) -> list[AgencyRow]:
    return [r for r in report.agencies if not r.counted]


def _with_target(report: ProvinceReport) -> list[tuple[IndicatorSpec, ProvinceIndicator]]:
    return [(s, report.aggregate[s.id]) for s in report.plan.indicators if report.aggregate[s.id].target is not None]


def achieved(report: ProvinceReport, lang: str = "vi") -> str:
    counted = len(report.agencies) - len(_missing(report))
    lines = [tr("dr_counted", lang, year=report.year, n=counted, total=len(report.agencies))]
    targets = _with_target(report)
    met = [(s, a) for s, a in targets if a.met]
    if not met:
        lines.append(tr("dr_none_met", lang, m=len(targets), year=report.year))
        return "\n".join(lines)
    # While agencies may still send, a target reached on what was sent is not yet met.
    intro = "dr_met_intro_provisional" if report.provisional else "dr_met_intro"
    lines.append(tr(intro, lang, n=len(met), m=len(targets), year=report.year))
    lines += [tr("dr_met_line", lang, label=indicator_short(s.id, lang), value=_value(s, a, lang),
                 fraction=_fraction(a, lang), target=target_label(a.target, lang)) for s, a in met]
    return "\n".join(lines)


def shortfalls(report: ProvinceReport, lang: str = "vi") -> str:
    lines = []
    for s, a in _with_target(report):
        if a.value is None:
            lines.append(tr("dr_no_data_line", lang, label=indicator_short(s.id, lang)))
        elif not a.met:
            lines.append(tr("dr_not_met_line", lang, label=indicator_short(s.id, lang), value=_value(s, a, lang),
                            fraction=_fraction(a, lang), target=target_label(a.target, lang),
                            gap=gap_text(s.id, a.gap, a.met, lang)))
    if (missing := _missing(report)):
        lines.append(tr("dr_missing", lang, n=len(missing), names=_names(missing)))
    return "\n".join(lines) or tr("dr_no_shortfalls", lang)


def holding_back(report: ProvinceReport, spec: IndicatorSpec) -> list[AgencyRow]:
    """The counted agencies an unmet indicator applies to that do not meet it; for a ratio (people
    trained, rural readers) those whose own ratio is below the target, lowest first."""
    agg = report.aggregate[spec.id]
    inside = [r for r in report.agencies if r.counted and r.contributions is not None
              and r.contributions[spec.id].denominator > 0]
    if spec.kind == "agency_count":
        return [r for r in inside if r.contributions is not None and r.contributions[spec.id].met is False]
    if agg.target is None:
        return []

    def own(r: AgencyRow) -> Fraction:
        c = r.contributions[spec.id]  # type: ignore[index]
        return Fraction(c.numerator) / Fraction(c.denominator)

    return sorted((r for r in inside if not agg.target.met_by(own(r))), key=lambda r: (own(r), r.name))


def causes(report: ProvinceReport, lang: str = "vi") -> str:
    lines = []
    for s, a in _with_target(report):
        if a.met is not False or not (behind := holding_back(report, s)):
            continue
        label = indicator_short(s.id, lang)
        if s.kind == "agency_count":
            lines.append(tr("dr_cause_count", lang, label=label, names=_names(behind)))
            continue
        shown = [(r.name, c) for r in behind[:LOWEST_SHOWN] if (c := (r.contributions or {}).get(s.id)) is not None]
        items = ", ".join(f"{name} ({count(c.numerator, lang)}/{count(c.denominator, lang)})" for name, c in shown)
        lines.append(tr("dr_cause_ratio", lang, label=label, items=items))
    if (missing := _missing(report)):
        lines.append(tr("dr_missing", lang, n=len(missing), names=_names(missing)))
    return "\n".join(lines) or tr("dr_no_causes", lang)


def changes(report: ProvinceReport, lang: str = "vi") -> str:
    prev = report.year - 1
    before = report.history.get(prev)
    if not before:
        return tr("dr_no_previous", lang, prev=prev)
    lines = []
    for s in report.plan.indicators:
        b, a = before.get(s.id), report.aggregate[s.id]
        if b is None or b.value is None or a.value is None:
            continue
        verdict = ""
        if b.met is False and a.met:
            verdict = tr("dr_became_met", lang)
        elif b.met and a.met is False:
            verdict = tr("dr_became_unmet", lang)
        delta = float(a.value - b.value) * 100
        shown = ("+" if delta > 0.05 else "−" if delta < -0.05 else "") + num(abs(delta), lang)
        lines.append(tr("dr_change_line", lang, label=indicator_short(s.id, lang), prev=prev, year=report.year,
                        before=_value(s, b, lang), now=_value(s, a, lang), delta=shown, verdict=verdict))
    return "\n".join(lines) or tr("dr_no_previous", lang, prev=prev)


def next_year_plans(report: ProvinceReport) -> list[IndicatorPlan]:
    """The what-if planner's proposal for next year's targets, over the agencies counted this year."""
    answers = {r.agency_id: r.answers for r in report.agencies if r.counted and r.answers is not None}
    if not answers:
        return []
    return [plan_indicator(report.plan, report.questionnaire, report.year + 1, s.id, answers)
            for s in report.plan.indicators]


def _agency_changes(report: ProvinceReport, plan: IndicatorPlan, lang: str) -> str:
    names = {r.agency_id: r.name for r in report.agencies}
    qs = report.questionnaire.questions
    parts = []
    for ap in plan.agencies:
        fixes = "; ".join(f"{qs[f.question].label.get(lang)} → {value_label(qs[f.question], f.value, lang)}"
                          for f in ap.fixes)
        parts.append(tr("dr_proposal_agency", lang, name=names.get(ap.agency_id, ap.agency_id), changes=fixes))
    return "; ".join(parts)


def proposals(report: ProvinceReport, plans: Sequence[IndicatorPlan], lang: str = "vi") -> str:
    year = report.year + 1
    lines = []
    for p in plans:
        spec, b = report.plan.indicator(p.indicator), p.before
        if b.target is None or b.met is not False:
            continue
        fmt = {"label": indicator_short(spec.id, lang), "year": year, "target": target_label(b.target, lang)}
        if spec.kind != "agency_count":
            lines.append(tr("dr_proposal_gap", lang, gap=gap_text(spec.id, b.gap, b.met, lang), **fmt))
        elif p.closable and p.agencies:
            lines.append(tr("dr_proposal_agencies", lang, agencies=_agency_changes(report, p, lang), **fmt))
        else:
            lines.append(tr("dr_proposal_stuck", lang, **fmt))
    if (missing := _missing(report)):
        lines.append(tr("dr_proposal_submit", lang, n=len(missing)))
    if not lines:
        has_target = any(p.before.target is not None for p in plans)
        return tr("dr_proposal_none" if has_target else "dr_proposal_no_target", lang, year=year)
    return "\n".join([tr("dr_proposal_intro", lang, year=year), *lines])


def draft(report: ProvinceReport, lang: str = "vi", plans: Sequence[IndicatorPlan] | None = None) -> dict[str, str]:
    """Each section's drafted text. `plans`: next year's proposal if the caller has it already."""
    plans = next_year_plans(report) if plans is None else plans
    return {"achieved": achieved(report, lang), "shortfalls": shortfalls(report, lang),
            "causes": causes(report, lang), "changes": changes(report, lang),
            "proposals": proposals(report, plans, lang)}


def final(drafted: dict[str, str], edited: dict[str, str]) -> dict[str, str]:
    """The text a report prints: the reviewer's edit of a section where there is one, else the draft."""
    return {s: (edited.get(s) or drafted[s]) for s in SECTIONS}


__all__ = ["SECTIONS", "draft", "final", "holding_back", "next_year_plans", "section_title"]
