"""Integration tokens (stored hashed, scoped to a unit) and the log of every call made with them."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from onestop.accounts.models import User
from onestop.db import Base, utcnow
from onestop.organisation.models import Unit


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    # sha256 of the secret: a stolen database does not give working tokens.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    prefix: Mapped[str] = mapped_column(sa.String(12))
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]

    unit: Mapped[Unit] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class ApiCall(Base):
    __tablename__ = "api_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[int | None] = mapped_column(sa.ForeignKey("api_tokens.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    method: Mapped[str] = mapped_column(sa.String(10))
    path: Mapped[str] = mapped_column(sa.String(500))
    status: Mapped[int]
    remote_addr: Mapped[str] = mapped_column(sa.String(64), default="")


class SyncCursor(Base):
    """How far the outbound sync has pushed: the last (updated_at, case id) the portal accepted."""

    __tablename__ = "sync_cursors"

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint: Mapped[str] = mapped_column(sa.String(300), unique=True)
    last_updated_at: Mapped[datetime | None]
    last_case_id: Mapped[int] = mapped_column(default=0)


class SyncPush(Base):
    """One case pushed to the receiving portal, and whether it was accepted."""

    __tablename__ = "sync_pushes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    endpoint: Mapped[str] = mapped_column(sa.String(300))
    case_updated_at: Mapped[datetime]
    pushed_at: Mapped[datetime] = mapped_column(default=utcnow)
    status_code: Mapped[int | None]
    accepted: Mapped[bool] = mapped_column(default=False)
    error: Mapped[str] = mapped_column(sa.String(500), default="")
