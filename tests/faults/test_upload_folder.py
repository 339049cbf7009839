"""Fault drill: the upload folder refuses files.

Three real failures, none of which root can write through: the folder's parent is a regular file,
the folder is a read-only mount, the folder's disk is full. The counter officer (intake with scans)
and the citizen (level-3 submission) get a message next to the file field; nothing is half-created
(no case, no file row, no event, no number taken, no file left on disk), and the same form goes
through once the folder works again.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from onestop.cases.models import Applicant, Case, CaseEvent, CaseFile, SequenceCounter
from onestop.counter.models import IntakeToken
from onestop.db import db
from onestop.notifications.models import Notification
from onestop.portal.models import OnlineSubmission
from tests.counter.conftest import INTAKE, PDF, error_text, form_tokens, intake_fields, scan
from tests.faults.conftest import tmpfs
from tests.portal.conftest import PNG, files, submit_case, submit_token

STORAGE_DOWN = (
    "Không lưu được tệp: kho lưu trữ tệp đang gặp sự cố. Chưa có gì được lưu. "
    "Hãy thử lại sau ít phút hoặc báo quản trị viên."
)
SCAN = PDF + b"%" + b"0" * 200_000  # a 200 kB scan: more than a full disk has left
FILLER = "filler.bin"


@pytest.fixture(params=["parent-is-a-file", "read-only-mount", "disk-full"])
def broken_folder(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """An upload folder that refuses new files, for a reason root cannot override."""
    if request.param == "parent-is-a-file":
        blocker = tmp_path / "uploads-is-a-file"
        blocker.write_text("not a folder")
        yield blocker / "uploads"
        return
    target = tmp_path / request.param
    target.mkdir()
    if request.param == "read-only-mount":
        with tmpfs(target, "ro,size=1m,mode=0755"):
            yield target
        return
    with tmpfs(target, "size=128k,mode=0755"):
        with (target / FILLER).open("wb", buffering=0) as fh:  # take every block there is
            try:
                while True:
                    fh.write(b"\0" * 4096)
            except OSError as error:
                assert error.errno == errno.ENOSPC
        yield target


def left_on_disk(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return [p for p in folder.rglob("*") if p.is_file() and p.name != FILLER]


def rows() -> dict[str, int]:
    """How many rows an intake or a submission would have created."""
    models: list[Any] = [
        Case, CaseFile, CaseEvent, Applicant, IntakeToken, OnlineSubmission, Notification,
        SequenceCounter,
    ]  # fmt: skip
    return {
        model.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0
        for model in models
    }


def test_a_counter_intake_with_scans_is_refused_cleanly_and_goes_through_later(
    app: Flask,
    client: FlaskClient,
    officer: Any,
    broken_folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(broken_folder))
    before = rows()
    tokens = form_tokens(client, INTAKE)
    fields = intake_fields(
        **{
            "documents-1-scans": scan(SCAN, "Giấy chứng sinh.pdf"),
            "scans": scan(PDF, "Ảnh chụp thêm.pdf"),
        }
    )
    response = client.post(INTAKE, data={**tokens, **fields}, content_type="multipart/form-data")

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    # Next to the checklist row whose scan could not be stored, in Vietnamese.
    assert error_text(html, "documents-1-scans") == STORAGE_DOWN
    assert "Vui lòng sửa các trường được đánh dấu bên dưới." in html
    assert "Nguyễn Thị Hồng Ngọc" in html  # what was typed is still there
    assert rows() == before
    assert left_on_disk(broken_folder) == []

    # The folder works again: the very same form (same one-time token) is accepted.
    working = tmp_path / "uploads-repaired"
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(working))
    fields = intake_fields(
        **{
            "documents-1-scans": scan(SCAN, "Giấy chứng sinh.pdf"),
            "scans": scan(PDF, "Ảnh chụp thêm.pdf"),
        }
    )
    response = client.post(INTAKE, data={**tokens, **fields}, content_type="multipart/form-data")
    assert response.status_code == 302, error_text(response.get_data(as_text=True), "scans")
    case = db.session.scalar(sa.select(Case))
    assert case is not None and response.headers["Location"].endswith(f"/cases/{case.id}")
    assert case.code and case.code.endswith("-0001")  # the failed attempt took no number
    stored = db.session.scalars(sa.select(CaseFile).where(CaseFile.case_id == case.id)).all()
    assert sorted(f.original_name for f in stored) == ["Giấy chứng sinh.pdf", "Ảnh chụp thêm.pdf"]
    assert sorted(p.name for p in left_on_disk(working)) == sorted(f.stored_name for f in stored)


def test_a_citizen_submission_is_refused_cleanly_and_goes_through_later(
    app: Flask,
    client: FlaskClient,
    citizen: Any,
    broken_folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(broken_folder))
    before = rows()
    tokens = submit_token(client)

    def attachments() -> dict[str, Any]:
        return files(p0=(SCAN, "Tờ khai đăng ký khai sinh.pdf"), p1=(PNG, "Giấy chứng sinh.png"))

    response = submit_case(client, tokens=tokens, attachments=attachments())

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert error_text(html, "doc_0") == STORAGE_DOWN
    assert "Nguyễn Minh Khôi" in html  # the answers are still there, to submit again
    assert rows() == before
    assert left_on_disk(broken_folder) == []

    working = tmp_path / "uploads-repaired"
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(working))
    response = submit_case(client, tokens=tokens, attachments=attachments())
    assert response.status_code == 302
    submission = db.session.scalar(sa.select(OnlineSubmission))
    assert submission is not None
    stored = db.session.scalars(
        sa.select(CaseFile).where(CaseFile.case_id == submission.case_id)
    ).all()
    assert len(stored) == 2
    assert sorted(p.name for p in left_on_disk(working)) == sorted(f.stored_name for f in stored)
