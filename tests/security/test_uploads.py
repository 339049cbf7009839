"""Upload limits on every form that takes files: a clear Vietnamese message, nothing half-created.

Three ways a file can be wrong: the whole request is over MAX_CONTENT_LENGTH (answered before
the form is read), one file is over SCAN_MAX_BYTES, or the content is not a PDF, JPEG or PNG
whatever its name says.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from onestop.db import db, utcnow
from onestop.portal.submissions import request_online_supplement
from tests.counter.conftest import INTAKE, form_tokens, intake_fields
from tests.portal.conftest import eform_fields, submit_token
from tests.security.conftest import SignIn, World, fingerprint, hidden_fields

REQUEST_LIMIT = 64 * 1024
FILE_LIMIT = 16 * 1024
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
NAME = "hồ sơ.pdf"

TOO_BIG_REQUEST = ("Tệp quá lớn", "Chưa có gì được lưu")
TOO_BIG_FILE = (f"Tệp {NAME} lớn hơn 0.015625 MB.",)
NOT_A_SCAN = (f"Tệp {NAME} không phải là tệp PDF, JPEG hoặc PNG.",)
NOT_A_SCAN_PROCESSING = ("Chỉ nhận tệp quét PDF, JPEG hoặc PNG.",)

# A form that takes files: who sends it, and how (the file's bytes in, the response out).
Post = Callable[[FlaskClient, World, bytes], Any]


def counter_intake(client: FlaskClient, world: World, data: bytes) -> Any:
    fields = {**form_tokens(client, INTAKE), **intake_fields()}
    fields["scans"] = (io.BytesIO(data), NAME)
    return client.post(INTAKE, data=fields, content_type="multipart/form-data")


def portal_submit(client: FlaskClient, world: World, data: bytes) -> Any:
    fields = {**submit_token(client), **eform_fields(), "action": "submit"}
    fields["doc_0"] = (io.BytesIO(data), NAME)
    fields["doc_1"] = (io.BytesIO(PDF), "giấy chứng sinh.pdf")
    return client.post("/portal/submit/1.001193", data=fields, content_type="multipart/form-data")


def portal_supplement(client: FlaskClient, world: World, data: bytes) -> Any:
    page = f"/portal/cases/{world.online.id}"
    fields = {**hidden_fields(client.get(page).get_data(as_text=True), f"{page}/supplement")}
    fields["doc_1"] = (io.BytesIO(data), NAME)
    return client.post(
        f"{page}/supplement", data=fields, content_type="multipart/form-data", follow_redirects=True
    )


def case_page_action(action: str, step_level: bool) -> Post:
    def post(client: FlaskClient, world: World, data: bytes) -> Any:
        case = world.case
        url = (
            f"/cases/{case.id}/steps/{world.step.id}/{action}"
            if step_level
            else f"/cases/{case.id}/actions/{action}"
        )
        prefix = f"{action}-{world.step.id if step_level else 'case'}"
        fields = hidden_fields(client.get(f"/cases/{case.id}").get_data(as_text=True), url)
        fields[f"{prefix}-note"] = "Kết quả giải quyết"
        fields[f"{prefix}-document"] = (io.BytesIO(data), NAME)
        return client.post(
            url, data=fields, content_type="multipart/form-data", follow_redirects=True
        )

    return post


FORMS: dict[str, tuple[str, Post, tuple[str, ...]]] = {
    "counter intake": ("tiepnhan", counter_intake, NOT_A_SCAN),
    "online submission": ("citizen", portal_submit, NOT_A_SCAN),
    "online supplement": ("citizen", portal_supplement, NOT_A_SCAN),
    "draft result": ("chuyenvien", case_page_action("submit_draft", True), NOT_A_SCAN_PROCESSING),
    "stopping a case": ("lanhdao", case_page_action("stop", False), NOT_A_SCAN_PROCESSING),
}


@pytest.fixture
def limits(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", REQUEST_LIMIT)
    monkeypatch.setitem(app.config, "SCAN_MAX_BYTES", FILE_LIMIT)


@pytest.fixture
def waiting_for_papers(app: Flask, world: World, demo: dict[str, Any]) -> World:
    """The online case is waiting for the citizen's second paper."""
    with app.test_request_context():
        request_online_supplement(
            world.online, [1], "Thiếu giấy", officer=demo["tiepnhan"], now=utcnow(), version=None
        )
        db.session.commit()
    return world


def stored(app: Flask) -> set[Path]:
    return {p for p in Path(app.config["UPLOAD_FOLDER"]).rglob("*") if p.is_file()}


def check_refused(
    app: Flask, client: FlaskClient, world: World, post: Post, data: bytes, says: tuple[str, ...]
) -> int:
    before, files = fingerprint(), stored(app)
    response = post(client, world, data)
    page = response.get_data(as_text=True)
    for text in says:
        assert text in page, f"{text!r} not on the page"
    assert "413 Request Entity Too Large" not in page  # never Werkzeug's bare page
    assert fingerprint() == before, "something was written"
    assert stored(app) == files, "a file was left on disk"
    return int(response.status_code)


@pytest.mark.usefixtures("limits", "waiting_for_papers")
@pytest.mark.parametrize("form", list(FORMS))
def test_a_file_too_big_or_not_a_scan_is_refused_clearly_and_nothing_is_saved(
    app: Flask, world: World, sign_in: SignIn, form: str
) -> None:
    who, post, not_a_scan = FORMS[form]
    client = sign_in(who)
    # The whole request over the limit: answered before the form is read, on a page of ours.
    too_big = PDF + b"0" * REQUEST_LIMIT
    assert check_refused(app, client, world, post, too_big, TOO_BIG_REQUEST) == 413
    # One file over the per-file limit, named in the message.
    check_refused(app, client, world, post, PDF + b"0" * FILE_LIMIT, TOO_BIG_FILE)
    # A program named like a PDF: judged by its content, not its name.
    check_refused(app, client, world, post, EXE, not_a_scan)

    # The control: the same form with a good file goes through, so the refusals were the file's.
    before, files = fingerprint(), stored(app)
    response = post(client, world, PDF)
    assert response.status_code in (200, 302)
    assert fingerprint() != before and len(stored(app)) > len(files)
