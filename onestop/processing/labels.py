"""How processing values read on the pages (translated)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from onestop.processing.models import StepResult, StepState

STATE_LABELS = {
    StepState.WAITING: _l("Waiting for its turn"),
    StepState.PENDING: _l("Handed over, not yet received"),
    StepState.ACTIVE: _l("In progress"),
    StepState.SUBMITTED: _l("Draft awaiting approval"),
    StepState.DONE: _l("Done"),
    StepState.CANCELLED: _l("Cancelled"),
}

RESULT_LABELS = {
    StepResult.EARLY: _l("Early"),
    StepResult.ON_TIME: _l("On time"),
    StepResult.LATE: _l("Late"),
}

ACTION_LABELS = {
    "transferred": _l("Transferred"),
    "received": _l("Received the handoff"),
    "assigned": _l("Assigned a handler"),
    "forwarded": _l("Forwarded to the next step"),
    "draft_submitted": _l("Draft result submitted"),
    "returned_for_rework": _l("Returned for rework"),
    "approved": _l("Approved: result ready"),
    "supplement_requested": _l("Supplement requested"),
    "supplement_received": _l("Supplement received"),
    "apology": _l("Apology and new due date"),
    "stopped": _l("Processing stopped"),
    "withdrawn": _l("Withdrawn at the citizen's request"),
    "refused_after_appraisal": _l("Refused after appraisal"),
    "part_completed": _l("Inter-agency part finished"),
    "due_recomputed": _l("Due date recomputed"),
}
