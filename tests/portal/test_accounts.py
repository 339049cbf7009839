"""Citizen accounts: confirmation by email link, sign-in by email or phone, kept apart from staff."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from onestop.accounts.models import User
from onestop.db import db
from onestop.portal.models import Citizen
from tests.conftest import csrf_token, login
from tests.portal.conftest import (
    citizen_login,
    confirmation_path,
    last_mail,
    register,
)


def test_registration_sends_a_vietnamese_confirmation_link_that_activates_the_account(
    client: FlaskClient, demo: dict[str, User]
) -> None:
    response = register(client, "Binh@Example.vn", full_name="Trần Thị Bình")
    assert response.status_code == 200 and "binh@example.vn" in response.get_data(as_text=True)
    mail = last_mail("binh@example.vn")
    assert mail.subject == "Xác nhận tài khoản Onestop"
    assert "Kính gửi ông/bà Trần Thị Bình" in mail.body_text

    refused = citizen_login(client, "binh@example.vn")
    assert "Hãy xác nhận địa chỉ thư điện tử trước" in refused.get_data(as_text=True)

    confirmed = client.get(confirmation_path("binh@example.vn"))
    assert confirmed.status_code == 302 and confirmed.headers["Location"].endswith("/portal/login")
    signed_in = citizen_login(client, "binh@example.vn")
    assert signed_in.headers["Location"].endswith("/portal/cases")


def test_a_tampered_or_expired_link_confirms_nothing(
    app: Flask, client: FlaskClient, demo: dict[str, User]
) -> None:
    register(client, "chi@example.vn")
    path = confirmation_path("chi@example.vn")
    assert client.get(path[:-3] + "abc").status_code == 400
    app.config["CITIZEN_CONFIRM_MAX_AGE"] = -1
    try:
        assert client.get(path).status_code == 400
    finally:
        app.config["CITIZEN_CONFIRM_MAX_AGE"] = 48 * 3600
    citizen = db.session.scalar(sa.select(Citizen).where(Citizen.email == "chi@example.vn"))
    assert citizen is not None and citizen.confirmed_at is None


def test_the_same_email_or_phone_cannot_register_twice(
    client: FlaskClient, demo: dict[str, User]
) -> None:
    register(client, "dung@example.vn", phone="0911222333")
    again = register(client, "DUNG@example.vn")
    assert again.status_code == 400
    assert "Đã có tài khoản với địa chỉ thư điện tử này." in again.get_data(as_text=True)
    phone = register(client, "dung2@example.vn", phone="091 122 2333")
    assert "Đã có tài khoản với số điện thoại này." in phone.get_data(as_text=True)


def test_citizens_sign_in_by_phone_too_and_are_locked_out_like_staff(
    app: Flask, client: FlaskClient, citizen: Citizen
) -> None:
    client.post("/portal/logout", data={"csrf_token": csrf_token(client, "/portal/cases")})
    assert citizen_login(client, "0987 654 321").status_code == 302
    client.post("/portal/logout", data={"csrf_token": csrf_token(client, "/portal/cases")})
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        wrong = citizen_login(client, "an@example.vn", "wrong-password-1")
    assert "Tài khoản tạm khóa" in wrong.get_data(as_text=True)
    locked = citizen_login(client, "an@example.vn")
    assert locked.status_code == 400
    db.session.refresh(citizen)
    assert citizen.locked_until is not None


def test_citizen_login_is_rate_limited_and_needs_csrf(
    app: Flask, client: FlaskClient, demo: dict[str, User]
) -> None:
    bare = client.post("/portal/login", data={"identifier": "x@example.vn", "password": "x"})
    assert bare.status_code == 400
    token = csrf_token(client, "/portal/login")
    limit = int(app.config["LOGIN_RATE_LIMIT"].split()[0])
    statuses = [
        client.post(
            "/portal/login", data={"identifier": "x", "password": "y", "csrf_token": token}
        ).status_code
        for _ in range(limit + 1)
    ]
    assert statuses[-1] == 429


def test_next_must_stay_on_the_site(client: FlaskClient, citizen: Citizen) -> None:
    client.post("/portal/logout", data={"csrf_token": csrf_token(client, "/portal/cases")})
    token = csrf_token(client, "/portal/login")
    response = client.post(
        "/portal/login",
        data={
            "identifier": "an@example.vn",
            "password": "mat-khau-cong-dan-2026",
            "next": "//evil.example/",
            "csrf_token": token,
        },
    )
    assert response.headers["Location"].endswith("/portal/cases")


@pytest.mark.parametrize(
    "path",
    [
        "/counter/intake",
        "/counter/cases",
        "/counter/online",
        "/cases/1",
        "/admin/users",
        "/supervision/feedback",
        "/cases/find?code=X",
    ],
)
def test_citizens_never_pass_staff_checks(client: FlaskClient, citizen: Citizen, path: str) -> None:
    assert client.get(path).status_code == 403


def test_citizens_see_no_staff_menu_nor_scan_box(client: FlaskClient, citizen: Citizen) -> None:
    page = client.get("/portal/cases").get_data(as_text=True)
    assert "scanbox" not in page
    assert "Hồ sơ của tôi" in page and "Tiếp nhận hồ sơ" not in page
    assert "Nguyễn Văn An" in page  # who is signed in, without any unit
    assert client.get("/", follow_redirects=False).headers["Location"].endswith("/portal/cases")


def test_staff_cannot_use_the_citizen_pages(
    client: FlaskClient, demo: dict[str, User], catalogue: dict[str, Any]
) -> None:
    login(client, "tiepnhan")
    assert client.get("/portal/cases").status_code == 403
    assert client.get("/portal/submit/1.001193").status_code == 403


def test_session_ids_keep_staff_and_citizens_apart(app: Flask, citizen: Citizen) -> None:
    from flask import session

    from onestop.accounts.loader import load_user
    from onestop.accounts.sessions import TOKEN_KEY

    staff = db.session.scalar(sa.select(User).where(User.username == "tiepnhan"))
    assert staff is not None
    with app.test_request_context():
        assert citizen.get_id() == f"c{citizen.id}"
        session[TOKEN_KEY] = citizen.session_token
        assert load_user(f"c{citizen.id}") is citizen
        session[TOKEN_KEY] = staff.session_token or staff.renew_session_token()
        assert isinstance(load_user(str(staff.id)), User)
        assert load_user(f"c{citizen.id}") is None  # the token is the staff member's
        assert load_user("cx") is None and load_user("") is None
    assert citizen.has_role() is False


def test_lockout_counts_use_the_shared_rule(app: Flask, citizen: Citizen) -> None:
    from onestop.accounts.services import LoginRefused
    from onestop.portal.accounts import authenticate_citizen

    with app.test_request_context(), pytest.raises(LoginRefused):
        authenticate_citizen(
            "an@example.vn",
            "nope",
            now=citizen.created_at,
            max_failures=5,
            lockout=timedelta(minutes=15),
        )
    assert citizen.failed_logins == 1
