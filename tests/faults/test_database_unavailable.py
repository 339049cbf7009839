"""What a database that cannot be reached looks like to users, and a COMMIT cut off mid-way.

The restart drill (test_postgres_restart.py) meets these under load, by chance; here each is
met on purpose, once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_login.utils import _create_identifier
from sqlalchemy import event

from onestop import create_app
from onestop.accounts.models import User
from onestop.cases.files import Upload
from onestop.cases.intake import accept_case
from onestop.cases.models import Case, CaseFile
from onestop.catalogue.models import Procedure
from onestop.db import db, utcnow
from tests.cases.factories import PDF_BYTES, complete_intake
from tests.conftest import csrf_token, isolated_app
from tests.faults.conftest import migrate_and_seed
from tests.notifications.conftest import free_port

TITLE = "Hệ thống tạm thời gián đoạn"
MESSAGE = (
    "Tạm thời không kết nối được cơ sở dữ liệu. Vui lòng đợi vài giây rồi thử lại: "
    "thao tác vừa thực hiện có thể chưa được lưu."
)


@pytest.fixture
def unreachable(tmp_path: Path) -> Iterator[Flask]:
    """The real app (not in testing mode) configured for a PostgreSQL nobody listens for."""
    app = create_app(
        {
            "DATABASE_URL": f"postgresql://postgres@127.0.0.1:{free_port()}/onestop",
            "REDIS_URL": None,
            "SECRET_KEY": "unreachable",
            "SESSION_COOKIE_SECURE": False,
            "RATELIMIT_STORAGE_URI": "memory://",
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        }
    )
    yield app
    with app.app_context():
        db.engine.dispose()


def test_a_page_answers_503_in_vietnamese_and_says_when_to_come_back(
    unreachable: Flask,
) -> None:
    response = unreachable.test_client().get("/procedures/?q=khai+sinh")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    html = response.get_data(as_text=True)
    assert TITLE in html and MESSAGE in html
    assert 'href="/procedures/?q=khai+sinh">Thử lại</a>' in html


def test_a_signed_in_officer_gets_the_page_too_without_a_menu_and_the_form_is_not_lost(
    unreachable: Flask,
) -> None:
    client = unreachable.test_client()
    token = csrf_token(client, "/login")  # the sign-in page needs no database
    with unreachable.test_request_context(environ_base=client.environ_base):  # same browser
        identifier = _create_identifier()
    with client.session_transaction() as session:  # signed in before the database went away
        session.update({"_user_id": "3", "_fresh": True, "_id": identifier})
    page = client.get("/counter/cases")
    assert page.status_code == 503 and 'class="mainnav"' not in page.get_data(as_text=True)

    response = client.post(
        "/counter/intake/1.001193", data={"csrf_token": token, "name": "Nguyễn Văn A"}
    )
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert TITLE in html and MESSAGE in html
    assert "nút Quay lại của trình duyệt: biểu mẫu vẫn giữ những gì đã nhập" in html


def test_the_page_keeps_the_visitors_language(unreachable: Flask) -> None:
    client = unreachable.test_client()
    client.set_cookie("lang", "en")
    html = client.get("/lookup?code=x&key=y").get_data(as_text=True)
    assert '<html lang="en">' in html and "Temporarily unavailable" in html


def test_the_api_answers_503_as_json(unreachable: Flask) -> None:
    response = unreachable.test_client().get("/api/v1/status?code=x&key=y")
    # At least our 5 s; the rate limiter may ask for longer (when its window resets).
    assert response.status_code == 503 and int(response.headers["Retry-After"]) >= 5
    assert response.get_json()["error"]["status"] == 503


def test_the_health_check_says_so(unreachable: Flask) -> None:
    assert unreachable.test_client().get("/healthz").status_code == 503


def test_a_commit_cut_off_keeps_the_scans_it_may_have_saved(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The connection dies between the last write and COMMIT: the outcome is unknown to the app.

    Had the server committed, deleting the scans would leave a case without its papers; so
    they are kept (and logged). Here the server had not, so they are strays, named in the log.
    """
    with isolated_app("postgresql", tmp_path) as app, app.app_context():
        migrate_and_seed()
        officer = db.session.scalar(sa.select(User).where(User.username == "tiepnhan"))
        procedure = db.session.scalar(sa.select(Procedure).where(Procedure.code == "1.001193"))
        assert officer is not None and procedure is not None
        data = complete_intake(procedure, uploads=[Upload("Giấy chứng sinh.pdf", PDF_BYTES, 1)])
        accept_case(data, officer=officer, now=utcnow())
        pid = db.session.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()
        admin = sa.create_engine(db.engine.url, isolation_level="AUTOCOMMIT")

        def cut_off(connection: sa.Connection) -> None:
            with admin.connect() as other:
                other.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
                while other.execute(
                    sa.text("SELECT 1 FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
                ).first():
                    time.sleep(0.01)

        event.listen(db.engine, "commit", cut_off)
        caplog.set_level(logging.WARNING, logger="onestop.cases.files")
        try:
            with pytest.raises(sa.exc.OperationalError):
                db.session.commit()
        finally:
            event.remove(db.engine, "commit", cut_off)
            admin.dispose()
        db.session.rollback()

        assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 0
        assert db.session.scalar(sa.select(sa.func.count(CaseFile.id))) == 0
        [kept] = [p for p in Path(app.config["UPLOAD_FOLDER"]).rglob("*") if p.is_file()]
        assert kept.read_bytes() == PDF_BYTES
        assert any(
            "commit outcome unknown" in r.getMessage() and str(kept) in r.getMessage()
            for r in caplog.records
        )
