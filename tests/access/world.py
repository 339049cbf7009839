"""The records and people the access tests knock with: two communes, their staff, two citizens.

UBND phường Hạc Thành holds every kind of record a URL can name (a case in progress with a scan,
a draft result, an apology and a control slip; slips 02 and 03; a citizen's online case; a unit, a
department, a user, a token, a notification, a calendar override). UBND xã Quảng Phú has staff of
every role and a case of its own, to try the same URLs from outside.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from onestop.accounts.models import PASSWORD_METHOD, Role, User
from onestop.accounts.services import create_user
from onestop.api.tokens import create_token
from onestop.calendar.days import OverrideKind
from onestop.calendar.models import CalendarOverride
from onestop.calendar.workcal import VN_TZ
from onestop.cases.files import Upload
from onestop.cases.intake import accept_case, issue_slip
from onestop.cases.models import Case, CaseFile, CounterSlip, SlipKind
from onestop.catalogue.model import ApplicantKind
from onestop.db import db
from onestop.demo import DEMO_PASSWORD
from onestop.notifications.models import Notification, NotifyChannel, NotifyStatus
from onestop.organisation.models import Unit
from onestop.portal.accounts import confirmation_token
from onestop.portal.models import Citizen
from onestop.portal.submissions import SubmissionData, accept_online, submit_online
from onestop.processing import approval, handoffs, lateness
from onestop.processing.models import CaseStep
from onestop.signing.models import DocumentKind, SignedDocument, TrustedRoot
from tests.cases.factories import PDF_BYTES, PNG_BYTES, applicant, complete_intake
from tests.conftest import csrf_token, login

BIRTH = "1.001193"  # level 3: citizens submit it online
MARRIAGE_STATUS = "1.004873"  # 3 working days: the case that goes through processing
HAC_THANH = "000.17.22.H56"
QUANG_PHU = "000.17.23.H56"
CITIZEN_PASSWORD = "mat-khau-cong-dan-2026"


class Actor(enum.StrEnum):
    """Who knocks, in the order of the rule table's columns."""

    ANONYMOUS = "anonymous"
    CITIZEN = "citizen"
    COUNTER = "counter"  # counter officer of Hạc Thành
    OTHER_DEPARTMENT = "other_dept"  # officer of Hạc Thành's other department
    OFFICER = "officer"  # the case's handler, Phòng Văn hóa - Xã hội
    HEAD = "head"  # head of that department
    OTHER_SUPERVISOR = "other_sup"  # supervisor of UBND xã Quảng Phú
    SUPERVISOR = "supervisor"  # supervisor of the province
    ADMIN = "admin"  # administrator of the province


# The staff username of each actor (created by the demo seed or by build_world).
USERNAMES = {
    Actor.COUNTER: "tiepnhan",
    Actor.OTHER_DEPARTMENT: "chuyenvien2",
    Actor.OFFICER: "chuyenvien",
    Actor.HEAD: "lanhdao",
    Actor.OTHER_SUPERVISOR: "qp.giamsat",
    Actor.SUPERVISOR: "giamsat",
    Actor.ADMIN: "quantri",
}

ACTOR_ROLES = {
    Actor.COUNTER: Role.COUNTER_OFFICER,
    Actor.OTHER_DEPARTMENT: Role.OFFICER,
    Actor.OFFICER: Role.OFFICER,
    Actor.HEAD: Role.HEAD,
    Actor.OTHER_SUPERVISOR: Role.SUPERVISOR,
    Actor.SUPERVISOR: Role.SUPERVISOR,
    Actor.ADMIN: Role.ADMIN,
}

