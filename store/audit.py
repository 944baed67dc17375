"""The audit trail: who did what, when, from where.

`record` writes inside the caller's transaction, so an action and its audit row commit or fail
together. There is deliberately no function that updates or deletes an event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from store import clock, work
from store.access import Action, Actor, authorize
from store.errors import InvalidInput
from store.models import AuditEvent

MAX_PAGE = 1000

# What can be downloaded, and whose data it holds: one agency's (agency report, answers file,
# evidence file) or the whole province's (the annual report and the scores table).
AGENCY_EXPORTS = frozenset({"agency_pdf", "agency_xlsx", "answers_yaml", "evidence_file"})
PROVINCE_EXPORTS = frozenset({"province_pdf", "province_xlsx", "province_csv", "province_csv_vn",
                              "province_docx"})


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime
    actor_id: int | None
    actor_name: str | None
    action: str
    agency_id: str | None
    target: str | None
    detail: dict[str, Any] | None
    client: str | None


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    agency_id: str | None = None,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
    client: str | None = None,
) -> None:
    """Add one event to the caller's transaction. `actor` is None for a failed sign-in."""
    session.add(
        AuditEvent(
            at=clock.now(),
            actor_id=actor.user_id if actor else None,
            actor_name=actor.username if actor else None,
            action=action,
            agency_id=agency_id,
            target=target[:200] if target else None,
            detail=detail,
            client=client[:200] if client else None,
        )
    )


def record_export(
    engine: Engine,
    actor: Actor | None,
    what: str,
    agency_id: str | None = None,
    year: int | None = None,
    target: str | None = None,
) -> None:
    """Write "who downloaded what, when" as its own transaction (a download changes nothing else).

    Authorized like the data exported: one agency's files need the right to see that agency's
    assessment, the province's files the right to export the province's. The UI calls it from the
    download's callable, after the file is built and before it is handed over, so a download that was
    refused is never recorded as made and a download that was made is never missing."""
    action, scope = _export_right(what, agency_id)
    with work.authorized(engine, actor, action, scope) as unit:
        unit.record(f"export.{what}", agency_id=agency_id, target=target,
                    detail={"year": year} if year is not None else None)


def _export_right(what: str, agency_id: str | None) -> tuple[Action, str | None]:
    """The right a download of `what` needs, and the agency it is needed on (None: the province)."""
    if what in AGENCY_EXPORTS:
        if not agency_id:
            raise InvalidInput("export_needs_agency")
        return Action.VIEW_ASSESSMENT, agency_id
    if what in PROVINCE_EXPORTS:
        return Action.EXPORT_PROVINCE, None
    raise InvalidInput("unknown_export", what=what[:40])


def list_events(
    engine: Engine,
    actor: Actor | None,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    action: str | None = None,
    agency_id: str | None = None,
    actor_name: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[AuditEntry]:
    """Newest first, one page at a time (admin only)."""
    authorize(actor, Action.VIEW_AUDIT)
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if until is not None:
        query = query.where(AuditEvent.at < until)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    if agency_id is not None:
        query = query.where(AuditEvent.agency_id == agency_id)
    if actor_name is not None:
        query = query.where(AuditEvent.actor_name == actor_name)
    query = query.limit(max(1, min(limit, MAX_PAGE))).offset(max(0, offset))
    with Session(engine) as session:
        return [
            AuditEntry(
                id=e.id,
                at=e.at,
                actor_id=e.actor_id,
                actor_name=e.actor_name,
                action=e.action,
                agency_id=e.agency_id,
                target=e.target,
                detail=e.detail,
                client=e.client,
            )
            for e in session.scalars(query)
        ]
