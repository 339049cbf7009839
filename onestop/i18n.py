"""Language: Vietnamese by default, English on request."""

from __future__ import annotations

from flask import (
    Blueprint,
    Flask,
    current_app,
    has_request_context,
    redirect,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_login import current_user

from onestop.extensions import babel
from onestop.security import safe_next_url

bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    """Pick the session's language, then the signed-in user's, then Vietnamese.

    Outside a request (CLI commands, workers) the default language is used.
    """
    languages: list[str] = current_app.config["LANGUAGES"]
    if not has_request_context():
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    chosen = session.get("lang")
    if chosen in languages:
        return str(chosen)
    if (
        current_user
        and current_user.is_authenticated
        and getattr(current_user, "locale", None) in languages
    ):
        return str(current_user.locale)
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


@bp.post("/lang/<code>")
def switch_language(code: str) -> ResponseReturnValue:
    """Remember the chosen language for this browser session."""
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(safe_next_url(request.form.get("next")) or url_for("home.index"))


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals["get_locale"] = get_locale
    app.register_blueprint(bp)
