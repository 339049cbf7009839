"""What the administrators' notifications page shows: queues, failures, last deliveries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from redis.exceptions import RedisError
from rq import Queue

from onestop.db import db
from onestop.notifications.models import DevMessage, Notification, NotifyChannel, NotifyStatus
from onestop.worker import QUEUES, redis_connection


@dataclass
class QueueState:
    name: str
    waiting: int = 0
    running: int = 0
    scheduled: int = 0  # retries waiting for their backoff
    failed: int = 0


@dataclass
class Overview:
    embedded: bool
    redis_error: str = ""
    queues: list[QueueState] = field(default_factory=list)
    by_status: dict[str, int] = field(default_factory=dict)
    last_sent: dict[str, tuple[datetime | None, str] | None] = field(default_factory=dict)
    problems: list[Notification] = field(default_factory=list)
    dev_messages: list[DevMessage] = field(default_factory=list)


def overview() -> Overview:
    connection = redis_connection()
    result = Overview(embedded=connection is None)
    if connection is not None:
        try:
            for name in QUEUES:
                q = Queue(name, connection=connection)
                result.queues.append(
                    QueueState(
                        name,
                        waiting=q.count,
                        running=q.started_job_registry.count,
                        scheduled=q.scheduled_job_registry.count,
                        failed=q.failed_job_registry.count,
                    )
                )
        except RedisError as error:
            result.redis_error = str(error)
    counts = db.session.execute(
        sa.select(Notification.status, sa.func.count(Notification.id)).group_by(Notification.status)
    ).all()
    result.by_status = {status.value: 0 for status in NotifyStatus} | {
        status.value: count for status, count in counts
    }
    for channel in NotifyChannel:
        last = db.session.execute(
            sa.select(Notification.sent_at, Notification.recipient)
            .where(Notification.channel == channel, Notification.status == NotifyStatus.SENT)
            .order_by(Notification.sent_at.desc())
            .limit(1)
        ).first()
        result.last_sent[channel.value] = (last[0], last[1]) if last else None
    result.problems = list(
        db.session.scalars(
            sa.select(Notification)
            .where(
                sa.or_(
                    Notification.status == NotifyStatus.FAILED,
                    sa.and_(
                        Notification.status != NotifyStatus.SENT, Notification.last_error != ""
                    ),
                )
            )
            .order_by(Notification.id.desc())
            .limit(100)
        )
    )
    result.dev_messages = list(
        db.session.scalars(sa.select(DevMessage).order_by(DevMessage.id.desc()).limit(20))
    )
    return result
