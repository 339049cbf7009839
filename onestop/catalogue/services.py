"""Catalogue writes and lookups used by other features."""

from __future__ import annotations

import sqlalchemy as sa

from onestop.catalogue.fees import compute_fee
from onestop.catalogue.model import Channel, FeeKind, FeeRule
from onestop.catalogue.models import Procedure, UnitProcedure
from onestop.db import db
from onestop.organisation.models import Unit


def adopt_procedure(
    unit: Unit,
    procedure: Procedure,
    *,
    fee_overrides: dict[str, int] | None = None,
    fee_note: str = "",
) -> UnitProcedure:
    """Let a unit offer a procedure, with the amounts its province set per channel."""
    overrides = {Channel(k).value: int(v) for k, v in (fee_overrides or {}).items()}
    if any(v < 0 for v in overrides.values()):
        raise ValueError("a fee cannot be negative")
    adoption = db.session.scalar(
        sa.select(UnitProcedure).where(
            UnitProcedure.unit_id == unit.id, UnitProcedure.procedure_id == procedure.id
        )
    )
    if adoption is None:
        adoption = UnitProcedure(unit=unit, procedure=procedure)
        db.session.add(adoption)
    adoption.fee_overrides = overrides
    adoption.fee_note = fee_note
    adoption.active = True
    db.session.flush()
    return adoption


def fee_rule_for(unit: Unit | None, procedure: Procedure, channel: Channel) -> FeeRule:
    """Return the fee rule in force at a unit: its adopted amount, else the catalogue's rule."""
    terms = procedure.spec.terms(channel)
    if terms is None:
        raise ValueError(f"{procedure.code} is not offered on the {channel.value} channel")
    rule = terms.fee
    if unit is None:
        return rule
    adoption = db.session.scalar(
        sa.select(UnitProcedure).where(
            UnitProcedure.unit_id == unit.id,
            UnitProcedure.procedure_id == procedure.id,
            UnitProcedure.active.is_(True),
        )
    )
    if adoption is None or channel.value not in adoption.fee_overrides:
        return rule
    return FeeRule(kind=FeeKind.FLAT, name=rule.name, amount=adoption.fee_overrides[channel.value])


def fee_for(
    unit: Unit | None, procedure: Procedure, channel: Channel, *, pages: int = 1, copies: int = 1
) -> int:
    """Compute the fee a unit charges for a procedure on a channel."""
    return compute_fee(fee_rule_for(unit, procedure, channel), pages=pages, copies=copies)
