"""Language: Vietnamese by default, English on request."""

from __future__ import annotations

from babel import support
from flask import (
    Blueprint,
    Flask,
    current_app,
    has_request_context,
    redirect,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import _get_current_context, get_locale, get_translations
from flask_login import current_user

from onestop.accounts.loader import may_be_signed_in
from onestop.extensions import babel
from onestop.security import safe_next_url

bp = Blueprint("i18n", __name__)

# The visitor's choice is a preference of the browser, not of the session: it is kept for a year,
# survives signing in and out, and costs a public page no session (nor a cookie to sign).
LANGUAGE_COOKIE = "lang"
LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600


def chosen_language() -> str | None:
    """The language this browser chose with the switcher, if it chose a known one."""
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    return chosen if chosen in current_app.config["LANGUAGES"] else None


def select_locale() -> str:
    """Pick the browser's chosen language, then the signed-in user's, then Vietnamese.

    Outside a request (CLI commands, workers) the default language is used.
    """
    if not has_request_context():
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    chosen = chosen_language()
    if chosen:
        return chosen
    if may_be_signed_in() and current_user.is_authenticated:
        locale = getattr(current_user, "locale", None)
        if locale in current_app.config["LANGUAGES"]:
            return str(locale)
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


@bp.get("/lang/<code>")
def switch_language(code: str) -> ResponseReturnValue:
    """Remember the chosen language in this browser, then go back to the page it was chosen on.

    A plain link (no form, no CSRF token): all it can change is the language of the pages shown,
    which a forged link could do no harm with; the session is never touched.
    """
    response = redirect(safe_next_url(request.args.get("next")) or url_for("home.index"))
    if code in current_app.config["LANGUAGES"]:
        response.set_cookie(
            LANGUAGE_COOKIE,
            code,
            max_age=LANGUAGE_COOKIE_MAX_AGE,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Lax",
        )
    return response


def current_translations() -> support.NullTranslations:
    """The catalogue of the context's language, looked up once per context.

    Flask-Babel finds it again for every message (a page has dozens); this keeps it where
    Flask-Babel's own force_locale() and refresh() reset it (`babel_translations`), so a message
    rendered in another language inside a request still comes out in that language.
    """
    context = _get_current_context()
    if context is None:
        return get_translations()
    translations = getattr(context, "babel_translations", None)
    if translations is None:
        translations = context.babel_translations = get_translations()
    return translations


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: current_translations().ugettext(s),
        ngettext=lambda s, p, n: current_translations().ungettext(s, p, n),
        pgettext=lambda c, s: current_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: current_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals["get_locale"] = get_locale
    app.register_blueprint(bp)
