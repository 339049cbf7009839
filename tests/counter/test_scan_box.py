"""The scan box in every staff page's header opens a case by its code."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from onestop.accounts.models import User
from tests.counter.conftest import BIRTH, make_case


def test_every_staff_page_has_the_scan_box(client: FlaskClient, officer: User) -> None:
    for path in ("/", "/counter/cases", "/procedures/"):
        page = client.get(path).get_data(as_text=True)
        assert 'action="/cases/find"' in page and 'name="code"' in page, path


def test_visitors_have_no_scan_box(client: FlaskClient) -> None:
    assert 'action="/cases/find"' not in client.get("/procedures/").get_data(as_text=True)


def test_a_scanned_code_opens_the_case(
    client: FlaskClient, officer: User, catalogue: dict[str, Any]
) -> None:
    case = make_case(officer, catalogue[BIRTH])
    response = client.get(f"/cases/find?code={case.code}")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/cases/{case.id}"
    )
    # typed by hand: lower case, stray spaces
    typed = f"  {case.code.lower()} "
    assert client.get("/cases/find", query_string={"code": typed}).status_code == 302


def test_an_unknown_code_gets_a_friendly_message(client: FlaskClient, officer: User) -> None:
    response = client.get("/cases/find?code=000.17.22.H56-990101-0001")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Không tìm thấy hồ sơ có mã 000.17.22.H56-990101-0001" in page
