"""Fixtures for API tests: cases at two communes, and tokens scoped to units."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from onestop.api.tokens import create_token
from onestop.cases.intake import accept_case
from onestop.cases.models import Case
from onestop.db import db
from onestop.organisation.models import Unit
from tests.cases.factories import complete_intake

MONDAY_0915 = datetime(2026, 3, 2, 2, 15, tzinfo=UTC)


@pytest.fixture
def cases(app: Flask, catalogue: dict[str, Any], demo: dict[str, Any]) -> list[Case]:
    """Five cases accepted at UBND phường Hạc Thành, a minute apart."""
    made = []
    with app.app_context():
        for i in range(5):
            case = accept_case(
                complete_intake(catalogue["2.000815"], uploads=[]),
                officer=demo["tiepnhan"],
                now=MONDAY_0915 + timedelta(minutes=i),
            )
            case.updated_at = MONDAY_0915 + timedelta(minutes=i)
            made.append(case)
    db.session.commit()
    return made


def unit(code: str) -> Unit:
    found = db.session.scalar(sa.select(Unit).where(Unit.code == code))
    assert found is not None
    return found


@pytest.fixture
def province_token(demo: dict[str, Any]) -> str:
    _, secret = create_token(
        name="Cổng DVC quốc gia", unit=unit("000.00.00.H56"), created_by=demo["quantri"]
    )
    db.session.commit()
    return secret


@pytest.fixture
def other_commune_token(demo: dict[str, Any]) -> str:
    _, secret = create_token(
        name="Phần mềm xã Quảng Phú", unit=unit("000.17.23.H56"), created_by=demo["quantri"]
    )
    db.session.commit()
    return secret


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}
