"""Test fixtures: one migrated database per run, one rolled-back transaction per test.

DATABASE_URL selects PostgreSQL (CI) or defaults to a temporary SQLite file. With CI=true an
unreachable server fails the run rather than skipping tests.
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade

from onestop import create_app
from onestop.accounts.models import Role, User
from onestop.db import db
from onestop.demo import DEMO_PASSWORD, seed_demo

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")


def reset_database(engine: sa.Engine) -> None:
    """Drop every table (and Alembic's record) so migrations start from empty."""
    meta = sa.MetaData()
    meta.reflect(bind=engine)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            # CASCADE makes the order irrelevant; sorted_tables would warn (an error here) about
            # the procedures <-> procedure_versions cycle, which reflection cannot resolve.
            for table in meta.tables.values():
                conn.execute(sa.text(f'DROP TABLE IF EXISTS "{table.name}" CASCADE'))
        else:
            meta.drop_all(conn)


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    instance = tmp_path_factory.mktemp("instance")
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": _database_url(tmp_path_factory),
            "SECRET_KEY": "test-secret-key",
            "SESSION_COOKIE_SECURE": False,
            "REMEMBER_COOKIE_SECURE": False,
            "RATELIMIT_STORAGE_URI": "memory://",
            "SERVER_NAME": "onestop.test",
            "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
        }
    )
    app.instance_path = str(instance)
    with app.app_context():
        try:
            with db.engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
        except sa.exc.OperationalError as exc:
            message = f"database {db.engine.url!r} is unreachable: {exc}"
            if IN_CI:
                pytest.fail(message)
            pytest.exit(message, returncode=2)
        reset_database(db.engine)
        upgrade()
    # No app context stays pushed: each request must build its own, with its own `g`.
    yield app
    with app.app_context():
        db.engine.dispose()


class _TestScopedSession(sa.orm.scoped_session):  # type: ignore[type-arg]
    """One session shared by the test and the requests it makes, kept open between them."""

    def remove(self) -> None:
        # Flask-SQLAlchemy removes the session when each request ends; the test still holds
        # objects from it, and the rolled-back outer transaction is what isolates tests.
        pass


@pytest.fixture(autouse=True)
def _transaction(request: pytest.FixtureRequest) -> Iterator[None]:
    """Run each test inside a transaction that is rolled back; commits become savepoints.

    No app context stays pushed during the test: each request must get its own (and its own
    `g`), as in production. Tests needing one push it themselves.
    """
    if "app" not in request.fixturenames:
        yield
        return
    app: Flask = request.getfixturevalue("app")
    with app.app_context():
        connection = db.engine.connect()
    outer = connection.begin()
    original = db.session
    test_session = _TestScopedSession(
        sa.orm.sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
    )
    db.session = test_session
    try:
        yield
    finally:
        test_session().close()
        db.session = original
        outer.rollback()
        connection.close()
        # The rows went with the rollback; the scans they pointed at go too.
        shutil.rmtree(app.config["UPLOAD_FOLDER"], ignore_errors=True)


@pytest.fixture(autouse=True)
def _reset_rate_limits(request: pytest.FixtureRequest) -> None:
    if "app" in request.fixturenames:
        from onestop.extensions import limiter

        limiter.reset()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def demo(app: Flask) -> dict[str, User]:
    """The demo organisation, with its users by username."""
    seed_demo()
    return {u.username: u for u in db.session.scalars(sa.select(User))}


@pytest.fixture
def users_by_role(demo: dict[str, User]) -> dict[Role, User]:
    return {Role(u.role): u for u in demo.values()}


def csrf_token(client: FlaskClient, path: str) -> str:
    """Open a page and read the CSRF token out of its form."""
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client: FlaskClient, username: str, password: str = DEMO_PASSWORD) -> Any:
    token = csrf_token(client, "/login")
    return client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )


def post_form(
    client: FlaskClient, path: str, data: dict[str, Any], form_path: str | None = None
) -> Any:
    """Submit a form the way a browser does: fetch the page for its token, then post."""
    token = csrf_token(client, form_path or path)
    return client.post(path, data={**data, "csrf_token": token})


def artifact_dir(name: str) -> Path:
    path = Path(__file__).resolve().parent.parent / "test-artifacts" / name
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def seed_specs() -> list[Any]:
    """The seed catalogue, parsed once per run."""
    from onestop import PROJECT_ROOT
    from onestop.catalogue.spec import load_seed

    return load_seed(PROJECT_ROOT / "seed_procedures.yaml")


@pytest.fixture
def catalogue(app: Flask, seed_specs: list[Any]) -> dict[str, Any]:
    """The seed catalogue loaded into the test's database, procedures by code."""
    from onestop.catalogue.loader import load_specs
    from onestop.catalogue.models import Procedure

    load_specs(seed_specs)
    db.session.commit()
    return {p.code: p for p in db.session.scalars(sa.select(Procedure))}


@contextmanager
def isolated_app(kind: str, tmp_path: Path) -> Iterator[Flask]:
    """An app on its own brand-new empty database ("sqlite" or "postgresql"), dropped afterwards.

    For tests that must really commit (migrations, concurrency), away from the shared test database.
    """
    # POSTGRES_TEST_URL lets the SQLite pass of CI still reach the server for these tests.
    pg_url = os.environ.get("POSTGRES_TEST_URL") or os.environ.get("DATABASE_URL", "")
    cleanup = None
    if kind == "sqlite":
        url = "sqlite:///" + str(tmp_path / f"isolated-{uuid.uuid4().hex[:8]}.sqlite3")
    else:
        if not pg_url.startswith("postgres"):
            if IN_CI:
                pytest.fail(
                    "CI must run this against PostgreSQL (DATABASE_URL or POSTGRES_TEST_URL)"
                )
            pytest.skip("no PostgreSQL configured (DATABASE_URL / POSTGRES_TEST_URL); CI runs this")
        name = f"onestop_iso_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(
            pg_url.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        url = admin.url.set(database=name).render_as_string(hide_password=False)

        def cleanup() -> None:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()

    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "SECRET_KEY": "x",
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        }
    )
    try:
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()
        if cleanup:
            cleanup()
