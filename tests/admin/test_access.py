"""The access matrix: every admin route against every role, generated from the route map."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from onestop.accounts.models import Role, User
from onestop.organisation.models import Unit
from tests.conftest import csrf_token, login

ROLES = [None, *Role]  # None = anonymous


def admin_rules(app: Flask) -> list[tuple[str, str, str]]:
    return sorted(
        (rule.endpoint, rule.rule, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("admin.")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
    )


def route_ids(demo: dict[str, User]) -> dict[str, int]:
    """Ids of records inside the administrator's scope, one per URL parameter."""
    from datetime import date

    from onestop.calendar.days import OverrideKind
    from onestop.calendar.models import CalendarOverride
    from onestop.db import db
    from onestop.notifications.models import Notification, NotifyChannel, NotifyStatus

    override = CalendarOverride(day=date(2030, 1, 2), kind=OverrideKind.DAY_OFF, note="Thử")
    db.session.add(override)
    notification = Notification(
        idempotency_key="test:access", kind="accepted", channel=NotifyChannel.EMAIL,
        recipient="a@example.vn", status=NotifyStatus.FAILED,
    )  # fmt: skip
    db.session.add(notification)
    db.session.commit()
    from onestop.api.tokens import create_token

    token, _ = create_token(name="Thử", unit=demo["quantri"].unit, created_by=None)
    from onestop.db import utcnow
    from onestop.signing.models import TrustedRoot

    root = TrustedRoot(
        subject="CN=Thử", fingerprint="0" * 64, not_before=utcnow(), not_after=utcnow(),
        certificate_pem="-",
    )  # fmt: skip
    db.session.add(root)
    db.session.commit()
    return {
        "token_id": token.id,
        "override_id": override.id,
        "unit_id": demo["tiepnhan"].unit_id,
        "department_id": demo["chuyenvien"].department_id or 0,
        "user_id": demo["chuyenvien"].id,
        "notification_id": notification.id,
        "root_id": root.id,
    }


def fill(rule: str, ids: dict[str, int]) -> str:
    return re.sub(r"<int:(\w+)>", lambda m: str(ids[m.group(1)]), rule)


def test_every_admin_route_is_in_the_matrix(app: Flask) -> None:
    # A new admin route fails here until it is added to the expectations below.
    assert {endpoint for endpoint, _, _ in admin_rules(app)} == {
        "admin.units", "admin.unit_new", "admin.unit_edit",
        "admin.departments", "admin.department_new", "admin.department_edit",
        "admin.calendar", "admin.calendar_delete", "admin.calendar_retime", "admin.calendar_retime_apply",
        "admin.api_tokens", "admin.api_token_revoke",
        "admin.users", "admin.user_new", "admin.user_edit", "admin.user_password",
        "admin.notifications", "admin.notification_resend",
        "admin.unit_certificate", "admin.unit_certificate_remove",
        "admin.trusted_roots", "admin.trusted_root_remove",
    }  # fmt: skip


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value if r else "anonymous")
def test_admin_routes_by_role(
    app: Flask,
    client: FlaskClient,
    users_by_role: dict[Role, User],
    demo: dict[str, User],
    role: Role | None,
) -> None:
    if role is not None:
        login(client, users_by_role[role].username)
    # A valid CSRF token, so the permission rules are what answers (not the CSRF check).
    token = csrf_token(client, "/login" if role is None else "/")
    ids = route_ids(demo)
    for endpoint, rule, method in admin_rules(app):
        url = fill(rule, ids)
        response = client.open(url, method=method, data={"csrf_token": token})
        if role is None:
            assert response.status_code == 302, (endpoint, method)
            assert "/login" in response.headers["Location"]
        elif role is not Role.ADMIN:
            assert response.status_code == 403, (endpoint, method, role)
        elif method == "GET":
            assert response.status_code == 200, (endpoint, method)
        else:
            # Reaches the view: a new-record form comes back with its errors, an edit form
            # (where WTForms keeps stored values for fields not sent) may save.
            assert response.status_code in (200, 302, 400), (endpoint, method)


def test_commune_admin_cannot_reach_units_outside_their_subtree(
    client: FlaskClient, demo: dict[str, User]
) -> None:
    from onestop.accounts.services import create_user
    from onestop.db import db

    commune = demo["tiepnhan"].unit
    create_user(
        username="qtxa",
        full_name="Quản trị xã",
        password="mat-khau-dai-10",
        role=Role.ADMIN,
        unit=commune,
    )
    db.session.commit()
    login(client, "qtxa", "mat-khau-dai-10")
    province = demo["quantri"].unit
    assert client.get(f"/admin/units/{province.id}").status_code == 404
    assert client.get(f"/admin/users/{demo['quantri'].id}").status_code == 404
    assert client.get(f"/admin/units/{commune.id}").status_code == 200
    listing = client.get("/admin/units").get_data(as_text=True)
    assert commune.name in listing and "Sở Tư pháp" not in listing
    assert client.get("/admin/units/999999").status_code == 404


def test_unit_tree_is_listed_in_order(client: FlaskClient, demo: dict[str, User]) -> None:
    login(client, "quantri")
    page = client.get("/admin/units").get_data(as_text=True)
    assert page.index("UBND tỉnh Thanh Hóa") < page.index("UBND phường Hạc Thành")
    assert isinstance(demo["quantri"].unit, Unit)
