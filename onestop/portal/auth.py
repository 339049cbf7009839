"""Citizen registration, email confirmation, sign-in and sign-out (apart from staff sign-in)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar, cast

from flask import (
    Response,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_limiter import RequestLimit
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
    resend_confirmation,
    send_confirmation,
)
from onestop.portal.forms import CitizenLoginForm, RegisterForm, ResendConfirmationForm
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
    resend = None
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
        except NotConfirmed as unconfirmed:
            db.session.commit()
            add_error(
                form.identifier,
                gettext("Confirm your email address first: open the link we sent you."),
            )
            # The password was right: offer to send the link again to the account's address.
            resend = ResendConfirmationForm(formdata=None, email=unconfirmed.email)
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
    return render_template("portal/login.html", form=form, resend=resend), (
        400 if form.errors else 200
    )


def _resend_rate_limit() -> str:
    return str(current_app.config["CONFIRM_RESEND_RATE_LIMIT"])


def _resend_address_rate_limit() -> str:
    return str(current_app.config["CONFIRM_RESEND_ADDRESS_RATE_LIMIT"])


def _resend_address() -> str:
    """Count requests per address typed (registered or not), apart from the per-client count."""
    return "confirm-resend:" + request.form.get("email", "").strip().lower()[:200]


def _resend_refused(limit: RequestLimit) -> Response:
    """Too many requests: say so next to the field, and when to try again."""
    form = ResendConfirmationForm()
    minutes = max(math.ceil((limit.window.reset_time - time.time()) / 60), 1)
    add_error(
        form.email,
        gettext(
            "Too many requests for a new link. Try again in %(minutes)d minutes.",
            minutes=minutes,
        ),
    )
    response = make_response(render_template("portal/resend.html", form=form), 429)
    response.headers["Retry-After"] = str(minutes * 60)
    return response


@bp.route("/portal/confirm/resend", methods=["GET", "POST"])
@limiter.limit(_resend_rate_limit, methods=["POST"], on_breach=_resend_refused)
@limiter.limit(
    _resend_address_rate_limit,
    key_func=_resend_address,
    methods=["POST"],
    on_breach=_resend_refused,
)
def resend() -> ResponseReturnValue:
    """Send a new confirmation link; the answer is the same whether the address is registered."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = ResendConfirmationForm()
    if form.validate_on_submit():
        resend_confirmation(
            form.email.data or "",
            now=utcnow(),
            interval=timedelta(seconds=int(current_app.config["CONFIRM_RESEND_INTERVAL"])),
        )
        db.session.commit()
        return render_template("portal/resent.html", email=form.email.data.strip())
    return render_template("portal/resend.html", form=form), (400 if form.errors else 200)


@bp.post("/portal/logout")
def logout() -> ResponseReturnValue:
    """End the citizen's session entirely, on the server too."""
    end_session(current_user._get_current_object())
    db.session.commit()
    flash(gettext("You have signed out."), "info")
    return redirect(url_for("portal.login"))
