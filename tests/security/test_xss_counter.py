"""Hostile text typed into every free-text field of the counter and processing screens.

Each payload comes back as text: escaped in HTML, printed literally in the PDFs, a plain string
cell in the Excel files, escaped in the HTML e-mail, plain in the SMS.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from onestop.accounts.models import User
from onestop.calendar.workcal import VN_TZ
from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Case, CounterSlip
from onestop.db import db, utcnow
from onestop.notifications.channels import Outgoing, SmtpMailer
from onestop.notifications.models import Notification, NotifyChannel
from onestop.notifications.templates import TEMPLATES, to_gsm
from onestop.processing.common import steps_of
from onestop.processing.models import CaseStep
from tests.cases.factories import PDF_BYTES
from tests.counter.conftest import form_tokens
from tests.security.conftest import SignIn, hidden_fields
from tests.security.hostile import (
    DDE,
    FORMULA,
    IMG,
    SCRIPT,
    assert_inert_html,
    assert_pdf_shows,
    assert_xlsx_cells,
    email_headers,
)

MARRIAGE = "1.004873"  # 3 working days: room for an apology
INTAKE = f"/counter/intake/{MARRIAGE}"


def intake_fields(**typed: str) -> dict[str, Any]:
    """The marriage-status intake form as the officer fills it, with `typed` in the text fields."""
    return {
        "kind": "citizen",
        "id_number": "038190012345",
        "phone": "0912345678",
        "email": "dan@example.vn",
        "representative_id_number": "",
        "channel": "direct",
        "sets": "1",
        "pages": "1",
        "copies": "1",
        "notify_email": "y",
        "notify_sms": "y",
        "reason": "",
        "documents-0-received": "y",
        "documents-0-originals": "1",
        "documents-0-copies": "0",
        "documents-1-originals": "0",
        "documents-1-copies": "1",
        "action": "accept",
        **typed,
    }


def act(
    client: FlaskClient,
    case: Case,
    action: str,
    fields: dict[str, Any],
    step: CaseStep | None = None,
) -> None:
    """Fill an action's form on the case page and send it; the page must report success."""
    url = (
        f"/cases/{case.id}/steps/{step.id}/{action}"
        if step
        else f"/cases/{case.id}/actions/{action}"
    )
    prefix = f"{action}-{step.id if step else 'case'}"
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    data = {**hidden_fields(page, url), **{f"{prefix}-{k}": v for k, v in fields.items()}}
    response = client.post(url, data=data, content_type="multipart/form-data")
    assert response.status_code == 302, (action, response.status_code)
    shown = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "flash-success" in shown, (action, re.findall(r'class="flash[^>]*>([^<]*)', shown))
    db.session.expire_all()


def post_page_form(client: FlaskClient, page: str, url: str, fields: dict[str, Any]) -> Any:
    html = client.get(page).get_data(as_text=True)
    return client.post(url, data={**hidden_fields(html, url), **fields})


