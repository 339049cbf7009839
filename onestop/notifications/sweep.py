"""The periodic sweep: enqueue what is still pending (Redis was down, a worker died). Idempotent."""

from __future__ import annotations

import logging
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from redis.exceptions import RedisError
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

from onestop.db import db, utcnow
from onestop.notifications.dispatch import enqueue, job_id
from onestop.notifications.models import Notification, NotifyStatus
from onestop.worker import redis_connection

log = logging.getLogger(__name__)

# An RQ job in one of these states will still run: enqueuing it again would only duplicate it.
WILL_RUN = {JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED}


def candidates(limit: int = 500) -> list[tuple[int, NotifyStatus]]:
    """Rows that should be in RQ but may not be: pending/queued past the grace, stale sending."""
    now = utcnow()
    config = current_app.config
    grace = now - timedelta(seconds=config["NOTIFY_SWEEP_GRACE"])
    stale = now - timedelta(seconds=config["NOTIFY_SENDING_STALE"])
    n = Notification
    rows = db.session.execute(
        sa.select(n.id, n.status)
        .where(
            sa.or_(
                sa.and_(
                    n.status.in_([NotifyStatus.PENDING, NotifyStatus.QUEUED]),
                    sa.func.coalesce(n.queued_at, n.created_at) <= grace,
                ),
                sa.and_(n.status == NotifyStatus.SENDING, n.sending_at <= stale),
            )
        )
        .order_by(n.id)
        .limit(limit)
    ).all()
    return [(row.id, row.status) for row in rows]


def sweep_outbox() -> int:
    """Enqueue rows whose job is missing or dead; return how many were enqueued (or sent)."""
    found = candidates()
    connection = redis_connection()
    if connection is None:
        # Embedded mode: run the same job in-process.
        from onestop.notifications.jobs import send_notification

        done = 0
        for notification_id, _ in found:
            try:
                send_notification(notification_id)
                done += 1
            except Exception:
                log.warning("notification %s not delivered", notification_id, exc_info=True)
                db.session.rollback()
        return done

    enqueued: list[int] = []
    try:
        for notification_id, status in found:
            try:
                job = Job.fetch(job_id(notification_id), connection=connection)
                state = job.get_status(refresh=False)
            except NoSuchJobError:
                job, state = None, None
            if state in WILL_RUN:
                continue
            if state is JobStatus.STARTED and status is not NotifyStatus.SENDING:
                continue  # a worker has just picked it up
            if job is not None:
                job.delete()  # a finished, failed or dead job: replace it
            enqueue(notification_id)
            enqueued.append(notification_id)
    except RedisError as error:
        log.warning("sweep stopped, Redis unavailable: %s", error)
    if enqueued:
        db.session.execute(
            sa.update(Notification)
            .where(
                Notification.id.in_(enqueued),
                # Not a row a worker has meanwhile claimed or sent.
                Notification.status.in_([NotifyStatus.PENDING, NotifyStatus.QUEUED]),
            )
            .values(status=NotifyStatus.QUEUED, queued_at=utcnow())
            .execution_options(synchronize_session=False)
        )
    db.session.commit()
    return len(enqueued)
