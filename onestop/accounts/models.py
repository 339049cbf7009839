"""Staff users and their roles."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from onestop.db import Base, TimestampMixin
from onestop.organisation.models import Department, Unit


class Role(enum.StrEnum):
    COUNTER_OFFICER = "counter_officer"
    OFFICER = "officer"
    HEAD = "head"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


# scrypt is Werkzeug's memory-hard default; named explicitly so an upgrade cannot weaken it.
PASSWORD_METHOD = "scrypt"  # noqa: S105 (a method name, not a password)


class SessionTokenMixin:
    """A random value every signed-in session of the account carries.

    Sessions are signed cookies held by the browser; without a value kept on the server a copied
    cookie would stay valid after signing out. Changing the token ends every session at once.
    """

    session_token: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")

    def renew_session_token(self) -> str:
        self.session_token = secrets.token_hex(32)
        return self.session_token


class User(SessionTokenMixin, UserMixin, TimestampMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(60), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(120))
    email: Mapped[str] = mapped_column(sa.String(200), default="")
    phone: Mapped[str] = mapped_column(sa.String(20), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(
        sa.Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey("departments.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str] = mapped_column(sa.String(5), default="vi")
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]

    unit: Mapped[Unit] = relationship()
    department: Mapped[Department | None] = relationship()

    is_staff = True  # citizens (onestop.portal.models.Citizen) are not

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sessions of inactive users
        return self.active

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=PASSWORD_METHOD)
        self.renew_session_token()  # a new password signs the account out everywhere

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"
