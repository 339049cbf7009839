"""The public check: anyone uploads a PDF they received with its code; the system says what it is."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from onestop.accounts.models import User
from onestop.cases.models import Case
from tests.cases.factories import PNG_BYTES
from tests.conftest import login
from tests.processing.conftest import new_case
from tests.signing.helpers import field_error, give_certificate, post_file, trust
from tests.signing.pki import Pki, simple_pdf
from tests.signing.test_pdf import _flip_in_content

TRUE_COPY = "Đây đúng là văn bản do hệ thống phát hành"


@pytest.fixture
def issued(
    app: Flask, demo: dict[str, User], catalogue: dict[str, Any], pki: Pki
) -> tuple[Case, bytes]:
    """A case whose receipt was printed signed; the PDF as the citizen got it."""
    give_certificate(app, demo["tiepnhan"].unit, pki.unit, pki, demo["quantri"])
    trust(app, pki.root, demo["quantri"])
    with app.test_request_context():
        case = new_case(demo, catalogue)
    desk = app.test_client()
    login(desk, "tiepnhan")
    return case, desk.get(f"/cases/{case.id}/receipt.pdf").data


def check(client: FlaskClient, code: str, data: bytes, name: str = "giay-tiep-nhan.pdf") -> Any:
    return post_file(client, "/check", {"code": code}, {"document": (data, name)})


def test_a_true_copy_is_recognised(client: FlaskClient, issued: tuple[Case, bytes]) -> None:
    case, pdf = issued
    assert case.code is not None
    response = check(client, case.code.lower().replace("-", " - "), pdf)  # typed loosely
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and TRUE_COPY in page
    assert "Giấy tiếp nhận hồ sơ (mẫu 01)" in page and "UBND phường Hạc Thành" in page
    assert "Chữ ký số hợp lệ" in page


def test_a_changed_copy_is_refused_with_the_reason(
    client: FlaskClient, issued: tuple[Case, bytes]
) -> None:
    case, pdf = issued
    response = check(client, case.code or "", _flip_in_content(pdf))
    assert response.status_code == 400
    message = field_error(response.get_data(as_text=True), "document")
    assert "Văn bản đã bị sửa đổi sau khi ký" in message
    assert "Đây không phải văn bản hệ thống đã phát hành với mã này" in message
    assert TRUE_COPY not in response.get_data(as_text=True)


def test_the_right_file_under_another_code_is_refused_at_the_code(
    client: FlaskClient, issued: tuple[Case, bytes]
) -> None:
    _, pdf = issued
    response = check(client, "000.17.22.H56-260309-9999", pdf)
    assert response.status_code == 400
    assert "Không có văn bản nào với nội dung này" in field_error(
        response.get_data(as_text=True), "code"
    )


def test_an_unsigned_pdf_and_a_picture_are_told_apart(
    client: FlaskClient, issued: tuple[Case, bytes]
) -> None:
    case, _ = issued
    unsigned = check(client, case.code or "", simple_pdf())
    assert "Tệp không có chữ ký số." in field_error(unsigned.get_data(as_text=True), "document")
    picture = check(client, case.code or "", PNG_BYTES, "anh.png")
    assert "Hãy tải lên chính tệp PDF" in field_error(picture.get_data(as_text=True), "document")


def test_the_status_page_leads_to_the_check_with_the_code_filled_in(
    client: FlaskClient, issued: tuple[Case, bytes]
) -> None:
    case, _ = issued
    lookup = client.get(
        "/lookup", query_string={"code": case.code, "key": case.lookup_code}
    ).get_data(as_text=True)
    assert "/check?code=" in lookup
    form = client.get("/check", query_string={"code": case.code}).get_data(as_text=True)
    assert f'value="{case.code}"' in form
