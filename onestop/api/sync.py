"""Outbound sync: push changed cases, in the national portal's format, to a configured endpoint.

Runs on a clock (`flask cron`, maintenance queue). The cursor only advances past cases the
receiver accepted, so a failed push is simply retried by the next run (or RQ's Retry); every
attempt is recorded in sync_pushes.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import sqlalchemy as sa
from flask import current_app

from onestop.api.cases import records_for
from onestop.api.models import SyncCursor, SyncPush
from onestop.cases.models import Case
from onestop.db import db


class SyncRefused(RuntimeError):
    """The receiving portal did not accept the batch; the run fails so it is retried."""


def _post(
    url: str, token: str, payload: dict[str, Any], timeout: float
) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(  # noqa: S310 (the URL is the administrator's configuration)
        url,
        data=json.dumps(payload, ensure_ascii=False).encode(),
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Authorization": f"Bearer {token}",
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read()
            return response.status, (json.loads(body) if body else {})
    except urllib.error.HTTPError as error:
        return error.code, {}


def push_case_changes(at: str | None = None) -> int:
    """Push the next batch of changed cases; return how many the receiver accepted."""
    config = current_app.config
    url = config.get("SYNC_ENDPOINT_URL")
    if not url:
        return 0
    cursor = db.session.scalar(sa.select(SyncCursor).where(SyncCursor.endpoint == url))
    if cursor is None:
        cursor = SyncCursor(endpoint=url, last_case_id=0)
        db.session.add(cursor)
        db.session.flush()
    query = sa.select(Case).where(Case.code.is_not(None))
    if cursor.last_updated_at is not None:
        query = query.where(
            sa.or_(
                Case.updated_at > cursor.last_updated_at,
                sa.and_(Case.updated_at == cursor.last_updated_at, Case.id > cursor.last_case_id),
            )
        )
    batch = list(
        db.session.scalars(
            query.order_by(Case.updated_at, Case.id).limit(int(config["SYNC_BATCH"]))
        )
    )
    if not batch:
        db.session.commit()
        return 0
    stamps = {case.id: case.updated_at for case in batch}
    records = records_for(batch)
    db.session.commit()  # no transaction stays open while the receiver answers
    try:
        status, answer = _post(
            url, config.get("SYNC_TOKEN") or "", {"items": records}, float(config["SYNC_TIMEOUT"])
        )
        error = "" if 200 <= status < 300 else f"HTTP {status}"
    except (urllib.error.URLError, TimeoutError, ValueError) as problem:
        status, answer, error = None, {}, str(problem)[:500]
    # The receiver may accept part of a batch; without a list, a 2xx accepts all of it.
    accepted_codes = (
        set(answer.get("accepted", [r["MaHoSo"] for r in records])) if not error else set()
    )
    for case in batch:
        db.session.add(
            SyncPush(
                case_id=case.id,
                endpoint=url,
                case_updated_at=stamps[case.id],
                status_code=status,
                accepted=case.code in accepted_codes,
                error=error,
            )
        )
    # Advance over the leading run of accepted cases only: nothing is skipped for good.
    for case in batch:
        if case.code not in accepted_codes:
            break
        cursor.last_updated_at, cursor.last_case_id = stamps[case.id], case.id
    db.session.commit()
    if error or len(accepted_codes) < len(batch):
        raise SyncRefused(error or f"{len(batch) - len(accepted_codes)} cases not accepted")
    return len(accepted_codes)
