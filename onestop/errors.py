"""Error pages in the user's language, and JSON for API clients."""

from __future__ import annotations

import contextlib
import math
import sys
import time

import sqlalchemy as sa
from flask import Flask, current_app, g, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import force_locale, gettext
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from onestop.db import db
from onestop.extensions import limiter, login_manager
from onestop.i18n import chosen_language


def _page(
    code: int, title: str, message: str, headers: dict[str, str] | None = None
) -> ResponseReturnValue:
    page = render_template("errors/error.html", code=code, title=title, message=message)
    return page, code, headers or {}


def retry_after(error: HTTPException) -> dict[str, str]:
    """The Retry-After header of a refused (rate-limited) request: seconds until its window frees."""
    if not isinstance(error, RateLimitExceeded):
        return {}
    seconds = error.limit.limit.get_expiry()  # the whole window: never too early
    try:
        current = limiter.current_limit  # asks the limit's storage when its window frees
        if current is not None:
            seconds = math.ceil(current.reset_at - time.time())
    except Exception:  # Redis gone since the hit: the refusal must not become a server error
        current_app.logger.warning("rate-limit storage unavailable for Retry-After", exc_info=True)
    return {"Retry-After": str(max(1, seconds))}


def handle_http_error(error: HTTPException) -> ResponseReturnValue:
    if error.response is not None:
        # An answer the view prepared for this case (a rate limit's own page, next to its form).
        return error.response
    if request.path.startswith("/api/"):
        from onestop.api.errors import (
            api_error_response,
        )  # the API package imports this module's users

        response = api_error_response(error)
        response.headers.update(retry_after(error))
        return response
    code = error.code or 500
    titles = {
        400: gettext("Bad request"),
        403: gettext("Not allowed"),
        404: gettext("Not found"),
        405: gettext("Not allowed"),
        413: gettext("File too large"),
        429: gettext("Too many requests"),
    }
    messages = {
        403: gettext("Your account is not allowed to open this page."),
        404: gettext("The page or record you asked for does not exist."),
        413: gettext(
            "The files sent together are larger than allowed (%(mb)s MB). Nothing was saved: go "
            "back and attach fewer or smaller files.",
            mb=f"{(current_app.config.get('MAX_CONTENT_LENGTH') or 0) / 1048576:g}",
        ),
        429: gettext("Too many attempts. Wait a minute and try again."),
    }
    return _page(
        code,
        titles.get(code, gettext("Error")),
        messages.get(code, error.description or ""),
        retry_after(error),
    )


def handle_csrf_error(error: CSRFError) -> ResponseReturnValue:
    return _page(
        400,
        gettext("The form has expired"),
        gettext(
            "The page was open too long or was sent from elsewhere. Go back, reload it and try again."
        ),
    )


def _roll_back() -> None:
    # A connection gone already cannot roll back; the pool replaces it.
    with contextlib.suppress(sa.exc.SQLAlchemyError):
        db.session.rollback()


def handle_server_error(error: Exception) -> ResponseReturnValue:
    _roll_back()
    if request.path.startswith("/api/"):
        from onestop.api.errors import error_response

        return error_response(500, "Internal error; nothing was saved.")
    return _page(500, gettext("Something went wrong"), gettext("Nothing was saved. Try again."))


RETRY_AFTER_SECONDS = 5


def database_unavailable(error: Exception) -> bool:
    """True for database failures that pass: restarting, unreachable, busy, out of connections."""
    if isinstance(error, sa.exc.TimeoutError):  # no pooled connection came free in time
        return True
    if not isinstance(error, sa.exc.DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    if type(error.orig).__module__ == "sqlite3":
        # SQLite reports mistakes in the schema as OperationalError too; only a busy file passes.
        return "locked" in str(error.orig) or "busy" in str(error.orig)
    # psycopg: the server is down, restarting, out of connections, or cut the connection off.
    return isinstance(error, sa.exc.OperationalError | sa.exc.InterfaceError)


def handle_database_error(error: Exception) -> ResponseReturnValue:
    """Answer 503 while the database is away; anything else is an ordinary server error."""
    if not database_unavailable(error):
        propagate = current_app.config["PROPAGATE_EXCEPTIONS"]
        if propagate or (propagate is None and (current_app.testing or current_app.debug)):
            raise error  # as Flask does with any unhandled error in tests and debugging
        current_app.log_exception(sys.exc_info())
        return handle_server_error(error)
    current_app.logger.warning("database unavailable (%s): %s", request.path, error)
    _roll_back()
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if request.path.startswith("/api/"):
        from onestop.api.errors import error_response

        return error_response(503, "Database unavailable; retry later."), 503, headers
    # The page must not touch the database: no menu, the browser's chosen language, and when the
    # signed-in user could not be loaded, Flask-Login must not try again for the template.
    if "_login_user" not in g:
        g._login_user = login_manager.anonymous_user()
    with force_locale(chosen_language() or current_app.config["BABEL_DEFAULT_LOCALE"]):
        page = render_template(
            "errors/unavailable.html",
            title=gettext("Temporarily unavailable"),
            message=gettext(
                "The database cannot be reached for a moment. Wait a few seconds and try "
                "again: what you were doing may not have been saved."
            ),
        )
    return page, 503, headers


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(500, handle_server_error)
    for database_error in (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError):
        app.register_error_handler(database_error, handle_database_error)
