"""Citizen registration, email confirmation, sign-in and sign-out (apart from staff sign-in)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar, cast

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user

from onestop.accounts.services import LoginRefused
from onestop.accounts.sessions import begin_session, end_session, lockout_message
from onestop.db import db, utcnow
from onestop.extensions import limiter
from onestop.forms import add_error
from onestop.portal.accounts import (
    AccountError,
    NotConfirmed,
    authenticate_citizen,
    confirm_citizen,
    register_citizen,
    send_confirmation,
)
from onestop.portal.forms import CitizenLoginForm, RegisterForm
from onestop.portal.models import Citizen
from onestop.portal.views import bp
from onestop.security import safe_next_url

F = TypeVar("F", bound=Callable[..., Any])


def citizen_required(view: F) -> F:
    """Allow a view only to a signed-in citizen; staff are refused (403), visitors sent to sign in."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            flash(gettext("Sign in with your citizen account to continue."), "info")
            return redirect(url_for("portal.login", next=request.full_path.rstrip("?")))
        if not isinstance(current_user._get_current_object(), Citizen):
            abort(403)
        return view(*args, **kwargs)

    return cast(F, wrapped)


def _login_rate_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


@bp.route("/portal/register", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
def register() -> ResponseReturnValue:
    """Open a citizen account; it works once the emailed link is opened."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            citizen = register_citizen(
                full_name=form.full_name.data,
                email=form.email.data,
                phone=form.phone.data or "",
                password=form.password.data or "",
            )
        except AccountError as error:
            db.session.rollback()
            add_error(getattr(form, error.field), str(error.message))
        else:
            send_confirmation(citizen)
            db.session.commit()
            return render_template("portal/registered.html", email=citizen.email)
    return render_template("portal/register.html", form=form), (400 if form.errors else 200)


@bp.get("/portal/confirm/<token>")
def confirm(token: str) -> ResponseReturnValue:
    """Confirm the email address the link was sent to."""
    citizen = confirm_citizen(token, now=utcnow())
    if citizen is None:
        db.session.rollback()
        return render_template("portal/confirm_failed.html"), 400
    db.session.commit()
    flash(gettext("Your email address is confirmed. You can sign in now."), "success")
    return redirect(url_for("portal.login"))


@bp.route("/portal/login", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
def login() -> ResponseReturnValue:
    """Sign a citizen in by email or phone, with the same lockout as staff."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = CitizenLoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        config = current_app.config
        try:
            citizen = authenticate_citizen(
                form.identifier.data or "",
                form.password.data or "",
                now=utcnow(),
                max_failures=config["LOGIN_MAX_FAILURES"],
                lockout=timedelta(minutes=config["LOGIN_LOCKOUT_MINUTES"]),
            )
        except NotConfirmed:
            db.session.commit()
            add_error(
                form.identifier,
                gettext("Confirm your email address first: open the link we sent you."),
            )
        except LoginRefused as refused:
            db.session.commit()  # keep the failure count
            if refused.locked_until is not None:
                add_error(form.identifier, lockout_message(refused.locked_until))
            else:
                add_error(form.password, gettext("Wrong email, phone or password."))
        else:
            begin_session(citizen)
            db.session.commit()
            return redirect(safe_next_url(form.next.data) or url_for("portal.my_cases"))
    return render_template("portal/login.html", form=form), (400 if form.errors else 200)


@bp.post("/portal/logout")
def logout() -> ResponseReturnValue:
    """End the citizen's session entirely, on the server too."""
    end_session(current_user._get_current_object())
    db.session.commit()
    flash(gettext("You have signed out."), "info")
    return redirect(url_for("portal.login"))
