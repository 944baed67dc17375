"""One audited unit of work: what every changing store function does around its own lines.

`authorized` checks the actor may do the action, then opens one transaction; `Work.record` adds the
audit event to that same transaction, so the change and its record are kept together or not at all.
`audited` is the same for an actor the caller has already authorized, or for None (a failed sign-in,
the first admin's creation).
Assessment functions add their row's load and the conflict a racing save becomes
(`store.assessments`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from store import audit
from store.access import Action, Actor, authorize
from store.db import transaction

A = TypeVar("A", bound="Actor | None")


@dataclass(frozen=True, slots=True)
class Work(Generic[A]):
    """The open transaction and the actor it was authorized for (None: nobody signed in)."""

    session: Session
    actor: A

    def record(
        self,
        action: str,
        *,
        agency_id: str | None = None,
        target: str | None = None,
        detail: dict[str, Any] | None = None,
        client: str | None = None,
    ) -> None:
        """Add the audit event `action` to this transaction."""
        audit.record(self.session, self.actor, action, agency_id=agency_id, target=target, detail=detail,
                     client=client)


@contextmanager
def audited(engine: Engine, actor: A) -> Iterator[Work[A]]:
    """One transaction for an actor already authorized: commits when the block ends, else rolls back."""
    with transaction(engine) as session:
        yield Work(session, actor)


@contextmanager
def authorized(
    engine: Engine, actor: Actor | None, action: Action, agency_id: str | None = None
) -> Iterator[Work[Actor]]:
    """Refuse unless `actor` may do `action` (on `agency_id`); then one transaction (`audited`)."""
    allowed = authorize(actor, action, agency_id)
    with audited(engine, allowed) as work:
        yield work
