"""Asking for a new confirmation link: through the real SMTP server (aiosmtpd on loopback)."""

from __future__ import annotations

import re
from datetime import timedelta
from email.message import EmailMessage
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from onestop.accounts.models import User
from onestop.db import db, utcnow
from onestop.notifications.models import Notification
from onestop.portal.models import Citizen
from tests.conftest import csrf_token
from tests.notifications.conftest import Inbox, work
from tests.portal.conftest import PASSWORD, citizen_login, register

EMAIL = "binh@example.vn"
SENT = (
    "Nếu có tài khoản đăng ký bằng địa chỉ {email} đang chờ xác nhận, liên kết mới đang được "
    "gửi đến."
)


def ask(client: FlaskClient, email: str) -> tuple[int, str]:
    token = csrf_token(client, "/portal/confirm/resend")
    response = client.post("/portal/confirm/resend", data={"email": email, "csrf_token": token})
    return response.status_code, response.get_data(as_text=True)


def links(message: EmailMessage) -> list[str]:
    body = message.get_body(("plain",))
    assert body is not None
    return re.findall(r"https?://\S+/portal/confirm/\S+", body.get_content())


def age_account_mail(email: str, minutes: int = 3) -> None:
    """Pretend the last account e-mail to `email` went out `minutes` ago."""
    db.session.execute(
        sa.update(Notification)
        .where(Notification.recipient == email)
        .values(created_at=utcnow() - timedelta(minutes=minutes))
    )
    db.session.commit()


def citizen_row(email: str) -> Citizen:
    db.session.expire_all()
    found = db.session.scalar(sa.select(Citizen).where(Citizen.email == email))
    assert found is not None
    return found


@pytest.fixture
def unconfirmed(rq_app: Flask, mail_to: Inbox, client: FlaskClient, demo: dict[str, User]) -> str:
    """A registered citizen who never opened the link; its first e-mail has been delivered."""
    assert register(client, EMAIL).status_code == 200
    work(rq_app)
    assert len(mail_to.wait_for(1)) == 1
    age_account_mail(EMAIL)
    return EMAIL


def test_the_new_link_arrives_and_confirms_the_account(
    rq_app: Flask, mail_to: Inbox, client: FlaskClient, unconfirmed: str
) -> None:
    status, page = ask(client, " Binh@Example.vn ")
    assert status == 200 and SENT.format(email="Binh@Example.vn") in page
    assert "Liên kết đã gửi trước đó vẫn dùng được cho đến khi hết hạn." in page
    work(rq_app)
    first, second = mail_to.wait_for(2)
    assert second["To"] == EMAIL and second["Subject"] == first["Subject"]
    [old_link], [new_link] = links(first), links(second)
    assert new_link != old_link and new_link.startswith("http://127.0.0.1:5000/portal/confirm/")
    assert citizen_row(EMAIL).confirmed_at is None

    opened = client.get(urlsplit(new_link).path)
    assert opened.status_code == 302 and opened.headers["Location"].endswith("/portal/login")
    assert citizen_row(EMAIL).confirmed_at is not None
    assert citizen_login(client, EMAIL).status_code == 302
    # The earlier link was not revoked: it still answers as a valid (already used) link.
    assert client.application.test_client().get(urlsplit(old_link).path).status_code == 302


def test_repeated_clicks_send_one_message(
    rq_app: Flask, mail_to: Inbox, client: FlaskClient, unconfirmed: str
) -> None:
    assert [ask(client, EMAIL)[0] for _ in range(3)] == [200, 200, 200]
    work(rq_app)
    assert len(mail_to.wait_for(3, timeout=1)) == 2  # the registration's and one new link


def test_right_after_registering_no_second_message_is_sent(
    rq_app: Flask, mail_to: Inbox, client: FlaskClient, demo: dict[str, User]
) -> None:
    register(client, EMAIL)
    assert ask(client, EMAIL)[0] == 200
    work(rq_app)
    assert len(mail_to.wait_for(2, timeout=1)) == 1


def test_unknown_and_confirmed_addresses_get_the_same_page_and_no_message(
    rq_app: Flask, mail_to: Inbox, client: FlaskClient, unconfirmed: str
) -> None:
    register(client, "da-xac-nhan@example.vn")
    work(rq_app)
    [_, confirmed] = mail_to.wait_for(2)
    client.get(urlsplit(links(confirmed)[0]).path)
    age_account_mail("da-xac-nhan@example.vn")

    answers = {
        email: ask(client, email)
        for email in (EMAIL, "khong-co@example.vn", "da-xac-nhan@example.vn")
    }
    work(rq_app)
    pages = {
        (status, re.sub(r'value="[^"]+"', "", page.replace(email, "ADDRESS")))
        for email, (status, page) in answers.items()
    }
    assert len(pages) == 1 and next(iter(pages))[0] == 200
    delivered = [m["To"] for m in mail_to.wait_for(4, timeout=1)]
    assert delivered == [EMAIL, "da-xac-nhan@example.vn", EMAIL]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Hãy nhập địa chỉ thư điện tử."),
        ("binh.example.vn", "Nhập địa chỉ thư điện tử hợp lệ."),
        ("a" * 200 + "@example.vn", "Địa chỉ email dài tối đa 200 ký tự."),
    ],
)
def test_bad_input_is_answered_next_to_the_field(
    client: FlaskClient, demo: dict[str, User], typed: str, message: str
) -> None:
    status, page = ask(client, typed)
    assert status == 400
    field = re.search(r'<div class="field field-invalid">.*?</div>', page, re.S)
    assert field and message in field.group(0) and f'value="{typed}"' in field.group(0)


def test_too_many_requests_for_one_address_get_a_clear_answer(
    rq_app: Flask,
    mail_to: Inbox,
    client: FlaskClient,
    unconfirmed: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(rq_app.config, "CONFIRM_RESEND_ADDRESS_RATE_LIMIT", "2 per hour")
    assert [ask(client, EMAIL)[0] for _ in range(2)] == [200, 200]
    status, page = ask(client, EMAIL)
    assert status == 429
    assert "Ông/bà đã yêu cầu gửi lại liên kết quá nhiều lần. Vui lòng thử lại sau 60 phút." in page
    assert f'value="{EMAIL}"' in page
    assert ask(client, "khac@example.vn")[0] == 200  # another address is counted apart


def test_too_many_requests_from_one_client_get_a_clear_answer(
    rq_app: Flask, client: FlaskClient, demo: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(rq_app.config, "CONFIRM_RESEND_RATE_LIMIT", "3 per hour")
    statuses = [ask(client, f"nguoi{i}@example.vn")[0] for i in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_the_sign_in_page_offers_the_link_again_to_an_unconfirmed_account(
    rq_app: Flask, mail_to: Inbox, client: FlaskClient, unconfirmed: str
) -> None:
    db.session.execute(sa.update(Citizen).values(phone="0987000111"))
    db.session.commit()
    refused = citizen_login(client, "0987000111", PASSWORD)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Gửi lại liên kết xác nhận" in page and f'name="email" value="{EMAIL}"' in page
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token
    sent = client.post(
        "/portal/confirm/resend", data={"email": EMAIL, "csrf_token": token.group(1)}
    )
    assert sent.status_code == 200
    work(rq_app)
    assert [m["To"] for m in mail_to.wait_for(2)] == [EMAIL, EMAIL]


def test_an_expired_link_leads_to_the_form(client: FlaskClient, demo: dict[str, User]) -> None:
    page = client.get("/portal/confirm/not-a-token")
    assert page.status_code == 400
    assert 'href="/portal/confirm/resend"' in page.get_data(as_text=True)
