"""Counter test helpers: a signed-in counter officer, a filled intake form, scan files."""

from __future__ import annotations

import io
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from onestop.accounts.models import Role, User
from onestop.accounts.services import create_user
from onestop.cases.events import move
from onestop.cases.files import Upload
from onestop.cases.intake import ApplicantData, IntakeData, ReceivedDocument, accept_case
from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Case
from onestop.catalogue.model import ApplicantKind
from onestop.db import db, utcnow
from onestop.demo import DEMO_PASSWORD
from onestop.organisation.models import Unit
from tests.conftest import login

BIRTH = "1.001193"
INTAKE = f"/counter/intake/{BIRTH}"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40


@pytest.fixture
def officer(client: FlaskClient, demo: dict[str, User], catalogue: dict[str, Any]) -> User:
    """The counter officer of UBND phường Hạc Thành, signed in on `client`."""
    login(client, "tiepnhan")
    return demo["tiepnhan"]


@pytest.fixture
def other_officer(demo: dict[str, User]) -> User:
    """A counter officer of another commune (UBND xã Quảng Phú)."""
    unit = db.session.scalar(sa.select(Unit).where(Unit.code == "000.17.23.H56"))
    assert unit is not None
    user = create_user(
        username="tiepnhan2",
        full_name="Lê Thị Quầy",
        password=DEMO_PASSWORD,
        role=Role.COUNTER_OFFICER,
        unit=unit,
        department=None,
    )
    db.session.commit()
    return user


def form_tokens(client: FlaskClient, path: str = INTAKE) -> dict[str, str]:
    """Open the intake form and read its CSRF token and one-time intake token."""
    html = client.get(path).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    token = re.search(r'name="token"[^>]*value="([^"]+)"', html)
    assert csrf and token, "intake form without its tokens"
    return {"csrf_token": csrf.group(1), "token": token.group(1)}


def intake_fields(**overrides: Any) -> dict[str, Any]:
    """A complete birth registration dossier as the officer would fill it in."""
    data: dict[str, Any] = {
        "kind": "citizen",
        "id_number": "038190012345",
        "name": "Nguyễn Thị Hồng Ngọc",
        "phone": "0912345678",
        "email": "ngoc@example.vn",
        "address": "Phường Hạc Thành, tỉnh Thanh Hóa",
        "representative_name": "",
        "representative_id_number": "",
        "channel": "direct",
        "sets": "1",
        "pages": "1",
        "copies": "1",
        "summary": "",
        "reason": "",
        "documents-0-received": "y",
        "documents-0-originals": "1",
        "documents-0-copies": "0",
        "documents-1-received": "y",
        "documents-1-originals": "1",
        "documents-1-copies": "0",
        "documents-2-originals": "1",
        "documents-2-copies": "0",
        "documents-3-originals": "1",
        "documents-3-copies": "0",
        "action": "accept",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def submit(client: FlaskClient, fields: dict[str, Any], path: str = INTAKE) -> Any:
    """Open the form for its tokens, then post the fields as multipart (like a browser)."""
    return client.post(
        path, data={**form_tokens(client, path), **fields}, content_type="multipart/form-data"
    )


def scan(data: bytes, name: str) -> tuple[io.BytesIO, str]:
    return (io.BytesIO(data), name)


def stored_files(app: Flask) -> set[Path]:
    """Every file under the upload folder."""
    return {p for p in Path(app.config["UPLOAD_FOLDER"]).rglob("*") if p.is_file()}


def case_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(Case.id))) or 0


def error_text(html: str, field_id: str) -> str:
    """The message shown next to a field (id="<field>-err"), or ""."""
    match = re.search(rf'id="{re.escape(field_id)}-err">([^<]*)<', html)
    return match.group(1) if match else ""


def make_case(
    officer: User,
    procedure: Any,
    *,
    name: str = "Nguyễn Thị Hồng Ngọc",
    at: datetime | None = None,
    result_ready: bool = False,
    uploads: list[Upload] | None = None,
) -> Case:
    """Accept a complete dossier through the service, like a factory with traits."""
    spec = procedure.spec
    data = IntakeData(
        procedure=procedure,
        applicant=ApplicantData(
            kind=ApplicantKind.CITIZEN, name=name, id_number="038190012345", phone="0912345678"
        ),
        documents=[
            ReceivedDocument(i, d.originals, d.copies)
            for i, d in enumerate(spec.documents)
            if d.required
        ],
        uploads=uploads or [],
    )
    now = at or utcnow()
    case = accept_case(data, officer=officer, now=now)
    if result_ready:
        move(case, CaseStatus.RESULT_READY, "result_ready", actor=officer, at=now)
    db.session.commit()
    return case
