"""Bad input at the intake: a Vietnamese message next to the field, the typing kept, nothing written."""

from __future__ import annotations

import html as html_lib
import io
import unicodedata
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from onestop.accounts.models import User
from onestop.cases.models import Applicant, Case, CounterSlip
from onestop.db import db
from tests.counter.conftest import (
    INTAKE,
    PDF,
    PNG,
    case_count,
    error_text,
    form_tokens,
    intake_fields,
    scan,
    stored_files,
    submit,
)

NOT_TICKED = {"documents-1-received": None}
BAD_INPUT = [
    pytest.param({"id_number": "03819001234"}, "id_number", "12 chữ số", id="cccd-11-digits"),
    pytest.param({"id_number": "03819001234X"}, "id_number", "12 chữ số", id="cccd-letter"),
    pytest.param({"id_number": ""}, "id_number", "Hãy nhập số CCCD", id="id-missing"),
    pytest.param(
        {"kind": "business", "id_number": "038190012345"},
        "id_number",
        "Mã số thuế phải có 10 hoặc 13 chữ số",
        id="tax-code-12-digits",
    ),
    pytest.param({"phone": "912345678"}, "phone", "số 0 và 9 chữ số", id="phone-no-zero"),
    pytest.param({"phone": "09123456789"}, "phone", "số 0 và 9 chữ số", id="phone-11-digits"),
    pytest.param({"email": "ngoc@"}, "email", "thư điện tử", id="email"),
    pytest.param({"name": ""}, "name", "Hãy nhập họ tên", id="name-missing"),
    pytest.param(
        {"representative_id_number": "123"},
        "representative_id_number",
        "12 chữ số",
        id="representative-id",
    ),
    pytest.param(
        NOT_TICKED,
        "documents-1-received",
        "Chưa nhận thành phần hồ sơ bắt buộc này",
        id="required-document-not-ticked",
    ),
    pytest.param(
        {"documents-0-originals": "0"},
        "documents-0-originals",
        "Nhập số bản chính hoặc bản sao",
        id="ticked-without-count",
    ),
    pytest.param({"sets": "0"}, "sets", "từ 1 đến 20", id="sets-zero"),
    pytest.param(
        {"documents-0-scans": scan(b"MZ\x90\x00 not a scan", "to-khai.pdf")},
        "documents-0-scans",
        "không phải là tệp PDF, JPEG hoặc PNG",
        id="scan-exe-named-pdf",
    ),
    pytest.param(
        {"scans": scan(b"<html><script>alert(1)</script></html>", "ảnh.png")},
        "scans",
        "không phải là tệp PDF, JPEG hoặc PNG",
        id="scan-html-named-png",
    ),
    pytest.param(
        {"documents-1-scans": scan(PDF + b"\x00" * 2048, "Giấy chứng sinh.pdf")},
        "documents-1-scans",
        "lớn hơn",
        id="scan-too-large",
    ),
]


@pytest.mark.parametrize(("overrides", "field_id", "message"), BAD_INPUT)
def test_bad_input_is_explained_kept_and_nothing_is_written(
    app: Flask,
    client: FlaskClient,
    officer: User,
    monkeypatch: pytest.MonkeyPatch,
    overrides: dict[str, Any],
    field_id: str,
    message: str,
) -> None:
    monkeypatch.setitem(app.config, "SCAN_MAX_BYTES", 2048)
    before = stored_files(app)
    # A good scan rides along: it must not be left on disk either.
    fields = intake_fields(**{"documents-0-scans": scan(PNG, "tờ khai.png"), **overrides})
    response = submit(client, fields)
    page = response.get_data(as_text=True)

    assert response.status_code == 400
    assert message in error_text(page, field_id)
    assert "Vui lòng sửa các trường được đánh dấu" in page
    for name in ("name", "id_number", "phone", "email", "address"):
        typed = fields.get(name)
        if typed:
            assert f'value="{html_lib.escape(typed)}"' in page, name
    assert case_count() == 0
    assert db.session.scalar(sa.select(sa.func.count(Applicant.id))) == 0
    assert stored_files(app) == before


def test_script_typed_into_the_name_is_kept_as_text_and_escaped(
    client: FlaskClient, officer: User
) -> None:
    name = '<script>alert("x")</script> Ngọc'
    response = submit(client, intake_fields(name=name, address="<b>Số 5</b>"))
    assert response.status_code == 302
    case = db.session.scalar(sa.select(Case))
    assert case is not None and case.applicant_name == name
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Ngọc" in page
    assert "<script>alert" not in page and "<b>Số 5</b>" not in page


def test_script_in_a_rejected_form_comes_back_escaped(client: FlaskClient, officer: User) -> None:
    page = submit(client, intake_fields(name="<script>x()</script>", phone="1")).get_data(
        as_text=True
    )
    assert 'value="&lt;script&gt;x()&lt;/script&gt;"' in page and "<script>x()" not in page


def test_decomposed_diacritics_are_stored_composed(client: FlaskClient, officer: User) -> None:
    typed = unicodedata.normalize("NFD", "Nguyễn Thị Hồng Ngọc")
    assert typed != "Nguyễn Thị Hồng Ngọc"
    submit(client, intake_fields(name=typed))
    case = db.session.scalar(sa.select(Case))
    assert case is not None and case.applicant_name == "Nguyễn Thị Hồng Ngọc"


def test_an_upload_over_the_request_limit_gets_a_friendly_page(
    app: Flask, client: FlaskClient, officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 4096)
    before = stored_files(app)
    data = {**form_tokens(client), **intake_fields()}
    data["scans"] = (io.BytesIO(PDF + b"\x00" * 8192), "lớn.pdf")
    response = client.post(INTAKE, data=data, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "Tệp quá lớn" in page and "Chưa có gì được lưu" in page
    assert case_count() == 0 and stored_files(app) == before


def test_slips_check_the_applicant_too(client: FlaskClient, officer: User) -> None:
    response = submit(client, intake_fields(action="refuse", reason="Sai thẩm quyền", phone="12"))
    assert response.status_code == 400 and error_text(response.get_data(as_text=True), "phone")
    assert db.session.scalar(sa.select(sa.func.count(CounterSlip.id))) == 0
