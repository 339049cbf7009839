"""Online submission: the e-form and documents, bad input, double submits, nothing half-created."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Case, CaseEvent, CaseFile
from onestop.catalogue.model import Channel
from onestop.db import db
from onestop.portal.models import Citizen, OnlineSubmission
from tests.portal.conftest import (
    BIRTH,
    EXE,
    PDF,
    PNG,
    eform_fields,
    files,
    submit_case,
    submit_token,
)


def stored_files(app: Flask) -> set[Path]:
    return {p for p in Path(app.config["UPLOAD_FOLDER"]).rglob("*") if p.is_file()}


def counts() -> tuple[int, int]:
    return (
        db.session.scalar(sa.select(sa.func.count(Case.id))) or 0,
        db.session.scalar(sa.select(sa.func.count(CaseFile.id))) or 0,
    )


def test_a_submission_is_new_with_its_files_and_a_tracking_reference(
    app: Flask, client: FlaskClient, citizen: Citizen
) -> None:
    response = submit_case(client)
    assert response.status_code == 302
    submission = db.session.scalar(sa.select(OnlineSubmission))
    assert submission is not None and submission.reference.startswith("TT-")
    case = submission.case
    assert case.status is CaseStatus.NEW and case.national_status == 1
    assert case.code is None and case.accepted_at is None and case.due_at is None
    assert case.channel is Channel.ONLINE
    assert case.receiving_unit.name == case.handling_unit.name == "UBND phường Hạc Thành"
    assert submission.form_data["child_full_name"] == "Nguyễn Minh Khôi"
    assert submission.form_data["child_birth_date"] == "2026-02-20"
    names = sorted(f.original_name for d in case.documents for f in d.files)
    assert names == ["Giấy chứng sinh.png", "Tờ khai đăng ký khai sinh.pdf"]
    stored = {p.name for p in stored_files(app)}
    assert all(f.stored_name in stored for d in case.documents for f in d.files)
    assert not any("khai" in name for name in stored)  # random names on disk
    event = db.session.scalar(sa.select(CaseEvent).where(CaseEvent.case_id == case.id))
    assert event is not None and event.action == "submitted_online"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert submission.reference in page and "mã trạng thái quốc gia 1" in page


def test_the_review_step_shows_the_answers_and_asks_for_each_document(
    client: FlaskClient, citizen: Citizen
) -> None:
    tokens = submit_token(client)
    page = client.post(
        f"/portal/submit/{BIRTH}", data={**tokens, **eform_fields(), "action": "review"}
    ).get_data(as_text=True)
    assert "Bước 2/2" in page and "Nguyễn Minh Khôi" in page
    assert 'name="doc_0"' in page and 'name="doc_1"' in page
    assert 'enctype="multipart/form-data"' in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id_number", "12345", "CCCD"),
        ("eform-requester_phone", "12345", "0912345678"),
        ("eform-child_full_name", "", "bắt buộc"),
        ("eform-child_sex", "Khác", "Hãy chọn một trong các lựa chọn."),
        ("eform-child_birth_date", "20/02/2026", ""),
        ("eform-child_ethnicity", "x" * 51, ""),
        ("unit_id", "999999", ""),
    ],
)
def test_the_e_form_enforces_its_yaml_rules(
    client: FlaskClient, citizen: Citizen, field: str, value: str, message: str
) -> None:
    response = submit_case(client, **{field: value})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert counts() == (0, 0)


def test_a_level_2_procedure_offers_the_forms_only(client: FlaskClient, citizen: Citizen) -> None:
    page = client.get("/portal/submit/2.000815").get_data(as_text=True)
    assert "không nộp trực tuyến được" in page
    assert 'enctype="multipart/form-data"' not in page and 'name="eform-' not in page


def test_submitting_needs_an_account_but_looking_up_does_not(
    client: FlaskClient, catalogue: dict[str, Any], demo: Any
) -> None:
    response = client.get(f"/portal/submit/{BIRTH}")
    assert response.status_code == 302 and "/portal/login" in response.headers["Location"]
    assert client.get("/lookup").status_code == 200


def test_the_catalogue_offers_online_submission_for_level_3(
    client: FlaskClient, catalogue: dict[str, Any]
) -> None:
    page = client.get(f"/procedures/{BIRTH}").get_data(as_text=True)
    assert f'href="/portal/submit/{BIRTH}"' in page


# ---- bad input: a clear message, nothing half-created --------------------------------------


def test_an_oversize_file_is_refused_and_nothing_is_kept(
    app: Flask, client: FlaskClient, citizen: Citizen
) -> None:
    app.config["SCAN_MAX_BYTES"] = 1000
    try:
        response = submit_case(
            client,
            attachments=files(p0=(PDF + b"0" * 2000, "to-khai.pdf"), p1=(PNG, "chung-sinh.png")),
        )
    finally:
        app.config["SCAN_MAX_BYTES"] = 10 * 1024 * 1024
    assert response.status_code == 400
    assert "to-khai.pdf is larger than" in response.get_data(as_text=True) or (
        "lớn hơn" in response.get_data(as_text=True)
    )
    assert counts() == (0, 0) and stored_files(app) == set()


def test_an_executable_renamed_pdf_is_refused(
    app: Flask, client: FlaskClient, citizen: Citizen
) -> None:
    response = submit_case(
        client, attachments=files(p0=(EXE, "to-khai.pdf"), p1=(PNG, "chung-sinh.png"))
    )
    assert response.status_code == 400
    assert "to-khai.pdf" in response.get_data(as_text=True)
    assert counts() == (0, 0) and stored_files(app) == set()


def test_a_missing_file_part_is_an_interrupted_upload_with_a_clear_message(
    app: Flask, client: FlaskClient, citizen: Citizen
) -> None:
    response = submit_case(client, attachments=files(p0=(PDF, "to-khai.pdf")))
    assert response.status_code == 400
    assert "Hãy đính kèm giấy tờ này" in response.get_data(as_text=True)
    assert counts() == (0, 0) and stored_files(app) == set()


# Werkzeug leaves the half-received file's spool to the garbage collector when the body stops.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_a_truncated_request_body_saves_nothing(
    app: Flask, client: FlaskClient, citizen: Citizen
) -> None:
    tokens = submit_token(client)
    boundary = "xYzBoundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
        for k, v in {**tokens, **eform_fields(), "action": "submit"}.items()
    ]
    head = (
        "".join(parts).encode()
        + (
            f'--{boundary}\r\nContent-Disposition: form-data; name="doc_0"; filename="a.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
    )
    body = head + PDF  # the connection drops here: no closing boundary, fewer bytes than promised
    response = client.post(
        f"/portal/submit/{BIRTH}",
        input_stream=io.BytesIO(body),
        content_type=f"multipart/form-data; boundary={boundary}",
        headers={"Content-Length": str(len(body) + 5000)},
    )
    assert response.status_code == 400
    assert "Tải tệp lên bị gián đoạn" in response.get_data(as_text=True)
    assert counts() == (0, 0) and stored_files(app) == set()


def test_a_double_submitted_form_opens_one_case(client: FlaskClient, citizen: Citizen) -> None:
    tokens = submit_token(client)
    first = submit_case(client, tokens=tokens)
    second = submit_case(client, tokens=tokens)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert counts()[0] == 1
    assert "đã được nộp" in client.get(second.headers["Location"]).get_data(as_text=True)


def test_decomposed_vietnamese_is_stored_composed(client: FlaskClient, citizen: Citizen) -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Minh Khôi")
    assert nfd != "Nguyễn Minh Khôi"
    submit_case(
        client,
        **{"eform-child_full_name": nfd, "address": unicodedata.normalize("NFD", "Hạc Thành")},
    )
    submission = db.session.scalar(sa.select(OnlineSubmission))
    assert submission is not None
    assert submission.form_data["child_full_name"] == "Nguyễn Minh Khôi"
    assert submission.case.applicant_address == "Hạc Thành"
    name = unicodedata.normalize("NFD", "Tờ khai.pdf")
    submit_case(client, attachments=files(p0=(PDF, name), p1=(PNG, "b.png")))
    stored = db.session.scalar(sa.select(CaseFile).where(CaseFile.original_name == "Tờ khai.pdf"))
    assert stored is not None


def test_a_citizen_posting_the_form_without_end_is_refused_for_a_while(
    app: Flask, client: FlaskClient, citizen: Citizen, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every submission can send an SMS to the number typed in it: posts are counted per account."""
    monkeypatch.setitem(app.config, "SUBMIT_RATE_LIMIT", "2 per hour")
    assert submit_case(client).status_code == 302
    assert submit_case(client).status_code == 302
    refused = submit_case(client)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 60
    assert "Quá nhiều lần thử." in refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OnlineSubmission)) == 2
