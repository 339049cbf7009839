"""Approving with a slow timestamp server: the case stays free while the result is signed.

Real commits on a database of its own (PostgreSQL and SQLite), the approval posted through the
app in one thread while another connection acts on the same case during the timestamp's wait.
"""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade

from onestop import PROJECT_ROOT
from onestop.accounts.models import User
from onestop.cases.files import Upload, stored_path
from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Case, CaseFile
from onestop.catalogue.loader import load_specs
from onestop.catalogue.models import Procedure
from onestop.catalogue.spec import load_seed
from onestop.db import db, utcnow
from onestop.demo import seed_demo
from onestop.processing import approval
from onestop.processing.models import CaseStep, StepState
from onestop.signing.models import SignedDocument
from onestop.signing.verify import verify_pdf
from tests.conftest import csrf_token, isolated_app, login
from tests.processing.conftest import MARRIAGE_STATUS, at, new_case, received, transferred
from tests.signing.helpers import give_certificate
from tests.signing.pki import Pki, simple_pdf, tsa_server

# How long the timestamp server sleeps before it answers. The other action's wait is compared
# with it, never with a fixed number of milliseconds.
SLEEP = 3.0
CHANGED = "Hồ sơ đã thay đổi trong khi văn bản kết quả đang được ký số"


@dataclass(frozen=True)
class Ready:
    """A case whose draft result waits for the head, in the test's own database."""

    case_id: int
    step_id: int
    version: int


@pytest.fixture(scope="module", params=["postgresql", "sqlite"])
def own_app(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, pki: Pki
) -> Iterator[Flask]:
    """A migrated database of its own with the demo staff, the unit's certificate, one procedure."""
    with isolated_app(request.param, tmp_path_factory.mktemp("approval")) as app:
        with app.test_request_context():
            upgrade()
            seed_demo()
            seeds = load_seed(PROJECT_ROOT / "seed_procedures.yaml")
            load_specs([s for s in seeds if s.code == MARRIAGE_STATUS])
            db.session.commit()
            admin = db.session.scalar(sa.select(User).where(User.username == "quantri"))
            officer = db.session.scalar(sa.select(User).where(User.username == "tiepnhan"))
            assert admin is not None and officer is not None
            give_certificate(app, officer.unit, pki.unit, pki, admin)
        yield app


def draft_waiting(app: Flask) -> Ready:
    """Accept, transfer and receive a case, and submit its draft result (a plain PDF)."""
    with app.test_request_context():
        staff = {u.username: u for u in db.session.scalars(sa.select(User))}
        procedure = db.session.scalar(sa.select(Procedure).where(Procedure.code == MARRIAGE_STATUS))
        step = received(staff, transferred(staff, new_case(staff, {MARRIAGE_STATUS: procedure})))
        approval.submit_draft(
            step, Upload("Quyết định.pdf", simple_pdf()), actor=staff["chuyenvien"],
            now=at(10, 10), version=step.case.version,
        )  # fmt: skip
        db.session.commit()
        return Ready(step.case_id, step.id, step.case.version)


def head_signed_in(app: Flask, ready: Ready) -> tuple[FlaskClient, str]:
    client = app.test_client()
    login(client, "lanhdao")
    return client, csrf_token(client, f"/cases/{ready.case_id}")


def approve_slowly(
    app: Flask, pki: Pki, ready: Ready, meanwhile: Any
) -> tuple[float, str, threading.Thread]:
    """Post the head's approval with a timestamp server that sleeps; run `meanwhile` during it.

    Return how long `meanwhile` took, the page the head is sent back to, and the approval's
    thread as it was when `meanwhile` ended (still signing, if the wait was short).
    """
    client, token = head_signed_in(app, ready)
    arrived = threading.Event()
    answers: list[Any] = []
    with tsa_server(pki, delay=SLEEP, arrived=arrived) as url:
        app.config["SIGNING_TSA_URL"] = url

        def head() -> None:
            answers.append(
                client.post(
                    f"/cases/{ready.case_id}/steps/{ready.step_id}/approve",
                    data={"csrf_token": token, f"approve-{ready.step_id}-version": ready.version},
                )
            )

        approver = threading.Thread(target=head)
        approver.start()
        try:
            assert arrived.wait(timeout=60), "the approval never asked for a timestamp"
            started = time.monotonic()
            meanwhile()
            waited = time.monotonic() - started
            still_signing = approver.is_alive()
        finally:
            approver.join(timeout=60)
            app.config["SIGNING_TSA_URL"] = None
    assert not approver.is_alive() and len(answers) == 1
    assert still_signing, "the other action ended only after the timestamp server answered"
    assert answers[0].status_code == 302
    page = client.get(answers[0].headers["Location"]).get_data(as_text=True)
    return waited, html.unescape(page), approver


