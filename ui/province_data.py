"""The department's view of a year, computed once per change of the data, not once per click.

Scoring a province is pure arithmetic over the stored answers; it is cached under a fingerprint of the
year's data (store.stamps), so a rerun that changes nothing recomputes nothing, and any save shows at
the next rerun. The cache is global, which is safe: only reviewers and admins reach these functions,
and they may all see the whole province.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from reports.data import AgencyRow, agency_row_from_answers, aggregate_rows
from scoring.plans import ProvinceIndicator
from store import province
from store.access import Actor
from store.conversion import to_answers
from store.stamps import year_stamp
from ui import runtime


@st.cache_data(max_entries=64, show_spinner=False)
def _rows(stamp: tuple, plan_id: str | None, _actor: Actor, year: int) -> list[AgencyRow]:
    cat = runtime.catalog()
    out = []
    for r in province.province_rows(runtime.engine(), _actor, year):
        a = r.assessment
        status = a.status if a is not None else "not_started"
        answers = to_answers(r.answers) if a is not None else None
        out.append(agency_row_from_answers(cat, r.agency.id, r.agency.name, year, answers, status=status,
                                           kind=r.agency.kind, submitted_at=a.submitted_at if a else None,
                                           plan_id=plan_id))
    return out


def rows(actor: Actor, year: int, plan_id: str | None) -> list[AgencyRow]:
    return _rows(year_stamp(runtime.engine(), actor, year), plan_id, actor, year)


def with_previous(actor: Actor, year: int, plan_id: str | None) -> list[AgencyRow]:
    """This year's rows, each with last year's overall index for the change column."""
    prev = {r.agency_id: r.result.index for r in rows(actor, year - 1, plan_id) if r.result is not None
            and r.status == "submitted"}
    return [replace(r, previous_index=prev.get(r.agency_id)) for r in rows(actor, year, plan_id)]


def aggregate(actor: Actor, year: int, plan_id: str | None) -> dict[str, ProvinceIndicator]:
    cat = runtime.catalog()
    return aggregate_rows(cat.plan(plan_id), year, rows(actor, year, plan_id))


def history(actor: Actor, years: list[int], plan_id: str | None) -> dict[int, dict[str, ProvinceIndicator]]:
    return {y: aggregate(actor, y, plan_id) for y in years}
