"""Forms 02 and 03 handed out at the counter: the slip page and its PDF."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from onestop.accounts.models import Role
from onestop.accounts.permissions import role_required
from onestop.cases.models import SlipKind
from onestop.counter import bp
from onestop.counter.access import slip_or_404
from onestop.counter.pdf import pdf_response
from onestop.counter.printing import issued_slip
from onestop.db import db


@bp.get("/counter/slips/<int:slip_id>")
@role_required(Role.COUNTER_OFFICER)
def slip(slip_id: int) -> ResponseReturnValue:
    """Confirm a slip was issued and offer its PDF."""
    return render_template("counter/slip.html", slip=slip_or_404(current_user, slip_id))


@bp.get("/counter/slips/<int:slip_id>.pdf")
@role_required(Role.COUNTER_OFFICER)
def slip_pdf(slip_id: int) -> ResponseReturnValue:
    """Print form 02 or 03."""
    slip = slip_or_404(current_user, slip_id)
    number = "02" if slip.kind is SlipKind.SUPPLEMENT else "03"
    pdf = issued_slip(slip)
    db.session.commit()  # a signed copy is recorded
    return pdf_response(pdf, f"mau-{number}-{slip.id}.pdf")
