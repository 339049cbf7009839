"""The monthly report for supervisors, for the notifications outbox to send.

The notification branch's monthly job calls `monthly_supervisor_report(user_id, year, month)`
for each id from `supervisors_to_notify()` inside the app context, and attaches the bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from onestop.accounts.models import Role, User
from onestop.db import db, utcnow
from onestop.reports.documents import render_period_pdf, render_period_xlsx
from onestop.reports.formulas import Period
from onestop.reports.labels import format_rate
from onestop.reports.services import period_report
from onestop.timefmt import local_zone


@dataclass(frozen=True)
class MonthlyReport:
    user_id: int
    subject: str
    text: str
    pdf: bytes
    xlsx: bytes
    pdf_name: str
    xlsx_name: str


def supervisors_to_notify() -> list[int]:
    """Ids of the active supervisors (and heads) who receive the monthly report."""
    return list(
        db.session.scalars(
            sa.select(User.id)
            .where(User.active.is_(True), User.role.in_((Role.SUPERVISOR, Role.HEAD)))
            .order_by(User.id)
        )
    )


def monthly_supervisor_report(user_id: int, year: int, month: int) -> MonthlyReport:
    """Build one month's 06a table (by unit) for a supervisor's subtree, as PDF and Excel."""
    user = db.session.get(User, user_id)
    if user is None:
        raise LookupError(f"no user {user_id}")
    period = Period.month(year, month)
    report = period_report(user.unit, period, local_zone(), utcnow(), "unit")
    total = report.total
    subject = f"Báo cáo tháng {month:02d}/{year} - {user.unit.name}"
    text = (
        f"{subject}\n"
        f"Tiếp nhận: {total.total} (kỳ trước chuyển sang {total.carried_over}, "
        f"trực tuyến {total.new_online}, trực tiếp/bưu chính {total.new_direct}).\n"
        f"Đã giải quyết: {total.resolved} (trước hạn {total.early}, đúng hạn {total.on_time}, "
        f"quá hạn {total.late}). Đang giải quyết: {total.in_progress} "
        f"(trong hạn {total.within}, quá hạn {total.overdue}).\n"
        f"Tỷ lệ đúng hạn: {format_rate(total.on_time_rate)} %."
    )
    name = f"bao-cao-06a-{year}{month:02d}"
    return MonthlyReport(
        user_id=user_id,
        subject=subject,
        text=text,
        pdf=render_period_pdf(report),
        xlsx=render_period_xlsx(report),
        pdf_name=f"{name}.pdf",
        xlsx_name=f"{name}.xlsx",
    )
