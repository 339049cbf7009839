"""Sign in and sign out."""

from __future__ import annotations

from datetime import timedelta

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user, login_required

from onestop.accounts.forms import LoginForm
from onestop.accounts.services import LoginRefused, authenticate
from onestop.accounts.sessions import begin_session, end_session, lockout_message
from onestop.db import db, utcnow
from onestop.extensions import limiter
from onestop.forms import add_error
from onestop.security import safe_next_url

bp = Blueprint("auth", __name__)


def _login_rate_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
def login() -> ResponseReturnValue:
    """Check credentials; lock the account for a while after repeated failures."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        config = current_app.config
        try:
            user = authenticate(
                form.username.data or "",
                form.password.data or "",
                now=utcnow(),
                max_failures=config["LOGIN_MAX_FAILURES"],
                lockout=timedelta(minutes=config["LOGIN_LOCKOUT_MINUTES"]),
            )
        except LoginRefused as refused:
            db.session.commit()  # keep the failure count
            if refused.locked_until is not None:
                add_error(form.username, lockout_message(refused.locked_until))
            else:
                add_error(form.password, gettext("Wrong username or password."))
        else:
            begin_session(user)
            db.session.commit()
            return redirect(safe_next_url(form.next.data) or url_for("home.index"))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout() -> ResponseReturnValue:
    """End the session entirely, on the server too."""
    end_session(current_user._get_current_object())
    db.session.commit()
    flash(gettext("You have signed out."), "info")
    return redirect(url_for("auth.login"))
