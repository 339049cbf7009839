"""Error pages in the user's language, and JSON for API clients."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from onestop.db import db


def _page(code: int, title: str, message: str) -> ResponseReturnValue:
    return render_template("errors/error.html", code=code, title=title, message=message), code


def handle_http_error(error: HTTPException) -> ResponseReturnValue:
    if request.path.startswith("/api/"):
        from onestop.api.errors import (
            api_error_response,
        )  # the API package imports this module's users

        return api_error_response(error)
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
        code, titles.get(code, gettext("Error")), messages.get(code, error.description or "")
    )


def handle_csrf_error(error: CSRFError) -> ResponseReturnValue:
    return _page(
        400,
        gettext("The form has expired"),
        gettext(
            "The page was open too long or was sent from elsewhere. Go back, reload it and try again."
        ),
    )


def handle_server_error(error: Exception) -> ResponseReturnValue:
    db.session.rollback()
    if request.path.startswith("/api/"):
        from onestop.api.errors import error_response

        return error_response(500, "Internal error; nothing was saved.")
    return _page(500, gettext("Something went wrong"), gettext("Nothing was saved. Try again."))


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(500, handle_server_error)
