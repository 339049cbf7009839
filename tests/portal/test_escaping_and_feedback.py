"""Markup typed by a citizen stays text everywhere it reappears; PAKN deadlines in working days."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from onestop.accounts.models import User
from onestop.db import db
from onestop.portal.feedback import FeedbackData, submit_feedback
from onestop.portal.models import Citizen, Feedback, FeedbackKind, OnlineSubmission
from tests.conftest import csrf_token, login
from tests.portal.conftest import hac_thanh, last_mail, register, submit_case

SCRIPT = '<script>alert("x")</script><b>đậm</b>'


def test_markup_in_text_fields_is_escaped_on_every_page_and_in_the_receipt(
    app: Flask, client: FlaskClient, citizen: Citizen, demo: dict[str, User]
) -> None:
    submit_case(client, name=SCRIPT, address=SCRIPT, **{"eform-child_birth_place": SCRIPT})
    submission = db.session.scalar(sa.select(OnlineSubmission))
    assert submission is not None
    case = submission.case
    assert case.applicant_name == SCRIPT  # stored as typed

    mine = client.get(f"/portal/cases/{case.id}").get_data(as_text=True)
    desk = app.test_client()
    login(desk, "tiepnhan")
    queue = desk.get(f"/counter/online/{case.id}").get_data(as_text=True)
    for page in (mine, queue):
        assert "<script>alert" not in page and "<b>đậm</b>" not in page
        assert "&lt;script&gt;alert(" in page

    token = csrf_token(desk, f"/counter/online/{case.id}")
    desk.post(
        f"/counter/online/{case.id}/accept", data={"csrf_token": token, "version": case.version}
    )
    db.session.refresh(case)
    assert case.code
    from pypdf import PdfReader

    pdf = client.get(f"/portal/cases/{case.id}/receipt.pdf").data
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "<script>alert" in text  # printed literally, not read as markup
    day = case.accepted_at.astimezone(app_zone()).date().isoformat()
    register_xlsx = desk.get("/counter/register.xlsx", query_string={"start": day, "end": day})
    assert register_xlsx.status_code == 200
    with zipfile.ZipFile(io.BytesIO(register_xlsx.data)) as book:
        strings = book.read("xl/sharedStrings.xml").decode()
    # A text cell, XML-escaped by the writer: Excel shows the characters, runs nothing.
    assert "&lt;script&gt;alert" in strings and "<script>" not in strings


def test_markup_in_a_name_stays_plain_text_in_the_confirmation_email(
    client: FlaskClient, demo: dict[str, User]
) -> None:
    register(client, "x@example.vn", full_name=SCRIPT)
    mail = last_mail("x@example.vn")
    assert SCRIPT in mail.body_text  # a text/plain body: nothing in it is interpreted
    page = client.get("/portal/register").get_data(as_text=True)
    assert "<script>alert" not in page


def test_feedback_reaches_the_supervisor_with_working_day_deadlines(
    app: Flask, client: FlaskClient, demo: dict[str, User], catalogue: dict[str, Any]
) -> None:
    token = csrf_token(client, "/portal/feedback")
    response = client.post(
        "/portal/feedback",
        data={
            "csrf_token": token,
            "unit_id": str(hac_thanh().id),
            "kind": "complaint",
            "case_code": "",
            "name": "Phạm Văn Khiếu",
            "contact": "0912000111",
            "subject": SCRIPT,
            "body": "Hồ sơ trả chậm.",
        },
    )
    assert response.status_code == 302
    item = db.session.scalar(sa.select(Feedback))
    assert item is not None and item.kind is FeedbackKind.COMPLAINT
    assert item.received_at < item.refuse_by < item.request_more_by < item.handle_by

    supervisor = app.test_client()
    login(supervisor, "giamsat")
    inbox = supervisor.get("/supervision/feedback").get_data(as_text=True)
    assert "Phạm Văn Khiếu" in inbox and "&lt;script&gt;" in inbox and "<script>alert" not in inbox
    officer = app.test_client()
    login(officer, "tiepnhan")
    assert officer.get("/supervision/feedback").status_code == 403
    assert client.get("/supervision/feedback").status_code == 302  # visitors sign in first


def test_feedback_deadlines_skip_weekends_and_holidays(app: Flask, demo: dict[str, User]) -> None:
    # Friday 24 April 2026, 10:00 in Vietnam; Monday 27 April (Hùng Kings, observed), 30 April and
    # 1 May are days off. 2 working days = 16 h: 5 h on Friday, 8 on Tuesday, 3 on Wednesday 29.
    # 5 working days = 40 h: 5 + 8 (Tue) + 8 (Wed) + 8 (Mon 4 May) + 8 (Tue 5) + 3 (Wed 6 May).
    received = datetime(2026, 4, 24, 3, 0, tzinfo=UTC)
    with app.test_request_context():
        item = submit_feedback(
            FeedbackData(
                unit=hac_thanh(),
                kind=FeedbackKind.FEEDBACK,
                name="A",
                contact="a@example.vn",
                subject="s",
                body="b",
            ),
            citizen=None,
            now=received,
        )
    local = {
        "refuse": item.refuse_by.astimezone(app_zone()).date().isoformat(),
        "more": item.request_more_by.astimezone(app_zone()).date().isoformat(),
    }
    assert local == {"refuse": "2026-04-29", "more": "2026-05-06"}


def app_zone() -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Ho_Chi_Minh")
