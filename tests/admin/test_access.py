"""Administrators see only their own unit's subtree.

Every admin route against every role is in the global matrix (tests/access/).
"""

from __future__ import annotations

from flask.testing import FlaskClient

from onestop.accounts.models import Role, User
from onestop.organisation.models import Unit
from tests.conftest import login


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
