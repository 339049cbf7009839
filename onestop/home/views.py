"""Landing page per role, and a health check for load balancers."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from onestop.accounts.forms import ROLE_LABELS
from onestop.db import db

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> ResponseReturnValue:
    """Show staff their start page; the public starts at the procedure catalogue."""
    if not current_user.is_authenticated:
        return redirect(url_for("catalogue.index"))
    if not current_user.is_staff:  # a citizen starts at their own cases
        return redirect(url_for("portal.my_cases"))
    return render_template("home/index.html", role_label=ROLE_LABELS[current_user.role])


@bp.get("/healthz")
def health() -> ResponseReturnValue:
    """Answer 200 when the database answers."""
    db.session.execute(sa.text("SELECT 1"))
    return {"status": "ok"}
