"""Department and officer breakdowns: who holds each case, as the processing handoffs recorded it."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient

from onestop.accounts.models import User
from onestop.cases.events import move
from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Case, Satisfaction
from onestop.cases.returns import rate_case
from onestop.db import db
from onestop.processing import handoffs
from onestop.reports import queries
from onestop.reports.formulas import Figures, Period
from onestop.reports.queries import Scope
from onestop.reports.services import window_for
from tests.conftest import login
from tests.processing.conftest import at, new_case, received, transferred

MARCH = "kind=month&year=2026&month=3"
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def held(
    app: Flask, demo: dict[str, User], catalogue: dict[str, Any]
) -> dict[str, Case]:  # fmt: skip
    """Three March cases: one at the counter, one received by chuyenvien, one assigned by a head."""
    with app.test_request_context():
        at_counter = new_case(demo, catalogue, now=at(9, 8))
        taken = new_case(demo, catalogue, now=at(9, 8, 30))
        received(demo, transferred(demo, taken, now=at(9, 9)), now=at(9, 9, 30))
        assigned = new_case(demo, catalogue, now=at(10, 8))
        step = handoffs.transfer_case(
            assigned,
            actor=demo["tiepnhan"],
            lead_department=demo["chuyenvien2"].department,  # type: ignore[arg-type]
            now=at(10, 9),
            version=assigned.version,
        )
        handoffs.assign_step(
            step, demo["chuyenvien2"], actor=demo["lanhdao2"], now=at(10, 10), version=None
        )
        db.session.commit()
    return {"at_counter": at_counter, "taken": taken, "assigned": assigned}


def test_the_case_records_its_department_and_handler(
    held: dict[str, Case], demo: dict[str, User]
) -> None:
    assert held["at_counter"].holder_department_id is None
    assert held["at_counter"].handler_id is None
    assert held["taken"].holder_department_id == demo["chuyenvien"].department_id
    assert held["taken"].handler_id == demo["chuyenvien"].id
    assert held["assigned"].holder_department_id == demo["chuyenvien2"].department_id
    assert held["assigned"].handler_id == demo["chuyenvien2"].id


def test_breakdowns_by_department_and_officer(held: dict[str, Case], demo: dict[str, User]) -> None:
    window = window_for(Period.month(2026, 3), VN, at(31, 12))
    result = queries.breakdowns(db.session, Scope("/"), window)
    departments = {k: f.total for k, f in result.by["department"].items()}
    assert departments == {
        None: 1,
        demo["chuyenvien"].department_id: 1,
        demo["chuyenvien2"].department_id: 1,
    }
    # A case never sent on is credited to the counter officer who accepted it.
    officers = {k: f.total for k, f in result.by["officer"].items()}
    assert officers == {demo["tiepnhan"].id: 1, demo["chuyenvien"].id: 1, demo["chuyenvien2"].id: 1}
    for dimension in ("department", "officer"):
        combined = Figures()
        for figures in result.by[dimension].values():
            combined.merge(figures)
        assert combined == result.total


def test_the_rating_is_read_from_the_case(
    app: Flask, held: dict[str, Case], demo: dict[str, User]
) -> None:
    case = held["at_counter"]
    with app.test_request_context():
        for status, action, day in (
            (CaseStatus.RESULT_READY, "approved", 11),
            (CaseStatus.RETURNED, "returned", 12),
        ):
            move(case, status, action, actor=demo["tiepnhan"], at=at(day, 9))
        rate_case(case, Satisfaction.NOT_SATISFIED)
        db.session.commit()
    assert case.satisfaction is Satisfaction.NOT_SATISFIED
    window = window_for(Period.month(2026, 3), VN, at(31, 12))
    total = queries.breakdowns(db.session, Scope("/"), window).total
    assert total.ratings == {"not_satisfied": 1}


def test_the_dashboard_names_departments_and_drills_into_one(
    client: FlaskClient, held: dict[str, Case], demo: dict[str, User]
) -> None:
    login(client, "giamsat")
    page = html_lib.unescape(client.get(f"/reports/?{MARCH}").get_data(as_text=True))
    section = page.split('<h2 id="by-department">', 1)[1].split("<h2", 1)[0]
    assert "Phòng Văn hóa - Xã hội – UBND phường Hạc Thành" in section
    assert "Tại bộ phận một cửa (chưa chuyển)" in section
    department_id = demo["chuyenvien"].department_id
    link = re.search(
        rf'href="(/reports/cases\?[^"]*department={department_id}[^"]*cell=total)"', page
    )
    assert link is not None
    listed = html_lib.unescape(client.get(link.group(1)).get_data(as_text=True))
    assert held["taken"].code in listed
    assert held["assigned"].code not in listed and held["at_counter"].code not in listed
    assert "Phòng ban: Phòng Văn hóa - Xã hội – UBND phường Hạc Thành" in listed


def test_the_overdue_list_names_the_current_holder(
    client: FlaskClient, held: dict[str, Case]
) -> None:
    login(client, "giamsat")
    page = html_lib.unescape(client.get("/reports/overdue").get_data(as_text=True))
    row = page.split(held["taken"].code or "?", 1)[1].split("</tr>", 1)[0]
    assert "Phòng Văn hóa - Xã hội – Trần Văn Minh" in row
    counter_row = page.split(held["at_counter"].code or "?", 1)[1].split("</tr>", 1)[0]
    assert "Trung tâm Phục vụ hành chính công phường Hạc Thành" in counter_row


def test_long_breakdowns_show_the_largest_groups_and_offer_all(
    client: FlaskClient, held: dict[str, Case], monkeypatch: pytest.MonkeyPatch
) -> None:
    from onestop.reports import views

    monkeypatch.setattr(views, "TABLE_ROWS", 2)
    login(client, "giamsat")
    page = html_lib.unescape(client.get(f"/reports/?{MARCH}").get_data(as_text=True))
    section = page.split('<h2 id="by-department">', 1)[1].split("<h2", 1)[0]
    assert section.count('<th scope="row">') == 2
    assert "2 nhóm lớn nhất trong 3." in section
    link = re.search(r'href="([^"]*all=department[^"]*)"', section)
    assert link is not None
    full = html_lib.unescape(client.get(link.group(1)).get_data(as_text=True))
    section = full.split('<h2 id="by-department">', 1)[1].split("<h2", 1)[0]
    assert section.count('<th scope="row">') == 3
    assert "Hiện tất cả" not in section
