"""Flask-Login wiring: how a session finds its user."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from onestop.accounts.models import User
from onestop.db import db
from onestop.extensions import login_manager


def load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None


def init_app(app: Flask) -> None:
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "info"
    # "strong": a session cookie replayed from another browser fingerprint is dropped.
    login_manager.session_protection = "strong"
