"""Three SQL helpers written once per database: epoch seconds, local day, local month.

Timestamps are stored as naive UTC on both databases; the office zone (Vietnam, no daylight
saving) enters as a fixed offset in seconds, so the day and month arithmetic stays in SQL.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class epoch(FunctionElement[int]):
    """Seconds since 1970 of a stored (naive UTC) timestamp."""

    type = sa.Integer()
    inherit_cache = True


@compiles(epoch, "postgresql")
def _epoch_pg(element: epoch, compiler: SQLCompiler, **kw: Any) -> str:
    # date_part returns double precision: cheaper per row than extract()'s numeric.
    return f"date_part('epoch', {compiler.process(element.clauses, **kw)})"


@compiles(epoch)
def _epoch_default(element: epoch, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(strftime('%s', {compiler.process(element.clauses, **kw)}) AS INTEGER)"


class local_day(FunctionElement[int]):
    """Office-local day number of an epoch-seconds expression: (x + offset) div 86400."""

    type = sa.Integer()
    inherit_cache = True


@compiles(local_day, "postgresql")
def _day_pg(element: local_day, compiler: SQLCompiler, **kw: Any) -> str:
    seconds, offset = list(element.clauses)
    return f"floor(({compiler.process(seconds, **kw)} + {compiler.process(offset, **kw)}) / 86400)"


@compiles(local_day)
def _day_default(element: local_day, compiler: SQLCompiler, **kw: Any) -> str:
    seconds, offset = list(element.clauses)
    # SQLite divides integers exactly like div(); seconds are positive here.
    return f"(({compiler.process(seconds, **kw)} + {compiler.process(offset, **kw)}) / 86400)"


class local_month(FunctionElement[int]):
    """Office-local month of a stored timestamp as the integer yyyymm, given the offset."""

    type = sa.Integer()
    inherit_cache = True


@compiles(local_month, "postgresql")
def _month_pg(element: local_month, compiler: SQLCompiler, **kw: Any) -> str:
    moment, offset = list(element.clauses)
    # Integers group faster than to_char()'s text.
    shifted = f"({compiler.process(moment, **kw)} + make_interval(secs => {compiler.process(offset, **kw)}))"
    return f"(date_part('year', {shifted}) * 100 + date_part('month', {shifted}))::int"


@compiles(local_month)
def _month_default(element: local_month, compiler: SQLCompiler, **kw: Any) -> str:
    moment, offset = list(element.clauses)
    return (
        f"CAST(strftime('%Y%m', {compiler.process(moment, **kw)}, "
        f"({compiler.process(offset, **kw)}) || ' seconds') AS INTEGER)"
    )
