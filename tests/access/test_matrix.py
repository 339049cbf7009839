"""The access matrix: every route of the app against every actor, as rules.TABLE says.

The routes come from the app's URL map, so a new route fails here until its line is written.
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from onestop.accounts.models import Role, User
from onestop.db import db
from onestop.navigation import MENU
from tests.access.routes import routes, url_for_route
from tests.access.rules import REFUSALS, RULES, SIGN_OUTS
from tests.access.world import (
    ACTOR_ROLES,
    QUANG_PHU,
    USERNAMES,
    Actor,
    build_world,
    sign_in,
    snapshot,
)


def outcome(response: TestResponse) -> str:
    """The response in the table's words."""
    if response.status_code in (301, 302, 303):
        location = response.headers["Location"]
        if "/portal/login" in location:
            return "portal"
        return "login" if location.split("?")[0].endswith("/login") else "302"
    return str(response.status_code)


def knock(client: FlaskClient, method: str, url: str, csrf_token: str) -> str:
    # A valid CSRF token, so what answers is the permission rules, not the CSRF check.
    data = {"csrf_token": csrf_token} if method == "POST" else None
    with client.open(url, method=method, data=data) as response:
        return outcome(response)


def test_every_route_has_a_rule(app: Flask) -> None:
    served = {(endpoint, method) for endpoint, method, _ in routes(app)}
    assert served - RULES.keys() == set(), "routes without a line in rules.TABLE"
    assert RULES.keys() - served == set(), "lines in rules.TABLE for routes that do not exist"


def test_the_actors_are_who_the_columns_say(
    app: Flask, demo: dict[str, User], catalogue: dict[str, Any]
) -> None:
    build_world(app, demo, catalogue)
    staff = {
        a: db.session.scalars(sa.select(User).filter_by(username=n)).one()
        for a, n in USERNAMES.items()
    }
    assert {a: u.role for a, u in staff.items()} == ACTOR_ROLES
    officer = staff[Actor.OFFICER]
    assert staff[Actor.HEAD].department_id == officer.department_id
    assert staff[Actor.OTHER_DEPARTMENT].department_id not in (None, officer.department_id)
    assert staff[Actor.COUNTER].unit_id == staff[Actor.OTHER_DEPARTMENT].unit_id == officer.unit_id
    assert staff[Actor.OTHER_SUPERVISOR].unit.code == QUANG_PHU
    for actor in (Actor.SUPERVISOR, Actor.ADMIN):
        assert staff[actor].unit.parent_id is None  # the province, above both communes


@pytest.mark.parametrize("actor", list(Actor), ids=str)
def test_each_actor_gets_what_the_rules_say(
    app: Flask, demo: dict[str, User], catalogue: dict[str, Any], actor: Actor
) -> None:
    world = build_world(app, demo, catalogue)
    planned = [
        (endpoint, method, url_for_route(endpoint, rule, world.values), RULES[endpoint, method])
        for endpoint, method, rule in routes(app)
    ]
    refused = [p for p in planned if p[3][actor] in REFUSALS and p[:2] not in SIGN_OUTS]
    allowed = [p for p in planned if p[3][actor] not in REFUSALS and p[:2] not in SIGN_OUTS]
    allowed.sort(key=lambda p: p[1] != "GET")  # pages before forms that change them
    client = app.test_client()
    token = sign_in(client, actor)
    answers: dict[tuple[str, str], str] = {}

    before = snapshot(app)
    for endpoint, method, url, _ in refused:
        answers[endpoint, method] = knock(client, method, url, token)
    assert snapshot(app) == before, "a refused request changed the database or the stored files"

    for endpoint, method, url, _ in allowed:
        answers[endpoint, method] = knock(client, method, url, token)
    for endpoint, method, url, _ in (p for p in planned if p[:2] in SIGN_OUTS):
        own = app.test_client()
        answers[endpoint, method] = knock(own, method, url, sign_in(own, actor))

    wrong = [
        f"{method} {url} ({endpoint}): expected {rule[actor]}, got {answers[endpoint, method]}"
        for endpoint, method, url, rule in planned
        if answers[endpoint, method] != rule[actor]
    ]
    assert not wrong, f"{actor}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("actor", list(Actor), ids=str)
def test_the_menu_shows_only_pages_the_rules_open(app: Flask, actor: Actor) -> None:
    role: Role | None = ACTOR_ROLES.get(actor)
    if actor is Actor.ANONYMOUS:
        menu = [item for item in MENU if item.public]
    elif actor is Actor.CITIZEN:
        menu = [item for item in MENU if item.public or item.citizen]
    else:
        menu = [item for item in MENU if role in item.roles]
    shown = [item.endpoint for item in menu if item.endpoint in app.view_functions]
    assert shown, "every actor has a menu"
    assert {e: RULES[e, "GET"][actor] for e in shown} == dict.fromkeys(shown, "200")
