"""The RQ job that sends one outbox row. It takes an id and runs inside the app context.

Delivery is at-least-once with a narrow window, never "at most zero":

1. claim: pending/queued -> sending (attempts + 1), committed BEFORE talking to the provider, so
   a second run (duplicate enqueue, sweep, retry) sees "sending" and stays away;
2. send: outside any transaction;
3. record: sending -> sent with the provider's message id, committed.

A job run on a row already "sent" does nothing: a message the provider accepted and we recorded
is never sent again. A worker killed before 3 leaves the row "sending"; once that is older than
NOTIFY_SENDING_STALE (longer than the job timeout, so the first job is surely dead) the sweep
enqueues it again and the next job may claim it. If the kill fell between the provider's
acceptance and step 3's commit, that re-send is a duplicate: no protocol closes this window
without the provider's help. The HTTP SMS gateway is given our reference ("notification-<id>")
for providers that deduplicate on it, and e-mails carry a Message-ID derived from it.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from onestop.db import db, utcnow
from onestop.notifications.channels import DeliveryError, Outgoing, mailer, sms_gateway
from onestop.notifications.models import Notification, NotifyChannel, NotifyStatus

log = logging.getLogger(__name__)


def claim(notification_id: int) -> Notification | None:
    """Mark the row "sending" if nobody else is on it; None when there is nothing to do."""
    now = utcnow()
    stale = now - timedelta(seconds=current_app.config["NOTIFY_SENDING_STALE"])
    result = db.session.execute(
        sa.update(Notification)
        .where(
            Notification.id == notification_id,
            sa.or_(
                Notification.status.in_([NotifyStatus.PENDING, NotifyStatus.QUEUED]),
                sa.and_(
                    Notification.status == NotifyStatus.SENDING, Notification.sending_at < stale
                ),
            ),
        )
        .values(status=NotifyStatus.SENDING, sending_at=now, attempts=Notification.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    return db.session.get(Notification, notification_id, populate_existing=True)


def send_notification(notification_id: int) -> str:
    """Send one outbox row once; raise DeliveryError to have RQ retry it with backoff."""
    notification = claim(notification_id)
    if notification is None:
        current = db.session.get(Notification, notification_id)
        return f"skipped ({current.status.value if current else 'missing'})"
    outgoing = Outgoing(
        ref=f"notification-{notification.id}",
        recipient=notification.recipient,
        subject=notification.subject,
        text=notification.body_text,
        html=notification.body_html,
    )
    channel = mailer() if notification.channel is NotifyChannel.EMAIL else sms_gateway()
    # No transaction stays open while the provider talks (SQLite's write lock, PG's idle-in-tx).
    db.session.commit()
    try:
        provider_id = channel.send(outgoing)
    except DeliveryError as error:
        db.session.rollback()  # drop anything a development channel half-wrote
        notification = db.session.get(Notification, notification_id, populate_existing=True)
        assert notification is not None
        final = notification.attempts >= current_app.config["NOTIFY_MAX_ATTEMPTS"]
        notification.status = NotifyStatus.FAILED if final else NotifyStatus.PENDING
        notification.last_error = str(error)[:2000]
        db.session.commit()
        log.warning(
            "notification %s attempt %s failed: %s", notification_id, notification.attempts, error
        )
        if final:
            return "failed"  # no more retries: it waits for an administrator's resend
        raise
    notification.status = NotifyStatus.SENT
    notification.provider_message_id = provider_id[:200]
    notification.sent_at = utcnow()
    notification.last_error = ""
    db.session.commit()
    return "sent"


def noop(value: int) -> int:
    """Do nothing: the benchmark's baseline job."""
    return value
