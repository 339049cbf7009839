"""Portal test helpers: a confirmed citizen signed in, a submitted online case, the dev outbox."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from onestop.accounts.models import User
from onestop.db import db
from onestop.notifications.models import Notification
from onestop.organisation.models import Unit
from onestop.portal.mail import ACCOUNT_KIND
from onestop.portal.models import Citizen
from tests.conftest import csrf_token, login
from tests.notifications.conftest import (  # noqa: F401  (fixtures: real SMTP, Redis, SMS stub)
    mail_to,
    redis_conn,
    rq_app,
    sms_gateway,
    smtp,
)

BIRTH = "1.001193"
PASSWORD = "mat-khau-cong-dan-2026"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def hac_thanh() -> Unit:
    unit = db.session.scalar(sa.select(Unit).where(Unit.code == "000.17.22.H56"))
    assert unit is not None
    return unit


def last_mail(to: str) -> Notification:
    """The newest account email to this address, as written to the notification outbox."""
    mail = db.session.scalar(
        sa.select(Notification)
        .where(Notification.recipient == to, Notification.kind == ACCOUNT_KIND)
        .order_by(Notification.id.desc())
    )
    assert mail is not None, f"no mail to {to}"
    return mail


def confirmation_path(to: str) -> str:
    match = re.search(r"https?://[^/\s]+(/portal/confirm/\S+)", last_mail(to).body_text)
    assert match, "no confirmation link in the mail"
    return match.group(1)


def register(client: FlaskClient, email: str, **overrides: Any) -> Any:
    data = {
        "full_name": "Nguyễn Văn An",
        "email": email,
        "phone": "",
        "password": PASSWORD,
        "confirm": PASSWORD,
        **overrides,
    }
    token = csrf_token(client, "/portal/register")
    return client.post("/portal/register", data={**data, "csrf_token": token})


def citizen_login(client: FlaskClient, identifier: str, password: str = PASSWORD) -> Any:
    token = csrf_token(client, "/portal/login")
    return client.post(
        "/portal/login",
        data={"identifier": identifier, "password": password, "csrf_token": token},
    )


@pytest.fixture
def citizen(client: FlaskClient, demo: dict[str, User], catalogue: dict[str, Any]) -> Citizen:
    """A registered, confirmed citizen, signed in on `client`."""
    register(client, "an@example.vn", phone="0987654321")
    client.get(confirmation_path("an@example.vn"))
    citizen_login(client, "an@example.vn")
    found = db.session.scalar(sa.select(Citizen).where(Citizen.email == "an@example.vn"))
    assert found is not None and found.confirmed_at is not None
    return found


def eform_fields(**overrides: Any) -> dict[str, Any]:
    """Step 1 of the birth registration e-form, filled in."""
    data: dict[str, Any] = {
        "unit_id": str(hac_thanh().id),
        "name": "Nguyễn Văn An",
        "id_number": "038090001234",
        "phone": "0987654321",
        "email": "an@example.vn",
        "address": "12 Lê Lợi, phường Hạc Thành",
        "summary": "",
        "eform-requester_full_name": "Nguyễn Văn An",
        "eform-requester_citizen_id": "038090001234",
        "eform-requester_phone": "0987654321",
        "eform-requester_email": "",
        "eform-relationship": "Cha",
        "eform-child_full_name": "Nguyễn Minh Khôi",
        "eform-child_birth_date": "2026-02-20",
        "eform-child_sex": "Nam",
        "eform-child_ethnicity": "Kinh",
        "eform-child_birth_place": "Bệnh viện Đa khoa tỉnh Thanh Hóa",
        "eform-mother_full_name": "Lê Thị Bình",
        "eform-father_full_name": "Nguyễn Văn An",
        "eform-copies_requested": "1",
    }
    data.update(overrides)
    return data


def submit_token(client: FlaskClient) -> dict[str, str]:
    html = client.get(f"/portal/submit/{BIRTH}").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    token = re.search(r'name="token"[^>]*value="([^"]+)"', html)
    assert csrf and token
    return {"csrf_token": csrf.group(1), "token": token.group(1)}


def files(**by_position: tuple[bytes, str]) -> dict[str, Any]:
    return {f"doc_{k[1:]}": (io.BytesIO(data), name) for k, (data, name) in by_position.items()}


def submit_case(
    client: FlaskClient,
    *,
    tokens: dict[str, str] | None = None,
    attachments: dict[str, Any] | None = None,
    **fields: Any,
) -> Any:
    """Post the final step (documents + submit) as a browser would, multipart."""
    tokens = tokens or submit_token(client)
    if attachments is None:
        attachments = files(
            p0=(PDF, "Tờ khai đăng ký khai sinh.pdf"), p1=(PNG, "Giấy chứng sinh.png")
        )
    return client.post(
        f"/portal/submit/{BIRTH}",
        data={**tokens, **eform_fields(**fields), **attachments, "action": "submit"},
        content_type="multipart/form-data",
    )


@pytest.fixture
def desk(app: Flask, demo: dict[str, User]) -> FlaskClient:
    """A second browser: the counter officer of the unit the citizen chose."""
    officer = app.test_client()
    login(officer, "tiepnhan")
    return officer


def decide(desk: FlaskClient, case_id: int, act: str, **data: Any) -> Any:
    token = csrf_token(desk, f"/counter/online/{case_id}")
    page = desk.get(f"/counter/online/{case_id}").get_data(as_text=True)
    version = re.search(r'name="version"[^>]*value="(\d+)"', page)
    assert version
    return desk.post(
        f"/counter/online/{case_id}/{act}",
        data={"csrf_token": token, "version": version.group(1), **data},
    )
