"""Exports in the audit trail: who downloaded which file of whose data, when; nothing else writes or
changes an event."""

from __future__ import annotations

import pytest

from store import audit
from store.errors import AccessDenied, InvalidInput
from tests.conftest import World


def test_an_export_is_recorded_with_who_what_whose_and_which_year(store_world: World) -> None:
    w = store_world
    audit.record_export(w.engine, w.agency_a, "agency_pdf", w.agency_a_id, w.year)
    audit.record_export(w.engine, w.reviewer, "province_csv", year=w.year)
    audit.record_export(w.engine, w.reviewer, "evidence_file", w.agency_a_id, w.year, "file:7")
    events = [e for e in audit.list_events(w.engine, w.admin) if e.action.startswith("export.")]
    assert [(e.action, e.actor_name, e.agency_id, e.target, e.detail) for e in events] == [
        ("export.evidence_file", "sotttt", w.agency_a_id, "file:7", {"year": w.year}),
        ("export.province_csv", "sotttt", None, None, {"year": w.year}),
        ("export.agency_pdf", "bvl", w.agency_a_id, None, {"year": w.year}),
    ]
    assert all(e.at is not None for e in events)


def test_a_refused_export_leaves_no_event(store_world: World) -> None:
    w = store_world
    before = len(audit.list_events(w.engine, w.admin, limit=1000))
    with pytest.raises(AccessDenied):
        audit.record_export(w.engine, w.agency_b, "agency_xlsx", w.agency_a_id, w.year)
    with pytest.raises(AccessDenied):
        audit.record_export(w.engine, w.agency_a, "province_pdf", year=w.year)
    with pytest.raises(AccessDenied):
        audit.record_export(w.engine, None, "province_pdf", year=w.year)
    assert len(audit.list_events(w.engine, w.admin, limit=1000)) == before


@pytest.mark.parametrize(("what", "agency"), [("agency_pdf", None), ("export_all", "bao-vinh-long"), ("", None)])
def test_unknown_or_incomplete_exports_are_refused(store_world: World, what: str, agency: str | None) -> None:
    with pytest.raises(InvalidInput):
        audit.record_export(store_world.engine, store_world.reviewer, what, agency, 2026)
