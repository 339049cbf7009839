"""Approval: the handler submits a draft result with its document; the head approves or returns it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from flask_babel import lazy_gettext as _l

from onestop.accounts.models import User
from onestop.cases.errors import CaseChanged, CaseError
from onestop.cases.events import move
from onestop.cases.files import Upload, detect_type, display_name, write_file
from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Case, CaseFile
from onestop.db import db, utcnow
from onestop.processing.common import begin, log
from onestop.processing.handoffs import _finish, _require
from onestop.processing.models import CaseStep, StepKind, StepState
from onestop.signing.issue import (
    FreshSignature,
    SigningJob,
    check_upload,
    record_check,
    record_result,
    result_job,
    sign_result,
)


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


class ChangedWhileSigning(CaseChanged):
    """The case moved on while its result was being signed: the signature is thrown away."""

    def __init__(self) -> None:
        super().__init__(
            _l(
                "This case changed while its result was being signed, so it was not approved "
                "and the signature was discarded. Reload the page, check the case and approve "
                "it again."
            )
        )


@dataclass(frozen=True)
class Draft:
    """The draft result as the head approved it: the case's state then, and what to sign."""

    case_id: int
    step_id: int
    case_version: int
    case_status: CaseStatus
    file_id: int | None
    job: SigningJob | None
    signature: FreshSignature | None = None


def _check_approvable(step: CaseStep, actor: User) -> None:
    steps = _require(actor, step.case, "approve", step)
    unfinished = [s for s in steps if s.kind is StepKind.PART and s.state is not StepState.DONE]
    if unfinished:
        raise CaseError(_l("The participating units have not all finished their parts."))


def read_draft(step: CaseStep, *, actor: User, version: int | None) -> Draft:
    """Check the head may approve now and read what signing the draft needs (no writes)."""
    case = step.case
    begin(case, version)
    _check_approvable(step, actor)
    file = step.draft_file
    return Draft(
        case_id=case.id,
        step_id=step.id,
        case_version=case.version,
        case_status=case.status,
        file_id=step.draft_file_id,
        # A signature carries the real time (the key's validity, the timestamp), not the action's.
        job=result_job(file, step.unit, utcnow()) if file is not None else None,
    )


def sign_draft(draft: Draft) -> Draft:
    """Sign the draft (slow: the timestamp server); reads and writes no database row."""
    if draft.job is None:
        return draft
    return replace(draft, signature=sign_result(draft.job, utcnow()))


def _still_as_signed(case: Case, step: CaseStep, draft: Draft) -> bool:
    """Whether the case, its step and the draft are what was signed (nothing moved meanwhile)."""
    if (case.version, case.status, step.draft_file_id) != (
        draft.case_version,
        draft.case_status,
        draft.file_id,
    ):
        return False
    signature = draft.signature
    return signature is None or (
        step.draft_file is not None and step.draft_file.sha256 == signature.source_sha256
    )


def approve(
    step: CaseStep,
    *,
    actor: User,
    now: datetime,
    version: int | None,
    note: str = "",
    draft: Draft | None = None,
) -> Case:
    """The head approves the draft: the result is ready and goes back to the counter (status 9).

    `draft` is the draft signed beforehand (`read_draft`, then `sign_draft` with no transaction
    open); without it the draft is read and signed here. Either way the case row is locked only
    after the signing, then checked unchanged since the draft was read.
    """
    if draft is None:
        draft = sign_draft(read_draft(step, actor=actor, version=version))
    # Lock the case and read it afresh: a writer that committed while we signed is seen here,
    # and a writer that comes after waits only for this short transaction.
    case = db.session.get(Case, draft.case_id, with_for_update=True, populate_existing=True)
    fresh = db.session.get(CaseStep, draft.step_id, populate_existing=True)
    # The version was checked against the form's when the draft was read.
    if case is None or fresh is None or not _still_as_signed(case, fresh, draft):
        raise ChangedWhileSigning
    _check_approvable(fresh, actor)
    file = fresh.draft_file
    signed = record_result(case, file, fresh.unit, draft.signature) if file else None
    _finish(fresh, now, note)
    case.finished_at = now
    data: dict[str, object] = {"step_id": fresh.id, "file_id": fresh.draft_file_id}
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
