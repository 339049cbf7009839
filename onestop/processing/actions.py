"""The processing actions posted from the case page: validate, call one service, commit, redirect."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import abort, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError

from onestop.accounts.models import User
from onestop.calendar.workcal import VN_TZ
from onestop.cases.errors import CaseChanged, CaseError
from onestop.cases.files import Upload
from onestop.cases.models import Case
from onestop.counter.access import case_or_404
from onestop.counter.case_page import render_case
from onestop.counter.uploads import scan_limit
from onestop.db import db, utcnow
from onestop.forms import add_error
from onestop.organisation.models import Department
from onestop.processing import approval, forms, handoffs, lateness, supplements
from onestop.processing.common import NotAllowed, steps_of
from onestop.processing.models import CaseStep
from onestop.processing.panel import ACTION_TITLES, Submitted, build_form
from onestop.processing.rules import may
from onestop.processing.web import bp

Runner = Callable[[Any, Case, CaseStep | None, User, datetime], object]


def _department(department_id: int | None) -> Department:
    department = db.session.get(Department, department_id or 0)
    if department is None:
        raise CaseError(gettext("Choose a department."), field="department")
    return department


def _user(user_id: int | None) -> User | None:
    return db.session.get(User, user_id) if user_id else None


def _upload(field: Any) -> Upload | None:
    """Read the attached document, refusing one over the per-file limit (as at the counter)."""
    storage = field.data
    if storage is None or not getattr(storage, "filename", ""):
        return None
    limit = scan_limit()
    data = storage.read(limit + 1)
    if len(data) > limit:
        raise CaseError(
            gettext(
                "%(name)s is larger than %(mb)s MB.",
                name=storage.filename,
                mb=f"{limit / 1048576:g}",
            ),
            field="document",
        )
    return Upload(storage.filename, data)


def _transfer(form: forms.TransferForm, case: Case, step: Any, user: User, now: datetime) -> object:
    parts = [
        handoffs.PartData(
            department=_department(row.form.department.data),
            task=row.form.task.data or gettext("Inter-agency part"),
            working_days=row.form.working_days.data or 5,
        )
        for row in form.parts
        if row.form.department.data
    ]
    return handoffs.transfer_case(
        case,
        actor=user,
        lead_department=_department(form.lead_department.data),
        now=now,
        version=form.version_number(),
        mode=form.mode.data,
        parts=parts,
    )


def _step(step: CaseStep | None) -> CaseStep:
    assert step is not None
    return step


def _approve(form: Any, case: Case, step: CaseStep | None, user: User, now: datetime) -> object:
    """Sign the draft with no transaction open, then approve in a short one that locks the case."""
    version = form.version_number()
    draft = approval.read_draft(_step(step), actor=user, version=version)
    # End the reading transaction before the slow part: a timestamp server that takes its whole
    # timeout must hold no lock (on SQLite a transaction holds the database's write lock) and
    # no connection. Nothing was written, so this discards nothing.
    db.session.rollback()
    draft = approval.sign_draft(draft)
    return approval.approve(
        _step(step), actor=user, now=now, version=version, note=form.note.data or "", draft=draft
    )


RUNNERS: dict[str, Runner] = {
    "transfer": _transfer,
    "receive": lambda f, c, s, u, now: handoffs.receive_step(
        _step(s), actor=u, now=now, version=f.version_number()
    ),
    "assign": lambda f, c, s, u, now: handoffs.assign_step(
        _step(s), _user(f.assignee.data) or u, actor=u, now=now, version=f.version_number()
    ),
    "forward": lambda f, c, s, u, now: handoffs.forward_step(
        _step(s),
        _department(f.department.data),
        actor=u,
        now=now,
        version=f.version_number(),
        assignee=_user(f.assignee.data),
        note=f.note.data or "",
    ),
    "transfer_ad_hoc": lambda f, c, s, u, now: handoffs.transfer_ad_hoc(
        _step(s),
        _department(f.department.data),
        actor=u,
        now=now,
        version=f.version_number(),
        reason=f.reason.data or "",
        working_hours=f.working_hours.data or 8,
        assignee=_user(f.assignee.data),
    ),
    "complete_part": lambda f, c, s, u, now: handoffs.complete_part(
        _step(s), actor=u, now=now, version=f.version_number(), note=f.note.data or ""
    ),
    "request_supplement": lambda f, c, s, u, now: supplements.request_supplement(
        _step(s),
        (f.items.data or "").splitlines(),
        actor=u,
        now=now,
        version=f.version_number(),
        note=f.note.data or "",
    ),
    "record_supplement": lambda f, c, s, u, now: supplements.record_supplement(
        c, actor=u, now=now, version=f.version_number(), note=f.note.data or ""
    ),
    "submit_draft": lambda f, c, s, u, now: approval.submit_draft(
        _step(s),
        _upload(f.document),
        actor=u,
        now=now,
        version=f.version_number(),
        note=f.note.data or "",
    ),
    "approve": _approve,
    "return_for_rework": lambda f, c, s, u, now: approval.return_for_rework(
        _step(s), f.note.data or "", actor=u, now=now, version=f.version_number()
    ),
    "apology": lambda f, c, s, u, now: lateness.issue_apology(
        c,
        f.new_due.data.replace(tzinfo=VN_TZ),
        f.note.data or "",
        actor=u,
        now=now,
        version=f.version_number(),
    ),
    "stop": lambda f, c, s, u, now: lateness.stop_case(
        c,
        f.note.data or "",
        actor=u,
        now=now,
        version=f.version_number(),
        document=_upload(f.document),
    ),
    "withdraw": lambda f, c, s, u, now: lateness.withdraw_case(
        c,
        f.note.data or "",
        actor=u,
        now=now,
        version=f.version_number(),
        document=_upload(f.document),
    ),
    "refuse": lambda f, c, s, u, now: lateness.refuse_after_appraisal(
        c,
        f.note.data or "",
        actor=u,
        now=now,
        version=f.version_number(),
        document=_upload(f.document),
    ),
}
STEP_LEVEL = {
    "receive",
    "assign",
    "forward",
    "transfer_ad_hoc",
    "complete_part",
    "request_supplement",
    "submit_draft",
    "approve",
    "return_for_rework",
}


@bp.post("/cases/<int:case_id>/actions/<action>")
@login_required
def case_action(case_id: int, action: str) -> ResponseReturnValue:
    """Take an action on the case as a whole."""
    if action not in RUNNERS or action in STEP_LEVEL:
        abort(404)
    return _act(case_or_404(current_user, case_id), None, action)


@bp.post("/cases/<int:case_id>/steps/<int:step_id>/<action>")
@login_required
def step_action(case_id: int, step_id: int, action: str) -> ResponseReturnValue:
    """Take an action on one step of the case."""
    case = case_or_404(current_user, case_id)
    step = db.session.get(CaseStep, step_id)
    if action not in STEP_LEVEL or step is None or step.case_id != case.id:
        abort(404)
    return _act(case, step, action)


def _act(case: Case, step: CaseStep | None, action: str) -> ResponseReturnValue:
    back = redirect(url_for("counter.case", case_id=case.id))
    form = build_form(action, case, step, formdata=True)
    # Refuse who may not act before reading the form: they learn nothing from its messages.
    # A form drawn from an older version goes on, to be told the case has changed.
    if form.version_number() in (None, case.version) and not may(
        current_user, case, steps_of(case), action, step
    ):
        abort(403)
    if not form.validate():
        for field_errors in form.errors.values():
            for error in field_errors if isinstance(field_errors, list) else [field_errors]:
                flash(str(error), "error")
        return back
    try:
        RUNNERS[action](form, case, step, current_user, utcnow())
        db.session.commit()
    except approval.ChangedWhileSigning as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return back
    except (CaseChanged, StaleDataError):
        db.session.rollback()
        flash(
            gettext("This case has just been updated by someone else. Please reload the page."),
            "error",
        )
        return back
    except NotAllowed:
        db.session.rollback()
        abort(403)
    except CaseError as error:
        db.session.rollback()
        target = getattr(form, error.field, None) if error.field else None
        if target is None:
            flash(str(error.message), "error")
            return back
        # The message goes next to its field: the page is drawn again with this form open.
        add_error(target, str(error.message))
        return render_case(case, submitted=Submitted(action, step.id if step else None, form))
    flash(gettext("Done: %(action)s.", action=ACTION_TITLES[action]), "success")
    return back
