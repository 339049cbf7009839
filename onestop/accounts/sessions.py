"""What staff and citizen sign-in share: a fresh session, and the lockout message."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import session
from flask_babel import format_datetime, gettext
from flask_login import login_user


def begin_session(account: Any) -> None:
    """Sign in on a fresh session (keeping only the language): a planted session id is worthless."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    login_user(account)


def lockout_message(locked_until: datetime) -> str:
    return gettext(
        "This account is locked after too many failed attempts. Try again after %(time)s.",
        time=format_datetime(locked_until, "HH:mm dd/MM/yyyy"),
    )
