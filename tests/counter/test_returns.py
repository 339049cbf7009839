"""Return of result at the counter, the version check, then the satisfaction rating."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from onestop.accounts.models import User
from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Case, CaseRating, Satisfaction
from onestop.db import db
from tests.conftest import csrf_token, login
from tests.counter.conftest import BIRTH, error_text, make_case

COPY = "2.000815"  # chứng thực bản sao: 2.000 ₫ per page


def _return_fields(client: FlaskClient, case: Case, **overrides: Any) -> dict[str, Any]:
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.split('id="return"')[1])
    version = re.search(r'name="version"[^>]*value="([^"]+)"', page)
    assert csrf and version, "no return form on the case page"
    return {
        "csrf_token": csrf.group(1),
        "version": version.group(1),
        "collector_name": "Nguyễn Thị Hồng Ngọc",
        "collector_id_number": "038190012345",
        "fee_paid": "0",
        "fee_receipt_number": "",
        "originals_returned": "y",
        "note": "",
        **overrides,
    }


def test_return_then_rating(client: FlaskClient, officer: User, catalogue: dict[str, Any]) -> None:
    case = make_case(officer, catalogue[COPY], result_ready=True)
    fields = _return_fields(client, case, fee_paid="2000", fee_receipt_number="BL-0042")
    response = client.post(f"/cases/{case.id}/return", data=fields)
    assert response.status_code == 302
    db.session.refresh(case)
    assert case.status is CaseStatus.RETURNED and case.fee_paid == 2000
    assert case.fee_receipt_number == "BL-0042"
    returned = case.events[-1]
    assert returned.data["collector_id_number"] == "038190012345"
    assert returned.data["originals_returned"] is True

    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Đã trả kết quả" in page and "Rất hài lòng" in page and "Không hài lòng" in page
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.split('id="rating"')[1])
    assert token
    response = client.post(
        f"/cases/{case.id}/rating",
        data={"csrf_token": token.group(1), "level": "very_satisfied", "comment": "Nhanh, gọn"},
    )
    assert response.status_code == 302
    rating = db.session.scalar(sa.select(CaseRating).where(CaseRating.case_id == case.id))
    assert rating is not None and rating.level is Satisfaction.VERY_SATISFIED
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Rất hài lòng — Nhanh, gọn" in page and 'name="level"' not in page


def test_a_paid_fee_needs_its_receipt_number(
    client: FlaskClient, officer: User, catalogue: dict[str, Any]
) -> None:
    case = make_case(officer, catalogue[COPY], result_ready=True)
    response = client.post(
        f"/cases/{case.id}/return", data=_return_fields(client, case, fee_paid="2000")
    )
    assert response.status_code == 400
    assert "Hãy nhập số biên lai" in error_text(
        response.get_data(as_text=True), "fee_receipt_number"
    )
    db.session.refresh(case)
    assert case.status is CaseStatus.RESULT_READY and case.fee_paid == 0


def test_a_case_changed_meanwhile_is_not_returned(
    client: FlaskClient, officer: User, catalogue: dict[str, Any]
) -> None:
    case = make_case(officer, catalogue[BIRTH], result_ready=True)
    fields = _return_fields(client, case)
    # Someone else writes the case after the page was opened.
    db.session.execute(sa.update(Case).where(Case.id == case.id).values(version=Case.version + 1))
    db.session.commit()
    response = client.post(f"/cases/{case.id}/return", data=fields, follow_redirects=True)
    assert "Hồ sơ vừa được người khác cập nhật" in response.get_data(as_text=True)
    db.session.refresh(case)
    assert case.status is CaseStatus.RESULT_READY and case.returned_at is None


def test_the_rating_needs_a_level(
    client: FlaskClient, officer: User, catalogue: dict[str, Any]
) -> None:
    case = make_case(officer, catalogue[BIRTH], result_ready=True)
    client.post(f"/cases/{case.id}/return", data=_return_fields(client, case))
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.split('id="rating"')[1])
    assert token
    response = client.post(f"/cases/{case.id}/rating", data={"csrf_token": token.group(1)})
    assert response.status_code == 400
    assert "Hãy chọn một trong ba mức" in error_text(response.get_data(as_text=True), "level")


def test_another_unit_cannot_return_the_case(
    client: FlaskClient, officer: User, other_officer: User, catalogue: dict[str, Any]
) -> None:
    case = make_case(officer, catalogue[BIRTH], result_ready=True)
    fields = _return_fields(client, case)
    client.post("/logout", data={"csrf_token": fields["csrf_token"]})
    login(client, other_officer.username)
    fields["csrf_token"] = csrf_token(client, "/")
    assert client.post(f"/cases/{case.id}/return", data=fields).status_code == 404
    db.session.refresh(case)
    assert case.status is CaseStatus.RESULT_READY
