"""Reminders, digests and reports: their state lives in the outbox, so running twice sends once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask

from onestop.db import db
from onestop.notifications import schedule
from tests.notifications.helpers import accept, outbox


def _staff_emails(demo: dict[str, Any]) -> None:
    for name in ("lanhdao", "giamsat"):
        demo[name].email = f"{name}@thanhhoa.gov.vn"
    db.session.commit()


def test_overdue_and_due_tomorrow_reminders_go_once_per_due_date(
    app: Flask, demo: dict[str, Any], catalogue: dict[str, Any]
) -> None:
    _staff_emails(demo)
    with app.app_context():
        case = accept(demo, catalogue, notify_email=False)
        assert case.due_at is not None
        day_before = case.due_at - timedelta(days=1)
        assert schedule.remind_due_tomorrow(day_before.isoformat()) == 1
        assert schedule.remind_due_tomorrow(day_before.isoformat()) == 0
        late = case.due_at + timedelta(hours=1)
        assert schedule.remind_overdue(late.isoformat()) == 1
        assert schedule.remind_overdue(late.isoformat()) == 0
        case.due_at = case.due_at + timedelta(days=3)  # a new date (apology): reminded again
        db.session.commit()
        assert schedule.remind_overdue((case.due_at + timedelta(hours=1)).isoformat()) == 1
    rows = outbox(case.id)
    assert [r.kind for r in rows] == ["due_tomorrow", "overdue", "overdue"]
    assert {r.recipient for r in rows} == {"lanhdao@thanhhoa.gov.vn"}
    assert rows[1].subject == f"Hồ sơ {case.code} đã quá hạn"


def test_head_digest_and_monthly_report(
    app: Flask, demo: dict[str, Any], catalogue: dict[str, Any]
) -> None:
    _staff_emails(demo)
    with app.app_context():
        case = accept(demo, catalogue, notify_email=False)
        assert case.due_at is not None
        morning = (case.due_at + timedelta(days=1)).isoformat()
        assert schedule.send_head_digests(morning) == 1
        assert schedule.send_head_digests(morning) == 0
        next_month = (case.due_at + timedelta(days=32)).replace(day=2).isoformat()
        assert schedule.send_monthly_reports(next_month) == 1
        assert schedule.send_monthly_reports(next_month) == 0
    digest, report = outbox()[-2:]
    assert digest.kind == "head_digest" and "Quá hạn: 1" in digest.body_text
    assert case.code and case.code in digest.body_text
    assert report.kind == "monthly_report" and report.recipient == "giamsat@thanhhoa.gov.vn"
    assert "Trễ hạn: 1" in report.body_text and "Tỷ lệ đúng hạn: 0,0%" in report.body_text
    assert report.subject.startswith("Báo cáo tỷ lệ đúng hạn tháng ")
