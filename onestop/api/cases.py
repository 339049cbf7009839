"""Case records for authorised integrations: one case, and a feed of cases changed since a time."""

from __future__ import annotations

import base64
import json
from datetime import datetime

import sqlalchemy as sa
from flask import request
from flask.typing import ResponseReturnValue

from onestop.api import bp
from onestop.api.auth import api_rate_limit, rate_limit_key, token_required, token_unit
from onestop.api.catalogue import int_arg
from onestop.api.errors import ApiError
from onestop.api.national import national_record, parse_portal_date
from onestop.cases.models import Case, CaseEvent, CaseFile
from onestop.db import db
from onestop.extensions import limiter
from onestop.organisation.models import Unit
from onestop.signing.models import DocumentKind, SignedDocument


def _in_scope() -> sa.ColumnElement[bool]:
    """Cases received or handled inside the token's unit and below."""
    prefix = token_unit().path
    units = sa.select(Unit.id).where(Unit.path.startswith(prefix))
    return sa.or_(Case.receiving_unit_id.in_(units), Case.handling_unit_id.in_(units))


def records_for(cases: list[Case]) -> list[dict[str, object]]:
    """The national-format records of these cases: events, files, signed results (four queries)."""
    ids = [c.id for c in cases]
    events: dict[int, list[CaseEvent]] = {i: [] for i in ids}
    files: dict[int, list[CaseFile]] = {i: [] for i in ids}
    for event in db.session.scalars(
        sa.select(CaseEvent)
        .where(CaseEvent.case_id.in_(ids))
        .options(sa.orm.joinedload(CaseEvent.actor))
        .order_by(CaseEvent.id)
    ):
        events[event.case_id].append(event)
    for file in db.session.scalars(
        sa.select(CaseFile)
        .where(CaseFile.case_id.in_(ids))
        .options(sa.orm.joinedload(CaseFile.document))
        .order_by(CaseFile.id)
    ):
        files[file.case_id].append(file)
    signed: dict[int, SignedDocument] = {}
    for document in db.session.scalars(
        sa.select(SignedDocument)
        .where(SignedDocument.case_id.in_(ids), SignedDocument.kind == DocumentKind.RESULT)
        .order_by(SignedDocument.id)
    ):
        signed[document.case_id or 0] = document  # the latest wins
    return [national_record(c, events[c.id], files[c.id], signed.get(c.id)) for c in cases]


@bp.get("/cases/<code>")
@limiter.limit(api_rate_limit, key_func=rate_limit_key)
@token_required
def case(code: str) -> ResponseReturnValue:
    """Return one case in the national portal's format, if the token's unit takes part in it."""
    # Out of scope answers exactly like unknown: case codes are sequential, so a different
    # answer would let a token holder list which cases exist in other units.
    found = db.session.scalar(sa.select(Case).where(Case.code == code, _in_scope()))
    if found is None:
        raise ApiError(404, "No case with this code in the token's units.")
    return records_for([found])[0]


def _encode_cursor(updated_at: datetime, case_id: int) -> str:
    raw = json.dumps([updated_at.isoformat(), case_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        stamp, case_id = json.loads(raw)
        return datetime.fromisoformat(stamp), int(case_id)
    except (ValueError, TypeError) as error:
        raise ApiError(400, "cursor is not one this API issued.") from error


@bp.get("/cases/changes")
@limiter.limit(api_rate_limit, key_func=rate_limit_key)
@token_required
def changes() -> ResponseReturnValue:
    """Cases changed since a time (yyyyMMddHHmmss), oldest first; follow next_cursor for more."""
    limit = int_arg("limit", 100, 1, 500)
    query = sa.select(Case).where(_in_scope(), Case.code.is_not(None))
    if cursor := request.args.get("cursor"):
        stamp, last_id = _decode_cursor(cursor)
        query = query.where(
            sa.or_(Case.updated_at > stamp, sa.and_(Case.updated_at == stamp, Case.id > last_id))
        )
    elif since := request.args.get("since"):
        try:
            query = query.where(Case.updated_at >= parse_portal_date(since))
        except ValueError as error:
            raise ApiError(400, "since must be a date as yyyyMMddHHmmss.") from error
    rows = db.session.scalars(
        query.options(
            sa.orm.joinedload(Case.procedure_version),
            sa.orm.joinedload(Case.handling_unit),
            sa.orm.joinedload(Case.receiving_unit),
        )
        .order_by(Case.updated_at, Case.id)
        .limit(limit + 1)
    ).all()
    page, more = list(rows[:limit]), len(rows) > limit
    return {
        "items": records_for(page),
        "next_cursor": _encode_cursor(page[-1].updated_at, page[-1].id) if more else None,
    }
