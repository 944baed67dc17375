"""Throwaway databases for the benchmarks, filled through the store's own functions.

Each benchmark gets a fresh database (a SQLite file in a temporary folder, or a fresh schema on a
PostgreSQL server), agencies with one leader account each, a closed last year with a submitted
assessment and an open current year with a draft, and sign-in sessions made the way the sign-in page
makes them (`store.sessions.authenticate`), so a browser or an AppTest can present the cookie.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from reference.answer_sets import valid_answers
from scoring.answers import Answer
from scoring.catalog import Catalog
from store import accounts, agencies, assessments, clock, db, passwords, sessions, years
from store.access import SYSTEM_ACTOR, Actor, Role
from store.conversion import to_stored

PASSWORD = "mat-khau-benchmark-2026"


@contextmanager
def cheap_hashing() -> Iterator[None]:
    """Accounts made for a benchmark need no real password cost: nobody types these passwords."""
    saved = passwords.HASHER
    passwords.HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    try:
        yield
    finally:
        passwords.HASHER = saved


@contextmanager
def database(url: str | None, folder) -> Iterator[str]:
    """A fresh, initialised database: a SQLite file in `folder` when `url` is None, else a new schema
    on that PostgreSQL server (dropped afterwards). Yields the URL the app should use."""
    if url is None:
        sqlite = f"sqlite:///{folder / 'bench.db'}"
        db.init_db(db.get_engine(sqlite))
        try:
            yield sqlite
        finally:
            db.dispose_engines()
        return
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    server = create_engine(db.database_url(url))
    with server.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    scoped = make_url(db.database_url(url)).update_query_dict({"options": f"-csearch_path={schema}"})
    scoped_url = scoped.render_as_string(hide_password=False)
    try:
        db.init_db(db.get_engine(scoped_url))
        yield scoped_url
    finally:
        db.dispose_engines()
        with server.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        server.dispose()


def leader(agency_id: str) -> Actor:
    return Actor(user_id=None, username=f"bench:{agency_id}", display_name="bench", role=Role.AGENCY,
                 agency_id=agency_id)


@dataclass
class Agency:
    id: str
    username: str
    token: str  # the session cookie's value
    left_blank: list[str] = field(default_factory=list)  # this year's questions left for the benchmark


def build(engine: Engine, cat: Catalog, n: int, *, blank: list[str], seed: int = 11,
          last_year: bool = True) -> list[Agency]:
    """`n` agencies, each with a leader account and a session; last year submitted (closed; without
    `last_year`, no assessment that year: quicker to build), this year a draft with every question
    answered but those in `blank`."""
    qn = cat.questionnaire
    rng = random.Random(seed)
    this_year = clock.now().year
    for y in (this_year - 1, this_year):
        if years.get_year(engine, SYSTEM_ACTOR, y) is None:
            years.create_year(engine, SYSTEM_ACTOR, y)
    out = []
    with cheap_hashing():
        for i in range(n):
            aid = f"bench-{i:03d}"
            agencies.create_agency(engine, SYSTEM_ACTOR, aid, f"Báo Thử Nghiệm {i:03d}", "newspaper",
                                   ["print", "online"])
            username = f"lanh-dao-{i:03d}"
            accounts.create_user(engine, SYSTEM_ACTOR, username, PASSWORD, "agency", aid, display_name=f"Lãnh đạo {i}")
            actor = leader(aid)
            if last_year:
                _submitted(engine, qn, actor, aid, this_year - 1, rng)
            now = {q: a for q, a in _complete(qn, rng, skew=0.6).items() if q not in blank}
            info = assessments.open_assessment(engine, actor, aid, this_year, qn.version, qn.content_hash)
            assert info is not None
            assessments.save_answers(engine, actor, info.id, {q: to_stored(a) for q, a in now.items()},
                                     info.row_version)
            token = sessions.authenticate(engine, username, PASSWORD, "127.0.0.1")
            out.append(Agency(aid, username, token, list(blank)))
    years.set_year_open(engine, SYSTEM_ACTOR, this_year - 1, False)
    return out


def _submitted(engine: Engine, qn, actor: Actor, aid: str, year: int, rng: random.Random) -> None:
    last = _complete(qn, rng, skew=0.4)
    info = assessments.open_assessment(engine, actor, aid, year, qn.version, qn.content_hash)
    assert info is not None
    version = assessments.save_answers(engine, actor, info.id, {q: to_stored(a) for q, a in last.items()},
                                       info.row_version)
    assessments.submit(engine, actor, info.id, version, qn.version, qn.content_hash)


def _complete(qn, rng: random.Random, skew: float) -> dict[str, Answer]:
    """Every question answered (none left for the submit check to refuse), evidence where required."""
    return valid_answers(qn, rng, fill=1.0, skew=skew, na_rate=0.0, evidence_rate=1.0)
