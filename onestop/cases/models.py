"""The case, its documents and scans, its append-only event log, and the daily code counters."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from onestop.accounts.models import User
from onestop.cases.lifecycle import CaseStatus
from onestop.catalogue.model import ApplicantKind, Channel
from onestop.catalogue.models import Procedure, ProcedureVersion
from onestop.db import Base, TimestampMixin, utcnow
from onestop.organisation.models import Department, Unit


def _enum(cls: type[enum.Enum], length: int = 20) -> sa.Enum:
    return sa.Enum(
        cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e]
    )


class Applicant(TimestampMixin, Base):
    """Someone who has filed before, found again by ID number to prefill the counter form."""

    __tablename__ = "applicants"

    id: Mapped[int] = mapped_column(primary_key=True)
    id_number: Mapped[str] = mapped_column(sa.String(20), unique=True)
    kind: Mapped[ApplicantKind] = mapped_column(_enum(ApplicantKind))
    name: Mapped[str] = mapped_column(sa.String(200))
    phone: Mapped[str] = mapped_column(sa.String(20), default="")
    email: Mapped[str] = mapped_column(sa.String(200), default="")
    address: Mapped[str] = mapped_column(sa.String(300), default="")


class Satisfaction(enum.StrEnum):
    VERY_SATISFIED = "very_satisfied"  # rất hài lòng
    SATISFIED = "satisfied"  # hài lòng
    NOT_SATISFIED = "not_satisfied"  # không hài lòng


class Case(TimestampMixin, Base):
    __tablename__ = "cases"
    __table_args__ = (
        sa.Index("ix_cases_receiving_unit_status", "receiving_unit_id", "status"),
        sa.Index("ix_cases_handling_unit_due", "handling_unit_id", "due_at"),
        # The reports (onestop/reports/queries.py): a unit's period, and the province-wide period
        # as an index-only scan on PostgreSQL (INCLUDE carries every column the figures need).
        sa.Index("ix_cases_handling_unit_accepted", "handling_unit_id", "accepted_at"),
        sa.Index(
            "ix_cases_report_period",
            "accepted_at",
            "closed_at",
            postgresql_include=[
                "id",
                "handling_unit_id",
                "procedure_id",
                "received_by_id",
                "handler_id",
                "holder_department_id",
                "satisfaction",
                "channel",
                "status",
                "due_at",
                "paused_seconds",
                "first_supplement_at",
                "first_supplement_back_at",
                "second_supplement_at",
                "first_supplement_due_at",
                "due_before_apology_at",
            ],
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str | None] = mapped_column(sa.String(40), unique=True)
    lookup_code: Mapped[str] = mapped_column(sa.String(12))
    status: Mapped[CaseStatus] = mapped_column(_enum(CaseStatus), index=True)
    # Incremented by every write: two people acting at once -> the second is told the case changed.
    version: Mapped[int] = mapped_column(default=1)

    procedure_id: Mapped[int] = mapped_column(sa.ForeignKey("procedures.id"), index=True)
    procedure_version_id: Mapped[int] = mapped_column(sa.ForeignKey("procedure_versions.id"))
    receiving_unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"))
    handling_unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), index=True)
    channel: Mapped[Channel] = mapped_column(_enum(Channel))

    applicant_id: Mapped[int | None] = mapped_column(sa.ForeignKey("applicants.id"), index=True)
    applicant_kind: Mapped[ApplicantKind] = mapped_column(_enum(ApplicantKind))
    applicant_name: Mapped[str] = mapped_column(sa.String(200))
    applicant_id_number: Mapped[str] = mapped_column(sa.String(20), index=True)
    applicant_phone: Mapped[str] = mapped_column(sa.String(20), default="")
    applicant_email: Mapped[str] = mapped_column(sa.String(200), default="")
    applicant_address: Mapped[str] = mapped_column(sa.String(300), default="")
    representative_name: Mapped[str] = mapped_column(sa.String(200), default="")
    representative_id_number: Mapped[str] = mapped_column(sa.String(20), default="")
    summary: Mapped[str] = mapped_column(sa.String(500), default="")

    sets: Mapped[int] = mapped_column(default=1)
    pages: Mapped[int] = mapped_column(default=1)
    copies: Mapped[int] = mapped_column(default=1)
    fee_due: Mapped[int | None]
    fee_paid: Mapped[int] = mapped_column(default=0)
    fee_receipt_number: Mapped[str] = mapped_column(sa.String(50), default="")
    notify_email: Mapped[bool] = mapped_column(default=False)
    notify_sms: Mapped[bool] = mapped_column(default=False)
    collect_at: Mapped[str] = mapped_column(sa.String(300), default="")

    submitted_at: Mapped[datetime | None]
    accepted_at: Mapped[datetime | None] = mapped_column(index=True)
    due_at: Mapped[datetime | None] = mapped_column(index=True)
    due_explanation: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    finished_at: Mapped[datetime | None]
    returned_at: Mapped[datetime | None]
    refused_at: Mapped[datetime | None]
    # The report clock, kept by onestop/cases/clock.py (called from events.move, nowhere else) so
    # the on-time figures of a million cases are column arithmetic, not a replay of the history:
    # the finish time of the national formula (first of result ready > returned > stopped,
    # refused, withdrawn), the supplement requests while the clock ran, the seconds spent
    # waiting in finished rounds and the start of the round still waiting. The first round's
    # two times and the second request's time are enough to judge the case at ANY moment
    # (a second request makes it late whatever the pauses), so a past period is judged
    # without reading the history.
    closed_at: Mapped[datetime | None]
    supplement_count: Mapped[int] = mapped_column(default=0, server_default="0")
    paused_seconds: Mapped[int] = mapped_column(default=0, server_default="0")
    paused_since: Mapped[datetime | None]
    first_supplement_at: Mapped[datetime | None]
    first_supplement_back_at: Mapped[datetime | None]
    second_supplement_at: Mapped[datetime | None]
    # The due dates the national formula judges against. The processing screens move `due_at`
    # when a supplement comes back (by the waiting, in working time, or from the start under the
    # procedure's policy), so `due_at` already leaves the waiting out; while the first round is
    # waited for, the case is judged at the request against the due date it had then. An
    # apology's new date is what the citizen is told, but the case is still late against the
    # date it replaced.
    first_supplement_due_at: Mapped[datetime | None]
    due_before_apology_at: Mapped[datetime | None]
    received_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # Who holds the case, for the queues' neighbours and the reports' breakdowns: the department
    # of its latest lead step (None while it is still at the counter) and the officer who holds
    # or last held it (None until a lead step is assigned; the reports then credit the counter
    # officer who accepted it). Kept by onestop/processing/handoffs.py with each handoff.
    holder_department_id: Mapped[int | None] = mapped_column(sa.ForeignKey("departments.id"))
    handler_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # The citizen's rating, copied from case_ratings when it is given (onestop/cases/returns.py)
    # so the satisfaction rate is read with the other report columns, without a join.
    satisfaction: Mapped[Satisfaction | None] = mapped_column(_enum(Satisfaction))
    register_year: Mapped[int | None]
    register_line: Mapped[int | None]

    procedure: Mapped[Procedure] = relationship()
    procedure_version: Mapped[ProcedureVersion] = relationship()
    receiving_unit: Mapped[Unit] = relationship(foreign_keys=[receiving_unit_id])
    handling_unit: Mapped[Unit] = relationship(foreign_keys=[handling_unit_id])
    received_by: Mapped[User | None] = relationship(foreign_keys=[received_by_id])
    handler: Mapped[User | None] = relationship(foreign_keys=[handler_id])
    holder_department: Mapped[Department | None] = relationship()
    documents: Mapped[list[CaseDocument]] = relationship(
        back_populates="case", order_by="CaseDocument.position", cascade="all, delete-orphan"
    )
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", order_by="CaseEvent.id", viewonly=True
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it once)

    @property
    def national_status(self) -> int:
        return self.status.national_code


class CaseDocument(Base):
    """A checklist item as received: how many originals and copies, with its scans."""

    __tablename__ = "case_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    position: Mapped[int]
    name: Mapped[str] = mapped_column(sa.String(500))
    originals: Mapped[int] = mapped_column(default=0)
    copies: Mapped[int] = mapped_column(default=0)

    case: Mapped[Case] = relationship(back_populates="documents")
    files: Mapped[list[CaseFile]] = relationship(back_populates="document", order_by="CaseFile.id")


class CaseFile(Base):
    """A stored scan: kept under a random name outside the web root, shown by its original name."""

    __tablename__ = "case_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case_documents.id"))
    original_name: Mapped[str] = mapped_column(sa.String(255))
    stored_name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    content_type: Mapped[str] = mapped_column(sa.String(50))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    document: Mapped[CaseDocument | None] = relationship(back_populates="files")


class CaseEvent(Base):
    """One line of the append-only history: who did what, when, and the status move."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(sa.String(40))
    from_status: Mapped[CaseStatus | None] = mapped_column(_enum(CaseStatus))
    to_status: Mapped[CaseStatus | None] = mapped_column(_enum(CaseStatus))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)

    case: Mapped[Case] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class SequenceCounter(Base):
    """The last number issued in a sequence per unit and period (case codes daily, registers yearly)."""

    __tablename__ = "sequence_counters"

    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(30), primary_key=True)
    period: Mapped[str] = mapped_column(sa.String(10), primary_key=True)
    last: Mapped[int] = mapped_column(default=0)


