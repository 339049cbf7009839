"""In a real browser: hostile text never runs, and Back after signing out shows nothing private."""

from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import BrowserContext, Page, expect

from onestop.accounts.models import Role, User
from onestop.accounts.services import create_user
from onestop.cases.intake import accept_case
from onestop.catalogue.models import Procedure
from onestop.db import db, utcnow
from onestop.demo import DEMO_PASSWORD
from tests.browser.conftest import LiveServer, NewContext, choose, sign_in, submit, submit_login
from tests.cases.factories import applicant, complete_intake

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
# Unique to this file: the browser tests share one database.
NAME = f"{SCRIPT}{IMG} Hà Trình Duyệt"


def watch_dialogs(context: BrowserContext) -> list[str]:
    """Record every alert/confirm/prompt the pages open (and close it)."""
    opened: list[str] = []

    def on_dialog(dialog: object) -> None:
        opened.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    context.on("dialog", on_dialog)
    return opened


def assert_nothing_live(page: Page) -> None:
    """The DOM as Chromium built it holds the text only: no element the payloads would make."""
    assert page.locator("img[src='x'], [onerror], [onclick], [onload]").count() == 0
    assert page.locator("script:not([src])").count() == 0


def test_hostile_text_is_shown_and_never_runs(
    new_context: NewContext, live_server: LiveServer
) -> None:
    context = new_context()
    dialogs = watch_dialogs(context)

    # A visitor types the payloads into the feedback form.
    visitor = context.new_page()
    visitor.goto("/portal/feedback")
    choose(visitor.locator("#unit_id"), "UBND phường Hạc Thành")
    visitor.locator("#name").fill(NAME)
    visitor.locator("#contact").fill(IMG)
    visitor.locator("#subject").fill(SCRIPT)
    visitor.locator("#body").fill(f"{SCRIPT}\n{IMG}")
    submit(visitor, "Gửi")
    expect(visitor.locator(".flash-success")).to_be_visible()

    # The counter took a dossier with the payloads as the applicant's name and address.
    with live_server.data():
        procedure = db.session.scalar(sa.select(Procedure).where(Procedure.code == "1.001193"))
        officer = db.session.scalar(sa.select(User).where(User.username == "tiepnhan"))
        assert procedure is not None and officer is not None
        case = accept_case(
            complete_intake(
                procedure,
                applicant=applicant(name=NAME, address=IMG, id_number="038190077777"),
                uploads=[],
            ),
            officer=officer,
            now=utcnow(),
        )
        db.session.flush()
        case_id = case.id

    staff = new_context()
    dialogs += watch_dialogs(staff)
    desk = staff.new_page()
    sign_in(desk, "tiepnhan")
    for path in (f"/cases/{case_id}", "/counter/cases"):
        desk.goto(path)
        expect(desk.get_by_text(NAME).first).to_be_visible()
        assert_nothing_live(desk)

    supervision = new_context()
    dialogs += watch_dialogs(supervision)
    supervisor = supervision.new_page()
    sign_in(supervisor, "giamsat")
    supervisor.goto("/supervision/feedback")
    expect(supervisor.get_by_text(NAME).first).to_be_visible()
    assert_nothing_live(supervisor)

    assert dialogs == []


def test_the_dialog_watch_catches_an_alert(context: BrowserContext) -> None:
    """Without this, a watch that never fires would look like a page with nothing live."""
    dialogs = watch_dialogs(context)
    page = context.new_page()
    page.goto("/login")
    page.evaluate("() => alert('caught')")
    assert dialogs == ["caught"]


def test_back_after_signing_out_asks_the_server_and_shows_the_sign_in_page(
    page: Page, live_server: LiveServer
) -> None:
    # An account of its own: signing out ends every session of the account it is done in.
    with live_server.data():
        supervisor = db.session.scalar(sa.select(User).where(User.username == "giamsat"))
        assert supervisor is not None
        create_user(
            username="giamsat.thoat",
            full_name="Giám sát Thoát",
            password=DEMO_PASSWORD,
            role=Role.SUPERVISOR,
            unit=supervisor.unit,
            department=None,
        )
    submit_login(page, "giamsat.thoat")
    page.goto("/supervision/feedback")
    expect(page.get_by_role("heading", level=1)).to_have_text("Phản ánh, kiến nghị đã nhận")
    submit(page, "Đăng xuất")
    expect(page).to_have_url(re.compile(r"/login"))

    page.go_back()
    # Not kept (no-store): the browser asked again, and the server sent it to sign in.
    expect(page).to_have_url(re.compile(r"/login\?next="))
    expect(page.locator("#username")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Phản ánh, kiến nghị đã nhận")
