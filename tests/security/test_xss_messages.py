"""Messages: a line break typed into a name adds no e-mail header, and the checks themselves fire."""

from __future__ import annotations

import io
from typing import Any

import pytest
import sqlalchemy as sa
import xlsxwriter
from flask import Flask

from onestop.accounts.models import User
from onestop.db import db
from onestop.notifications.channels import Outgoing, SmtpMailer
from onestop.notifications.models import Notification, NotifyChannel
from tests.notifications.helpers import accept
from tests.security.hostile import (
    SCRIPT,
    assert_inert_html,
    assert_pdf_shows,
    email_headers,
    xlsx_strings,
)

CRLF_NAME = "Trần Văn Bình\r\nBcc: evil@example.com\r\n\r\n<b>body</b>"
HEADERS = {"subject", "from", "to", "message-id", "mime-version", "content-type"}


def mailer(app: Flask) -> SmtpMailer:
    return SmtpMailer({**app.config, "MAIL_SERVER": "smtp.example.vn"})


def test_a_line_break_in_a_subject_stays_inside_the_subject(app: Flask) -> None:
    built = mailer(app).build(
        Outgoing("n1", "dan@example.vn", "Hồ sơ\r\nBcc: evil@example.com", "Nội dung", "")
    )
    headers = email_headers(built.as_bytes())
    assert set(headers) == {"subject", "from", "to", "message-id", "mime-version"} | {
        "content-type",
        "content-transfer-encoding",
    }
    assert headers["subject"] == "Hồ sơ Bcc: evil@example.com" and "bcc" not in headers


def test_a_line_break_in_the_applicants_name_adds_no_header_and_no_sms_line(
    app: Flask, demo: dict[str, User], catalogue: dict[str, Any]
) -> None:
    with app.test_request_context():
        case = accept(demo, catalogue, notify_sms=True, name=CRLF_NAME, phone="0912345678")
    rows = list(db.session.scalars(sa.select(Notification).where(Notification.case_id == case.id)))
    assert {r.channel for r in rows} == {NotifyChannel.EMAIL, NotifyChannel.SMS}
    for row in rows:
        if row.channel is NotifyChannel.SMS:
            assert "\r" not in row.body_text and "\n" not in row.body_text
            continue
        built = mailer(app).build(
            Outgoing(f"n{row.id}", row.recipient, row.subject, row.body_text, row.body_html)
        )
        assert set(email_headers(built.as_bytes())) == HEADERS
        assert "<b>body</b>" not in row.body_html
        assert_inert_html(row.body_html, row.kind)


def test_the_html_check_fires_on_live_markup() -> None:
    for page in (
        f"<p>{SCRIPT}</p>",
        '<p><img src=x onerror="alert(1)"></p>',
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=/x></iframe>",
    ):
        with pytest.raises(AssertionError):
            assert_inert_html(page, "sample")
    assert_inert_html("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", "sample", shows=(SCRIPT,))


def test_the_workbook_check_fires_on_a_formula_cell() -> None:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.add_worksheet().write(0, 0, '=HYPERLINK("http://x","y")')  # write() makes it a formula
    book.close()
    with pytest.raises(AssertionError, match="formula"):
        xlsx_strings(buffer.getvalue(), "sample")


def test_the_pdf_check_fires_when_markup_is_interpreted() -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    buffer = io.BytesIO()
    style = getSampleStyleSheet()["Normal"]
    SimpleDocTemplate(buffer, pagesize=A4).build([Paragraph("<b>bold</b> text", style)])
    with pytest.raises(AssertionError):
        assert_pdf_shows(buffer.getvalue(), "sample", "<b>bold</b>")
    assert_pdf_shows(buffer.getvalue(), "sample", "bold text")