def lock_case_row(app: Flask, case_id: int) -> None:
    """Another desk locks the case row (SELECT … FOR UPDATE; on SQLite the write lock)."""
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            # Blocked for half the sleep, the lock attempt fails instead of waiting it out.
            db.session.execute(sa.text(f"SET LOCAL lock_timeout = '{int(SLEEP * 500)}ms'"))
        db.session.execute(sa.select(Case.id).where(Case.id == case_id).with_for_update())
        db.session.rollback()


def open_transactions(app: Flask) -> int | None:
    """How many other sessions on this PostgreSQL database sit inside a transaction (SQLite: None)."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            return None  # the write lock taken in lock_case_row stands for it
        count = db.session.scalar(
            sa.text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL"
            )
        )
        db.session.rollback()
        return int(count or 0)


def rework_in_another_tab(app: Flask, ready: Ready) -> None:
    """The head, in another tab, sends the same draft back for rework: the case changes."""
    with app.test_request_context():
        if db.engine.dialect.name == "postgresql":
            db.session.execute(sa.text(f"SET LOCAL lock_timeout = '{int(SLEEP * 500)}ms'"))
        step = db.session.get(CaseStep, ready.step_id)
        head = db.session.scalar(sa.select(User).where(User.username == "lanhdao"))
        assert step is not None and head is not None
        approval.return_for_rework(
            step, "Sửa lại số liệu", actor=head, now=utcnow(), version=step.case.version
        )
        db.session.commit()


def stored_files(app: Flask) -> set[str]:
    return {p.name for p in Path(app.config["UPLOAD_FOLDER"]).rglob("*") if p.is_file()}


def test_the_case_row_is_not_held_while_the_timestamp_server_is_slow(
    own_app: Flask, pki: Pki
) -> None:
    ready = draft_waiting(own_app)
    during: list[int | None] = []

    def meanwhile() -> None:
        lock_case_row(own_app, ready.case_id)
        during.append(open_transactions(own_app))

    waited, page, _ = approve_slowly(own_app, pki, ready, meanwhile)
    assert waited < SLEEP / 3, f"the other desk waited {waited:.2f}s of a {SLEEP}s timestamp"
    assert during in ([None], [0]), "the approval kept a transaction open while it was signing"
    assert "Đã thực hiện: Phê duyệt kết quả." in page

    with own_app.app_context():
        case = db.session.get(Case, ready.case_id)
        assert case is not None and case.status is CaseStatus.RESULT_READY
        [document] = db.session.scalars(
            sa.select(SignedDocument).where(SignedDocument.case_id == ready.case_id)
        ).all()
        assert document.timestamped
        data = stored_path(document.stored_name).read_bytes()
        assert verify_pdf(data, [pki.root.certificate], utcnow()).valid


def test_a_case_changed_while_signing_is_not_approved_and_keeps_no_signature(
    own_app: Flask, pki: Pki
) -> None:
    ready = draft_waiting(own_app)
    before = stored_files(own_app)
    waited, page, _ = approve_slowly(
        own_app, pki, ready, lambda: rework_in_another_tab(own_app, ready)
    )
    assert waited < SLEEP / 3, f"the rework waited {waited:.2f}s of a {SLEEP}s timestamp"
    assert CHANGED in page and "Vui lòng tải lại trang" in page

    with own_app.app_context():
        case = db.session.get(Case, ready.case_id)
        step = db.session.get(CaseStep, ready.step_id)
        assert case is not None and step is not None
        assert case.status is not CaseStatus.RESULT_READY and case.finished_at is None
        assert step.state is StepState.ACTIVE and step.rework  # the rework stands
        assert (
            db.session.scalars(
                sa.select(SignedDocument).where(SignedDocument.case_id == ready.case_id)
            ).all()
            == []
        )
        known = set(db.session.scalars(sa.select(CaseFile.stored_name))) | set(
            db.session.scalars(sa.select(SignedDocument.stored_name))
        )
    assert stored_files(own_app) == before == known  # no signed copy left on disk


def test_a_signed_copy_written_in_a_transaction_that_fails_leaves_no_file(
    own_app: Flask, pki: Pki
) -> None:
    ready = draft_waiting(own_app)
    before = stored_files(own_app)
    with own_app.test_request_context():
        step = db.session.get(CaseStep, ready.step_id)
        head = db.session.scalar(sa.select(User).where(User.username == "lanhdao"))
        assert step is not None and head is not None
        draft = approval.read_draft(step, actor=head, version=ready.version)
        db.session.rollback()
        draft = approval.sign_draft(draft)
        approval.approve(step, actor=head, now=utcnow(), version=ready.version, draft=draft)
        assert len(stored_files(own_app) - before) == 1  # the signed copy, written
        db.session.rollback()  # what the view does when the commit fails
    assert stored_files(own_app) == before
    with own_app.app_context():
        case = db.session.get(Case, ready.case_id)
        assert case is not None and case.status is not CaseStatus.RESULT_READY
        assert (
            db.session.scalars(
                sa.select(SignedDocument).where(SignedDocument.case_id == ready.case_id)
            ).all()
            == []
        )
