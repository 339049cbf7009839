"""What staff and citizen sign-in share: a fresh session, the server-side check, the lockout message."""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import Any

from flask import session
from flask_babel import format_datetime, gettext
from flask_login import login_user, logout_user

# The session carries the account's session token; the loader compares it with the stored one.
TOKEN_KEY = "_auth"  # noqa: S105 (the name of a session key, not a secret)


def begin_session(account: Any) -> None:
    """Sign in on a fresh session: a planted session id is worthless.

    (The language chosen before is the browser's `lang` cookie, not the session's: it stays.)
    The caller commits: an account signing in for the first time gets its session token here.
    """
    session.clear()
    login_user(account)
    session[TOKEN_KEY] = account.session_token or account.renew_session_token()


def end_session(account: Any) -> None:
    """Sign out: a new token voids this session's cookie (and any copy of it) on the server.

    Every other session of the same account ends too; the caller commits.
    """
    if account is not None and getattr(account, "is_authenticated", False):
        account.renew_session_token()
    logout_user()
    session.clear()


def carries_token(account: Any) -> bool:
    """True when the session was begun for the account's current session token."""
    token = account.session_token
    presented = session.get(TOKEN_KEY)
    return bool(token) and isinstance(presented, str) and hmac.compare_digest(presented, token)


def lockout_message(locked_until: datetime) -> str:
    return gettext(
        "This account is locked after too many failed attempts. Try again after %(time)s.",
        time=format_datetime(locked_until, "HH:mm dd/MM/yyyy"),
    )
