"""Approval: the handler submits a draft result with its document; the head approves or returns it."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from onestop.accounts.models import User
from onestop.cases.errors import CaseError
from onestop.cases.events import move
from onestop.cases.files import Upload, detect_type, display_name, write_file
from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Case, CaseFile
from onestop.db import db
from onestop.processing.common import begin, log
from onestop.processing.handoffs import _finish, _require
from onestop.processing.models import CaseStep, StepKind, StepState
from onestop.signing.issue import check_upload, record_check, sign_result


def store_document(case: Case, upload: Upload, actor: User) -> CaseFile:
    """Keep a document produced during processing (a signed scan, a written reason).

    A PDF signed elsewhere (a USB token) is verified first and refused unless its signature holds.
    """
    content_type = detect_type(upload.data)
    if content_type is None:
        raise CaseError(_l("Only PDF, JPEG or PNG scans are accepted."), field="document")
    report = check_upload(upload.data, content_type)
    stored_name, digest = write_file(db.session(), upload.data)
    stored = CaseFile(
        case_id=case.id,
        original_name=display_name(upload.filename),
        stored_name=stored_name,
        content_type=content_type,
        size=len(upload.data),
        sha256=digest,
        uploaded_by_id=actor.id,
    )
    db.session.add(stored)
    db.session.flush()
    if report is not None:
        record_check(stored, report)
    return stored


def submit_draft(
    step: CaseStep,
    document: Upload | None,
    *,
    actor: User,
    now: datetime,
    version: int | None,
    note: str = "",
) -> CaseStep:
    """Send the draft result, with its document attached, to the head for approval."""
    case = step.case
    begin(case, version)
    _require(actor, case, "submit_draft", step)
    if document is None or not document.data:
        raise CaseError(_l("Attach the result document."), field="document")
    stored = store_document(case, document, actor)
    step.state = StepState.SUBMITTED
    step.draft_file_id = stored.id
    step.rework = False
    log(
        case,
        "draft_submitted",
        actor=actor,
        now=now,
        note=note,
        data={"step_id": step.id, "file_id": stored.id},
    )
    return step


def approve(
    step: CaseStep, *, actor: User, now: datetime, version: int | None, note: str = ""
) -> Case:
    """The head approves the draft: the result is ready and goes back to the counter (status 9)."""
    case = step.case
    begin(case, version)
    steps = _require(actor, case, "approve", step)
    unfinished = [s for s in steps if s.kind is StepKind.PART and s.state is not StepState.DONE]
    if unfinished:
        raise CaseError(_l("The participating units have not all finished their parts."))
    signed = sign_result(case, step.draft_file, step.unit) if step.draft_file else None
    _finish(step, now, note)
    case.finished_at = now
    data: dict[str, object] = {"step_id": step.id, "file_id": step.draft_file_id}
    if signed is not None:
        data["signed_document_id"] = signed.id
    move(
        case,
        CaseStatus.RESULT_READY,
        "approved",
        actor=actor,
        at=now,
        note=note,
        data={**data, "outcome": "granted"},
    )
    return case


def return_for_rework(
    step: CaseStep, comment: str, *, actor: User, now: datetime, version: int | None
) -> CaseStep:
    """The head sends the draft back to the handler with a comment."""
    case = step.case
    begin(case, version)
    _require(actor, case, "return_for_rework", step)
    if not comment.strip():
        raise CaseError(_l("Say what must be reworked."), field="comment")
    step.state = StepState.ACTIVE
    step.rework = True
    log(
        case,
        "returned_for_rework",
        actor=actor,
        now=now,
        note=comment,
        data={"step_id": step.id, "assignee_id": step.assignee_id},
    )
    return step
