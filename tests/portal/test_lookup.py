"""Public status lookup: the receipt's QR opens it, it shows no personal data, and it cannot be probed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from onestop.cases.events import move
from onestop.cases.intake import accept_case
from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Case
from onestop.cases.returns import ReturnData, return_result
from onestop.counter.printing import lookup_url, receipt_data
from onestop.db import db
from onestop.documents.receipt import render_receipt
from tests.cases.factories import complete_intake
from tests.documents.readback import decode, rasterise

MONDAY_0915 = datetime(2026, 3, 2, 2, 15, tzinfo=UTC)


@pytest.fixture
def case(app: Flask, catalogue: dict[str, Any], demo: dict[str, Any]) -> Case:
    with app.app_context():
        accepted = accept_case(
            complete_intake(catalogue["2.000815"], uploads=[]),
            officer=demo["tiepnhan"],
            now=MONDAY_0915,
        )
    db.session.commit()
    return accepted


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def test_the_receipt_qr_opens_the_public_status(
    app: Flask, client: FlaskClient, case: Case
) -> None:
    with app.app_context():
        pdf = render_receipt(receipt_data(case, base_url=app.config["PUBLIC_BASE_URL"]))
    decoded = decode(rasterise(pdf))
    qr = next(text for text in decoded.values() for text in text if "/lookup?" in text)
    assert qr == lookup_url(app.config["PUBLIC_BASE_URL"], case)
    page = client.get(path_of(qr)).get_data(as_text=True)
    assert case.code in page
    assert "Chứng thực bản sao từ bản chính" in page
    assert "Đã tiếp nhận" in page and "mã trạng thái quốc gia 2" in page
    assert "08:15 02/03/2026" not in page and "09:15 02/03/2026" in page  # shown in Vietnam time
    assert "Hồ sơ được tiếp nhận tại Bộ phận Một cửa" in page
    assert "UBND phường Hạc Thành" in page


def test_the_public_page_shows_initials_and_nothing_personal(
    client: FlaskClient, case: Case
) -> None:
    page = client.get(
        "/lookup", query_string={"code": case.code, "key": case.lookup_code}
    ).get_data(as_text=True)
    assert "N.T.H.N." in page
    for private in (
        "Nguyễn Thị Hồng Ngọc",
        case.applicant_id_number,
        case.applicant_phone,
        case.applicant_email,
        "Lê Lợi",
    ):
        assert private not in page


@pytest.mark.parametrize("which", ["wrong code", "wrong key", "both wrong", "key of another case"])
def test_wrong_code_or_key_get_the_same_answer(
    app: Flask,
    client: FlaskClient,
    case: Case,
    catalogue: dict[str, Any],
    demo: dict[str, Any],
    which: str,
) -> None:
    with app.app_context():
        other = accept_case(
            complete_intake(catalogue["2.000815"], uploads=[]),
            officer=demo["tiepnhan"],
            now=MONDAY_0915,
        )
    db.session.commit()
    code, key = {
        "wrong code": (case.code[:-1] + "9", case.lookup_code),
        "wrong key": (case.code, "ZZZZZZ" if case.lookup_code != "ZZZZZZ" else "YYYYYY"),
        "both wrong": ("000.00.00.X00-000000-0000", "AAAAAA"),
        "key of another case": (case.code, other.lookup_code),
    }[which]
    response = client.get("/lookup", query_string={"code": code, "key": key})
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này." in page
    assert "Chứng thực bản sao" not in page and "N.T.H.N." not in page


def test_lookup_code_is_accepted_in_lower_case_with_spaces(client: FlaskClient, case: Case) -> None:
    response = client.get(
        "/lookup", query_string={"code": f" {case.code} ", "key": case.lookup_code.lower()}
    )
    assert response.status_code == 200 and case.code in response.get_data(as_text=True)


def test_lookups_are_rate_limited_per_client(
    app: Flask, client: FlaskClient, case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A small limit keeps the burst well inside one minute even on a slow machine.
    monkeypatch.setitem(app.config, "LOOKUP_RATE_LIMIT", "5 per minute")
    limit = 5
    statuses = [
        client.get("/lookup", query_string={"code": case.code, "key": "WRONG1"}).status_code
        for _ in range(limit + 1)
    ]
    assert statuses[:limit] == [404] * limit and statuses[-1] == 429
    assert "Quá nhiều lần thử" in client.get("/lookup").get_data(as_text=True)


def test_the_citizen_follows_the_case_to_returned(
    app: Flask, client: FlaskClient, case: Case, demo: dict[str, Any]
) -> None:
    officer = demo["tiepnhan"]
    with app.app_context():
        move(case, CaseStatus.RESULT_READY, "approved", actor=officer, at=MONDAY_0915)
    db.session.commit()
    page = client.get(
        "/lookup", query_string={"code": case.code, "key": case.lookup_code}
    ).get_data(as_text=True)
    assert "Đã xử lý xong" in page and "Đã có kết quả, mời đến nhận" in page
    assert "Phí, lệ phí còn phải nộp: 2.000 ₫" in page
    with app.app_context():
        return_result(
            case,
            ReturnData(
                "Nguyễn Thị Hồng Ngọc", "038190001234", fee_paid=2000, fee_receipt_number="BL-1"
            ),
            officer=officer,
            now=MONDAY_0915,
            version=case.version,
        )
    db.session.commit()
    page = client.get(
        "/lookup", query_string={"code": case.code, "key": case.lookup_code}
    ).get_data(as_text=True)
    assert "Đã trả kết quả" in page and "Phí, lệ phí còn phải nộp" not in page
    assert (
        page.index("Hồ sơ được tiếp nhận")
        < page.index("Đã có kết quả, mời đến nhận")
        < page.index("Đã trả kết quả</li>")
    )


def test_the_lookup_form_is_public_and_in_the_menu(client: FlaskClient) -> None:
    page = client.get("/lookup").get_data(as_text=True)
    assert client.get("/lookup").status_code == 200
    assert '<a href="/lookup"' in page and "Tra cứu hồ sơ" in page
