"""Tables. Rows are never deleted except sessions, login counters, answers and files: agencies and
users are deactivated instead, so audit events and past assessments keep their meaning."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column

from store import clock

AGENCY_KINDS = ("newspaper", "radio_tv", "magazine", "multimedia")
ROLES = ("agency", "reviewer", "admin")
STATUSES = ("draft", "submitted", "returned")


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out on every backend: SQLite drops the offset, so comparing a
    stored expiry with `clock.now()` would otherwise mix naive and aware values."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use store.clock.now()")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


JSONType = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")


def _now() -> datetime:
    return clock.now()


class Base(DeclarativeBase):
    # Named constraints, so a later migration step can drop or alter them by name on PostgreSQL.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    type_annotation_map = {  # noqa: RUF012 (SQLAlchemy reads it as a class attribute)
        datetime: UTCDateTime(),
        dict[str, Any]: JSONType,
        list[str]: JSONType,
    }


class Agency(Base):
    __tablename__ = "agencies"
    __table_args__ = (CheckConstraint(f"kind IN {AGENCY_KINDS!r}", name="kind"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    media_types: Mapped[list[str]] = mapped_column(default=list)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=_now)


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(f"role IN {ROLES!r}", name="role"),
        CheckConstraint(
            "(role = 'agency' AND agency_id IS NOT NULL) OR (role <> 'agency' AND agency_id IS NULL)",
            name="agency_role_has_agency",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    agency_id: Mapped[str | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    lang: Mapped[str | None] = mapped_column(String(2))  # "vi" or "en" as last chosen; None: never chosen
    password_changed_at: Mapped[datetime] = mapped_column(default=_now)
    created_at: Mapped[datetime] = mapped_column(default=_now)


class UserSession(Base):
    """One row per sign-in. `id` is the SHA-256 of the cookie's token: a leaked database or backup
    does not hand out live sessions."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=_now)
    last_seen_at: Mapped[datetime] = mapped_column(default=_now)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    client: Mapped[str | None] = mapped_column(String(200))


class LoginAttempt(Base):
    """Sign-in failure counters (store/throttle.py), in the database so every worker and replica sees
    the same ones. An attempt is counted from the moment it starts; a success gives it back, so
    `failures` and `last_failure_at` are failures and attempts still being checked."""

    __tablename__ = "login_attempts"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    window_start: Mapped[datetime] = mapped_column(default=_now)
    last_failure_at: Mapped[datetime] = mapped_column(default=_now)
    blocked_until: Mapped[datetime | None] = mapped_column()


class Year(Base):
    __tablename__ = "years"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    is_open: Mapped[bool] = mapped_column(default=True)
    deadline: Mapped[date] = mapped_column(Date)
    # Set while the year is closed: when it closed, the date its reports carry.
    closed_at: Mapped[datetime | None] = mapped_column()


class YearAgency(Base):
    """An agency as a closed year covered it. While a year is closed, its pages, exports and reports
    read the agencies, names, kinds and media types from here, not from `agencies`: renaming or adding
    an agency afterwards leaves the year as it was closed."""

    __tablename__ = "year_agencies"

    year: Mapped[int] = mapped_column(ForeignKey("years.year"), primary_key=True, autoincrement=False)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    media_types: Mapped[list[str]] = mapped_column(default=list)


class Assessment(Base):
    __tablename__ = "assessments"
    __table_args__ = (
        UniqueConstraint("agency_id", "year"),
        CheckConstraint(f"status IN {STATUSES!r}", name="status"),
        Index("ix_assessments_year_status", "year", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"))
    year: Mapped[int] = mapped_column(ForeignKey("years.year"))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    row_version: Mapped[int] = mapped_column(default=1)
    questionnaire_version: Mapped[str | None] = mapped_column(String(64))
    questionnaire_hash: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=_now)
    updated_at: Mapped[datetime] = mapped_column(default=_now)
    updated_by: Mapped[str | None] = mapped_column(String(64))
    submitted_at: Mapped[datetime | None] = mapped_column()
    submitted_by: Mapped[str | None] = mapped_column(String(64))
    returned_comment: Mapped[str | None] = mapped_column(Text)
    returned_at: Mapped[datetime | None] = mapped_column()
    returned_by: Mapped[str | None] = mapped_column(String(64))

    # Every UPDATE of the row is made conditional on the row_version read (two tabs cannot both
    # win). The store bumps it itself (generator off): SQLAlchemy's own counter only moves when some
    # other column really changes, and a save at the same instant by the same user changes none.
    __mapper_args__ = {"version_id_col": row_version, "version_id_generator": False}  # noqa: RUF012


class Answer(Base):
    """One answer. The primary key (assessment_id, question_id) also serves lookups by
    assessment_id, so no separate index is kept for them."""

    __tablename__ = "answers"

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSONType, nullable=True)
    na_reason: Mapped[str | None] = mapped_column(Text)
    evidence_note: Mapped[str | None] = mapped_column(Text)
    evidence_link: Mapped[str | None] = mapped_column(String(500))
    updated_at: Mapped[datetime] = mapped_column(default=_now)
    updated_by: Mapped[str | None] = mapped_column(String(64))
    # Copied from an earlier year and not yet confirmed by the agency: kept, shown, never counted.
    unconfirmed: Mapped[bool] = mapped_column(default=False, server_default=false())


class EvidenceFile(Base):
    __tablename__ = "evidence_files"
    __table_args__ = (Index("ix_evidence_files_assessment_question", "assessment_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    # Deferred: listings must not pull megabytes of file content.
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    uploaded_at: Mapped[datetime] = mapped_column(default=_now)
    uploaded_by: Mapped[str | None] = mapped_column(String(64))


class AuditEvent(Base):
    """Append-only: the store offers no function that updates or deletes these rows."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_agency_at", "agency_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=_now, index=True)
    actor_id: Mapped[int | None] = mapped_column()
    actor_name: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    agency_id: Mapped[str | None] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(String(200))
    detail: Mapped[dict[str, Any] | None] = mapped_column()
    client: Mapped[str | None] = mapped_column(String(200))


class ReportText(Base):
    """The department's own wording of a section of a year's annual report, in one language; a section
    without a row prints the text drafted from the figures (reports/assessment_draft.py)."""

    __tablename__ = "report_texts"

    year: Mapped[int] = mapped_column(ForeignKey("years.year"), primary_key=True)
    lang: Mapped[str] = mapped_column(String(2), primary_key=True)
    section: Mapped[str] = mapped_column(String(32), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=_now)
    updated_by: Mapped[str | None] = mapped_column(String(64))
