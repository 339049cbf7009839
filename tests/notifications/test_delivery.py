"""Delivery against real servers: SMTP on loopback (aiosmtpd), real Redis + RQ, an HTTP SMS stub."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from rq import Queue

from onestop.notifications.models import NotifyStatus
from onestop.notifications.sweep import sweep_outbox
from onestop.worker import NOTIFICATIONS
from tests.conftest import login, post_form
from tests.notifications.conftest import Inbox, free_port, use_redis, work
from tests.notifications.helpers import accept, outbox


def test_smtp_delivers_the_vietnamese_receipt_message(
    rq_app: Flask, mail_to: Inbox, demo: dict[str, Any], catalogue: dict[str, Any]
) -> None:
    with rq_app.app_context():
        case = accept(demo, catalogue)
    work(rq_app)
    [message] = mail_to.wait_for(1)
    assert message["Subject"] == f"Hồ sơ {case.code} đã được tiếp nhận"
    assert message["To"] == "ngoc@example.vn"
    assert message["From"] == "Bộ phận Một cửa <motcua@hacthanh.gov.vn>"
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    body = text.get_content()
    assert "Kính gửi ông/bà Nguyễn Thị Hồng Ngọc" in body
    assert "Ngày hẹn trả kết quả: " in body and f"key={case.lookup_code}" in body
    assert "Đăng ký khai sinh" in html.get_content()
    [row] = outbox(case.id)
    assert (
        row.status is NotifyStatus.SENT
        and row.provider_message_id == f"<notification-{row.id}@hacthanh.gov.vn>"
    )
    assert message["Message-ID"].strip() == row.provider_message_id


def test_a_refusing_server_is_retried_with_rq_until_it_accepts(
    rq_app: Flask, mail_to: Inbox, demo: dict[str, Any], catalogue: dict[str, Any]
) -> None:
    mail_to.refuse = 2
    with rq_app.app_context():
        case = accept(demo, catalogue)
    work(rq_app)
    assert len(mail_to.wait_for(1)) == 1
    [row] = outbox(case.id)
    assert (row.status, row.attempts, row.last_error) == (NotifyStatus.SENT, 3, "")


def test_after_the_last_attempt_it_stays_failed_for_an_administrator_to_resend(
    rq_app: Flask,
    mail_to: Inbox,
    demo: dict[str, Any],
    catalogue: dict[str, Any],
    client: FlaskClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(rq_app.config, "NOTIFY_MAX_ATTEMPTS", 3)
    mail_to.refuse = 3
    with rq_app.app_context():
        case = accept(demo, catalogue)
    work(rq_app)
    [row] = outbox(case.id)
    assert (row.status, row.attempts) == (NotifyStatus.FAILED, 3)
    assert "451" in row.last_error and mail_to.messages == []

    login(client, "quantri")
    page = client.get("/admin/notifications").get_data(as_text=True)
    assert "ngoc@example.vn" in page and "451" in page
    response = post_form(
        client, f"/admin/notifications/{row.id}/resend", {}, "/admin/notifications"
    )
    assert response.status_code == 302
    work(rq_app)
    assert len(mail_to.wait_for(1)) == 1
    [row] = outbox(case.id)
    assert row.status is NotifyStatus.SENT
    assert "Nothing delivered yet" not in client.get("/admin/notifications?lang=en").get_data(
        as_text=True
    )


def test_redis_down_at_commit_saves_the_case_and_the_sweep_delivers_later(
    app: Flask,
    mail_to: Inbox,
    redis_conn: Redis,
    demo: dict[str, Any],
    catalogue: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.notifications.conftest import redis_url

    use_redis(app, monkeypatch, f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    monkeypatch.setitem(app.config, "NOTIFY_SWEEP_GRACE", 0)
    with app.app_context():
        case = accept(demo, catalogue)
        assert sweep_outbox() == 0  # still down: the sweep gives up quietly
    [row] = outbox(case.id)
    assert case.id and row.status is NotifyStatus.PENDING

    use_redis(app, monkeypatch, redis_url())  # Redis is back
    with app.app_context():
        assert sweep_outbox() == 1
    work(app)
    assert len(mail_to.wait_for(1)) == 1
    assert outbox(case.id)[0].status is NotifyStatus.SENT


def test_the_sweep_is_idempotent_running_it_twice_sends_once(
    rq_app: Flask,
    mail_to: Inbox,
    redis_conn: Redis,
    demo: dict[str, Any],
    catalogue: dict[str, Any],
) -> None:
    with rq_app.app_context():
        case = accept(demo, catalogue)  # enqueued after commit
        assert sweep_outbox() == 0  # its job is already waiting
        redis_conn.delete(
            Queue(NOTIFICATIONS, connection=redis_conn).key
        )  # lost, as if Redis restarted
        redis_conn.delete(f"rq:job:notification-{outbox(case.id)[0].id}")
        assert sweep_outbox() == 1
        assert sweep_outbox() == 0
    assert Queue(NOTIFICATIONS, connection=redis_conn).count == 1
    work(rq_app)
    with rq_app.app_context():
        assert sweep_outbox() == 0
    work(rq_app)
    assert len(mail_to.wait_for(1)) == 1
    assert outbox(case.id)[0].status is NotifyStatus.SENT


def test_a_job_run_again_after_success_does_not_send_again(
    rq_app: Flask, mail_to: Inbox, demo: dict[str, Any], catalogue: dict[str, Any]
) -> None:
    from onestop.notifications.dispatch import enqueue

    with rq_app.app_context():
        case = accept(demo, catalogue)
    work(rq_app)
    with rq_app.app_context():
        enqueue(outbox(case.id)[0].id)  # a duplicate delivery of the job itself
    work(rq_app)
    assert len(mail_to.wait_for(1)) == 1


def test_the_http_sms_gateway_is_sent_exactly_one_request(
    rq_app: Flask,
    sms_gateway: list[dict[str, Any]],
    demo: dict[str, Any],
    catalogue: dict[str, Any],
) -> None:
    with rq_app.app_context():
        case = accept(demo, catalogue, notify_email=False, notify_sms=True)
    work(rq_app)
    [row] = outbox(case.id)
    assert sms_gateway == [
        {
            "path": "/send",
            "auth": "Basic bW90Y3VhOmJpLW1hdA==",  # motcua:bi-mat
            "type": "application/json",
            "json": {
                "to": "0912345678",
                "text": row.body_text,
                "brandname": "MOTCUA",
                "ref": f"notification-{row.id}",
            },
        }
    ]
    assert row.body_text.startswith(f"Ho so {case.code} da duoc tiep nhan. Ngay hen tra: ")
    assert (row.status, row.provider_message_id) == (NotifyStatus.SENT, "vt-1")