class SlipKind(enum.StrEnum):
    SUPPLEMENT = "supplement"  # form 02
    REFUSAL = "refusal"  # form 03


class CounterSlip(TimestampMixin, Base):
    """A form 02 or 03 handed out at the counter: no case is opened, no clock starts."""

    __tablename__ = "counter_slips"
    __table_args__ = (sa.UniqueConstraint("unit_id", "kind", "year", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[SlipKind] = mapped_column(_enum(SlipKind))
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), index=True)
    year: Mapped[int]
    number: Mapped[int]
    procedure_version_id: Mapped[int] = mapped_column(sa.ForeignKey("procedure_versions.id"))
    officer_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    applicant_name: Mapped[str] = mapped_column(sa.String(200))
    applicant_id_number: Mapped[str] = mapped_column(sa.String(20), default="")
    applicant_phone: Mapped[str] = mapped_column(sa.String(20), default="")
    applicant_email: Mapped[str] = mapped_column(sa.String(200), default="")
    applicant_address: Mapped[str] = mapped_column(sa.String(300), default="")
    # [{"name": ..., "originals": n, "copies": n}] for 02; the reason for 03.
    items: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    reason: Mapped[str] = mapped_column(sa.Text, default="")

    unit: Mapped[Unit] = relationship()
    procedure_version: Mapped[ProcedureVersion] = relationship()
    officer: Mapped[User] = relationship()


class CaseRating(Base):
    """The citizen's satisfaction rating, given once per case when the result is returned."""

    __tablename__ = "case_ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), unique=True)
    level: Mapped[Satisfaction] = mapped_column(_enum(Satisfaction))
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)
    via: Mapped[str] = mapped_column(sa.String(20), default="counter")
