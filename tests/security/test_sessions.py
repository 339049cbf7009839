"""Session fixation and sign-out: a new session at sign-in, and a signed-out cookie is worthless."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from onestop.accounts.models import User
from onestop.db import db
from tests.conftest import csrf_token, login
from tests.security.conftest import SignIn, World, citizen_login

COOKIE = "session"
DOMAIN = "onestop.test"  # the test app's SERVER_NAME

# (who signs in, a private page of theirs, where signing out is posted)
ACCOUNTS = [
    ("tiepnhan", "/counter/cases", "/logout"),
    ("citizen", "/portal/cases", "/portal/logout"),
]


def cookie_of(client: FlaskClient) -> str:
    cookie = client.get_cookie(COOKIE, domain=DOMAIN)
    assert cookie is not None, "no session cookie"
    return cookie.value


def client_with(app: Flask, value: str) -> FlaskClient:
    """A different browser presenting a copied session cookie."""
    client = app.test_client()
    client.set_cookie(COOKIE, value, domain=DOMAIN)
    return client


def sign_in_on(client: FlaskClient, who: str) -> None:
    response = citizen_login(client) if who == "citizen" else login(client, who)
    assert response.status_code == 302


def is_signed_out(client: FlaskClient, private_page: str) -> bool:
    response = client.get(private_page)
    return response.status_code == 302 and "login" in response.headers["Location"]


def sign_out(client: FlaskClient, page: str, logout: str) -> None:
    response = client.post(logout, data={"csrf_token": csrf_token(client, page)})
    assert response.status_code == 302


@pytest.mark.parametrize(("who", "private_page", "logout"), ACCOUNTS)
def test_signing_in_issues_a_new_session_and_the_old_cookie_stays_anonymous(
    app: Flask, world: World, who: str, private_page: str, logout: str
) -> None:
    client = app.test_client()
    # The attacker's move: get a session (here with a language choice and a planted value)...
    client.get("/lang/en")  # a preference of the browser: it outlives the session
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    planted = cookie_of(client)
    # ...and have the victim sign in on it.
    sign_in_on(client, who)
    signed_in = cookie_of(client)

    assert signed_in != planted
    with client.session_transaction() as session:
        assert "planted" not in session
    assert '<html lang="en">' in client.get(private_page).get_data(as_text=True)
    assert not is_signed_out(client, private_page)
    assert is_signed_out(client_with(app, planted), private_page)  # the planted one knows nobody


@pytest.mark.parametrize(("who", "private_page", "logout"), ACCOUNTS)
def test_a_copied_cookie_no_longer_works_after_signing_out(
    app: Flask, world: World, sign_in: SignIn, who: str, private_page: str, logout: str
) -> None:
    client = sign_in(who)
    stolen = cookie_of(client)
    assert not is_signed_out(client_with(app, stolen), private_page)  # the copy works meanwhile

    sign_out(client, private_page, logout)

    assert is_signed_out(client, private_page)
    assert is_signed_out(client_with(app, stolen), private_page)
    # Signing in again works, and gives a cookie unlike the one that was copied.
    sign_in_on(client, who)
    assert not is_signed_out(client, private_page) and cookie_of(client) != stolen


def test_signing_out_ends_the_accounts_other_sessions_too(
    app: Flask, world: World, sign_in: SignIn
) -> None:
    """Sessions are signed cookies: the server ends them by renewing the account's token."""
    office, home = sign_in("chuyenvien"), sign_in("chuyenvien")
    other = sign_in("lanhdao")
    sign_out(office, "/work", "/logout")
    assert is_signed_out(home, "/work")
    assert not is_signed_out(other, "/work")


def test_a_new_password_ends_the_accounts_sessions(
    app: Flask, world: World, sign_in: SignIn, demo: dict[str, User]
) -> None:
    victim = sign_in("lanhdao")
    admin = sign_in("quantri")
    page = f"/admin/users/{demo['lanhdao'].id}"
    response = admin.post(
        f"{page}/password",
        data={
            "csrf_token": csrf_token(admin, page),
            "password": "mat-khau-moi-2026",
            "confirm": "mat-khau-moi-2026",
        },
    )
    assert response.status_code == 302
    assert is_signed_out(victim, "/work")
    assert not is_signed_out(admin, "/admin/users")


def test_private_pages_and_files_tell_the_browser_not_to_keep_them(
    world: World, sign_in: SignIn
) -> None:
    """After signing out, Back must ask the server again, which then shows the sign-in page."""
    client = sign_in("tiepnhan")
    for path in (
        "/counter/cases",
        f"/cases/{world.case.id}",
        f"/cases/{world.case.id}/receipt.pdf",
        f"/cases/{world.case.id}/files/{world.scan.id}",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
        response.close()


def test_an_account_whose_token_was_never_set_must_sign_in_again(
    app: Flask, world: World, sign_in: SignIn, demo: dict[str, User]
) -> None:
    """Sessions from before session tokens existed (empty token) are not accepted."""
    client = sign_in("tiepnhan")
    demo["tiepnhan"].session_token = ""
    db.session.commit()
    assert is_signed_out(client, "/counter/cases")
    sign_in_on(client, "tiepnhan")
    assert not is_signed_out(client, "/counter/cases")
