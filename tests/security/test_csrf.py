"""CSRF everywhere: every POST route, taken from the app's route map, refuses a request without a token."""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask import Flask

from onestop.extensions import csrf
from tests.conftest import csrf_token
from tests.counter.conftest import BIRTH, intake_fields
from tests.portal.conftest import PASSWORD, eform_fields
from tests.security.conftest import SignIn, World, fingerprint

CSRF_PAGE = "Biểu mẫu đã hết hạn"  # the friendly 400 page (onestop/errors.py)

# Deliberately exempt from CSRF: the token-authenticated JSON API (no cookie, no browser session).
EXEMPT_BLUEPRINTS = {"api"}
MULTIPART = "multipart/form-data"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def post_requests(world: World) -> dict[str, tuple[str | None, str, dict[str, Any]]]:
    """For each POST endpoint: who posts, where, and what a real form would send (no token)."""
    case, step, online = world.case, world.step, world.online
    version = {"version": str(case.version)}
    supplement = f"request_supplement-{step.id}"  # the case page's action forms are prefixed
    return {
        "auth.login": (None, "/login", {"username": "quantri", "password": "onestop-demo-2026"}),
        "auth.logout": ("tiepnhan", "/logout", {}),
        "admin.api_tokens": ("quantri", "/admin/api-tokens", {"name": "X", "unit_id": "1"}),
        "admin.api_token_revoke": ("quantri", f"/admin/api-tokens/{world.api_token_id}/revoke", {}),
        "admin.calendar": (
            "quantri",
            "/admin/calendar",
            {"day": "2031-01-02", "kind": "day_off", "note": "Nghỉ"},
        ),
        "admin.calendar_delete": ("quantri", f"/admin/calendar/{world.override.id}/delete", {}),
        "admin.calendar_retime_apply": ("quantri", "/admin/calendar/retime", {}),
        "admin.department_new": (
            "quantri",
            "/admin/departments/new",
            {"unit_id": world.unit.id, "name": "Phòng Mới"},
        ),
        "admin.department_edit": (
            "quantri",
            f"/admin/departments/{world.department.id}",
            {"unit_id": world.unit.id, "name": "Đổi tên", "active": "y"},
        ),
        "admin.unit_certificate": (
            "quantri",
            f"/admin/units/{world.unit.id}/certificate",
            {"password": "x"},
        ),
        "admin.unit_certificate_remove": (
            "quantri",
            f"/admin/units/{world.unit.id}/certificate/remove",
            {},
        ),
        "admin.trusted_roots": ("quantri", "/admin/trusted-roots", {}),
        "admin.trusted_root_remove": ("quantri", "/admin/trusted-roots/1/remove", {}),
        "portal.check_document": (None, f"/check?code={case.code}", {"code": case.code}),
        "admin.notification_resend": (
            "quantri",
            f"/admin/notifications/{world.notification.id}/resend",
            {},
        ),
        "admin.unit_new": (
            "quantri",
            "/admin/units/new",
            {"code": "000.17.99.H56", "name": "UBND xã Mới", "level": "commune"},
        ),
        "admin.unit_edit": (
            "quantri",
            f"/admin/units/{world.unit.id}",
            {"code": world.unit.code, "name": "Đổi tên", "level": "commune", "active": "y"},
        ),
        "admin.user_new": (
            "quantri",
            "/admin/users/new",
            {"username": "moi", "full_name": "Người Mới", "role": "admin", "password": "x" * 12},
        ),
        "admin.user_edit": (
            "quantri",
            f"/admin/users/{world.user.id}",
            {"username": "lanhdao", "full_name": "Đổi tên", "role": "admin", "active": "y"},
        ),
        "admin.user_password": (
            "quantri",
            f"/admin/users/{world.user.id}/password",
            {"password": "mat-khau-moi-2026", "confirm": "mat-khau-moi-2026"},
        ),
        "counter.intake_form_page": ("tiepnhan", f"/counter/intake/{BIRTH}", intake_fields()),
        "counter.return_case": (
            "tiepnhan",
            f"/cases/{case.id}/return",
            {**version, "collector_name": "A", "collector_id_number": "038190012345"},
        ),
        "counter.rate": ("tiepnhan", f"/cases/{case.id}/rating", {"level": "satisfied"}),
        "counter.accept_online_case": (
            "tiepnhan",
            f"/counter/online/{online.id}/accept",
            {"version": str(online.version)},
        ),
        "counter.supplement_online_case": (
            "tiepnhan",
            f"/counter/online/{online.id}/supplement",
            {"version": str(online.version), "note": "Thiếu giấy"},
        ),
        "counter.refuse_online_case": (
            "tiepnhan",
            f"/counter/online/{online.id}/refuse",
            {"version": str(online.version), "reason": "Sai thẩm quyền"},
        ),
        "processing.case_action": (
            "lanhdao",
            f"/cases/{case.id}/actions/stop",
            {"stop-case-version": str(case.version), "stop-case-note": "Dừng"},
        ),
        "processing.step_action": (
            "chuyenvien",
            f"/cases/{case.id}/steps/{step.id}/request_supplement",
            {f"{supplement}-version": str(case.version), f"{supplement}-items": "Bản sao CCCD"},
        ),
        "portal.login": (
            None,
            "/portal/login",
            {"identifier": "an@example.vn", "password": PASSWORD},
        ),
        "portal.logout": ("citizen", "/portal/logout", {}),
        "portal.register": (
            None,
            "/portal/register",
            {"full_name": "B", "email": "b@example.vn", "password": PASSWORD, "confirm": PASSWORD},
        ),
        "portal.resend": (None, "/portal/confirm/resend", {"email": "an@example.vn"}),
        "portal.feedback": (
            None,
            "/portal/feedback",
            {"unit_id": world.unit.id, "kind": "feedback", "name": "C", "contact": "c@x.vn"}
            | {"subject": "S", "body": "B"},
        ),
        "portal.submit": ("citizen", f"/portal/submit/{BIRTH}", eform_fields(action="submit")),
        "portal.supplement": (
            "citizen",
            f"/portal/cases/{online.id}/supplement",
            {"doc_0": (io.BytesIO(PDF), "a.pdf")},
        ),
        "portal.rate": ("citizen", f"/portal/cases/{online.id}/rating", {"level": "satisfied"}),
    }


