"""The department's view of a year, computed once per change of the data, not once per click.

Scoring a province is pure arithmetic over the stored answers; it is cached under a fingerprint of the
year's data (store.stamps), so a rerun that changes nothing recomputes nothing, and any save shows at
the next rerun. The caches are global, which is safe: only reviewers and admins reach these functions
(the fingerprint is read first, and reading it checks the role), and they may all see the whole
province.

Two kinds of cache, for two sizes of result:
- A year's rows (every agency with its answers, result and contributions: tens of megabytes for a
  thousand agencies) are kept as shared objects (`st.cache_resource`), two sets at most: copying
  them out of `st.cache_data` on every call cost more than computing the page. Nobody changes them.
  (Kept objects are walked by every full garbage collection, which Streamlit runs after each script
  run unless `runner.postScriptGC` is off: a thousand agencies' year adds some 70 ms to each.)
- What a year adds up to (the plan's indicators, each agency's overall index) is small and kept per
  year for every year shown, so a trajectory over eight years does not hold eight years of rows.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from reports.data import AgencyRow, agency_row_from_answers, aggregate_rows, score_many
from scoring.plans import ProvinceIndicator
from store import province
from store.access import Actor
from store.conversion import to_answers
from store.stamps import year_stamp, year_stamps
from ui import runtime

ROW_YEARS_KEPT = 2  # (year, plan) row sets kept at once
ROWS_TTL = 3600  # seconds; a department's session is over long before


def _compute_rows(actor: Actor, year: int, plan_id: str | None) -> list[AgencyRow]:
    cat = runtime.catalog()
    rows = province.province_rows(runtime.engine(), actor, year)
    answers = [to_answers(r.answers) if r.assessment is not None else None for r in rows]
    scored = iter(score_many(cat, year, [a for a in answers if a is not None], plan_id))
    out = []
    for r, ans in zip(rows, answers, strict=True):
        a = r.assessment
        out.append(agency_row_from_answers(cat, r.agency.id, r.agency.name, year, ans,
                                           status=a.status if a is not None else "not_started",
                                           kind=r.agency.kind, submitted_at=a.submitted_at if a else None,
                                           plan_id=plan_id, scored=next(scored) if ans is not None else None))
    return out


@st.cache_resource(max_entries=ROW_YEARS_KEPT, ttl=ROWS_TTL, show_spinner=False)
def _rows(stamp: tuple, plan_id: str | None, _actor: Actor, year: int) -> list[AgencyRow]:
    return _compute_rows(_actor, year, plan_id)


@st.cache_data(max_entries=256, show_spinner=False)
def _summary(stamp: tuple, plan_id: str | None, _actor: Actor, year: int, _rows_fn=None
             ) -> tuple[dict[str, ProvinceIndicator], dict[str, tuple[float | None, dict[str, float | None]]]]:
    """The year's indicators, and each submitted agency's overall and domain indices (what the next
    year compares with)."""
    rows = _rows_fn() if _rows_fn is not None else _compute_rows(_actor, year, plan_id)
    cat = runtime.catalog()
    indices = {r.agency_id: (r.result.index, {d: x.index for d, x in r.result.domains.items()})
               for r in rows if r.result is not None and r.status == "submitted"}
    return aggregate_rows(cat.plan(plan_id), year, rows), indices


def fingerprint(actor: Actor, year: int) -> tuple:
    """Changes whenever the year's data does: a key for a page's own caches of what it draws."""
    return year_stamp(runtime.engine(), actor, year)


def rows(actor: Actor, year: int, plan_id: str | None) -> list[AgencyRow]:
    """Every agency of the year, with its result; shared with other sessions: read, never change."""
    return _rows(year_stamp(runtime.engine(), actor, year), plan_id, actor, year)


def with_previous(actor: Actor, year: int, plan_id: str | None) -> list[AgencyRow]:
    """This year's rows, each with last year's overall and domain indices for the change columns."""
    stamps = year_stamps(runtime.engine(), actor, [year - 1, year])
    _, prev = _summary(stamps[year - 1], plan_id, actor, year - 1)
    none: tuple = (None, None)
    return [replace(r, previous_index=prev.get(r.agency_id, none)[0], previous_domains=prev.get(r.agency_id, none)[1])
            for r in _rows(stamps[year], plan_id, actor, year)]


def aggregate(actor: Actor, year: int, plan_id: str | None) -> dict[str, ProvinceIndicator]:
    stamp = year_stamp(runtime.engine(), actor, year)
    return _summary(stamp, plan_id, actor, year, _rows_fn=lambda: _rows(stamp, plan_id, actor, year))[0]


def history(actor: Actor, years: list[int], plan_id: str | None) -> dict[int, dict[str, ProvinceIndicator]]:
    """The indicators of each year; the latest year's from its kept rows, the others' computed alone."""
    stamps = year_stamps(runtime.engine(), actor, list(years))
    latest = max(years, default=None)
    out = {}
    for y in years:
        rows_fn = (lambda s=stamps[y], y=y: _rows(s, plan_id, actor, y)) if y == latest else None
        out[y] = _summary(stamps[y], plan_id, actor, y, _rows_fn=rows_fn)[0]
    return out
