"""Import every feature's models, so the metadata (and Alembic) sees all tables."""

from onestop.accounts.models import User
from onestop.calendar.models import CalendarOverride
from onestop.cases.models import (
    Applicant,
    Case,
    CaseDocument,
    CaseEvent,
    CaseFile,
    CaseRating,
    CounterSlip,
    SequenceCounter,
)
from onestop.catalogue.models import Procedure, ProcedureVersion, UnitProcedure
from onestop.counter.models import IntakeToken
from onestop.notifications import outbox  # noqa: F401  (the hook that writes the outbox)
from onestop.notifications.models import DevMessage, Notification
from onestop.organisation.models import Department, Unit

__all__ = [
    "Applicant",
    "CalendarOverride",
    "Case",
    "CaseDocument",
    "CaseEvent",
    "CaseFile",
    "CaseRating",
    "CounterSlip",
    "Department",
    "DevMessage",
    "IntakeToken",
    "Notification",
    "Procedure",
    "ProcedureVersion",
    "SequenceCounter",
    "Unit",
    "UnitProcedure",
    "User",
]
