"""Write notifications into the outbox in the same transaction as the event that causes them.

Services stay unaware: a session hook sees each new CaseEvent at flush time and inserts the
outbox rows its action calls for, in the same transaction. Only after that transaction commits
are the new rows dispatched (enqueued on RQ, or run in-process without Redis).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session, object_session

from onestop.accounts.models import Role, User
from onestop.cases.models import Case, CaseEvent
from onestop.config import DEFAULTS
from onestop.db import upsert_insert
from onestop.notifications.models import Notification as N
from onestop.notifications.models import NotifyChannel, NotifyStatus
from onestop.notifications.templates import render
from onestop.portal.models import OnlineSubmission

log = logging.getLogger(__name__)

# Case event action -> message kind. Several actions share a message.
CITIZEN_KINDS = {
    "submitted_online": "submitted_online",
    "accepted": "accepted",
    "supplement_requested": "supplement_requested",
    "refused": "refused",
    "refused_after_appraisal": "refused",
    "apology": "apology",
    "approved": "result_ready",
    "result_ready": "result_ready",
    "returned": "returned",
}
# Before the desk accepts an online submission the case has no code (and the public lookup
# cannot find it): these kinds then go out worded for the submission, linking to its portal page.
UNCODED_KINDS = {"refused": "refused_online", "supplement_requested": "supplement_online"}
STAFF_KINDS = {"assigned": "assigned", "transferred": "handoff_waiting"}

_NEW = "outbox_new"  # ids inserted in the session's current transaction
RUN_LATER = "outbox_run"  # committed ids waiting to run in-process (no Redis)


def _config(name: str) -> Any:
    return current_app.config[name] if has_app_context() else DEFAULTS[name]


def local(value: datetime | None, pattern: str = "%H:%M ngày %d/%m/%Y") -> str:
    """Format an instant in Vietnam time, as the message states it."""
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(_config("TIMEZONE"))).strftime(pattern)


def _base_url() -> str:
    return str(_config("PUBLIC_BASE_URL")).rstrip("/")


def lookup_link(case: Case) -> str:
    """The public status page of a case; only a case with a code has one."""
    query = urlencode({"code": case.code or "", "key": case.lookup_code})
    return f"{_base_url()}/lookup?{query}"


def citizen_link(case: Case, submission: OnlineSubmission | None) -> str:
    """Where the citizen follows the case: the public lookup once it has a code; before that,
    the online submission's page in the portal (after sign-in); otherwise no link at all."""
    if case.code:
        return lookup_link(case)
    if submission is not None:
        return f"{_base_url()}/portal/cases/{case.id}"
    return ""


def _submission(case: Case) -> OnlineSubmission | None:
    if case.code:  # coded cases are followed by the lookup: no need to know
        return None
    session = object_session(case)
    if session is None:
        return None
    return session.scalar(sa.select(OnlineSubmission).where(OnlineSubmission.case_id == case.id))


def case_values(case: Case, entry: CaseEvent | None = None) -> dict[str, Any]:
    """What the templates may say about a case (and the event that caused the message)."""
    data = entry.data if entry is not None else {}
    unit = case.receiving_unit
    due = case.due_at
    # The apology event (onestop/processing/lateness.py) records "new_due" / "old_due" (ISO).
    new_due = data.get("new_due") or data.get("new_due_at")
    old_due = data.get("old_due") or data.get("old_due_at")
    if entry is not None and new_due:
        due = datetime.fromisoformat(new_due)
    submission = _submission(case)
    return {
        "name": case.applicant_name,
        "code": case.code or "",
        "procedure": case.procedure.name,
        "unit": unit.desk_name or unit.name,
        "collect_at": case.collect_at or unit.desk_name or unit.name,
        "at": local(entry.at if entry is not None else case.accepted_at),
        "due": local(due),
        "old_due": local(datetime.fromisoformat(old_due)) if old_due else local(case.due_at),
        "reason": (data.get("reason") or (entry.note if entry is not None else "")) or "",
        "items": ", ".join(str(item) for item in data.get("items") or []),
        "reference": submission.reference if submission is not None else "",
        "link": citizen_link(case, submission),
        "staff_link": f"{_base_url()}/cases/{case.id}",
        "staff": "",
    }


def row(
    kind: str,
    channel: NotifyChannel,
    recipient: str,
    values: dict[str, Any],
    *,
    cause: str,
    case_id: int | None = None,
    event_id: int | None = None,
    user_id: int | None = None,
) -> dict[str, Any]:
    """One outbox row, rendered now: the message says what was true when the event happened."""
    message = render(kind, values)
    sms = channel is NotifyChannel.SMS
    return {
        "idempotency_key": f"{kind}:{cause}:{channel.value}:{recipient}"[:300],
        "kind": kind,
        "channel": channel,
        "recipient": recipient,
        "subject": "" if sms else message.subject,
        "body_text": message.sms if sms else message.text,
        "body_html": "" if sms else message.html,
        "case_id": case_id,
        "event_id": event_id,
        "user_id": user_id,
        "status": NotifyStatus.PENDING,
        "attempts": 0,
        "last_error": "",
        "provider_message_id": "",
    }


