"""Public status lookup by case code and the lookup code printed on the receipt (its QR opens it)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import ClientDisconnected

from onestop.counter.labels import STATUS_LABELS
from onestop.errors import handle_csrf_error
from onestop.extensions import limiter
from onestop.portal.status import find_public_status

bp = Blueprint("portal", __name__)


def _lookup_limit() -> str:
    return str(current_app.config["LOOKUP_RATE_LIMIT"])


@bp.get("/lookup")
@limiter.limit(_lookup_limit)
def lookup() -> ResponseReturnValue:
    """Show a case's public status; a wrong code and a wrong lookup code get the same answer."""
    code = request.args.get("code", "")
    key = request.args.get("key", "")
    result = find_public_status(code, key) if code or key else None
    not_found = bool(code or key) and result is None
    return render_template(
        "portal/lookup.html",
        code=code,
        key=key,
        result=result,
        not_found=not_found,
        status_label=str(STATUS_LABELS[result.status]) if result else "",
    ), (404 if not_found else 200)


def _interrupted_page() -> ResponseReturnValue:
    return render_template(
        "errors/error.html",
        code=400,
        title=gettext("The upload was interrupted"),
        message=gettext(
            "The connection was lost before every file arrived. Nothing was saved: go back and "
            "submit the form again."
        ),
    ), 400


@bp.errorhandler(ClientDisconnected)
def interrupted(error: ClientDisconnected) -> ResponseReturnValue:
    """A request body cut short (connection lost mid-upload): say so; nothing was saved."""
    return _interrupted_page()


@bp.errorhandler(CSRFError)
def csrf_or_interrupted(error: CSRFError) -> ResponseReturnValue:
    """Tell an interrupted upload from an expired form.

    Werkzeug drops every field of a multipart body that stops before its closing boundary, so
    a cut-off upload arrives as a non-empty body with no fields at all (the token included).
    """
    if (
        request.mimetype == "multipart/form-data"
        and (request.content_length or 0) > 0
        and not request.form
        and not request.files
    ):
        return _interrupted_page()
    return handle_csrf_error(error)


from onestop.portal import (  # noqa: E402, F401  (routes register on bp)
    auth,
    check,
    feedback_views,
    my_cases,
    submit,
)
