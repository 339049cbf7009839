"""The integration API: catalogue, public status, national case records, tokens, the change feed."""

from __future__ import annotations

from typing import Any

import jsonschema_rs
import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from onestop.api.models import ApiCall, ApiToken
from onestop.api.openapi import document
from onestop.api.tokens import revoke_token
from onestop.cases.models import Case
from onestop.db import db, utcnow
from tests.api.conftest import bearer
from tests.conftest import login, post_form


def conforms(payload: Any, schema_name: str) -> None:
    """Validate a response body against a schema of the served OpenAPI document."""
    spec = document()
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": spec["components"]}
    jsonschema_rs.validate(schema, payload)


def test_catalogue_list_search_and_detail(client: FlaskClient, catalogue: dict[str, Any]) -> None:
    listing = client.get("/api/v1/procedures", query_string={"q": "dang ky khai sinh"}).get_json()
    conforms(listing, "ProcedureList")
    assert "1.001193" in [p["code"] for p in listing["items"]]
    detail = client.get("/api/v1/procedures/1.001193").get_json()
    conforms(detail, "ProcedureDetail")
    assert detail["name"] == "Đăng ký khai sinh" and detail["spec"]["online_level"] == 3
    paged = client.get("/api/v1/procedures", query_string={"per_page": 10, "page": 3}).get_json()
    assert paged["total"] == 28 and len(paged["items"]) == 8


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/v1/procedures?per_page=0", 400, "bad_request"),
        ("/api/v1/procedures?page=abc", 400, "bad_request"),
        ("/api/v1/procedures/9.999999", 404, "not_found"),
        ("/api/v1/nothing-here", 404, "not_found"),
        ("/api/v1/cases/changes", 401, "unauthorized"),
    ],
)
def test_errors_have_one_json_shape(
    client: FlaskClient, catalogue: dict[str, Any], path: str, status: int, code: str
) -> None:
    response = client.get(path)
    assert response.status_code == status
    body = response.get_json()
    conforms(body, "Error")
    assert body["error"]["code"] == code and body["error"]["status"] == status


def test_public_status_has_the_web_pages_privacy(client: FlaskClient, cases: list[Case]) -> None:
    case = cases[0]
    body = client.get(
        "/api/v1/status", query_string={"code": case.code, "key": case.lookup_code}
    ).get_json()
    conforms(body, "PublicStatus")
    assert body["applicant_initials"] == "N.T.H.N." and body["status"] == 2
    assert body["accepted_at"] == "20260302091500"  # Vietnam time, yyyyMMddHHmmss
    text = str(body)
    assert (
        "Nguyễn" not in text
        and case.applicant_id_number not in text
        and case.applicant_phone not in text
    )
    wrong = client.get("/api/v1/status", query_string={"code": case.code, "key": "ZZZZZZ"})
    assert wrong.status_code == 404 and wrong.get_json()["error"]["code"] == "not_found"


def test_a_token_sees_its_units_cases_in_the_national_format(
    client: FlaskClient, cases: list[Case], province_token: str, other_commune_token: str
) -> None:
    case = cases[0]
    response = client.get(f"/api/v1/cases/{case.code}", headers=bearer(province_token))
    record = response.get_json()
    conforms(record, "NationalCase")
    assert record["MaHoSo"] == case.code and record["MaTTHC"] == "2.000815"
    assert (
        record["TrangThaiHoSo"] == 2 and record["KenhThucHien"] == 1 and record["LoaiDoiTuong"] == 1
    )
    assert record["NgayTiepNhan"] == "20260302091500" and record["NgayHenTra"] == "20260302170000"
    assert (
        record["ChuHoSo"] == "Nguyễn Thị Hồng Ngọc" and record["QuaTrinhXuLy"][0]["TrangThai"] == 2
    )
    # A commune's token cannot read another commune's case, nor tell it exists.
    denied = client.get(f"/api/v1/cases/{case.code}", headers=bearer(other_commune_token))
    unknown = client.get(f"/api/v1/cases/{case.code[:-4]}9999", headers=bearer(other_commune_token))
    assert denied.status_code == unknown.status_code == 404
    assert denied.get_json() == unknown.get_json()


