"""The desk list and the case register (form 06) of the officer's unit."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

from flask.testing import FlaskClient

from onestop.accounts.models import User
from onestop.db import utcnow
from tests.counter.conftest import BIRTH, make_case
from tests.documents.readback import all_text


def test_the_desk_lists_todays_cases_and_results_to_return(
    client: FlaskClient, officer: User, other_officer: User, catalogue: dict[str, Any]
) -> None:
    old = make_case(officer, catalogue[BIRTH], name="Lê Văn Cũ", at=utcnow() - timedelta(days=10))
    ready = make_case(officer, catalogue[BIRTH], name="Phạm Thị Sẵn", result_ready=True)
    today = make_case(officer, catalogue[BIRTH], name="Trần Văn Mới")
    elsewhere = make_case(other_officer, catalogue[BIRTH], name="Người Xã Khác")
    page = client.get("/counter/cases").get_data(as_text=True)
    ready_part, today_part = page.split("Tiếp nhận hôm nay")
    assert ready.code in ready_part and today.code not in ready_part
    assert today_part.index(today.code) < today_part.index(ready.code)  # newest first
    assert old.code not in page and elsewhere.code not in page


def test_the_register_downloads_as_pdf_and_excel(
    client: FlaskClient, officer: User, catalogue: dict[str, Any]
) -> None:
    first = make_case(officer, catalogue[BIRTH], at=datetime(2026, 3, 2, 2, 0, tzinfo=UTC))
    second = make_case(
        officer, catalogue[BIRTH], name="Trần Văn Bình", at=datetime(2026, 3, 3, 2, 0, tzinfo=UTC)
    )
    outside = make_case(officer, catalogue[BIRTH], at=datetime(2026, 4, 1, 2, 0, tzinfo=UTC))
    query = {"start": "2026-03-01", "end": "2026-03-31"}
    page = client.get("/counter/register", query_string=query).get_data(as_text=True)
    assert first.code in page and second.code in page and outside.code not in page

    pdf = client.get("/counter/register.pdf", query_string=query)
    assert pdf.mimetype == "application/pdf"
    text = all_text(pdf.data)
    assert first.code in text and second.code in text and "Trần Văn Bình" in text
    assert outside.code not in text

    xlsx = client.get("/counter/register.xlsx", query_string=query)
    assert "attachment" in xlsx.headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(xlsx.data)) as archive:
        strings = archive.read("xl/sharedStrings.xml").decode()
    assert first.code in strings and "Trần Văn Bình" in strings and outside.code not in strings


def test_the_register_rejects_a_backwards_range(client: FlaskClient, officer: User) -> None:
    response = client.get("/counter/register?start=2026-03-31&end=2026-03-01")
    assert response.status_code == 400
    assert "Ngày kết thúc trước ngày bắt đầu" in response.get_data(as_text=True)
    assert client.get("/counter/register.pdf?start=2026-03-31&end=2026-03-01").status_code == 400