# Quảng Phú's staff, one per role: they try Hạc Thành's records by guessing.
OTHER_UNIT_STAFF = {
    Role.COUNTER_OFFICER: "qp.tiepnhan",
    Role.OFFICER: "qp.chuyenvien",
    Role.HEAD: "qp.lanhdao",
    Role.SUPERVISOR: "qp.giamsat",
    Role.ADMIN: "qp.quantri",
}


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant in March 2026, Vietnam time (Mon 9 March is a plain working day)."""
    return datetime(2026, 3, day, hour, minute, tzinfo=VN_TZ)


@dataclass
class World:
    case: Case  # Hạc Thành: in progress, apology issued, draft result waiting for the head
    step: CaseStep  # its lead step (Phòng Văn hóa - Xã hội), submitted for approval
    scan: CaseFile  # the scan taken at intake
    result: CaseFile  # the draft result the officer attached
    supplement_slip: CounterSlip  # form 02
    refusal_slip: CounterSlip  # form 03
    online_case: Case  # the citizen's level-3 case, accepted at the Hạc Thành desk
    citizen: Citizen
    other_citizen_case: Case  # another citizen's online case at the same desk
    other_case: Case  # a case of UBND xã Quảng Phú, with its scan
    other_scan: CaseFile
    values: dict[str, Any]  # URL parameter -> value in the actors' intended scope


def unit(code: str) -> Unit:
    found = db.session.scalar(sa.select(Unit).where(Unit.code == code))
    assert found is not None, code
    return found


@cache
def _citizen_password_hash() -> str:
    return generate_password_hash(CITIZEN_PASSWORD, method=PASSWORD_METHOD)


def _citizen(name: str, email: str, phone: str, now: datetime) -> Citizen:
    """A confirmed citizen account (the password hashed once per run: scrypt is slow on purpose)."""
    citizen = Citizen(
        full_name=name,
        email=email,
        phone=phone,
        password_hash=_citizen_password_hash(),
        confirmed_at=now,
    )
    db.session.add(citizen)
    db.session.flush()
    return citizen


def _online_case(procedure: Any, citizen: Citizen, token: str, now: datetime) -> Case:
    submission = submit_online(
        SubmissionData(
            procedure=procedure,
            unit=unit(HAC_THANH),
            applicant=applicant(name=citizen.full_name, email=citizen.email),
            form_data={"child_full_name": "Nguyễn Minh Khôi"},
            token=token,
            uploads=[
                Upload("Tờ khai đăng ký khai sinh.pdf", PDF_BYTES, 0),
                Upload("Giấy chứng sinh.png", PNG_BYTES, 1),
            ],
        ),
        citizen=citizen,
        now=now,
    )
    return db.session.get_one(Case, submission.case_id)


def build_world(app: Flask, demo: dict[str, User], catalogue: dict[str, Any]) -> World:
    """Create every record the access tests name, through the services, and commit."""
    with app.test_request_context():  # services write scans under the app's upload folder
        return _build(demo, catalogue)


def _build(demo: dict[str, User], catalogue: dict[str, Any]) -> World:
    quang_phu = unit(QUANG_PHU)
    for role, username in OTHER_UNIT_STAFF.items():
        department = quang_phu.departments[0] if role in (Role.OFFICER, Role.HEAD) else None
        create_user(
            username=username,
            full_name=f"Cán bộ xã Quảng Phú ({role.value})",
            password=DEMO_PASSWORD,
            password_hash=demo["tiepnhan"].password_hash,  # the demo password, hashed once
            role=role,
            unit=quang_phu,
            department=department,
        )
    db.session.flush()
    staff = {u.username: u for u in db.session.scalars(sa.select(User))}
    counter, officer, head = staff["tiepnhan"], staff["chuyenvien"], staff["lanhdao"]

    # The case in progress: accepted Mon 9 March 08:00, due Thu 12 March 08:00.
    case = accept_case(
        complete_intake(
            catalogue[MARRIAGE_STATUS], uploads=[Upload("Tờ khai xác nhận.pdf", PDF_BYTES, 0)]
        ),
        officer=counter,
        now=at(9, 8),
    )
    step = handoffs.transfer_case(
        case,
        actor=counter,
        lead_department=officer.department,  # type: ignore[arg-type]
        now=at(9, 9),
        version=case.version,
    )
    handoffs.receive_step(step, actor=officer, now=at(9, 9, 30), version=case.version)
    lateness.issue_apology(
        case, at(16, 17), "Cần xác minh thêm", actor=head, now=at(10, 9), version=case.version
    )
    approval.submit_draft(
        step,
        Upload("Dự thảo kết quả.pdf", PDF_BYTES),
        actor=officer,
        now=at(10, 10),
        version=case.version,
    )
    scan = db.session.scalars(
        sa.select(CaseFile).where(CaseFile.case_id == case.id).order_by(CaseFile.id)
    ).first()
    result = db.session.get_one(CaseFile, step.draft_file_id)
    assert scan is not None and scan.id != result.id

    birth = catalogue[BIRTH]
    slips = {
        kind: issue_slip(
            kind,
            procedure=birth,
            applicant=applicant(),
            officer=counter,
            now=at(9, 10),
            items=[{"name": "Giấy chứng sinh", "originals": 1, "copies": 0}],
            reason="Hồ sơ không thuộc thẩm quyền.",
        )
        for kind in SlipKind
    }

    citizen = _citizen("Nguyễn Văn An", "an@example.vn", "0987654321", at(9, 7))
    online_case = _online_case(birth, citizen, "token-an", at(9, 11))
    accept_online(online_case, officer=counter, now=at(9, 14), version=None)
    someone_else = _citizen("Lê Thị Bình", "binh@example.vn", "0987000111", at(9, 7))
    other_citizen_case = _online_case(birth, someone_else, "token-binh", at(9, 12))
    accept_online(other_citizen_case, officer=counter, now=at(9, 15), version=None)

    other_case = accept_case(
        complete_intake(
            birth,
            applicant=applicant(kind=ApplicantKind.CITIZEN, name="Trần Thị Quảng"),
            uploads=[Upload("Tờ khai khai sinh.pdf", PDF_BYTES, 0)],
        ),
        officer=staff[OTHER_UNIT_STAFF[Role.COUNTER_OFFICER]],
        now=at(9, 8),
    )
    other_scan = db.session.scalars(
        sa.select(CaseFile).where(CaseFile.case_id == other_case.id)
    ).one()

    override = CalendarOverride(day=date(2030, 1, 2), kind=OverrideKind.DAY_OFF, note="Thử")
    notification = Notification(
        idempotency_key="test:access", kind="accepted", channel=NotifyChannel.EMAIL,
        recipient="a@example.vn", status=NotifyStatus.FAILED,
    )  # fmt: skip
    # A signed copy of the receipt as the desk handed it out (the bytes are the intake scan's
    # stored file: only the route's checks are under test) and a trusted root certificate.
    signed = SignedDocument(
        kind=DocumentKind.RECEIPT, reference=case.code or "", case_id=case.id,
        unit_id=case.handling_unit_id, source_sha256="0" * 64, stored_name=scan.stored_name,
        sha256=scan.sha256, size=scan.size, signer_name="UBND phường Hạc Thành",
        certificate_fingerprint="0" * 64,
    )  # fmt: skip
    root = TrustedRoot(
        subject="CN=Thử", fingerprint="1" * 64, not_before=datetime(2026, 1, 1, tzinfo=VN_TZ),
        not_after=datetime(2036, 1, 1, tzinfo=VN_TZ), certificate_pem="-",
    )  # fmt: skip
    db.session.add_all([override, notification, signed, root])
    token, _ = create_token(name="Thử", unit=unit(HAC_THANH), created_by=None)
    db.session.commit()

    values: dict[str, Any] = {
        "case_id": case.id,
        "step_id": step.id,
        "file_id": scan.id,
        "slip_id": slips[SlipKind.SUPPLEMENT].id,
        "unit_id": counter.unit_id,
        "department_id": officer.department_id,
        "user_id": officer.id,
        "token_id": token.id,
        "override_id": override.id,
        "notification_id": notification.id,
        "document_id": signed.id,
        "root_id": root.id,
        "procedure": BIRTH,
        "case_code": case.code,
        "lookup_key": case.lookup_code,
        "confirm_token": confirmation_token(citizen),
        "online_case_id": online_case.id,
    }
    return World(
        case=case,
        step=step,
        scan=scan,
        result=result,
        supplement_slip=slips[SlipKind.SUPPLEMENT],
        refusal_slip=slips[SlipKind.REFUSAL],
        online_case=online_case,
        citizen=citizen,
        other_citizen_case=other_citizen_case,
        other_case=other_case,
        other_scan=other_scan,
        values=values,
    )


def citizen_login(client: FlaskClient, email: str) -> None:
    token = csrf_token(client, "/portal/login")
    response = client.post(
        "/portal/login",
        data={"identifier": email, "password": CITIZEN_PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302, "the citizen could not sign in"


def sign_in(client: FlaskClient, actor: Actor) -> str:
    """Sign `actor` in on `client`; return a valid CSRF token of its session."""
    if actor is Actor.CITIZEN:
        citizen_login(client, "an@example.vn")
    elif actor is not Actor.ANONYMOUS:
        staff_login(client, USERNAMES[actor])
    return csrf_token(client, "/portal/feedback")  # a form every visitor may open


def staff_login(client: FlaskClient, username: str) -> None:
    response = login(client, username)
    assert response.status_code == 302, f"{username} could not sign in"


def snapshot(app: Flask) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table and every stored file: to prove a refused request changed nothing."""
    db.session.expire_all()
    folder = Path(app.config["UPLOAD_FOLDER"])
    rows = {"files": sorted((str(p), p.stat().st_size) for p in folder.rglob("*") if p.is_file())}
    for table in db.metadata.sorted_tables:
        order = list(table.primary_key.columns) or list(table.columns)
        rows[table.name] = [
            tuple(row) for row in db.session.execute(sa.select(table).order_by(*order))
        ]
    return rows
