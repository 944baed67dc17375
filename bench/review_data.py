"""A generated province for the review figures: 1,000 agencies × 8 years of submitted assessments.

Written straight into a throwaway database with the store's own tables (bulk inserts through
SQLAlchemy Core: 8,000 assessments × ~90 answers would take minutes one save at a time). The answers
are drawn from the real questionnaire: each agency keeps its kind and media across the years and
tends to improve year on year. Also a reviewer account with a sign-in session.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine, insert

from bench import world
from reference.answer_sets import valid_answers
from scoring.answers import Answer as ScoringAnswer
from scoring.catalog import Catalog
from store import accounts, sessions
from store.access import SYSTEM_ACTOR
from store.conversion import to_stored
from store.models import Agency, Answer, Assessment, Year

KINDS = ("newspaper", "radio_tv", "magazine", "multimedia")
MEDIA = {"newspaper": ["print", "online"], "radio_tv": ["radio", "tv", "online"], "magazine": ["print"],
         "multimedia": ["print", "online", "radio", "tv"]}
BATCH = 20_000


@dataclass(frozen=True)
class Province:
    agencies: int
    years: list[int]
    assessments: int
    answers: int
    reviewer_token: str


def generate(engine: Engine, cat: Catalog, *, n_agencies: int = 1000, years: list[int], seed: int = 2026) -> Province:
    qn = cat.questionnaire
    rng = random.Random(seed)
    now = datetime.now(UTC)
    n_answers = 0
    media_order = [o.code for o in qn.questions["media_types"].choices]
    with engine.begin() as conn:
        conn.execute(insert(Year), [{"year": y, "is_open": y == years[-1], "deadline": date(y, 11, 25)}
                                    for y in years])
        kinds = [KINDS[i % len(KINDS)] if i % 7 else rng.choice(KINDS) for i in range(n_agencies)]
        conn.execute(insert(Agency), [
            {"id": f"co-quan-{i:04d}", "name": f"Cơ quan báo chí {i:04d}", "kind": kinds[i],
             "media_types": MEDIA[kinds[i]], "active": True, "created_at": now} for i in range(n_agencies)])
        assessment_rows, answer_rows = [], []
        aid = 0
        for i in range(n_agencies):
            base = rng.uniform(0.15, 0.7)
            profile = {"agency_type": kinds[i], "media_types": [m for m in media_order if m in MEDIA[kinds[i]]],
                       "has_electronic_outlet": "yes" if "online" in MEDIA[kinds[i]] else "no"}
            for k, y in enumerate(years):
                aid += 1
                submitted = datetime(y, 11, 20, 9, 0, tzinfo=UTC) - timedelta(hours=i % 48)
                assessment_rows.append({
                    "id": aid, "agency_id": f"co-quan-{i:04d}", "year": y, "status": "submitted", "row_version": 2,
                    "questionnaire_version": qn.version, "questionnaire_hash": qn.content_hash,
                    "created_at": submitted - timedelta(days=20), "updated_at": submitted, "updated_by": "bench",
                    "submitted_at": submitted, "submitted_by": "bench"})
                answers = valid_answers(qn, rng, skew=min(0.95, base + 0.05 * k))
                for qid, value in profile.items():
                    answers[qid] = ScoringAnswer(value=value)
                for qid, ans in answers.items():
                    s = to_stored(ans)
                    answer_rows.append({"assessment_id": aid, "question_id": qid, "value": s.value,
                                        "na_reason": s.na_reason, "evidence_note": s.evidence_note,
                                        "evidence_link": s.evidence_link, "updated_at": submitted,
                                        "updated_by": "bench"})
                if len(answer_rows) >= BATCH:
                    _flush(conn, assessment_rows, answer_rows)
                    n_answers += len(answer_rows)
                    assessment_rows, answer_rows = [], []
        n_answers += len(answer_rows)
        _flush(conn, assessment_rows, answer_rows)
    with world.cheap_hashing():
        accounts.create_user(engine, SYSTEM_ACTOR, "so-bench", world.PASSWORD, "reviewer", None, display_name="Sở")
        token = sessions.authenticate(engine, "so-bench", world.PASSWORD, "127.0.0.1")
    return Province(n_agencies, list(years), aid, n_answers, token)


def _flush(conn, assessment_rows: list[dict], answer_rows: list[dict]) -> None:
    if assessment_rows:
        conn.execute(insert(Assessment), assessment_rows)
    if answer_rows:
        conn.execute(insert(Answer), answer_rows)
