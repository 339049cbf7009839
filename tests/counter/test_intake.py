"""The whole intake through the browser's eyes: search, form, due date, accept, 02, 03."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from onestop.accounts.models import User
from onestop.cases.models import Applicant, Case, CounterSlip
from onestop.db import db
from tests.counter.conftest import (
    BIRTH,
    INTAKE,
    JPEG,
    PDF,
    case_count,
    error_text,
    form_tokens,
    intake_fields,
    make_case,
    scan,
    submit,
)
from tests.documents.readback import all_text, decode, rasterise


def test_search_finds_the_procedure_without_diacritics(client: FlaskClient, officer: User) -> None:
    page = client.get("/counter/intake?q=dang ky khai sinh").get_data(as_text=True)
    assert "Đăng ký khai sinh" in page and INTAKE in page
    assert "Chứng thực bản sao từ bản chính" not in page


def test_form_shows_the_checklist_and_the_due_date_with_its_explanation(
    client: FlaskClient, officer: User
) -> None:
    page = client.get(INTAKE).get_data(as_text=True)
    assert "Tờ khai đăng ký khai sinh" in page and "Giấy chứng sinh" in page
    assert "Ngày hẹn trả nếu tiếp nhận bây giờ" in page
    assert "Cách tính:" in page


def test_accept_issues_the_case_and_its_receipt(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    fields = intake_fields(
        **{"documents-0-scans": scan(PDF, "Tờ khai khai sinh.pdf"), "scans": scan(JPEG, "ảnh.jpg")}
    )
    response = submit(client, fields)
    assert response.status_code == 302, error_text(response.get_data(as_text=True), "name")
    case = db.session.scalar(sa.select(Case))
    assert case is not None and case.code and case.code.startswith("000.17.22.H56-")
    assert response.headers["Location"].endswith(f"/cases/{case.id}")

    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert case.code in page and "Nguyễn Thị Hồng Ngọc" in page
    assert "In giấy tiếp nhận" in page and f"/cases/{case.id}/receipt.pdf" in page
    assert "Tờ khai khai sinh.pdf" in page and "ảnh.jpg" in page
    assert "Tiếp nhận tại Bộ phận Một cửa" in page  # the history

    receipt = client.get(f"/cases/{case.id}/receipt.pdf")
    assert receipt.mimetype == "application/pdf"
    text = all_text(receipt.data)
    assert case.code in text and "Đăng ký khai sinh" in text and "Nguyễn Thị Hồng Ngọc" in text
    assert "Liên 1" in text and "Liên 2" in text
    codes = decode(rasterise(receipt.data))
    assert case.code in codes.get("Code128", [])
    assert any(f"/lookup?code={case.code}&key={case.lookup_code}" in q for q in codes["QRCode"])


def test_scans_download_under_their_vietnamese_names(client: FlaskClient, officer: User) -> None:
    submit(client, intake_fields(**{"documents-0-scans": scan(PDF, "Tờ khai khai sinh.pdf")}))
    case = db.session.scalar(sa.select(Case))
    assert case is not None
    [document] = [d for d in case.documents if d.files]
    with client.get(f"/cases/{case.id}/files/{document.files[0].id}") as response:
        assert response.data == PDF and response.mimetype == "application/pdf"
        assert "T%E1%BB%9D%20khai%20khai%20sinh.pdf" in response.headers["Content-Disposition"]


def test_a_double_submitted_form_opens_one_case(client: FlaskClient, officer: User) -> None:
    data = {**form_tokens(client), **intake_fields()}
    first = client.post(INTAKE, data=data)
    second = client.post(INTAKE, data=data)
    assert case_count() == 1
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "Hồ sơ này đã được tiếp nhận" in page


def test_find_prefills_a_returning_applicant(client: FlaskClient, officer: User) -> None:
    submit(client, intake_fields(name="Trần Văn Bình", address="Số 5 Lê Lợi"))
    tokens = form_tokens(client)
    page = client.post(
        INTAKE, data={**tokens, "id_number": "038190012345", "action": "find"}
    ).get_data(as_text=True)
    assert 'value="Trần Văn Bình"' in page and 'value="Số 5 Lê Lợi"' in page
    assert db.session.scalar(sa.select(sa.func.count(Applicant.id))) == 1


def test_preview_shows_the_due_date_and_writes_nothing(client: FlaskClient, officer: User) -> None:
    response = submit(client, intake_fields(action="preview"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Hồ sơ đã đủ" in page
    assert 'value="Nguyễn Thị Hồng Ngọc"' in page
    assert case_count() == 0


def test_incomplete_prints_form_02_listing_exactly_the_missing_items(
    client: FlaskClient, officer: User
) -> None:
    fields = intake_fields(action="incomplete")
    del fields["documents-1-received"]
    response = submit(client, fields)
    assert response.status_code == 302 and case_count() == 0
    slip = db.session.scalar(sa.select(CounterSlip))
    assert slip is not None and [i["name"] for i in slip.items] == [
        "Giấy chứng sinh (hoặc văn bản của người làm chứng / giấy cam đoan về việc sinh)"
    ]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    pdf = client.get(f"/counter/slips/{slip.id}.pdf").data
    text = all_text(pdf)
    assert "Giấy chứng sinh" in text and "Nguyễn Thị Hồng Ngọc" in text
    assert "Tờ khai đăng ký khai sinh" not in text  # received, so not asked for
    assert "Biên bản xác nhận việc trẻ bị bỏ rơi" not in text  # optional
    assert "In phiếu" in page


def test_incomplete_with_everything_received_is_refused(client: FlaskClient, officer: User) -> None:
    response = submit(client, intake_fields(action="incomplete"))
    assert response.status_code == 400
    assert "Đã nhận đủ" in error_text(response.get_data(as_text=True), "documents")


def test_refuse_prints_form_03_with_the_reason(client: FlaskClient, officer: User) -> None:
    reason = "Trẻ đã được đăng ký khai sinh tại UBND xã Quảng Phú."
    response = submit(client, intake_fields(action="refuse", reason=reason))
    assert response.status_code == 302 and case_count() == 0
    slip = db.session.scalar(sa.select(CounterSlip))
    assert slip is not None
    text = all_text(client.get(f"/counter/slips/{slip.id}.pdf").data)
    assert reason in text and "Đăng ký khai sinh" in text


def test_refuse_needs_a_reason(client: FlaskClient, officer: User) -> None:
    response = submit(client, intake_fields(action="refuse"))
    assert response.status_code == 400
    assert error_text(response.get_data(as_text=True), "reason")
    assert db.session.scalar(sa.select(sa.func.count(CounterSlip.id))) == 0


def test_a_per_page_fee_asks_for_pages_and_copies(client: FlaskClient, officer: User) -> None:
    path = "/counter/intake/2.000815"
    page = client.get(path).get_data(as_text=True)
    assert re.search(r'id="pages"[^>]*type="number"', page)
    birth = client.get(INTAKE).get_data(as_text=True)
    assert re.search(r'id="pages"[^>]*type="hidden"', birth)
    fields = {
        **{k: v for k, v in intake_fields().items() if not k.startswith("documents-")},
        "documents-0-received": "y",
        "documents-0-originals": "1",
        "documents-0-copies": "0",
        "documents-1-received": "y",
        "documents-1-originals": "1",
        "documents-1-copies": "0",
        "pages": "5",
        "copies": "2",
        "action": "preview",
    }
    page = submit(client, fields, path).get_data(as_text=True)
    # pages 1-2 at 2.000 ₫, pages 3-5 at 1.000 ₫, two copies
    assert "14.000 ₫" in page


def test_a_case_received_after_the_cutoff_explains_the_next_day(
    client: FlaskClient, officer: User, catalogue: dict[str, Any]
) -> None:
    case = make_case(officer, catalogue[BIRTH], at=datetime(2026, 3, 2, 9, 30, tzinfo=UTC))
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Tiếp nhận lúc 16:30 02/03/2026, sau 15:00" in page
    assert "17:00 03/03/2026" in page
