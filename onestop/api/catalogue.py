"""The procedure catalogue as JSON."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import request
from flask.typing import ResponseReturnValue

from onestop.api import bp
from onestop.api.auth import api_rate_limit, rate_limit_key
from onestop.api.errors import ApiError
from onestop.catalogue.models import Procedure
from onestop.catalogue.serialize import spec_to_data
from onestop.db import db
from onestop.extensions import limiter
from onestop.text import fold


def int_arg(name: str, default: int, low: int, high: int) -> int:
    """Read an integer query parameter within bounds, or answer 400."""
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise ApiError(400, f"{name} must be an integer from {low} to {high}.")
    return int(raw)


def summary(procedure: Procedure) -> dict[str, Any]:
    return {
        "code": procedure.code,
        "name": procedure.name,
        "field": {"code": procedure.field_code, "name": procedure.field_name},
        "government_level": procedure.government_level,
        "online_level": procedure.online_level,
        "version": procedure.current_version.number if procedure.current_version else None,
    }


@bp.get("/procedures")
@limiter.limit(api_rate_limit, key_func=rate_limit_key)
def procedures() -> ResponseReturnValue:
    """List procedures, optionally searched (diacritics optional) and filtered, a page at a time."""
    page = int_arg("page", 1, 1, 10_000)
    per_page = int_arg("per_page", 50, 1, 200)
    query = sa.select(Procedure).where(Procedure.active.is_(True))
    for word in fold(request.args.get("q", ""))[:200].split()[:8]:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Procedure.search_text.like(f"%{escaped}%", escape="\\"))
    if field := request.args.get("field"):
        query = query.where(Procedure.field_code == field)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(
        query.options(sa.orm.joinedload(Procedure.current_version))
        .order_by(Procedure.code)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return {"items": [summary(p) for p in rows], "page": page, "per_page": per_page, "total": total}


@bp.get("/procedures/<code>")
@limiter.limit(api_rate_limit, key_func=rate_limit_key)
def procedure(code: str) -> ResponseReturnValue:
    """Return every published part of a procedure."""
    found = db.session.scalar(
        sa.select(Procedure).where(Procedure.code == code, Procedure.active.is_(True))
    )
    if found is None or found.current_version is None:
        raise ApiError(404, "No procedure has this code.")
    return {**summary(found), "spec": spec_to_data(found.spec)}
