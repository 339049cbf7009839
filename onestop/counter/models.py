"""One-time intake tokens: a double-clicked "accept" opens one case, not two."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from onestop.db import Base, utcnow


class IntakeToken(Base):
    """A token printed into one intake form; its primary key lets only the first accept through."""

    __tablename__ = "intake_tokens"

    token: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
