"""Hand committed outbox rows to RQ, or run them in-process when there is no Redis."""

from __future__ import annotations

import contextlib
import logging

import sqlalchemy as sa
from flask import Flask, current_app, has_app_context
from redis.exceptions import RedisError
from rq import Retry
from sqlalchemy.orm import Session

from onestop.db import db
from onestop.notifications.outbox import RUN_LATER
from onestop.worker import NOTIFICATIONS, queue, redis_connection

log = logging.getLogger(__name__)

SEND = "onestop.notifications.jobs.send_notification"


def job_id(notification_id: int) -> str:
    """One RQ job id per outbox row: enqueuing the same row twice names the same job."""
    return f"notification-{notification_id}"


def enqueue(notification_id: int) -> None:
    """Put one outbox row's send job on the notifications queue (raises RedisError)."""
    config = current_app.config
    intervals = list(config["NOTIFY_RETRY_INTERVALS"])
    retries = max(int(config["NOTIFY_MAX_ATTEMPTS"]) - 1, 0)
    queue(NOTIFICATIONS).enqueue(
        SEND,
        notification_id,
        job_id=job_id(notification_id),
        job_timeout=config["NOTIFY_JOB_TIMEOUT"],
        result_ttl=3600,
        failure_ttl=7 * 24 * 3600,
        retry=Retry(max=retries, interval=intervals) if retries else None,
        description=f"send notification {notification_id}",
    )


def dispatch(ids: list[int], session: Session) -> None:
    """After commit: enqueue on RQ, or (embedded mode) note them to run at the end of the context.

    With Redis unreachable the rows simply stay pending: the case is saved and the sweep
    enqueues them once Redis is back. Outside an app context the sweep is the only way.
    """
    if not has_app_context():
        return
    if redis_connection() is None:
        session.info.setdefault(RUN_LATER, []).extend(ids)
        return
    for notification_id in ids:
        try:
            enqueue(notification_id)
        except RedisError as error:
            log.warning(
                "Redis unavailable, notification %s left to the sweep: %s", notification_id, error
            )
            break  # don't wait for the connect timeout once per row


def run_embedded(exc: BaseException | None = None) -> None:
    """Embedded mode: run the send jobs the context's commits left, with the same job function.

    Runs when the app context ends (after the request's commit, once the response is built),
    synchronously: no thread shares the request's session, and the same code path is exercised
    that a worker would run. A failure leaves the row pending/failed with its error shown to
    administrators; it never fails the request.
    """
    if not db.session.registry.has():
        return
    session = db.session()
    from onestop.notifications.jobs import send_notification

    while session.info.get(RUN_LATER):
        notification_id = session.info[RUN_LATER].pop(0)
        try:
            send_notification(notification_id)
        except Exception:
            log.warning("notification %s not delivered in-process", notification_id, exc_info=True)
            # With the database gone the rollback fails too; the sweep retries the row later.
            with contextlib.suppress(sa.exc.SQLAlchemyError):
                session.rollback()


def init_app(app: Flask) -> None:
    # Registered after Flask-SQLAlchemy's teardown, so it runs first (teardowns run in reverse).
    app.teardown_appcontext(run_embedded)
