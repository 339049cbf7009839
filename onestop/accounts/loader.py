"""Flask-Login wiring: how a session finds its user, staff or citizen, and keeps them apart.

Staff session ids are plain digits (User.id); citizens' are "c<id>" (Citizen.get_id), so one
loader serves both and an id can never be read as the other kind of account. A session also
carries the account's session token (onestop.accounts.sessions), so signing out ends it for good.
"""

from __future__ import annotations

from flask import Flask, abort, current_app, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from onestop.accounts.models import User
from onestop.accounts.sessions import carries_token
from onestop.db import db
from onestop.extensions import login_manager
from onestop.portal.models import Citizen

# What a signed-in citizen may open; every other page is for staff only. The API answers by its
# own integration tokens, the same whoever's browser session comes along.
CITIZEN_BLUEPRINTS = frozenset({"portal", "catalogue", "i18n", "api"})
CITIZEN_ENDPOINTS = frozenset({"static", "home.index", "home.health", "auth.login"})


def load_user(user_id: str) -> User | Citizen | None:
    account: User | Citizen | None = None
    if user_id.isdigit():
        account = db.session.get(User, int(user_id))
    elif user_id.startswith("c") and user_id[1:].isdigit():
        account = db.session.get(Citizen, int(user_id[1:]))
    if account is None or not account.active or not carries_token(account):
        return None  # deactivated, signed out since, or the password changed
    return account


def is_staff(user: object) -> bool:
    """True for a signed-in staff member; False for citizens and visitors."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_staff", False))


def may_be_signed_in() -> bool:
    """Whether this request can carry a signed-in account at all.

    Only a session naming an account, or a remember-me cookie, can sign anyone in: a visitor's
    request (most public pages) need not wake Flask-Login to learn that nobody is there.
    """
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return "_user_id" in session or remember in request.cookies


def keep_citizens_out_of_staff_pages() -> None:
    """Answer 403 when a citizen opens a staff page, whatever that page's own checks say.

    Several staff pages only ask for a signed-in user (login_required); a citizen is signed in
    too, so the line is drawn here once rather than in every view.
    """
    if not may_be_signed_in() or not isinstance(current_user._get_current_object(), Citizen):
        return
    endpoint = request.endpoint
    if endpoint is None:  # no such page: let it answer 404 as for anyone
        return
    if endpoint in CITIZEN_ENDPOINTS or request.blueprint in CITIZEN_BLUEPRINTS:
        return
    abort(403)


def init_app(app: Flask) -> None:
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "info"
    # "strong": a session cookie replayed from another browser fingerprint is dropped.
    login_manager.session_protection = "strong"
    app.before_request(keep_citizens_out_of_staff_pages)
    app.jinja_env.globals["is_staff"] = is_staff
