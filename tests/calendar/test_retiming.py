"""The calendar as the administrator keeps it: overrides, and re-timing open cases with a preview."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from onestop.cases.events import record_event
from onestop.cases.intake import accept_case
from onestop.cases.models import Case, CaseEvent
from onestop.db import db
from tests.cases.factories import complete_intake
from tests.conftest import login, post_form

MONDAY_0915 = datetime(2026, 3, 2, 2, 15, tzinfo=UTC)  # 09:15 in Vietnam


@pytest.fixture
def open_case(app: Flask, catalogue: dict[str, Any], demo: dict[str, Any]) -> Case:
    """A 3-working-day case accepted Monday 2 March 2026 09:15: due Thursday 09:15."""
    with app.app_context():
        case = accept_case(
            complete_intake(catalogue["1.004873"], uploads=[]),
            officer=demo["tiepnhan"],
            now=MONDAY_0915,
        )
    db.session.commit()
    assert case.due_at == datetime(2026, 3, 5, 2, 15, tzinfo=UTC)
    return case


@pytest.fixture
def admin(client: FlaskClient, demo: dict[str, Any]) -> FlaskClient:
    login(client, "quantri")
    return client


def test_a_new_day_off_is_previewed_then_applied_with_an_event(
    admin: FlaskClient, open_case: Case
) -> None:
    response = post_form(
        admin,
        "/admin/calendar",
        {"day": "2026-03-04", "kind": "day_off", "note": "Nghỉ đột xuất theo Thông báo 12/TB-UBND"},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/admin/calendar/retime"
    )

    preview = admin.get("/admin/calendar/retime").get_data(as_text=True)
    assert open_case.code in preview
    assert "09:15 05/03/2026" in preview and "09:15 06/03/2026" in preview
    db.session.expire_all()
    assert open_case.due_at == datetime(2026, 3, 5, 2, 15, tzinfo=UTC)  # a preview changes nothing

    assert post_form(admin, "/admin/calendar/retime", {}).status_code == 302
    db.session.expire_all()
    assert open_case.due_at == datetime(2026, 3, 6, 2, 15, tzinfo=UTC)
    event = db.session.scalars(
        sa.select(CaseEvent).where(
            CaseEvent.case_id == open_case.id, CaseEvent.action == "due_recomputed"
        )
    ).one()
    assert event.data == {
        "old_due": "2026-03-05T02:15:00+00:00",
        "new_due": "2026-03-06T02:15:00+00:00",
    }
    skipped = [s for s in open_case.due_explanation if s["code"] == "day_skipped"]
    assert skipped[0]["params"]["name"] == "Nghỉ đột xuất theo Thông báo 12/TB-UBND"

    # Applying again finds nothing more to move.
    assert "Không có hồ sơ nào thay đổi" in admin.get("/admin/calendar/retime").get_data(
        as_text=True
    )


def test_a_date_promised_by_an_apology_is_not_moved(admin: FlaskClient, open_case: Case) -> None:
    record_event(open_case, "apology", actor=None, at=MONDAY_0915, from_status=None, to_status=None)
    db.session.commit()
    post_form(admin, "/admin/calendar", {"day": "2026-03-04", "kind": "day_off", "note": "Nghỉ"})
    assert open_case.code not in admin.get("/admin/calendar/retime").get_data(as_text=True)


def test_a_make_up_working_day_brings_a_due_date_forward(
    app: Flask, admin: FlaskClient, catalogue: dict[str, Any], demo: dict[str, Any]
) -> None:
    wednesday_0915 = datetime(2026, 3, 4, 2, 15, tzinfo=UTC)
    with app.app_context():
        case = accept_case(
            complete_intake(catalogue["1.004873"], uploads=[]),
            officer=demo["tiepnhan"],
            now=wednesday_0915,
        )
    db.session.commit()
    assert case.due_at == datetime(2026, 3, 9, 2, 15, tzinfo=UTC)  # Monday, over the weekend
    post_form(
        admin,
        "/admin/calendar",
        {"day": "2026-03-07", "kind": "working_day", "note": "Làm bù thứ Bảy"},
    )
    post_form(admin, "/admin/calendar/retime", {})
    db.session.expire_all()
    assert case.due_at == datetime(2026, 3, 7, 2, 15, tzinfo=UTC)  # the working Saturday


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"day": "", "kind": "day_off", "note": "x"}, "day", "Nhập ngày hợp lệ."),
        ({"day": "31/02/2026", "kind": "day_off", "note": "x"}, "day", "Nhập ngày hợp lệ."),
        (
            {"day": "2026-03-04", "kind": "day_off", "note": ""},
            "note",
            "Hãy ghi lý do, ví dụ văn bản thông báo.",
        ),
        ({"day": "2026-03-04", "kind": "holiday", "note": "x"}, "kind", "Lựa chọn không hợp lệ."),
    ],
)
def test_override_form_refuses_bad_input(
    admin: FlaskClient, data: dict[str, str], field: str, message: str
) -> None:
    page = post_form(admin, "/admin/calendar", data).get_data(as_text=True)
    assert f'id="{field}-err">{message}' in page
    if field != "note" and data["note"]:
        assert f'value="{data["note"]}"' in page


def test_the_same_date_cannot_be_overridden_twice(admin: FlaskClient) -> None:
    post_form(admin, "/admin/calendar", {"day": "2026-03-04", "kind": "day_off", "note": "Nghỉ"})
    page = post_form(
        admin, "/admin/calendar", {"day": "2026-03-04", "kind": "working_day", "note": "Làm"}
    ).get_data(as_text=True)
    assert 'id="day-err">Ngày này đã có điều chỉnh; hãy xóa điều chỉnh cũ trước.' in page


def test_only_a_province_administrator_edits_the_calendar(
    client: FlaskClient, demo: dict[str, Any]
) -> None:
    from onestop.accounts.models import Role
    from onestop.accounts.services import create_user

    create_user(
        username="qtxa",
        full_name="Quản trị xã",
        password="mat-khau-dai-10",
        role=Role.ADMIN,
        unit=demo["tiepnhan"].unit,
    )
    db.session.commit()
    login(client, "qtxa", "mat-khau-dai-10")
    assert client.get("/admin/calendar").status_code == 403


def test_the_calendar_page_lists_this_years_days_off(admin: FlaskClient) -> None:
    page = admin.get("/admin/calendar").get_data(as_text=True)
    assert "Quốc khánh" in page and "Tết Dương lịch" in page
