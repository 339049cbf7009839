"""Which cases and slips a signed-in user may see: those of their unit's tree, else 404."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort

from onestop.accounts.models import User
from onestop.accounts.permissions import unit_in_scope
from onestop.cases.models import Case, CounterSlip
from onestop.db import db
from onestop.organisation.models import Unit
from onestop.processing.models import CaseStep


def may_see(user: User, case: Case) -> bool:
    """Staff of the receiving or the handling unit (or above it) see a case, and so do the
    units taking part in it (liên thông) — those see only the cases they take part in."""
    if unit_in_scope(user, case.receiving_unit) or unit_in_scope(user, case.handling_unit):
        return True
    taking_part = (
        sa.select(CaseStep.id)
        .join(Unit, Unit.id == CaseStep.unit_id)
        .where(CaseStep.case_id == case.id, Unit.path.startswith(user.unit.path))
        .limit(1)
    )
    return db.session.scalar(taking_part) is not None


def case_or_404(user: User, case_id: int) -> Case:
    """Load a case the user may see, or answer 404 (not 403: ids must not be probed)."""
    case = db.session.get(Case, case_id)
    if case is None or not may_see(user, case):
        abort(404)
    return case


def case_by_code(user: User, code: str) -> Case | None:
    """Find a case by its code, typed or scanned; None when unknown or outside the user's units."""
    code = "".join(code.split()).upper()
    if not code:
        return None
    case = db.session.scalar(sa.select(Case).where(Case.code == code))
    return case if case is not None and may_see(user, case) else None


def desk_case_or_404(user: User, case_id: int) -> Case:
    """Load a case received at the user's own desk tree, for acts only the counter does."""
    case = db.session.get(Case, case_id)
    if case is None or not unit_in_scope(user, case.receiving_unit):
        abort(404)
    return case


def slip_or_404(user: User, slip_id: int) -> CounterSlip:
    slip = db.session.get(CounterSlip, slip_id)
    if slip is None or not unit_in_scope(user, slip.unit):
        abort(404)
    return slip
