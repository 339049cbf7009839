"""The scan box: open a case by its code, typed or read by a barcode scanner."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from onestop.counter import bp
from onestop.counter.access import case_by_code


@bp.get("/cases/find")
@login_required
def find() -> ResponseReturnValue:
    """Open the case with this code; unknown and out-of-scope codes get the same answer."""
    code = request.args.get("code", "").strip()
    case = case_by_code(current_user, code)
    if case is None:
        return render_template("counter/not_found.html", code=code), 404
    return redirect(url_for("counter.case", case_id=case.id))
