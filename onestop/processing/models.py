"""The steps a case goes through inside the departments: who holds it, since when, until when."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from onestop.accounts.models import User
from onestop.cases.models import Case, CaseFile
from onestop.db import Base, TimestampMixin
from onestop.organisation.models import Department, Unit


def _enum(cls: type[enum.Enum]) -> sa.Enum:
    return sa.Enum(
        cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]
    )


class StepKind(enum.StrEnum):
    PROCESS = "process"  # a step of the procedure's internal process
    TRANSFER = "transfer"  # an ad hoc transfer, with a reason
    PART = "part"  # an inter-agency part: another unit's task with its own deadline


class StepState(enum.StrEnum):
    WAITING = "waiting"  # a sequential part whose turn has not come
    PENDING = "pending"  # handed over, not yet received
    ACTIVE = "active"  # received, being worked on
    SUBMITTED = "submitted"  # a draft result waits for the head's approval
    DONE = "done"
    CANCELLED = "cancelled"  # the case ended (stopped, withdrawn) while the step was open


OPEN_STATES = frozenset({StepState.PENDING, StepState.ACTIVE, StepState.SUBMITTED})


class StepResult(enum.StrEnum):
    """How a finished step did against its own allotment (form 05)."""

    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"


class CaseStep(TimestampMixin, Base):
    """One handoff of a case: to a department (and maybe a person), with its own due time."""

    __tablename__ = "case_steps"
    __table_args__ = (
        sa.Index("ix_case_steps_department_state", "department_id", "state"),
        sa.Index("ix_case_steps_assignee_state", "assignee_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    kind: Mapped[StepKind] = mapped_column(_enum(StepKind))
    name: Mapped[str] = mapped_column(sa.String(300))
    # Index in the procedure's process for process steps; order of the parts for liên thông.
    position: Mapped[int | None]
    lead: Mapped[bool] = mapped_column(default=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), index=True)
    department_id: Mapped[int] = mapped_column(sa.ForeignKey("departments.id"))
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    state: Mapped[StepState] = mapped_column(_enum(StepState))
    # The allotment as the catalogue writes it: amount and unit (working_hours, working_days…).
    allotted_amount: Mapped[int] = mapped_column(default=0)
    allotted_unit: Mapped[str] = mapped_column(sa.String(20), default="working_hours")

    from_label: Mapped[str] = mapped_column(sa.String(300), default="")
    sent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    sent_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]  # when its clock starts (15:00 rule for paper)
    due_at: Mapped[datetime | None]
    received_at: Mapped[datetime | None]
    received_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    finished_at: Mapped[datetime | None]
    result: Mapped[StepResult | None] = mapped_column(_enum(StepResult))
    rework: Mapped[bool] = mapped_column(default=False)  # the head sent the draft back
    note: Mapped[str] = mapped_column(sa.Text, default="")
    draft_file_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case_files.id"))

    case: Mapped[Case] = relationship()
    unit: Mapped[Unit] = relationship()
    department: Mapped[Department] = relationship()
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    sent_by: Mapped[User | None] = relationship(foreign_keys=[sent_by_id])
    received_by: Mapped[User | None] = relationship(foreign_keys=[received_by_id])
    draft_file: Mapped[CaseFile | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def __repr__(self) -> str:
        return f"<CaseStep {self.id} case={self.case_id} {self.kind} {self.state}>"
