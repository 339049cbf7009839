"""How case values read on the counter's pages (translated)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Satisfaction
from onestop.catalogue.display import CHANNEL_LABELS
from onestop.catalogue.model import ApplicantKind
from onestop.processing.labels import ACTION_LABELS as PROCESSING_ACTION_LABELS

__all__ = [
    "ACTION_LABELS",
    "APPLICANT_KIND_LABELS",
    "CHANNEL_LABELS",
    "SATISFACTION_LABELS",
    "STATUS_LABELS",
]

APPLICANT_KIND_LABELS = {
    ApplicantKind.CITIZEN: _l("Citizen"),
    ApplicantKind.BUSINESS: _l("Business"),
    ApplicantKind.STATE_AGENCY: _l("State agency"),
    ApplicantKind.OTHER: _l("Other organisation"),
}

STATUS_LABELS = {
    CaseStatus.NEW: _l("New (online)"),
    CaseStatus.ACCEPTED: _l("Accepted"),
    CaseStatus.REFUSED: _l("Refused"),
    CaseStatus.IN_PROGRESS: _l("In progress"),
    CaseStatus.SUPPLEMENT: _l("Supplement requested"),
    CaseStatus.FEE_DUE: _l("Fee due"),
    CaseStatus.WITHDRAWN: _l("Withdrawn"),
    CaseStatus.STOPPED: _l("Stopped"),
    CaseStatus.RESULT_READY: _l("Result ready"),
    CaseStatus.RETURNED: _l("Result returned"),
}

SATISFACTION_LABELS = {
    Satisfaction.VERY_SATISFIED: _l("Very satisfied"),
    Satisfaction.SATISFIED: _l("Satisfied"),
    Satisfaction.NOT_SATISFIED: _l("Not satisfied"),
}

# Actions other features record appear under their own code until they add a label here.
ACTION_LABELS = {
    "accepted": _l("Accepted at the desk"),
    "returned": _l("Result returned"),
    **PROCESSING_ACTION_LABELS,
}
