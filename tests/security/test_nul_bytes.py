"""A NUL character in a query or a form is refused with 400, never a server error (PostgreSQL
refuses NUL in text; schemathesis found it through the API's procedure filter)."""

from __future__ import annotations

from flask.testing import FlaskClient

from onestop.accounts.models import User


def test_the_api_answers_400_in_its_own_shape(client: FlaskClient, demo: dict[str, User]) -> None:
    response = client.get("/api/v1/procedures?field=%00&page=1")
    assert response.status_code == 400
    assert response.is_json and "error" in response.get_json()


def test_a_page_answers_400(client: FlaskClient, demo: dict[str, User]) -> None:
    response = client.get("/lookup?code=%00&key=A")
    assert response.status_code == 400
    assert "text/html" in response.content_type
