"""Import every feature's models, so the metadata (and Alembic) sees all tables."""

from onestop.accounts.models import User
from onestop.api.models import ApiCall, ApiToken, SyncCursor, SyncPush
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
from onestop.demo_guard import DemoSeed
from onestop.notifications import outbox  # noqa: F401  (the hook that writes the outbox)
from onestop.notifications.models import DevMessage, Notification
from onestop.organisation.models import Department, Unit
from onestop.portal.models import Citizen, Feedback, OnlineSubmission
from onestop.processing.models import CaseStep
from onestop.signing.models import SignatureCheck, SignedDocument, SigningCertificate, TrustedRoot

__all__ = [
    "ApiCall",
    "ApiToken",
    "Applicant",
    "CalendarOverride",
    "Case",
    "CaseDocument",
    "CaseEvent",
    "CaseFile",
    "CaseRating",
    "CaseStep",
    "Citizen",
    "CounterSlip",
    "DemoSeed",
    "Department",
    "DevMessage",
    "Feedback",
    "IntakeToken",
    "Notification",
    "OnlineSubmission",
    "Procedure",
    "ProcedureVersion",
    "SequenceCounter",
    "SignatureCheck",
    "SignedDocument",
    "SigningCertificate",
    "SyncCursor",
    "SyncPush",
    "TrustedRoot",
    "Unit",
    "UnitProcedure",
    "User",
]
