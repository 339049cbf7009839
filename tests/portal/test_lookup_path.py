"""The public lookup's path through the server: one round trip to PostgreSQL, no session for visitors.

Every receipt's QR code opens this page, so it is the busiest of the site (bench/bench_load.py
measures it). These tests pin what keeps it cheap without changing what the citizen sees: the
statement runs alone, outside any transaction, on a real (committing) app; a visitor's page
starts no session and sets no cookie; the language is a link that changes nothing else.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from flask.testing import FlaskClient

from onestop.accounts.models import User
from onestop.cases.intake import accept_case
from onestop.catalogue.models import Procedure
from onestop.db import db
from onestop.i18n import LANGUAGE_COOKIE, LANGUAGE_COOKIE_MAX_AGE
from tests.cases.factories import complete_intake
from tests.conftest import isolated_app
from tests.faults.conftest import drill_app

MONDAY_0915 = datetime(2026, 3, 2, 2, 15, tzinfo=UTC)


def test_a_lookup_is_one_statement_outside_any_transaction_on_postgresql(tmp_path: Path) -> None:
    # PostgreSQL only (the round trips saved are PostgreSQL's): isolated_app skips loudly
    # without one, and fails in CI.
    with (
        isolated_app("postgresql", tmp_path) as scratch,
        drill_app(scratch.config["SQLALCHEMY_DATABASE_URI"], tmp_path) as app,
    ):
        with app.app_context():
            procedure = db.session.scalar(sa.select(Procedure).filter_by(code="2.000815"))
            officer = db.session.scalar(sa.select(User).filter_by(username="tiepnhan"))
            assert procedure is not None and officer is not None
            case = accept_case(
                complete_intake(procedure, uploads=[]), officer=officer, now=MONDAY_0915
            )
            db.session.commit()
            code, key = case.code, case.lookup_code
            engine = db.engine

        statements: list[tuple[str, bool]] = []

        def record(conn: sa.Connection, cursor: object, statement: str, *args: object) -> None:
            # psycopg sends BEGIN before a statement (and the pool ROLLBACK after) unless the
            # connection is in autocommit.
            statements.append((statement, conn.connection.dbapi_connection.autocommit))  # type: ignore[union-attr]

        sa.event.listen(engine, "before_cursor_execute", record)
        try:
            page = app.test_client().get(f"/lookup?code={code}&key={key}")
        finally:
            sa.event.remove(engine, "before_cursor_execute", record)

        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert code in html and "Chứng thực bản sao từ bản chính" in html
        assert "Hồ sơ được tiếp nhận tại Bộ phận Một cửa" in html
        # The page costs the database one statement, in autocommit: no BEGIN before it, no
        # ROLLBACK after (the pool's liveness check runs on the driver, not through here).
        assert len(statements) == 1, statements
        statement, autocommit = statements[0]
        assert "FROM public_case" in statement and autocommit


def test_a_visitor_looking_a_case_up_gets_no_session_and_no_cookie(client: FlaskClient) -> None:
    for path in ("/lookup", "/lookup?code=000.17.22.H56-260302-0001&key=ABC123"):
        response = client.get(path)
        assert response.status_code in (200, 404)
        assert "Set-Cookie" not in response.headers, path
        # No form in the page carries a CSRF token a visitor would need a session for.
        assert 'name="csrf_token"' not in response.get_data(as_text=True)


def test_the_language_is_a_link_remembered_by_the_browser(client: FlaskClient) -> None:
    page = client.get("/lookup?code=X&key=Y").get_data(as_text=True)
    assert (
        '<a href="/lang/en?next=/lookup?code%3DX%26key%3DY" lang="en" hreflang="en">English</a>'
        in page
    )
    response = client.get("/lang/en?next=/lookup?code%3DX%26key%3DY")
    assert response.status_code == 302 and response.headers["Location"] == "/lookup?code=X&key=Y"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{LANGUAGE_COOKIE}=en;")
    assert f"Max-Age={LANGUAGE_COOKIE_MAX_AGE}" in cookie
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    english = client.get("/lookup?code=X&key=Y").get_data(as_text=True)
    assert '<html lang="en">' in english and "Look up a case" in english
    assert ">Tiếng Việt</a>" in english
    # Back to Vietnamese; an unknown language or a foreign "next" changes nothing and stays here.
    client.get("/lang/vi")
    assert '<html lang="vi">' in client.get("/lookup").get_data(as_text=True)
    response = client.get("/lang/xx?next=https://evil.example/")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Set-Cookie" not in response.headers
