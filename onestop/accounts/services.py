"""Account writes and authentication. They flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

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


def authenticate(
    username: str, password: str, *, now: datetime, max_failures: int, lockout: timedelta
) -> User:
    """Return the user these credentials belong to, counting failures toward a lockout."""
    user = db.session.scalar(
        sa.select(User).where(sa.func.lower(User.username) == username.strip().lower())
    )
    if user is None or not user.active:
        User(password_hash=_DUMMY_HASH).check_password(password)
        raise LoginRefused()
    if user.locked_until is not None and user.locked_until > now:
        raise LoginRefused(locked_until=user.locked_until)
    if not user.check_password(password):
        user.failed_logins += 1
        if user.failed_logins >= max_failures:
            user.failed_logins = 0
            user.locked_until = now + lockout
        db.session.flush()
        locked = user.locked_until if user.locked_until and user.locked_until > now else None
        raise LoginRefused(locked_until=locked)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    db.session.flush()
    return user


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
