"""The load benchmark's requests are real ones: replayed here, each gets the answer it expects."""

from __future__ import annotations

import random
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bench import bare_app
from bench import load_workload as wl
from onestop.accounts.models import User
from onestop.cases.intake import accept_case
from onestop.db import db, utcnow
from tests.cases.factories import complete_intake


def send(client: FlaskClient, request: wl.Request) -> Any:
    """Send a workload request the way bench_load.py does (multipart when the browser would)."""
    content_type = "multipart/form-data" if request.multipart else None
    response = client.open(
        request.path, method=request.method, data=request.form or None, content_type=content_type
    )
    assert 200 <= response.status_code < 400, (request, response.status_code)
    if request.expect_redirect:
        assert response.status_code in (302, 303), request
    return response


def signed_in(client: FlaskClient, username: str) -> FlaskClient:
    page = send(client, wl.login_page()).get_data(as_text=True)
    send(client, wl.login(page, username))
    return client


@pytest.fixture
def rng() -> random.Random:
    return random.Random(7)


def test_the_counter_officer_takes_in_a_dossier(
    client: FlaskClient, demo: dict[str, User], catalogue: dict[str, Any], rng: random.Random
) -> None:
    signed_in(client, wl.COUNTER_OFFICER)
    for _ in range(2):  # a fresh applicant and one-time token each time
        form = send(client, wl.intake_form()).get_data(as_text=True)
        accepted = send(client, wl.intake_accept(form, rng))
        page = send(client, wl.case_page(accepted.headers["Location"])).get_data(as_text=True)
        assert "In giấy tiếp nhận" in page  # the receipt button of a newly accepted case


def test_the_public_looks_a_case_up(
    app: Flask, client: FlaskClient, demo: dict[str, User], catalogue: dict[str, Any]
) -> None:
    with app.app_context():
        case = accept_case(
            complete_intake(catalogue[wl.INTAKE_PROCEDURE], uploads=[]),
            officer=demo[wl.COUNTER_OFFICER],
            now=utcnow(),
        )
    db.session.commit()
    page = send(client, wl.lookup(case.code or "", case.lookup_code)).get_data(as_text=True)
    assert case.code in page and "N.T.H.N." in page


def test_officers_and_supervisors_open_their_pages(
    app: Flask, demo: dict[str, User], catalogue: dict[str, Any], rng: random.Random
) -> None:
    officer = signed_in(app.test_client(), wl.DEPARTMENT_OFFICER)
    for name in wl.QUEUES:
        send(officer, wl.Request("queue page", "GET", f"/work?q={name}"))
    send(officer, wl.queue(rng))
    supervisor = signed_in(app.test_client(), wl.SUPERVISOR)
    paths = {send(supervisor, wl.dashboard(rng, 2026)).request.full_path for _ in range(8)}
    assert len(paths) == 2  # this month and the whole year
    send(supervisor, wl.health())


def test_a_page_without_its_token_is_reported() -> None:
    with pytest.raises(wl.MissingToken):
        wl.intake_accept("<form></form>", random.Random(1))


def test_the_bare_baseline_answers() -> None:
    response = bare_app.app.test_client().get(wl.bare().path)
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}
