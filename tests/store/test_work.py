"""The one skeleton of a changing store function (store/work.py): the actor is authorized before any
statement, and the change and its audit event are kept together or not at all."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.access import Action
from store.errors import AccessDenied
from store.models import Agency, AuditEvent
from store.work import authorized
from tests.conftest import World


class Boom(RuntimeError):
    pass


def _kept(w: World) -> tuple[int, int]:
    with Session(w.engine) as session:
        return (session.scalar(select(func.count()).select_from(Agency)) or 0,
                session.scalar(select(func.count()).select_from(AuditEvent)) or 0)


def test_a_refused_actor_never_reaches_the_block(store_world: World) -> None:
    ran = []
    with pytest.raises(AccessDenied, match=r"^role$"), authorized(store_world.engine, store_world.agency_a,
                                                                 Action.MANAGE_AGENCIES):
        ran.append(True)
    assert ran == []


def test_the_change_and_its_record_are_kept_together(store_world: World) -> None:
    w = store_world
    agencies, events = _kept(w)
    with authorized(w.engine, w.admin, Action.MANAGE_AGENCIES) as work:
        work.session.get_one(Agency, w.agency_a_id).name = "Báo Vĩnh Long (mới)"
        work.record("agency.update", agency_id=w.agency_a_id, detail={"name": "Báo Vĩnh Long (mới)"})
    with Session(w.engine) as session:
        assert session.get_one(Agency, w.agency_a_id).name == "Báo Vĩnh Long (mới)"
        last = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert last is not None and (last.action, last.actor_name) == ("agency.update", w.admin.username)
    assert _kept(w) == (agencies, events + 1)


def test_a_failure_in_the_block_keeps_neither(store_world: World) -> None:
    w = store_world
    before = _kept(w)
    with pytest.raises(Boom), authorized(w.engine, w.admin, Action.MANAGE_AGENCIES) as work:
        work.session.get_one(Agency, w.agency_a_id).name = "không được giữ"
        work.record("agency.update", agency_id=w.agency_a_id)
        work.session.flush()
        raise Boom
    with Session(w.engine) as session:
        assert session.get_one(Agency, w.agency_a_id).name == "Báo Vĩnh Long"
    assert _kept(w) == before
