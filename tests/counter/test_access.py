"""Who sees what: other units get 404 for guessed ids, visitors sign in, other roles get 403."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from onestop.accounts.models import User
from onestop.cases.files import Upload
from tests.conftest import csrf_token, login
from tests.counter.conftest import BIRTH, INTAKE, PDF, make_case


@pytest.fixture
def case_with_scan(app: Flask, demo: dict[str, User], catalogue: dict[str, Any]) -> Any:
    with app.app_context():  # the scan is written under the app's upload folder
        return make_case(
            demo["tiepnhan"], catalogue[BIRTH], uploads=[Upload("Tờ khai.pdf", PDF, 0)]
        )


def _pages(case: Any) -> list[str]:
    file_id = case.documents[0].files[0].id
    return [
        f"/cases/{case.id}",
        f"/cases/{case.id}/receipt.pdf",
        f"/cases/{case.id}/files/{file_id}",
    ]


def test_an_officer_of_another_unit_gets_404_everywhere(
    client: FlaskClient, other_officer: User, case_with_scan: Any
) -> None:
    login(client, other_officer.username)
    for path in _pages(case_with_scan):
        assert client.get(path).status_code == 404, path
    response = client.get(f"/cases/find?code={case_with_scan.code}")
    assert response.status_code == 404
    assert "Không tìm thấy hồ sơ" in response.get_data(as_text=True)


def test_staff_of_the_unit_and_above_see_the_case(app: Flask, case_with_scan: Any) -> None:
    for username in ("chuyenvien", "giamsat"):
        client = app.test_client()
        login(client, username)
        for path in _pages(case_with_scan):
            with client.get(path) as response:
                assert response.status_code == 200, (username, path)


def test_visitors_are_sent_to_sign_in(client: FlaskClient, case_with_scan: Any) -> None:
    for path in [*_pages(case_with_scan), INTAKE, "/counter/cases", "/cases/find?code=x"]:
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path


@pytest.mark.parametrize("username", ["chuyenvien", "lanhdao", "giamsat", "quantri"])
def test_only_counter_officers_take_in_cases(
    client: FlaskClient, demo: dict[str, User], catalogue: dict[str, Any], username: str
) -> None:
    login(client, username)
    for path in ("/counter/intake", INTAKE, "/counter/cases", "/counter/register"):
        assert client.get(path).status_code == 403, path
    token = csrf_token(client, "/")
    assert client.post(INTAKE, data={"csrf_token": token, "action": "accept"}).status_code == 403
