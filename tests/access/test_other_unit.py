"""Guessing ids and codes: another unit's staff, another citizen, another unit's token get 404.

What is out of someone's scope answers exactly like what does not exist, so ids and codes cannot
be probed. Only a role gate may answer first (403), and then the same for every id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask

from onestop.accounts.models import Role, User
from onestop.api.tokens import create_token
from onestop.db import db
from tests.access.world import (
    HAC_THANH,
    OTHER_UNIT_STAFF,
    QUANG_PHU,
    Actor,
    World,
    build_world,
    sign_in,
    snapshot,
    staff_login,
    unit,
)
from tests.conftest import csrf_token

COUNTER = frozenset({Role.COUNTER_OFFICER})
ADMIN = frozenset({Role.ADMIN})
ANY_STAFF = frozenset(Role)
NOT_FOUND_TEXT = "Không tìm thấy hồ sơ"  # the scan box's answer to an unknown or foreign code


@dataclass(frozen=True)
class Knock:
    what: str
    method: str
    url: str  # {names} are filled from the values below
    roles: frozenset[Role] = ANY_STAFF  # whom the route's role gate lets through


# Hạc Thành's records, as a Quảng Phú officer would try them.
KNOCKS = (
    Knock("case page", "GET", "/cases/{case}"),
    Knock("case by its code", "GET", "/cases/find?code={code}"),
    Knock("receipt (form 01)", "GET", "/cases/{case}/receipt.pdf"),
    Knock("scan taken at intake", "GET", "/cases/{case}/files/{scan}"),
    Knock("draft result", "GET", "/cases/{case}/files/{result}"),
    Knock("apology (form 04)", "GET", "/cases/{case}/apology.pdf"),
    Knock("control slip (form 05)", "GET", "/cases/{case}/control-slip.pdf"),
    Knock("slip 02 page", "GET", "/counter/slips/{supplement_slip}", COUNTER),
    Knock("slip 02 (form 02)", "GET", "/counter/slips/{supplement_slip}.pdf", COUNTER),
    Knock("slip 03 (form 03)", "GET", "/counter/slips/{refusal_slip}.pdf", COUNTER),
    Knock("online submission", "GET", "/counter/online/{online_case}", COUNTER),
    Knock("stop the case", "POST", "/cases/{case}/actions/stop"),
    Knock("approve the draft", "POST", "/cases/{case}/steps/{step}/approve"),
    Knock("return the result", "POST", "/cases/{case}/return", COUNTER),
    Knock("record a rating", "POST", "/cases/{case}/rating", COUNTER),
    Knock("accept online", "POST", "/counter/online/{online_case}/accept", COUNTER),
    Knock("refuse online", "POST", "/counter/online/{online_case}/refuse", COUNTER),
    Knock("the unit", "GET", "/admin/units/{unit}", ADMIN),
    Knock("edit the unit", "POST", "/admin/units/{unit}", ADMIN),
    Knock("a department", "GET", "/admin/departments/{department}", ADMIN),
    Knock("a user", "GET", "/admin/users/{user}", ADMIN),
    Knock("a user's password", "POST", "/admin/users/{user}/password", ADMIN),
    Knock("revoke a token", "POST", "/admin/api-tokens/{token}/revoke", ADMIN),
    # Their own case's id with this unit's file or step: the pair must belong together.
    Knock("scan under my own case", "GET", "/cases/{own_case}/files/{scan}"),
    Knock("result under my own case", "GET", "/cases/{own_case}/files/{result}"),
    Knock("step under my own case", "POST", "/cases/{own_case}/steps/{step}/approve"),
)
GUESSED = 987654  # an id nothing has


def real_values(world: World) -> dict[str, Any]:
    return {
        "case": world.case.id,
        "code": world.case.code,
        "scan": world.scan.id,
        "result": world.result.id,
        "step": world.step.id,
        "supplement_slip": world.supplement_slip.id,
        "refusal_slip": world.refusal_slip.id,
        "online_case": world.online_case.id,
        "unit": world.values["unit_id"],
        "department": world.values["department_id"],
        "user": world.values["user_id"],
        "token": world.values["token_id"],
        "own_case": world.other_case.id,
    }


def guessed_values(world: World) -> dict[str, Any]:
    """The same URLs with ids and a code that exist nowhere."""
    values: dict[str, Any] = dict.fromkeys(real_values(world), GUESSED)
    values["code"] = f"{QUANG_PHU}-260309-9999"
    values["own_case"] = world.other_case.id
    return values


@pytest.mark.parametrize("role", list(OTHER_UNIT_STAFF), ids=str)
def test_another_units_staff_find_nothing_of_this_unit(
    app: Flask, demo: dict[str, User], catalogue: dict[str, Any], role: Role
) -> None:
    world = build_world(app, demo, catalogue)
    client = app.test_client()
    staff_login(client, OTHER_UNIT_STAFF[role])
    token = csrf_token(client, "/portal/feedback")
    real, guessed = real_values(world), guessed_values(world)
    before = snapshot(app)
    for knock in KNOCKS:
        answers = []
        for values in (real, guessed):
            data = {"csrf_token": token} if knock.method == "POST" else None
            with client.open(
                knock.url.format(**values), method=knock.method, data=data
            ) as response:
                answers.append((response.status_code, response.get_data(as_text=True)))
        (status, page), (guessed_status, _) = answers
        expected = 404 if role in knock.roles else 403
        assert (status, guessed_status) == (expected, expected), (knock.what, role)
        if knock.what == "case by its code":
            assert NOT_FOUND_TEXT in page
        assert world.case.applicant_name not in page, knock.what
    assert snapshot(app) == before, "a refused request changed the database or the stored files"


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        (Actor.COUNTER, 404),
        (Actor.OFFICER, 404),
        (Actor.OTHER_DEPARTMENT, 404),
        (Actor.HEAD, 404),
        (Actor.SUPERVISOR, 200),  # the province is above both communes
        (Actor.ADMIN, 200),
    ],
    ids=str,
)
def test_this_units_staff_find_nothing_of_the_other_unit(
    app: Flask, demo: dict[str, User], catalogue: dict[str, Any], actor: Actor, status: int
) -> None:
    world = build_world(app, demo, catalogue)
    client = app.test_client()
    sign_in(client, actor)
    case = world.other_case
    for url in (
        f"/cases/{case.id}",
        f"/cases/{case.id}/receipt.pdf",
        f"/cases/{case.id}/files/{world.other_scan.id}",
    ):
        with client.get(url) as response:
            assert response.status_code == status, url
    found = client.get(f"/cases/find?code={case.code}")
    if status == 404:
        assert found.status_code == 404 and NOT_FOUND_TEXT in found.get_data(as_text=True)
    else:
        assert found.status_code == 302 and found.headers["Location"].endswith(f"/cases/{case.id}")


def test_a_citizen_reaches_only_their_own_cases(
    app: Flask, demo: dict[str, User], catalogue: dict[str, Any]
) -> None:
    world = build_world(app, demo, catalogue)
    client = app.test_client()
    token = sign_in(client, Actor.CITIZEN)
    own, theirs = world.online_case, world.other_citizen_case
    assert client.get(f"/portal/cases/{own.id}").status_code == 200
    with client.get(f"/portal/cases/{own.id}/receipt.pdf") as receipt:
        assert receipt.status_code == 200
    mine = client.get("/portal/cases").get_data(as_text=True)
    assert own.code in mine and theirs.code not in mine

    before = snapshot(app)
    for case_id in (theirs.id, world.case.id, GUESSED):
        for method, url in (
            ("GET", f"/portal/cases/{case_id}"),
            ("GET", f"/portal/cases/{case_id}/receipt.pdf"),
            ("POST", f"/portal/cases/{case_id}/supplement"),
            ("POST", f"/portal/cases/{case_id}/rating"),
        ):
            data = {"csrf_token": token} if method == "POST" else None
            with client.open(url, method=method, data=data) as response:
                assert response.status_code == 404, url
    # Staff pages answer 403 to every citizen, whatever the id: nothing to probe there either.
    for case_id in (theirs.id, own.id, GUESSED):
        for url in (f"/cases/{case_id}", f"/cases/{case_id}/receipt.pdf"):
            assert client.get(url).status_code == 403, url
    # The public lookup shows a case only with the lookup code printed on its receipt.
    wrong_key = client.get(f"/lookup?code={theirs.code}&key=ZZZZZZ")
    assert wrong_key.status_code == 404 and theirs.applicant_name not in wrong_key.text
    assert snapshot(app) == before, "a refused request changed the database or the stored files"


def test_an_integration_token_reads_only_its_units_cases(
    app: Flask, demo: dict[str, User], catalogue: dict[str, Any]
) -> None:
    world = build_world(app, demo, catalogue)
    secrets = {}
    for code in (HAC_THANH, QUANG_PHU):
        _, secrets[code] = create_token(name=code, unit=unit(code), created_by=None)
    db.session.commit()
    client = app.test_client()

    def get(path: str, unit_code: str) -> Any:
        return client.get(path, headers={"Authorization": f"Bearer {secrets[unit_code]}"})

    code = world.case.code
    assert get(f"/api/v1/cases/{code}", HAC_THANH).status_code == 200
    foreign = get(f"/api/v1/cases/{code}", QUANG_PHU)
    unknown = get(f"/api/v1/cases/{code[:-4]}9999", QUANG_PHU)
    assert foreign.status_code == unknown.status_code == 404
    assert foreign.get_json() == unknown.get_json()
    feed = get("/api/v1/cases/changes?since=20260101000000", QUANG_PHU).get_json()
    assert [item["MaHoSo"] for item in feed["items"]] == [world.other_case.code]
