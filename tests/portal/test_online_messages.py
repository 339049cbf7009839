"""What the citizen receives about an online submission before it has a case code.

Through the real SMTP server (aiosmtpd on loopback) and the SMS provider's HTTP endpoint (a
loopback stub): the message names the submission by its tracking reference, says the
procedure and the reason, and links to the submission's page in the portal on the public base
URL, never to a lookup without a code.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from onestop.db import db
from onestop.notifications.models import Notification
from onestop.portal.models import Citizen, OnlineSubmission
from tests.notifications.conftest import Inbox, work
from tests.portal.conftest import decide, submit_case

BASE = "https://dichvucong.hacthanh.gov.vn"
DESK = "Trung tâm Phục vụ hành chính công phường Hạc Thành"
SIGNATURE = f"{DESK}\nTin nhắn tự động, vui lòng không trả lời."
REASON = "Thủ tục không thuộc thẩm quyền của phường."


@pytest.fixture
def public_base(rq_app: Flask, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setitem(rq_app.config, "PUBLIC_BASE_URL", BASE + "/")
    return BASE


def _submitted(client: FlaskClient, app: Flask, **fields: Any) -> OnlineSubmission:
    assert submit_case(client, **fields).status_code == 302
    work(app)
    found = db.session.scalar(sa.select(OnlineSubmission).order_by(OnlineSubmission.id.desc()))
    assert found is not None
    return found


def _case_mails(inbox: Inbox, count: int) -> list[Any]:
    """The messages about cases (the account confirmation went to the same inbox first)."""
    inbox.wait_for(count + 1)
    return [m for m in inbox.messages if "Xác nhận" not in m["Subject"]]


def _plain(message: Any) -> str:
    return str(message.get_body(("plain",)).get_content()).replace("\r\n", "\n").rstrip("\n")


def test_a_refused_submission_mails_the_reason_and_a_link_to_its_page(
    rq_app: Flask,
    public_base: str,
    mail_to: Inbox,
    client: FlaskClient,
    citizen: Citizen,
    desk: FlaskClient,
) -> None:
    submission = _submitted(client, rq_app)
    case_id, ref = submission.case_id, submission.reference
    assert decide(desk, case_id, "refuse", reason=REASON).status_code == 302
    work(rq_app)

    received, refused = _case_mails(mail_to, 2)
    link = f"{BASE}/portal/cases/{case_id}"
    assert received["Subject"] == f"Đã nhận hồ sơ trực tuyến {ref}: Đăng ký khai sinh"
    assert _plain(received) == (
        "Kính gửi ông/bà Nguyễn Văn An,\n\n"
        f"{DESK} đã nhận hồ sơ trực tuyến của ông/bà về thủ tục Đăng ký khai sinh, "
        f"mã theo dõi {ref}. Bộ phận Một cửa sẽ kiểm tra và thông báo kết quả tiếp nhận.\n"
        f"Theo dõi hồ sơ: {link}\n\n{SIGNATURE}"
    )
    assert refused["To"] == "an@example.vn"
    assert refused["Subject"] == f"Hồ sơ trực tuyến {ref} không được tiếp nhận: Đăng ký khai sinh"
    assert _plain(refused) == (
        "Kính gửi ông/bà Nguyễn Văn An,\n\n"
        f"Hồ sơ trực tuyến {ref} của ông/bà về thủ tục Đăng ký khai sinh không được tiếp nhận.\n"
        f"Lý do: {REASON}\n"
        f"Xem hồ sơ: {link}\n\n{SIGNATURE}"
    )
    html = refused.get_body(("html",)).get_content()
    assert f'<a href="{link}">{link}</a>' in html
    assert "lookup" not in _plain(received) + _plain(refused)

    # The link works: the citizen reads the reason there; anybody else is sent to sign in.
    path = urlsplit(link).path
    page = client.get(path)
    assert page.status_code == 200 and REASON in page.get_data(as_text=True)
    stranger = client.application.test_client().get(path)
    assert stranger.status_code == 302
    assert "/portal/login?next=" in stranger.headers["Location"]


def test_a_supplement_request_lists_the_papers_and_links_to_the_upload(
    rq_app: Flask,
    public_base: str,
    mail_to: Inbox,
    client: FlaskClient,
    citizen: Citizen,
    desk: FlaskClient,
) -> None:
    submission = _submitted(client, rq_app)
    case_id, ref = submission.case_id, submission.reference
    paper = submission.case.procedure_version.spec.documents[1].name
    assert decide(desk, case_id, "supplement", positions="1", note="Ảnh chụp bị mờ.").status_code
    work(rq_app)

    _, asked = _case_mails(mail_to, 2)
    assert asked["Subject"] == f"Hồ sơ trực tuyến {ref}: yêu cầu bổ sung"
    assert _plain(asked) == (
        "Kính gửi ông/bà Nguyễn Văn An,\n\n"
        f"Hồ sơ trực tuyến {ref} (Đăng ký khai sinh) cần được bổ sung, hoàn thiện.\n"
        f"Giấy tờ cần bổ sung: {paper}\n"
        "Nội dung: Ảnh chụp bị mờ.\n"
        f"Xin ông/bà nộp bổ sung trực tuyến tại: {BASE}/portal/cases/{case_id}\n\n{SIGNATURE}"
    )


def test_without_a_note_the_supplement_request_leaves_out_the_empty_line(
    rq_app: Flask, public_base: str, client: FlaskClient, citizen: Citizen, desk: FlaskClient
) -> None:
    submission = _submitted(client, rq_app)
    decide(desk, submission.case_id, "supplement", positions="1", note="")
    [row] = db.session.scalars(
        sa.select(Notification).where(Notification.kind == "supplement_online")
    ).all()
    assert "Nội dung:" not in row.body_text
    assert f"{BASE}/portal/cases/{submission.case_id}" in row.body_text


def test_the_refusal_sms_says_the_procedure_the_reason_and_the_page(
    rq_app: Flask,
    public_base: str,
    sms_gateway: list[dict[str, Any]],
    client: FlaskClient,
    citizen: Citizen,
    desk: FlaskClient,
) -> None:
    submission = _submitted(client, rq_app, notify_sms="y")
    case_id, ref = submission.case_id, submission.reference
    assert submission.case.notify_sms
    assert decide(desk, case_id, "refuse", reason=REASON).status_code == 302
    work(rq_app)

    rows = list(
        db.session.scalars(
            sa.select(Notification)
            .where(Notification.case_id == case_id, Notification.channel == "sms")
            .order_by(Notification.id)
        )
    )
    link = f"{BASE}/portal/cases/{case_id}"
    assert [call["json"] for call in sms_gateway] == [
        {
            "to": "0987654321",
            "text": f"Da nhan ho so truc tuyen {ref} (Dang ky khai sinh). Theo doi: {link}",
            "brandname": "MOTCUA",
            "ref": f"notification-{rows[0].id}",
        },
        {
            "to": "0987654321",
            "text": (
                f"Ho so truc tuyen {ref} (Dang ky khai sinh) khong duoc tiep nhan. "
                f"Ly do: Thu tuc khong thuoc tham quyen cua phuong. Xem: {link}"
            ),
            "brandname": "MOTCUA",
            "ref": f"notification-{rows[1].id}",
        },
    ]


def test_sms_notices_need_a_phone_number(client: FlaskClient, citizen: Citizen) -> None:
    response = submit_case(client, notify_sms="y", phone="")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Nhập số điện thoại để nhận tin nhắn SMS." in page
    assert 'value="12 Lê Lợi, phường Hạc Thành"' in page  # what was typed is kept
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OnlineSubmission)) == 0
