"""The outbox (one row per message to send) and the development mailbox."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from onestop.db import Base, utcnow


class NotifyChannel(enum.StrEnum):
    EMAIL = "email"
    SMS = "sms"


class NotifyStatus(enum.StrEnum):
    PENDING = "pending"  # written with its event; maybe already in RQ (enqueued after commit)
    QUEUED = "queued"  # handed to RQ by the sweep
    SENDING = "sending"  # claimed by a worker; the provider may be talking to us right now
    SENT = "sent"  # the provider accepted it (provider_message_id)
    FAILED = "failed"  # every attempt failed; an administrator may resend


def _enum(cls: type[enum.Enum]) -> sa.Enum:
    return sa.Enum(
        cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]
    )


class Notification(Base):
    """One message to one recipient over one channel, sent at most once per idempotency key."""

    __tablename__ = "notifications"
    __table_args__ = (sa.Index("ix_notifications_status_created", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # "<kind>:<what caused it>:<channel>:<recipient>": the same event never notifies twice.
    idempotency_key: Mapped[str] = mapped_column(sa.String(300), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    channel: Mapped[NotifyChannel] = mapped_column(_enum(NotifyChannel))
    recipient: Mapped[str] = mapped_column(sa.String(200))
    subject: Mapped[str] = mapped_column(sa.String(300), default="")
    body_text: Mapped[str] = mapped_column(sa.Text, default="")
    body_html: Mapped[str] = mapped_column(sa.Text, default="")
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case_events.id"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    status: Mapped[NotifyStatus] = mapped_column(_enum(NotifyStatus), default=NotifyStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    provider_message_id: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    queued_at: Mapped[datetime | None]
    sending_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]


class DevMessage(Base):
    """A message the development mailbox or SMS gateway "delivered", for developers to read."""

    __tablename__ = "dev_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[NotifyChannel] = mapped_column(_enum(NotifyChannel))
    recipient: Mapped[str] = mapped_column(sa.String(200))
    subject: Mapped[str] = mapped_column(sa.String(300), default="")
    body: Mapped[str] = mapped_column(sa.Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)
