"""Signing in: credentials, lockout, safe redirects, session handling, CSRF, rate limit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from onestop.accounts.models import User
from onestop.db import db, utcnow
from tests.conftest import csrf_token, login


def test_demo_user_signs_in_and_lands_on_home(client: FlaskClient, demo: dict[str, User]) -> None:
    response = login(client, "tiepnhan")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/")
    page = client.get("/").get_data(as_text=True)
    assert "Xin chào, Nguyễn Thị Hồng Ngọc" in page
    assert demo["tiepnhan"].last_login_at is not None


def test_wrong_password_shows_message_next_to_field_and_keeps_username(
    client: FlaskClient, demo: dict[str, User]
) -> None:
    response = login(client, "tiepnhan", "sai-mat-khau")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="password-err">Sai tên đăng nhập hoặc mật khẩu.' in page
    assert 'value="tiepnhan"' in page


def test_unknown_user_gets_the_same_message(client: FlaskClient, demo: dict[str, User]) -> None:
    page = login(client, "khongtontai", "whatever-123").get_data(as_text=True)
    assert "Sai tên đăng nhập hoặc mật khẩu." in page


def test_account_locks_after_repeated_failures_even_for_right_password(
    app: Flask, client: FlaskClient, demo: dict[str, User]
) -> None:
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        login(client, "chuyenvien", "wrong-password")
    user = demo["chuyenvien"]
    assert user.locked_until is not None and user.locked_until > utcnow()
    page = login(client, "chuyenvien").get_data(as_text=True)
    assert "Tài khoản tạm khóa do đăng nhập sai quá nhiều lần" in page
    assert client.get("/").status_code == 302  # still signed out


def test_lockout_expires(app: Flask, client: FlaskClient, demo: dict[str, User]) -> None:
    user = demo["chuyenvien"]
    user.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert login(client, "chuyenvien").status_code == 302


def test_inactive_user_cannot_sign_in(client: FlaskClient, demo: dict[str, User]) -> None:
    demo["lanhdao"].active = False
    db.session.commit()
    assert "Sai tên đăng nhập hoặc mật khẩu." in login(client, "lanhdao").get_data(as_text=True)


def test_deactivating_ends_an_open_session(client: FlaskClient, demo: dict[str, User]) -> None:
    login(client, "lanhdao")
    assert client.get("/").status_code == 200
    demo["lanhdao"].active = False
    db.session.commit()
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/admin/units", "/admin/units"),
        ("https://evil.example/", "/"),
        ("//evil.example/x", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_next_redirect_only_goes_to_this_site(
    client: FlaskClient, demo: dict[str, User], next_url: str, expected: str
) -> None:
    token = csrf_token(client, "/login")
    response = client.post(
        "/login",
        data={
            "username": "quantri",
            "password": "onestop-demo-2026",
            "next": next_url,
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location == expected or location == "http://onestop.test" + expected


def test_login_replaces_the_session(client: FlaskClient, demo: dict[str, User]) -> None:
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(client, "tiepnhan")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == str(demo["tiepnhan"].id)


def test_logout_is_a_post_and_clears_the_session(
    client: FlaskClient, demo: dict[str, User]
) -> None:
    login(client, "tiepnhan")
    assert client.get("/logout").status_code == 405
    token = csrf_token(client, "/")
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 302
    assert client.get("/").status_code == 302
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_post_without_csrf_token_is_rejected(client: FlaskClient, demo: dict[str, User]) -> None:
    response = client.post("/login", data={"username": "quantri", "password": "onestop-demo-2026"})
    assert response.status_code == 400
    assert "Biểu mẫu đã hết hạn" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_login_attempts_are_rate_limited(
    app: Flask, client: FlaskClient, demo: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A small limit keeps the burst well inside one minute even on a slow machine.
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "5 per minute")
    limit = 5
    token = csrf_token(client, "/login")
    statuses = [
        client.post(
            "/login", data={"username": f"x{i}", "password": "y", "csrf_token": token}
        ).status_code
        for i in range(limit + 1)
    ]
    assert statuses[:limit] == [200] * limit
    assert statuses[-1] == 429
    assert "Quá nhiều lần thử" in client.post("/login", data={"csrf_token": token}).get_data(
        as_text=True
    )


def test_session_cookie_flags(app: Flask) -> None:
    from onestop import create_app

    production = create_app(
        {"DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": "x" * 32}
    )
    assert production.config["SESSION_COOKIE_SECURE"] is True
    assert production.config["SESSION_COOKIE_HTTPONLY"] is True
    assert production.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_passwords_are_hashed_with_scrypt(demo: dict[str, User]) -> None:
    assert demo["quantri"].password_hash.startswith("scrypt:")
    assert "onestop-demo" not in demo["quantri"].password_hash
