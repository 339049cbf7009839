"""Hostile text typed by citizens: registration, the online e-form, supplements, rating, feedback.

And the desk's answers to them (supplement note, refusal reason), wherever the citizen reads them.
"""

from __future__ import annotations

import io
import re
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from onestop.accounts.models import User
from onestop.calendar.workcal import VN_TZ
from onestop.cases.events import move
from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Case
from onestop.cases.returns import ReturnData, return_result
from onestop.db import db, utcnow
from onestop.notifications.models import Notification, NotifyChannel
from onestop.portal.mail import ACCOUNT_KIND
from onestop.portal.models import Feedback, OnlineSubmission
from tests.conftest import csrf_token
from tests.portal.conftest import PDF, confirmation_path, register, submit_case
from tests.security.conftest import SignIn, citizen_login, hidden_fields
from tests.security.hostile import (
    DDE,
    FORMULA,
    IMG,
    SCRIPT,
    assert_inert_html,
    assert_pdf_shows,
    assert_xlsx_cells,
)

EMAIL = "hostile@example.vn"
EFORM = {
    "eform-requester_full_name": SCRIPT,
    "eform-child_full_name": FORMULA,
    "eform-child_ethnicity": DDE,
    "eform-child_birth_place": IMG,
    "eform-mother_full_name": SCRIPT,
    "eform-father_full_name": IMG,
}


def decide(desk: FlaskClient, case: Case, decision: str, fields: dict[str, Any]) -> None:
    url = f"/counter/online/{case.id}/{decision}"
    page = desk.get(f"/counter/online/{case.id}").get_data(as_text=True)
    response = desk.post(url, data={**hidden_fields(page, url), **fields})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    db.session.expire_all()


def newest_online_case() -> Case:
    submission = db.session.scalar(sa.select(OnlineSubmission).order_by(OnlineSubmission.id.desc()))
    assert submission is not None
    return submission.case


def test_citizen_text_and_the_desks_answers_come_back_as_text(
    app: Flask, demo: dict[str, User], catalogue: dict[str, Any], sign_in: SignIn
) -> None:
    citizen = app.test_client()
    assert register(citizen, EMAIL, full_name=SCRIPT, phone="0987000111").status_code == 200
    citizen.get(confirmation_path(EMAIL))
    assert citizen_login(citizen, EMAIL).status_code == 302
    desk = sign_in("tiepnhan")

    # X: asked for a paper, supplied, accepted, returned, rated.
    assert (
        submit_case(citizen, name=IMG, address=SCRIPT, summary=FORMULA, **EFORM).status_code == 302
    )
    x = newest_online_case()
    desk_view = desk.get(f"/counter/online/{x.id}").get_data(as_text=True)
    assert_inert_html(desk_view, "the desk's view", shows=(IMG, SCRIPT, FORMULA, DDE))
    decide(desk, x, "supplement", {"positions": "1", "note": SCRIPT})
    page = f"/portal/cases/{x.id}"
    html = citizen.get(page).get_data(as_text=True)
    assert_inert_html(html, "the citizen's case asking for papers", shows=(SCRIPT,))
    sent = citizen.post(
        f"{page}/supplement",
        data={"csrf_token": csrf_token(citizen, page), "doc_1": (io.BytesIO(PDF), "giấy.pdf")},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 302
    decide(desk, x, "accept", {})
    assert x.status is CaseStatus.ACCEPTED
    with app.test_request_context():
        move(x, CaseStatus.RESULT_READY, "result_ready", actor=demo["tiepnhan"], at=utcnow())
        return_result(
            x,
            ReturnData(collector_name="Nguyễn Văn An", collector_id_number="038090001234"),
            officer=demo["tiepnhan"],
            now=utcnow(),
            version=x.version,
        )
        db.session.commit()
    rated = citizen.post(
        f"{page}/rating",
        data={"csrf_token": csrf_token(citizen, page), "level": "satisfied", "comment": SCRIPT},
    )
    assert rated.status_code == 302

    # Y: refused with a reason the citizen reads.
    assert submit_case(citizen, name=FORMULA, address=DDE, **EFORM).status_code == 302
    y = newest_online_case()
    decide(desk, y, "refuse", {"reason": IMG})

    # Feedback from a visitor, read by the supervisor.
    visitor = sign_in(None)
    feedback = visitor.post(
        "/portal/feedback",
        data={
            "csrf_token": csrf_token(visitor, "/portal/feedback"),
            "unit_id": str(demo["tiepnhan"].unit_id),
            "kind": "complaint",
            "case_code": SCRIPT,
            "name": IMG,
            "contact": SCRIPT,
            "subject": FORMULA,
            "body": f"{DDE}\n{SCRIPT}",
        },
    )
    assert feedback.status_code == 302
    assert db.session.scalar(sa.select(Feedback.name)) == IMG  # stored as typed

    pages = {
        (citizen, "/portal/cases"): (),
        (citizen, f"/portal/cases/{x.id}"): (IMG, SCRIPT, FORMULA, DDE),
        (citizen, f"/portal/cases/{y.id}"): (IMG,),
        (desk, "/counter/online"): (),
        (desk, f"/counter/online/{y.id}"): (FORMULA, DDE, IMG),
        (desk, f"/cases/{x.id}"): (IMG, SCRIPT),
        (sign_in("giamsat"), "/supervision/feedback"): (IMG, SCRIPT, FORMULA, DDE),
        (sign_in("quantri"), "/admin/notifications"): (),
    }
    for (client, path), shows in pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert_inert_html(response.get_data(as_text=True), path, shows=shows)

    receipt = citizen.get(f"/portal/cases/{x.id}/receipt.pdf")
    assert receipt.status_code == 200
    assert_pdf_shows(receipt.data, "the online receipt", IMG, SCRIPT)
    assert x.accepted_at is not None
    day = x.accepted_at.astimezone(VN_TZ).date().isoformat()
    register_xlsx = desk.get(f"/counter/register.xlsx?start={day}&end={day}")
    assert_xlsx_cells(register_xlsx.data, "register.xlsx", IMG, SCRIPT)

    mails = list(
        db.session.scalars(
            sa.select(Notification).where(Notification.channel == NotifyChannel.EMAIL)
        )
    )
    account = next(m for m in mails if m.kind == ACCOUNT_KIND and m.recipient == EMAIL)
    assert SCRIPT in account.body_text and account.body_html == ""  # plain text only
    by_kind = {m.kind: m for m in mails if m.case_id in (x.id, y.id)}
    # Before acceptance the case has no code: the supplement and refusal go out worded for an
    # online submission (onestop/notifications/outbox.py UNCODED_KINDS).
    assert {"submitted_online", "supplement_online", "accepted", "refused_online"} <= set(by_kind)
    for kind, mail in by_kind.items():
        assert "\n" not in mail.subject, kind
        assert_inert_html(mail.body_html, kind)
        # Only the system's own links are clickable; an address typed into a field is not.
        hrefs = re.findall(r'href="([^"]*)"', mail.body_html)
        assert hrefs and all(h.startswith(app.config["PUBLIC_BASE_URL"]) for h in hrefs), hrefs
    assert_inert_html(by_kind["supplement_online"].body_html, "mail", shows=(SCRIPT,))
    assert_inert_html(by_kind["refused_online"].body_html, "mail", shows=(FORMULA, IMG))
