"""Hostile text typed by an administrator: unit, desk, department, user, token and calendar names.

These names reappear far from the admin screens: on every page header of a form, in select
options, report tables and SVG charts, workbooks, and the greeting of staff e-mail.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import Flask

from onestop.accounts.models import User
from onestop.api.models import ApiToken
from onestop.calendar.models import CalendarOverride
from onestop.db import db, utcnow
from onestop.notifications.models import Notification, NotifyChannel
from onestop.organisation.models import Department, Unit
from tests.counter.conftest import BIRTH
from tests.notifications.helpers import accept
from tests.processing.conftest import received, transferred
from tests.security.conftest import SignIn, fill_in
from tests.security.hostile import (
    DDE,
    FORMULA,
    IMG,
    SCRIPT,
    assert_inert_html,
    assert_pdf_shows,
    assert_xlsx_cells,
)


def test_names_typed_by_an_administrator_come_back_as_text_everywhere(
    app: Flask, demo: dict[str, User], catalogue: dict[str, Any], sign_in: SignIn
) -> None:
    admin = sign_in("quantri")
    unit = demo["tiepnhan"].unit
    department = demo["chuyenvien"].department
    assert department is not None
    saved = [
        fill_in(
            admin,
            f"/admin/units/{unit.id}",
            {"name": FORMULA, "place_name": SCRIPT, "desk_name": IMG, "desk_address": DDE},
        ),
        fill_in(admin, f"/admin/departments/{department.id}", {"name": SCRIPT}),
        fill_in(
            admin,
            f"/admin/users/{demo['chuyenvien'].id}",
            {"full_name": DDE, "email": "cv@example.vn"},
        ),
        fill_in(
            admin,
            "/admin/units/new",
            {
                "code": "000.17.99.H56",
                "name": IMG,
                "level": "commune",
                "parent_id": demo["quantri"].unit_id,
                "desk_name": SCRIPT,
            },
        ),
        fill_in(
            admin,
            "/admin/users/new",
            {
                "username": "thu.vien",
                "full_name": IMG,
                "role": "supervisor",
                "password": "mat-khau-moi-2026",
                "confirm": "mat-khau-moi-2026",
            },
        ),
        fill_in(admin, "/admin/api-tokens", {"name": SCRIPT}),
        fill_in(admin, "/admin/calendar", {"day": "2031-01-02", "kind": "day_off", "note": IMG}),
    ]
    assert [r.status_code for r in saved] == [302, 302, 302, 302, 302, 200, 302]
    db.session.expire_all()
    assert (unit.name, unit.place_name, unit.desk_name, unit.desk_address) == (
        FORMULA,
        SCRIPT,
        IMG,
        DDE,
    )
    assert department.name == SCRIPT and demo["chuyenvien"].full_name == DDE
    assert db.session.scalar(sa.select(ApiToken.name).where(ApiToken.name == SCRIPT))
    assert db.session.scalar(sa.select(CalendarOverride.note)) == IMG

    # A case at the renamed desk, handled in the renamed department, now overdue.
    with app.test_request_context():
        case = accept(demo, catalogue, name="Đỗ Thị Hoa")
        received(demo, transferred(demo, case, now=utcnow()), now=utcnow())
        case.due_at = utcnow() - timedelta(days=2)
        db.session.commit()
    new_unit = db.session.scalar(sa.select(Unit).where(Unit.code == "000.17.99.H56"))
    assert new_unit is not None

    desk, officer, supervisor = sign_in("tiepnhan"), sign_in("chuyenvien"), sign_in("giamsat")
    pages = {
        (admin, "/admin/units"): (FORMULA, IMG),
        (admin, f"/admin/units/{unit.id}"): (FORMULA, SCRIPT, IMG, DDE),
        (admin, f"/admin/units/{new_unit.id}"): (IMG, SCRIPT),
        (admin, "/admin/departments"): (SCRIPT, FORMULA),
        (admin, "/admin/departments/new"): (FORMULA,),  # unit options
        (admin, "/admin/users"): (DDE, IMG),
        (admin, "/admin/users/new"): (SCRIPT, FORMULA),  # unit and department options
        (admin, "/admin/api-tokens"): (SCRIPT,),
        (admin, "/admin/calendar"): (IMG,),
        (admin, "/admin/notifications"): (),
        (desk, f"/cases/{case.id}"): (SCRIPT, DDE),
        (desk, "/counter/cases"): (),
        (desk, "/"): (),
        (officer, "/work"): (DDE,),
        (supervisor, "/reports/"): (FORMULA,),  # the SVG charts name it too
        (supervisor, "/reports/period?by=unit"): (FORMULA,),
        # Where it waits: the department and its handler.
        (supervisor, "/reports/overdue"): (SCRIPT, DDE),
        (supervisor, "/reports/cases"): (),
        (sign_in(None), "/portal/feedback"): (FORMULA,),  # the unit choice
        (sign_in(None), f"/procedures/{BIRTH}"): (),
        (sign_in(None), f"/lookup?code={case.code}&key={case.lookup_code}"): (),
    }
    for (client, path), shows in pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert_inert_html(response.get_data(as_text=True), path, shows=shows)

    documents = {
        "receipt": (desk, f"/cases/{case.id}/receipt.pdf", (FORMULA.upper(), SCRIPT)),
        "control slip": (officer, f"/cases/{case.id}/control-slip.pdf", (SCRIPT, DDE)),
        "period table": (supervisor, "/reports/period.pdf?by=unit", (FORMULA,)),
        "overdue list": (supervisor, "/reports/overdue.pdf", (SCRIPT, DDE)),
    }
    for name, (client, path, texts) in documents.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert_pdf_shows(response.data, name, *texts)
    period = supervisor.get("/reports/period.xlsx?by=unit")
    assert_xlsx_cells(period.data, "period.xlsx", FORMULA)
    overdue = supervisor.get("/reports/overdue.xlsx")
    assert_xlsx_cells(overdue.data, "overdue.xlsx", SCRIPT, DDE)

    mails = list(
        db.session.scalars(
            sa.select(Notification).where(
                Notification.case_id == case.id, Notification.channel == NotifyChannel.EMAIL
            )
        )
    )
    assert {m.kind for m in mails} >= {"accepted"}
    for mail in mails:
        # The desk's name signs every message to citizens; the officer's greets staff mail.
        assert_inert_html(mail.body_html, mail.kind, shows=(IMG,))
    assert db.session.scalar(sa.select(sa.func.count(Department.id))) > 0
