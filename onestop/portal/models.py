"""Citizen accounts, online submissions, feedback (PAKN) and the development mail outbox."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from onestop.accounts.models import PASSWORD_METHOD, SessionTokenMixin
from onestop.cases.models import Case
from onestop.db import Base, TimestampMixin, utcnow
from onestop.organisation.models import Unit


class Citizen(SessionTokenMixin, UserMixin, TimestampMixin, Base):
    """A member of the public with an account: not staff, never holds a role."""

    __tablename__ = "citizens"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(200), unique=True)
    phone: Mapped[str | None] = mapped_column(sa.String(20), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    confirmed_at: Mapped[datetime | None]
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str] = mapped_column(sa.String(5), default="vi")
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]

    is_staff = False

    def get_id(self) -> str:
        # Staff ids are plain digits; the "c" keeps the two kinds of session apart.
        return f"c{self.id}"

    @property
    def is_active(self) -> bool:
        return self.active

    def has_role(self, *roles: object) -> bool:
        """A citizen holds no staff role, so no staff permission check ever passes."""
        return False

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=PASSWORD_METHOD)
        self.renew_session_token()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<Citizen {self.id}>"


class OnlineSubmission(Base):
    """What a citizen filed online for one case: the e-form as typed, and the exchange that followed."""

    __tablename__ = "online_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), unique=True)
    citizen_id: Mapped[int] = mapped_column(sa.ForeignKey("citizens.id"), index=True)
    # The tracking reference shown until the counter issues the case code.
    reference: Mapped[str] = mapped_column(sa.String(20), unique=True)
    # One per submit form: a double-submitted form finds the first case instead of opening two.
    submit_token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    form_data: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    # The open supplement request: [{"position": n, "name": ...}]; empty when none is open.
    supplement_items: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    supplement_note: Mapped[str] = mapped_column(sa.Text, default="")
    refusal_reason: Mapped[str] = mapped_column(sa.Text, default="")
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship()
    citizen: Mapped[Citizen] = relationship()


class FeedbackKind(enum.StrEnum):
    FEEDBACK = "feedback"  # phản ánh
    PROPOSAL = "proposal"  # kiến nghị
    COMPLAINT = "complaint"  # khiếu nại về việc giải quyết hồ sơ


class Feedback(Base):
    """A feedback or complaint (PAKN) to a unit, with the legal response deadlines."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), index=True)
    citizen_id: Mapped[int | None] = mapped_column(sa.ForeignKey("citizens.id"))
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"))
    kind: Mapped[FeedbackKind] = mapped_column(
        sa.Enum(
            FeedbackKind,
            native_enum=False,
            length=20,
            values_callable=lambda e: [m.value for m in e],
        )
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    contact: Mapped[str] = mapped_column(sa.String(200))
    subject: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # DOMAIN §7: refuse within 2 working days, ask for more within 5, handle within 15.
    refuse_by: Mapped[datetime]
    request_more_by: Mapped[datetime]
    handle_by: Mapped[datetime]

    unit: Mapped[Unit] = relationship()
    case: Mapped[Case | None] = relationship()
