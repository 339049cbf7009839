"""Account writes and authentication. They flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from onestop.accounts.models import PASSWORD_METHOD, Role, User
from onestop.db import db
from onestop.organisation.models import Department, Unit

# Compared against when the username is unknown, so a miss costs as much as a hit
# and response time does not reveal which usernames exist.
_DUMMY_HASH = generate_password_hash("never-a-real-password", method=PASSWORD_METHOD)


@dataclass(frozen=True)
class LoginRefused(Exception):
    """Login failed; `locked_until` is set when the account is temporarily locked."""

    locked_until: datetime | None = None


class Account(Protocol):
    """What authenticate needs of an account: staff users and citizens both have it."""

    active: bool
    failed_logins: int
    locked_until: datetime | None
    last_login_at: datetime | None

    def check_password(self, password: str) -> bool: ...


A = TypeVar("A", bound=Account)


def authenticate(
    username: str, password: str, *, now: datetime, max_failures: int, lockout: timedelta
) -> User:
    """Return the user these credentials belong to, counting failures toward a lockout."""
    user = db.session.scalar(
        sa.select(User).where(sa.func.lower(User.username) == username.strip().lower())
    )
    return check_credentials(user, password, now=now, max_failures=max_failures, lockout=lockout)


def check_credentials(
    account: A | None, password: str, *, now: datetime, max_failures: int, lockout: timedelta
) -> A:
    """Check a password against an account found by its login name (None: not found).

    Failures count toward a temporary lockout; a miss costs as much time as a hit.
    """
    if account is None or not account.active:
        check_password_hash(_DUMMY_HASH, password)
        raise LoginRefused()
    if account.locked_until is not None and account.locked_until > now:
        raise LoginRefused(locked_until=account.locked_until)
    if not account.check_password(password):
        account.failed_logins += 1
        if account.failed_logins >= max_failures:
            account.failed_logins = 0
            account.locked_until = now + lockout
        db.session.flush()
        locked = (
            account.locked_until if account.locked_until and account.locked_until > now else None
        )
        raise LoginRefused(locked_until=locked)
    account.failed_logins = 0
    account.locked_until = None
    account.last_login_at = now
    db.session.flush()
    return account


def create_user(
    *,
    username: str,
    full_name: str,
    password: str,
    role: Role,
    unit: Unit,
    department: Department | None = None,
    email: str = "",
    phone: str = "",
    password_hash: str | None = None,
) -> User:
    """Add a staff account (`password_hash` lets bulk seeding hash a shared password once)."""
    user = User(
        username=username.strip(),
        password_hash=password_hash or generate_password_hash(password, method=PASSWORD_METHOD),
        full_name=full_name,
        role=role,
        unit=unit,
        department=department,
        email=email,
        phone=phone,
    )
    db.session.add(user)
    db.session.flush()
    return user


def set_active(user: User, active: bool) -> None:
    """Deactivate or reactivate an account; accounts are never deleted, so history keeps its authors."""
    user.active = active
    if active:
        user.failed_logins = 0
        user.locked_until = None
    db.session.flush()