def citizen_rows(case: Case, kind: str, values: dict[str, Any], cause: str, event_id: int | None):
    """The citizen's messages for this case: only the channels the case opted in to."""
    rows = []
    if case.notify_email and case.applicant_email:
        rows.append(
            row(
                kind,
                NotifyChannel.EMAIL,
                case.applicant_email.strip(),
                values,
                cause=cause,
                case_id=case.id,
                event_id=event_id,
            )
        )
    # An SMS whose every optional part is empty would go out blank: the e-mail carries the rest.
    if case.notify_sms and case.applicant_phone and render(kind, values).sms:
        rows.append(
            row(
                kind,
                NotifyChannel.SMS,
                case.applicant_phone.strip(),
                values,
                cause=cause,
                case_id=case.id,
                event_id=event_id,
            )
        )
    return rows


def staff_rows(
    users: Iterable[User], kind: str, values: dict[str, Any], cause: str, **ids: int | None
) -> list[dict[str, Any]]:
    """E-mails to staff (those with an address)."""
    return [
        row(
            kind,
            NotifyChannel.EMAIL,
            user.email.strip(),
            {**values, "staff": user.full_name},
            cause=cause,
            user_id=user.id,
            **ids,
        )
        for user in users
        if user.active and user.email
    ]


def heads(session: Session, *, unit_id: int | None, department_id: int | None) -> list[User]:
    """The heads who assign work in a department (or, failing that, in a unit)."""
    query = sa.select(User).where(User.role == Role.HEAD, User.active.is_(True))
    if department_id:
        query = query.where(User.department_id == department_id)
    elif unit_id:
        query = query.where(User.unit_id == unit_id)
    else:
        return []
    return list(session.scalars(query.order_by(User.id)))


def rows_for_event(session: Session, entry: CaseEvent) -> list[dict[str, Any]]:
    """The outbox rows one case event calls for (none for most actions)."""
    if entry.action not in CITIZEN_KINDS and entry.action not in STAFF_KINDS:
        return []
    case = session.get(Case, entry.case_id)
    if case is None:
        return []
    values = case_values(case, entry)
    cause = f"event{entry.id}"
    if entry.action in CITIZEN_KINDS:
        kind = CITIZEN_KINDS[entry.action]
        if values["reference"]:
            kind = UNCODED_KINDS.get(kind, kind)
        return citizen_rows(case, kind, values, cause, entry.id)
    data = entry.data or {}
    if entry.action == "assigned":
        assignee = session.get(User, data["assignee_id"]) if data.get("assignee_id") else None
        users = [assignee] if assignee else []
    else:
        users = heads(session, unit_id=data.get("unit_id"), department_id=data.get("department_id"))
    return staff_rows(
        users, STAFF_KINDS[entry.action], values, cause, case_id=case.id, event_id=entry.id
    )


def insert(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Insert outbox rows, skipping keys already there; remember the new ids for dispatch."""
    if not rows:
        return []
    connection = session.connection()
    now = datetime.now(ZoneInfo("UTC"))
    statement = (
        upsert_insert(connection, N)
        .values([{**r, "created_at": now} for r in rows])
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(N.id)
    )
    ids = list(connection.execute(statement).scalars())
    session.info.setdefault(_NEW, []).extend(ids)
    return ids


@event.listens_for(Session, "after_flush")
def _write_outbox(session: Session, flush_context: Any) -> None:
    entries = [obj for obj in session.new if isinstance(obj, CaseEvent)]
    rows = [
        r for entry in sorted(entries, key=lambda e: e.id) for r in rows_for_event(session, entry)
    ]
    insert(session, rows)


@event.listens_for(Session, "after_commit")
def _dispatch_committed(session: Session) -> None:
    ids = session.info.pop(_NEW, [])
    if ids:
        from onestop.notifications.dispatch import dispatch

        dispatch(ids, session)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(_NEW, None)


def send_again(session: Session, notification_id: int) -> None:
    """Put a row back to pending; it is dispatched when the transaction commits."""
    notification = session.get(N, notification_id)
    if notification is None or notification.status is NotifyStatus.SENT:
        return
    notification.status = NotifyStatus.PENDING
    notification.attempts = 0
    notification.queued_at = None
    session.info.setdefault(_NEW, []).append(notification_id)
