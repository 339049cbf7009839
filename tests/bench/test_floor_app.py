"""bench/floor_app.py, the load benchmark's floor lookup, runs the app's own lookup statement."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from onestop.accounts.models import User
from onestop.cases.intake import accept_case
from onestop.catalogue.models import Procedure
from onestop.db import db
from tests.cases.factories import complete_intake
from tests.conftest import isolated_app
from tests.faults.conftest import drill_app


def test_the_floor_lookup_finds_a_case_as_the_app_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The floor lookup speaks psycopg to PostgreSQL only: isolated_app skips loudly without
    # one, and fails in CI.
    with (
        isolated_app("postgresql", tmp_path) as scratch,
        drill_app(scratch.config["SQLALCHEMY_DATABASE_URI"], tmp_path) as app,
        app.app_context(),
    ):
        procedure = db.session.scalar(sa.select(Procedure).filter_by(code="2.000815"))
        officer = db.session.scalar(sa.select(User).filter_by(username="tiepnhan"))
        assert procedure is not None and officer is not None
        case = accept_case(
            complete_intake(procedure, uploads=[]),
            officer=officer,
            now=datetime(2026, 3, 2, 2, 15, tzinfo=UTC),
        )
        db.session.commit()
        monkeypatch.setenv("DATABASE_URL", db.engine.url.render_as_string(hide_password=False))
        floor = importlib.import_module("bench.floor_app")
        floor = importlib.reload(floor)  # its connection URL is read at import
        client = floor.app.test_client()
        found = client.get(f"/lookup?code={case.code}&key={case.lookup_code}")
        html = found.get_data(as_text=True)
        assert found.status_code == 200
        assert f"Hồ sơ {case.code}" in html and "Chứng thực bản sao từ bản chính" in html
        assert client.get(f"/lookup?code={case.code}&key=WRONG1").status_code == 404
        floor._local.conn.close()
