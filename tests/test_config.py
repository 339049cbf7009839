"""Configuration from the environment, the instance secret key, SQLite settings, services."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from onestop import create_app
from onestop.config import instance_secret_key
from onestop.db import db
from tests.conftest import IN_CI


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path: Path) -> None:
    first = instance_secret_key(tmp_path)
    assert len(first) == 64
    assert instance_secret_key(tmp_path) == first
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example/onestop")
    monkeypatch.setenv("ONESTOP_LOGIN_MAX_FAILURES", "3")
    monkeypatch.setenv("SECRET_KEY", "from-env-" + "k" * 32)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/onestop"
    assert app.config["LOGIN_MAX_FAILURES"] == 3
    assert app.config["SECRET_KEY"] == "from-env-" + "k" * 32


def test_sqlite_default_has_foreign_keys_wal_and_busy_timeout(tmp_path: Path) -> None:
    app = create_app(
        {"DATABASE_URL": "sqlite:///" + str(tmp_path / "x.sqlite3"), "SECRET_KEY": "x"}
    )
    with app.app_context(), db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
        db.engine.dispose()


def test_default_database_is_a_sqlite_file_in_the_instance_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"SECRET_KEY": "x"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///" + str(
        Path(app.instance_path) / "onestop.sqlite3"
    )


def test_timestamps_round_trip_as_utc(app: Flask) -> None:
    from datetime import UTC, datetime, timedelta, timezone

    from onestop.organisation.models import Unit, UnitLevel
    from onestop.organisation.services import create_unit

    unit = create_unit(code="000.99.99.H56", name="Thử", level=UnitLevel.COMMUNE)
    local = datetime(2026, 3, 2, 9, 30, tzinfo=timezone(timedelta(hours=7)))
    unit.created_at = local
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(Unit, unit.id)
    assert stored is not None
    assert stored.created_at == local and stored.created_at.tzinfo == UTC
    with app.test_request_context():
        from onestop.timefmt import format_datetime

        assert format_datetime(stored.created_at) == "09:30 02/03/2026"


def test_database_and_redis_are_reachable_in_ci() -> None:
    """In CI the suite runs against the real servers; being unable to reach one is a failure."""
    if not IN_CI:
        pytest.skip("only meaningful with CI=true")
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"], socket_connect_timeout=3)
    assert client.ping() is True
    if os.environ.get("DATABASE_URL"):  # unset in the second CI pass, which runs on SQLite
        url = os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://")
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT 1")).scalar() == 1
        engine.dispose()
