"""Public status lookup by case code and the lookup code printed on the receipt (its QR opens it)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask.typing import ResponseReturnValue

from onestop.counter.labels import STATUS_LABELS
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
        status_labels=STATUS_LABELS,
    ), (404 if not_found else 200)