def post_endpoints(app: Flask) -> set[str]:
    return {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if (rule.methods or set()) & {"POST", "PUT", "PATCH", "DELETE"}
    }


def test_every_post_route_is_listed_here(app: Flask, world: World) -> None:
    """A new POST route fails this until its refusal without a token is tested below."""
    assert post_endpoints(app) == set(post_requests(world))


def test_only_the_token_api_is_exempt_and_it_takes_no_posts(app: Flask) -> None:
    assert {bp.name for bp in csrf._exempt_blueprints} == EXEMPT_BLUEPRINTS
    assert csrf._exempt_views == set()
    exempt_writes = {e for e in post_endpoints(app) if e.split(".")[0] in EXEMPT_BLUEPRINTS}
    assert exempt_writes == set()
    assert app.config.get("WTF_CSRF_ENABLED", True) and app.config.get("WTF_CSRF_CHECK_DEFAULT", 1)


@pytest.mark.parametrize("with_token", ["none", "another session's"])
def test_every_post_without_a_valid_token_is_refused_and_changes_nothing(
    app: Flask, world: World, sign_in: SignIn, with_token: str
) -> None:
    stranger_token = ""
    if with_token != "none":
        stranger_token = csrf_token(sign_in("quantri"), "/admin/users/new")
    clients = {}
    for endpoint, (who, path, data) in post_requests(world).items():
        client = clients.get(who or "") or clients.setdefault(who or "", sign_in(who or None))
        before = fingerprint()
        body = {**data, "csrf_token": stranger_token} if stranger_token else dict(data)
        files = any(isinstance(v, tuple) for v in body.values())
        response = client.post(path, data=body, content_type=MULTIPART if files else None)
        assert response.status_code == 400, (endpoint, response.status_code)
        assert CSRF_PAGE in response.get_data(as_text=True), endpoint
        assert fingerprint() == before, f"{endpoint} wrote to the database without a token"
    # Nobody was signed in or out by a forged request.
    assert clients[""].get("/counter/cases").status_code == 302
    assert clients["tiepnhan"].get("/counter/cases").status_code == 200
    assert clients["citizen"].get("/portal/cases").status_code == 200


@pytest.mark.parametrize(
    "endpoint",
    [
        "admin.department_new",
        "admin.calendar_delete",
        "processing.step_action",
        "counter.refuse_online_case",
        "portal.feedback",
        "portal.register",
    ],
)
def test_the_same_request_with_its_token_does_change_something(
    world: World, sign_in: SignIn, endpoint: str
) -> None:
    """The control: the forged requests above were refused for the token, not for their data."""
    who, path, data = post_requests(world)[endpoint]
    client = sign_in(who)
    token = csrf_token(client, {None: "/login", "citizen": "/portal/cases"}.get(who, "/"))
    before = fingerprint()
    response = client.post(path, data={**data, "csrf_token": token})
    assert response.status_code in (200, 302), endpoint
    assert fingerprint() != before, endpoint
