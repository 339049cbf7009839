"""Gap-free numbering: case codes per unit per day, register lines and slip numbers per year."""

from __future__ import annotations

import secrets
from datetime import datetime

from onestop.calendar.workcal import to_local
from onestop.cases.models import SequenceCounter
from onestop.db import db, upsert_insert

# No 0/O, 1/I/L: a lookup code is read off paper and typed by hand.
LOOKUP_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def next_number(unit_id: int, name: str, period: str) -> int:
    """Take the next number of a sequence inside the current transaction.

    The upsert locks the counter row until commit, so concurrent intakes queue for it; a rolled-back
    intake rolls its number back too, so the sequence has no gaps.
    """
    statement = (
        upsert_insert(db.session.get_bind(), SequenceCounter)
        .values(unit_id=unit_id, name=name, period=period, last=1)
        .on_conflict_do_update(
            index_elements=["unit_id", "name", "period"],
            set_={"last": SequenceCounter.last + 1},
        )
        .returning(SequenceCounter.last)
    )
    number: int = db.session.execute(statement).scalar_one()
    return number


def case_code(unit_code: str, unit_id: int, accepted_at: datetime) -> str:
    """Issue `<unit identifier>-YYMMDD-NNNN` for a case accepted now (date in Vietnam time)."""
    day = to_local(accepted_at).date()
    number = next_number(unit_id, "case_code", day.isoformat())
    code = f"{unit_code}-{day:%y%m%d}-{number:04d}"
    if not code.isascii():  # Code128 cannot print it; unit codes are validated ASCII anyway
        raise ValueError(f"case code {code!r} is not ASCII")
    return code


def lookup_code() -> str:
    """A short random code printed on the receipt, asked for with the case code."""
    return "".join(secrets.choice(LOOKUP_ALPHABET) for _ in range(6))


def register_line(unit_id: int, accepted_at: datetime) -> tuple[int, int]:
    """Return (year, line) in the unit's case register, numbered from 1 each year."""
    year = to_local(accepted_at).year
    return year, next_number(unit_id, "register", str(year))


def slip_number(unit_id: int, kind: str, at: datetime) -> tuple[int, int]:
    year = to_local(at).year
    return year, next_number(unit_id, f"slip_{kind}", str(year))


__all__ = ["case_code", "lookup_code", "next_number", "register_line", "slip_number"]