def accept_at_the_counter(client: FlaskClient, **typed: str) -> Case:
    response = client.post(
        INTAKE,
        data={**form_tokens(client, INTAKE), **intake_fields(**typed)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    case = db.session.scalar(sa.select(Case).where(Case.applicant_name == typed["name"]))
    assert case is not None
    return case


def dept_id(user: User) -> int:
    assert user.department_id is not None
    return user.department_id


def transfer(client: FlaskClient, case: Case, to: User) -> CaseStep:
    act(
        client,
        case,
        "transfer",
        {
            "lead_department": dept_id(to),
            "mode": "single",
            **{f"parts-{i}-department": "0" for i in range(3)},
        },
    )
    return steps_of(case)[-1]


@pytest.fixture
def journey(
    app: Flask, demo: dict[str, User], catalogue: dict[str, Any], sign_in: SignIn
) -> dict[str, Any]:
    """Two cases and a refusal slip carried through every screen with hostile text typed in."""
    for who in ("lanhdao", "lanhdao2", "chuyenvien2"):  # staff get e-mail too
        demo[who].email = f"{who}@example.vn"
    db.session.commit()
    desk, officer, head = sign_in("tiepnhan"), sign_in("chuyenvien"), sign_in("lanhdao")
    officer2, head2 = sign_in("chuyenvien2"), sign_in("lanhdao2")

    # Case A: the whole journey, a different payload in each field on the way.
    a = accept_at_the_counter(
        desk, name=SCRIPT, address=IMG, representative_name=FORMULA, summary=DDE
    )
    step = transfer(desk, a, demo["chuyenvien"])
    act(officer, a, "receive", {}, step)
    act(officer, a, "request_supplement", {"items": f"{SCRIPT}\n{FORMULA}", "note": IMG}, step)
    act(desk, a, "record_supplement", {"note": DDE})
    db.session.refresh(a)
    assert a.due_at is not None
    new_due = (a.due_at + timedelta(days=7)).astimezone(VN_TZ)
    act(head, a, "apology", {"new_due": new_due.strftime("%Y-%m-%dT%H:%M"), "note": SCRIPT})
    act(
        officer,
        a,
        "transfer_ad_hoc",
        {
            "department": dept_id(demo["chuyenvien2"]),
            "assignee": demo["chuyenvien2"].id,
            "reason": IMG,
            "working_hours": "8",
        },
        step,
    )
    ad_hoc = steps_of(a)[-1]
    act(officer2, a, "receive", {}, ad_hoc)
    draft = {"note": DDE, "document": (PDF_BYTES, "kết quả.pdf")}
    act(officer2, a, "submit_draft", _files(draft), ad_hoc)
    act(head2, a, "return_for_rework", {"note": SCRIPT}, ad_hoc)
    act(officer2, a, "submit_draft", _files(draft), ad_hoc)
    act(head2, a, "approve", {"note": IMG}, ad_hoc)
    assert a.status is CaseStatus.RESULT_READY
    returned = post_page_form(
        desk,
        f"/cases/{a.id}",
        f"/cases/{a.id}/return",
        {
            "collector_name": SCRIPT,
            "collector_id_number": "038190012345",
            "fee_paid": "0",
            "fee_receipt_number": IMG,
            "originals_returned": "y",
            "note": FORMULA,
        },
    )
    assert returned.status_code == 302
    rated = post_page_form(
        desk, f"/cases/{a.id}", f"/cases/{a.id}/rating", {"level": "satisfied", "comment": IMG}
    )
    assert rated.status_code == 302

    # Case B: the formulas in the name and address; left overdue with the officer.
    b = accept_at_the_counter(
        desk, name=FORMULA, address=DDE, representative_name=SCRIPT, summary=IMG
    )
    act(officer, b, "receive", {}, transfer(desk, b, demo["chuyenvien"]))
    db.session.refresh(b)
    b.due_at = utcnow() - timedelta(days=3)  # its deadline has passed
    db.session.commit()

    # Case C: an inter-agency part with its task typed in; then withdrawn at the desk.
    c = accept_at_the_counter(
        desk, name=DDE, address=FORMULA, representative_name=IMG, summary=SCRIPT
    )
    act(
        desk,
        c,
        "transfer",
        {
            "lead_department": dept_id(demo["chuyenvien"]),
            "mode": "parallel",
            "parts-0-department": dept_id(demo["chuyenvien2"]),
            "parts-0-task": FORMULA,
            "parts-0-working_days": "3",
            "parts-1-department": "0",
            "parts-2-department": "0",
        },
    )
    act(desk, c, "withdraw", {"note": IMG})
    assert c.status is CaseStatus.WITHDRAWN

    # A refusal slip at the counter: no case is opened.
    response = desk.post(
        INTAKE,
        data={
            **form_tokens(desk, INTAKE),
            **intake_fields(name=IMG, address=SCRIPT, action="refuse", reason=SCRIPT),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    slip = db.session.scalar(sa.select(CounterSlip).where(CounterSlip.applicant_name == IMG))
    assert slip is not None
    clients = {
        "tiepnhan": desk,
        "chuyenvien": officer,
        "lanhdao": head,
        "chuyenvien2": officer2,
        "lanhdao2": head2,
        "giamsat": sign_in("giamsat"),
        "quantri": sign_in("quantri"),
        None: sign_in(None),
    }
    return {"a": a, "b": b, "c": c, "slip": slip, "clients": clients}


def _files(fields: dict[str, Any]) -> dict[str, Any]:
    import io

    return {k: (io.BytesIO(v[0]), v[1]) if isinstance(v, tuple) else v for k, v in fields.items()}


def test_hostile_text_is_shown_escaped_on_every_page(journey: dict[str, Any]) -> None:
    a, b, slip, clients = journey["a"], journey["b"], journey["slip"], journey["clients"]
    day = a.accepted_at.astimezone(VN_TZ).date().isoformat()
    pages = {
        ("tiepnhan", f"/cases/{a.id}"): (SCRIPT, IMG, FORMULA, DDE),
        ("chuyenvien", f"/cases/{a.id}"): (SCRIPT, IMG),
        ("lanhdao2", f"/cases/{a.id}"): (SCRIPT,),
        ("tiepnhan", f"/cases/{b.id}"): (FORMULA, DDE, SCRIPT, IMG),
        ("tiepnhan", f"/cases/{journey['c'].id}"): (DDE, FORMULA, IMG, SCRIPT),
        ("tiepnhan", "/counter/cases"): (SCRIPT, FORMULA),
        ("tiepnhan", f"/counter/register?start={day}&end={day}"): (SCRIPT, FORMULA),
        ("tiepnhan", f"/counter/slips/{slip.id}"): (IMG, SCRIPT),
        ("tiepnhan", f"/cases/find?code={a.code}"): (),
        ("chuyenvien", "/work"): (FORMULA,),
        ("lanhdao", "/work"): (),
        ("giamsat", "/reports/overdue"): (FORMULA,),
        ("giamsat", "/reports/cases"): (),
        ("giamsat", "/reports/"): (),
        ("quantri", "/admin/notifications"): (),
        (None, f"/lookup?code={a.code}&key={a.lookup_code}"): (),
    }
    for (who, path), shows in pages.items():
        response = clients[who].get(path, follow_redirects=True)
        assert response.status_code == 200, (who, path)
        assert_inert_html(response.get_data(as_text=True), f"{path} as {who}", shows=shows)


def test_hostile_text_prints_literally_in_every_pdf(journey: dict[str, Any]) -> None:
    a, b, slip, clients = journey["a"], journey["b"], journey["slip"], journey["clients"]
    desk, head = clients["tiepnhan"], clients["lanhdao"]
    day = a.accepted_at.astimezone(VN_TZ).date().isoformat()
    documents = {
        "receipt A": (desk, f"/cases/{a.id}/receipt.pdf", (SCRIPT, IMG)),
        "receipt B": (desk, f"/cases/{b.id}/receipt.pdf", (FORMULA, DDE)),
        "control slip": (head, f"/cases/{a.id}/control-slip.pdf", (SCRIPT, IMG)),
        "control slip C": (desk, f"/cases/{journey['c'].id}/control-slip.pdf", (DDE, FORMULA)),
        "apology": (head, f"/cases/{a.id}/apology.pdf", (SCRIPT, IMG)),
        "refusal slip": (desk, f"/counter/slips/{slip.id}.pdf", (IMG, SCRIPT)),
        "register": (desk, f"/counter/register.pdf?start={day}&end={day}", (SCRIPT, FORMULA)),
        "overdue list": (clients["giamsat"], "/reports/overdue.pdf", (FORMULA,)),
    }
    for name, (client, path, texts) in documents.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert_pdf_shows(response.data, name, *texts)


def test_hostile_text_is_a_plain_string_cell_in_every_workbook(journey: dict[str, Any]) -> None:
    a, clients = journey["a"], journey["clients"]
    day = a.accepted_at.astimezone(VN_TZ).date().isoformat()
    register = clients["tiepnhan"].get(f"/counter/register.xlsx?start={day}&end={day}")
    assert register.status_code == 200
    # Name, contact (address first), note: each a string cell starting with the payload.
    assert_xlsx_cells(register.data, "register.xlsx", SCRIPT, FORMULA, DDE)
    overdue = clients["giamsat"].get("/reports/overdue.xlsx")
    assert overdue.status_code == 200
    assert_xlsx_cells(overdue.data, "overdue.xlsx", FORMULA)


def test_hostile_text_in_email_is_escaped_and_in_sms_is_plain(
    app: Flask, journey: dict[str, Any]
) -> None:
    a, b = journey["a"], journey["b"]
    rows = list(
        db.session.scalars(sa.select(Notification).where(Notification.case_id.in_([a.id, b.id])))
    )
    kinds = {(r.kind, r.channel) for r in rows}
    for kind in ("accepted", "supplement_requested", "apology", "result_ready", "returned"):
        assert (kind, NotifyChannel.EMAIL) in kinds and (kind, NotifyChannel.SMS) in kinds, kind
    assert ("handoff_waiting", NotifyChannel.EMAIL) in kinds
    mailer = SmtpMailer({**app.config, "MAIL_SERVER": "smtp.example.vn"})
    for row in rows:
        where = f"{row.kind} {row.channel.value} to {row.recipient}"
        if row.channel is NotifyChannel.SMS:
            assert "\n" not in row.body_text and "\r" not in row.body_text, where
            continue
        assert "\n" not in row.subject and "\r" not in row.subject, where
        names_applicant = "{name}" in TEMPLATES[row.kind].text
        shows = (SCRIPT,) if row.case_id == a.id and names_applicant else ()
        assert_inert_html(row.body_html, where, shows=shows)
        built = mailer.build(
            Outgoing(f"n{row.id}", row.recipient, row.subject, row.body_text, row.body_html)
        )
        assert set(email_headers(built.as_bytes())) == EMAIL_HEADERS, where
    supplement_sms = next(
        r for r in rows if r.kind == "supplement_requested" and r.channel is NotifyChannel.SMS
    )
    assert to_gsm(IMG) in supplement_sms.body_text  # the reason, as typed (GSM-7 has < > " =)
    apology_mail = next(r for r in rows if r.kind == "apology" and r.channel is NotifyChannel.EMAIL)
    assert SCRIPT in apology_mail.body_text  # the text part says exactly what was typed


EMAIL_HEADERS = {"subject", "from", "to", "message-id", "mime-version", "content-type"}
