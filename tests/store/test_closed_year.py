"""A closed year keeps the agencies it covered, as they were named when it closed: renaming, retyping
or adding an agency afterwards changes the open years only. Reopening drops the record."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from store import agencies, audit, db, province, years
from tests.conftest import FakeClock, World, present
from tests.store.helpers import as_numbered, submitted


def _shown(w: World, year: int) -> list[tuple[str, str, str, tuple[str, ...]]]:
    return [(r.agency.id, r.agency.name, r.agency.kind, r.agency.media_types)
            for r in province.province_rows(w.engine, w.reviewer, year)]


def _edit_agencies(w: World) -> None:
    """What an administrator does after a year has closed: a rename, a new kind, a new agency."""
    agencies.update_agency(w.engine, w.admin, w.agency_a_id, name="Báo và Phát thanh Vĩnh Long", media_types=["online"])
    agencies.update_agency(w.engine, w.admin, w.agency_b_id, kind="multimedia")
    agencies.create_agency(w.engine, w.admin, "tap-chi-moi", "Tạp chí Mới", "magazine", ["print"])


def test_a_closed_year_shows_its_agencies_as_they_were_when_it_closed(store_world: World) -> None:
    w = store_world
    before = _shown(w, w.closed_year)
    assert [name for _, name, _, _ in before] == ["Báo Vĩnh Long", "Đài PT-TH Vĩnh Long"]
    _edit_agencies(w)
    assert _shown(w, w.closed_year) == before
    now = _shown(w, w.year)
    assert len(now) == 3 and ("tap-chi-moi", "Tạp chí Mới", "magazine", ("print",)) in now
    assert (w.agency_a_id, "Báo và Phát thanh Vĩnh Long", "newspaper", ("online",)) in now
    assert agencies.get_agency(w.engine, w.agency_a, w.agency_a_id, year=w.closed_year).name == "Báo Vĩnh Long"
    assert agencies.get_agency(w.engine, w.agency_a, w.agency_a_id, year=w.year).name == "Báo và Phát thanh Vĩnh Long"
    assert agencies.get_agency(w.engine, w.agency_a, w.agency_a_id).name == "Báo và Phát thanh Vĩnh Long"


def test_closing_records_who_took_part_and_when(store_world: World, fake_clock: FakeClock) -> None:
    """A retired agency that sent its assessment stays in the year; one that did not is not in it."""
    w = store_world
    submitted(w)
    agencies.set_agency_active(w.engine, w.admin, w.agency_a_id, False)
    agencies.set_agency_active(w.engine, w.admin, w.agency_b_id, False)
    closed = years.set_year_open(w.engine, w.admin, w.year, False)
    assert closed.closed_at == fake_clock.now()
    agencies.set_agency_active(w.engine, w.admin, w.agency_b_id, True)
    agencies.update_agency(w.engine, w.admin, w.agency_a_id, name="Báo Mới")
    assert [(a, n) for a, n, _, _ in _shown(w, w.year)] == [(w.agency_a_id, "Báo Vĩnh Long")]
    fake_clock.advance(days=1)  # closing a closed year again changes nothing, not even its date
    assert years.set_year_open(w.engine, w.admin, w.year, False).closed_at == closed.closed_at
    events = audit.list_events(w.engine, w.admin, action="year.close")
    assert [e.detail for e in events] == [{"agencies_recorded": 1}]


def test_reopening_drops_the_record_and_closing_again_records_anew(store_world: World, fake_clock: FakeClock) -> None:
    w = store_world
    _edit_agencies(w)
    reopened = years.set_year_open(w.engine, w.admin, w.closed_year, True)
    assert reopened.closed_at is None
    live = _shown(w, w.closed_year)
    assert live == _shown(w, w.year) and len(live) == 3
    fake_clock.advance(days=2)
    again = years.set_year_open(w.engine, w.admin, w.closed_year, False)
    assert again.closed_at == fake_clock.now()
    agencies.update_agency(w.engine, w.admin, "tap-chi-moi", name="Tạp chí Mới hơn")
    assert _shown(w, w.closed_year) == live
    assert [e.detail for e in audit.list_events(w.engine, w.admin, action="year.open")] == [{"record_dropped": 2}]


def test_the_audit_trail_reads_a_rename_as_old_and_new(store_world: World) -> None:
    w = store_world
    agencies.update_agency(w.engine, w.admin, w.agency_a_id, name="Báo Vĩnh Long mới", kind="newspaper")
    agencies.update_agency(w.engine, w.admin, w.agency_a_id, name="Báo Vĩnh Long mới")  # nothing changes
    events = audit.list_events(w.engine, w.admin, action="agency.update")
    assert [e.detail for e in events] == [{"name": {"old": "Báo Vĩnh Long", "new": "Báo Vĩnh Long mới"}}]


def _as_before_the_record(engine: Engine) -> None:
    """The schema as shipped before closed years kept a record (the hand-written upgrades' version 1)."""
    as_numbered(engine, 1)


def test_an_older_database_gets_a_record_for_each_closed_year_at_upgrade(
    store_world: World, fake_clock: FakeClock
) -> None:
    """Years closed before the record existed get one from the agencies as they are at the upgrade,
    dated by their last closing in the audit trail (else by the upgrade); open years get none."""
    w = store_world
    years.create_year(w.engine, w.admin, 2024, is_open=False)  # closed at creation: no closing event
    closing = fake_clock.advance(hours=1)
    years.set_year_open(w.engine, w.admin, w.closed_year, True)
    years.set_year_open(w.engine, w.admin, w.closed_year, False)
    _as_before_the_record(w.engine)
    agencies.create_agency(w.engine, w.admin, "tap-chi-moi", "Tạp chí Mới", "magazine")
    upgrade = fake_clock.advance(days=3)
    assert db.init_db(w.engine) == db.head_revision()
    assert present(years.get_year(w.engine, w.admin, w.closed_year)).closed_at == closing
    assert present(years.get_year(w.engine, w.admin, 2024)).closed_at == upgrade
    assert present(years.get_year(w.engine, w.admin, w.year)).closed_at is None
    recorded = _shown(w, w.closed_year)
    assert sorted(a for a, _, _, _ in recorded) == sorted([w.agency_a_id, "tap-chi-moi", w.agency_b_id])
    agencies.update_agency(w.engine, w.admin, "tap-chi-moi", name="Tạp chí Khác")
    assert _shown(w, w.closed_year) == recorded and _shown(w, 2024) == recorded
    assert db.init_db(w.engine) == db.head_revision()  # and only once


def test_an_assessment_of_a_closed_year_cannot_be_put_back_to_draft(store_world: World) -> None:
    """Reopening one assessment would change a closed year's figures: the year is reopened first."""
    from store import assessments
    from store.errors import NotEditable

    w = store_world
    sent = submitted(w)
    years.set_year_open(w.engine, w.admin, w.year, False)
    with pytest.raises(NotEditable, match=r"^year_closed$"):
        assessments.reopen(w.engine, w.admin, sent.id, "nộp nhầm")
    assert assessments.get_assessment_by_id(w.engine, w.admin, sent.id).status == "submitted"
    years.set_year_open(w.engine, w.admin, w.year, True)
    assert assessments.reopen(w.engine, w.admin, sent.id, "nộp nhầm").status == "draft"