@pytest.mark.parametrize("secret", ["", "ost_not-a-real-token", "Basic dXNlcjpwYXNz"])
def test_bad_or_missing_tokens_are_refused(
    client: FlaskClient, cases: list[Case], secret: str
) -> None:
    headers = (
        {"Authorization": secret}
        if secret.startswith("Basic")
        else bearer(secret)
        if secret
        else {}
    )
    response = client.get(f"/api/v1/cases/{cases[0].code}", headers=headers)
    assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_stops_working_at_once(
    client: FlaskClient, cases: list[Case], province_token: str
) -> None:
    assert (
        client.get(f"/api/v1/cases/{cases[0].code}", headers=bearer(province_token)).status_code
        == 200
    )
    token = db.session.scalar(sa.select(ApiToken))
    assert token is not None
    revoke_token(token, now=utcnow())
    db.session.commit()
    assert (
        client.get(f"/api/v1/cases/{cases[0].code}", headers=bearer(province_token)).status_code
        == 401
    )


def test_the_change_feed_pages_without_gaps_or_repeats(
    client: FlaskClient, cases: list[Case], province_token: str
) -> None:
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        query = {"limit": 2, **({"cursor": cursor} if cursor else {"since": "20260302000000"})}
        body = client.get(
            "/api/v1/cases/changes", query_string=query, headers=bearer(province_token)
        ).get_json()
        conforms(body, "ChangeFeed")
        seen += [item["MaHoSo"] for item in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert pages == 3 and seen == [c.code for c in cases]
    later = client.get(
        "/api/v1/cases/changes",
        query_string={"since": "20260302091800"},
        headers=bearer(province_token),
    ).get_json()
    assert [i["MaHoSo"] for i in later["items"]] == [c.code for c in cases[3:]]
    bad = client.get(
        "/api/v1/cases/changes", query_string={"cursor": "garbage!"}, headers=bearer(province_token)
    )
    assert bad.status_code == 400


def test_the_feed_only_lists_cases_in_the_tokens_unit(
    client: FlaskClient, cases: list[Case], other_commune_token: str
) -> None:
    body = client.get("/api/v1/cases/changes", headers=bearer(other_commune_token)).get_json()
    assert body["items"] == [] and body["next_cursor"] is None


def test_every_call_with_a_token_is_logged(
    client: FlaskClient, cases: list[Case], province_token: str
) -> None:
    client.get(f"/api/v1/cases/{cases[0].code}", headers=bearer(province_token))
    client.get("/api/v1/cases/NO-SUCH", headers=bearer(province_token))
    calls = db.session.scalars(sa.select(ApiCall).order_by(ApiCall.id)).all()
    assert [(c.method, c.status) for c in calls] == [("GET", 200), ("GET", 404)]
    assert calls[1].path.startswith("/api/v1/cases/NO-SUCH")


def test_integrations_are_rate_limited_per_token(
    app: Flask,
    client: FlaskClient,
    cases: list[Case],
    province_token: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A small limit keeps the burst well inside one minute even on a slow machine.
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "5 per minute")
    limit = 5
    statuses = [
        client.get("/api/v1/cases/changes", headers=bearer(province_token)).status_code
        for _ in range(limit + 1)
    ]
    assert statuses[-1] == 429 and statuses[:limit] == [200] * limit
    refused = client.get("/api/v1/cases/changes", headers=bearer(province_token))
    assert refused.get_json()["error"]["code"] == "too_many_requests"
    # When to come back, in seconds: within the minute's window, never zero.
    assert 1 <= int(refused.headers["Retry-After"]) <= 61
    assert not any(name.startswith("X-RateLimit") for name, _ in refused.headers)


def test_administrator_issues_a_token_shown_once_and_stored_hashed(
    client: FlaskClient, demo: dict[str, Any]
) -> None:
    login(client, "quantri")
    page = post_form(
        client,
        "/admin/api-tokens",
        {"name": "Cổng DVC quốc gia", "unit_id": demo["quantri"].unit_id},
    ).get_data(as_text=True)
    secret = page.split('<code class="secret">', 1)[1].split("<", 1)[0]
    assert secret.startswith("ost_") and len(secret) > 40
    token = db.session.scalar(sa.select(ApiToken))
    assert (
        token is not None
        and secret not in (token.token_hash, token.prefix)
        and token.prefix == secret[:10]
    )
    assert secret not in client.get("/admin/api-tokens").get_data(as_text=True)
    refused = post_form(
        client, "/admin/api-tokens", {"name": "", "unit_id": demo["quantri"].unit_id}
    ).get_data(as_text=True)
    assert 'id="name-err">Hãy đặt tên cho hệ thống sẽ dùng mã này.' in refused


def test_openapi_document_is_served(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1") and "/cases/changes" in spec["paths"]
