"""The administrator's calendar overrides: days off and make-up working days announced each year."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from onestop.accounts.models import User
from onestop.calendar.days import OverrideKind
from onestop.db import Base, TimestampMixin


class CalendarOverride(TimestampMixin, Base):
    """A day that wins over the holiday package: an extra day off or a make-up working day."""

    __tablename__ = "calendar_overrides"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    kind: Mapped[OverrideKind] = mapped_column(
        sa.Enum(
            OverrideKind,
            native_enum=False,
            length=20,
            values_callable=lambda e: [m.value for m in e],
        )
    )
    note: Mapped[str] = mapped_column(sa.String(300))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    created_by: Mapped[User | None] = relationship()
