"""Press agencies. An agency is never deleted, only deactivated: its past assessments stay in the
province's history, and its accounts stop working at their next click. A closed year shows each agency
as it was when the year closed (store/year_record.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from scoring.agency_kinds import load_agency_kinds
from scoring.loader import load_questionnaire
from scoring.models import Text
from store import clock
from store.access import Action, Actor, agency_scope, authorize
from store.errors import InvalidInput, NotFound
from store.models import AGENCY_KINDS, Agency, YearAgency
from store.work import authorized

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MEDIA_TYPE_RE = re.compile(r"[a-z0-9_]{1,32}")
MAX_MEDIA_TYPES = 16
MAX_ID = 64  # the columns' lengths (store/models.py); the forms take no more
MAX_NAME = 200


@dataclass(frozen=True, slots=True)
class AgencyInfo:
    id: str
    name: str
    kind: str
    media_types: tuple[str, ...]
    active: bool
    created_at: datetime


def create_agency(
    engine: Engine, actor: Actor | None, agency_id: str, name: str, kind: str, media_types: Iterable[str] = ()
) -> AgencyInfo:
    """`agency_id` is a URL-safe slug (e.g. "bao-vinh-long") that never changes: assessments,
    accounts and audit events refer to it."""
    with authorized(engine, actor, Action.MANAGE_AGENCIES) as work:
        if not (len(agency_id) <= MAX_ID and SLUG_RE.fullmatch(agency_id)):
            raise InvalidInput("bad_agency_id")
        values = _valid_name(name), _valid_kind(kind), _valid_media_types(media_types)
        _check_media_fit(values[1], values[2])
        if work.session.get(Agency, agency_id) is not None:
            raise InvalidInput("agency_exists")
        agency = Agency(
            id=agency_id,
            name=values[0],
            kind=values[1],
            media_types=values[2],
            active=True,
            created_at=clock.now(),
        )
        work.session.add(agency)
        work.record("agency.create", agency_id=agency_id, detail={"name": values[0], "kind": values[1]})
    return agency_info(agency)


def update_agency(
    engine: Engine,
    actor: Actor | None,
    agency_id: str,
    *,
    name: str | None = None,
    kind: str | None = None,
    media_types: Iterable[str] | None = None,
) -> AgencyInfo:
    with authorized(engine, actor, Action.MANAGE_AGENCIES) as work:
        changes: dict[str, object] = {}
        if name is not None:
            changes["name"] = _valid_name(name)
        new_kind = _valid_kind(kind) if kind is not None else None
        new_media = _valid_media_types(media_types) if media_types is not None else None
        changes |= {f: v for f, v in (("kind", new_kind), ("media_types", new_media)) if v is not None}
        agency = _get(work.session, agency_id)
        _check_media_fit(new_kind or agency.kind, new_media if new_media is not None else agency.media_types or [])
        # What changed, as {field: {"old", "new"}}: a rename is read in the audit trail as old → new.
        changed = {f: {"old": getattr(agency, f), "new": v} for f, v in changes.items() if getattr(agency, f) != v}
        for field, value in changes.items():
            setattr(agency, field, value)
        if changed:
            work.record("agency.update", agency_id=agency_id, detail=changed)
    return agency_info(agency)


def set_agency_active(engine: Engine, actor: Actor | None, agency_id: str, active: bool) -> AgencyInfo:
    with authorized(engine, actor, Action.MANAGE_AGENCIES) as work:
        agency = _get(work.session, agency_id)
        agency.active = active
        work.record("agency.enable" if active else "agency.disable", agency_id=agency_id)
    return agency_info(agency)


def get_agency(engine: Engine, actor: Actor | None, agency_id: str, *, year: int | None = None) -> AgencyInfo:
    """The agency as it is; with `year`, as that year shows it: a closed year's record of it when the
    year has one (the name, kind and media types it closed with), else as it is."""
    authorize(actor, Action.VIEW_AGENCY, agency_id)
    with Session(engine) as session:
        agency = _get(session, agency_id)
        recorded = session.get(YearAgency, (year, agency_id)) if year is not None else None
        return as_recorded(agency, recorded)


def list_agencies(engine: Engine, actor: Actor | None, include_inactive: bool = False) -> list[AgencyInfo]:
    """All agencies by name for the department; an agency account sees only its own."""
    only = agency_scope(actor, Action.VIEW_AGENCY)
    query = select(Agency).order_by(Agency.name, Agency.id)
    if only is not None:
        query = query.where(Agency.id == only)
    if not include_inactive:
        query = query.where(Agency.active)
    with Session(engine) as session:
        return [agency_info(a) for a in session.scalars(query)]


def _get(session: Session, agency_id: str) -> Agency:
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise NotFound("agency_not_found")
    return agency


def _valid_name(name: str) -> str:
    name = " ".join(name.split())
    if not 2 <= len(name) <= MAX_NAME:
        raise InvalidInput("bad_agency_name")
    return name


def _valid_kind(kind: str) -> str:
    if kind not in AGENCY_KINDS:
        raise InvalidInput("bad_agency_kind", kind=kind, kinds=", ".join(AGENCY_KINDS))
    return kind


def _valid_media_types(media_types: Iterable[str]) -> list[str]:
    unique = list(dict.fromkeys(media_types))
    if len(unique) > MAX_MEDIA_TYPES or not all(
        isinstance(m, str) and MEDIA_TYPE_RE.fullmatch(m) for m in unique
    ):
        raise InvalidInput("bad_media_types")
    return unique


def as_recorded(agency: Agency, recorded: YearAgency | None) -> AgencyInfo:
    """The agency with a closed year's record of it laid over (its name, kind and media types then)."""
    if recorded is None:
        return agency_info(agency)
    return AgencyInfo(
        id=agency.id,
        name=recorded.name,
        kind=recorded.kind,
        media_types=tuple(recorded.media_types or ()),
        active=agency.active,
        created_at=agency.created_at,
    )


@lru_cache(maxsize=1)
def _kinds_and_labels() -> tuple[dict[str, frozenset[str]], dict[str, Text]]:
    """Which media types each kind may operate (questionnaires/agency_kinds.yaml), and the media types'
    names in the profile, read once."""
    qn = load_questionnaire()
    return load_agency_kinds(qn), {o.code: o.label for o in qn.questions["media_types"].choices}


def _check_media_fit(kind: str, media_types: Iterable[str]) -> None:
    """A magazine with radio and television is a typing slip, not an agency: refused, naming the misfits."""
    allowed, labels = _kinds_and_labels()
    misfits = [m for m in media_types if kind in allowed and m not in allowed[kind]]
    if misfits:
        said = {lang: ", ".join(labels[m].get(lang) if m in labels else m for m in misfits) for lang in ("vi", "en")}
        raise InvalidInput("media_not_for_kind", media=said)


def agency_info(agency: Agency) -> AgencyInfo:
    return AgencyInfo(
        id=agency.id,
        name=agency.name,
        kind=agency.kind,
        media_types=tuple(agency.media_types or ()),
        active=agency.active,
        created_at=agency.created_at,
    )
