"""Fault drill: PostgreSQL restarted under load.

A PostgreSQL server of the test's own (initdb in a temporary directory) serves the real app, not
in testing mode. Threads keep counter officers taking in dossiers with scans, visitors looking
cases up and the desk list open, while the server is restarted (`fast`: connections terminated by
the administrator; `immediate`: killed as in a crash, with recovery at start). Then:

- every request that failed got the 503 page in Vietnamese, never a 500 or a traceback;
- every request started once the server was back succeeded (the pool dropped its dead connections);
- an officer who got the 503 page and sends the same form again gets exactly one case;
- no case is half-written: each has its code, register line, event, checklist, scans (on disk, with
  their checksums), one-time token and notification; the numbering has no gap and no duplicate;
  and no file is left on disk that no case names.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from onestop.cases.models import Case, CaseEvent, CaseFile, SequenceCounter
from onestop.counter.models import IntakeToken
from onestop.db import db
from onestop.notifications.models import Notification
from tests.conftest import login
from tests.counter.conftest import INTAKE, JPEG, PDF, intake_fields
from tests.faults.conftest import PrivatePostgres, drill_app

UNAVAILABLE_TITLE = "Hệ thống tạm thời gián đoạn"
UNAVAILABLE_TEXT = "Tạm thời không kết nối được cơ sở dữ liệu."
CASE_URL = re.compile(r"/cases/(\d+)$")
CODE = re.compile(r"^000\.17\.22\.H56-(\d{6})-(\d{4})$")
INTAKE_THREADS, LOOKUP_THREADS, DESK_THREADS = 4, 2, 1
SCAN_BYTES = PDF + b"%" + b"1" * 20_000


@dataclass
class Answer:
    """One request the load made, and what came back."""

    kind: str
    started: float
    ended: float
    status: int
    ok: bool
    body: str = ""


@dataclass
class Intake:
    """One dossier an officer sends: the form it came from, and what the server answered."""

    client: FlaskClient
    number: int  # unique in the run
    tokens: dict[str, str]
    answers: list[Answer] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"Người Thử Tải {self.number:04d}"

    def post(self) -> Answer:
        fields = intake_fields(
            name=self.name,
            id_number=f"03819{self.number:07d}",
            email=f"thu{self.number}@example.vn",
            notify_email="y",
            **{
                "documents-1-scans": (io.BytesIO(SCAN_BYTES), "Giấy chứng sinh.pdf"),
                "scans": (io.BytesIO(JPEG), "Ảnh chân dung.jpg"),
            },
        )
        started = time.monotonic()
        response = self_post(self.client, {**self.tokens, **fields})
        location = response.headers.get("Location", "")
        answer = Answer(
            "intake",
            started,
            time.monotonic(),
            response.status_code,
            response.status_code == 302 and bool(CASE_URL.search(location)),
            response.get_data(as_text=True),
        )
        self.answers.append(answer)
        return answer


def self_post(client: FlaskClient, data: dict[str, Any]) -> Any:
    response = client.post(INTAKE, data=data, content_type="multipart/form-data")
    # Keep where it was sent: the body of a redirect says nothing.
    if response.status_code == 302:
        response.set_data(response.headers["Location"])
    return response


class Load:
    """Threads making requests until told to stop; every answer is kept."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.stop = threading.Event()
        self.answers: list[Answer] = []
        self.intakes: list[Intake] = []
        self.crashes: list[str] = []
        self.lock = threading.Lock()
        self.threads: list[threading.Thread] = []
        # Signed in before the load starts: signing in is not what the drill measures.
        self.signed_in = {
            kind: [signed_in(app) for _ in range(count)]
            for kind, count in (("officer", INTAKE_THREADS), ("desk", DESK_THREADS))
        }

    def keep(self, answer: Answer) -> None:
        with self.lock:
            self.answers.append(answer)

    def run(self, name: str, body: Callable[[int], None], count: int) -> None:
        for number in range(count):
            thread = threading.Thread(
                target=self._guard, args=(body, number), name=f"{name}-{number}"
            )
            self.threads.append(thread)
            thread.start()

    def _guard(self, body: Callable[[int], None], number: int) -> None:
        try:
            body(number)
        except BaseException:  # reported at the end, with where it came from
            self.crashes.append(traceback.format_exc())

    def join(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(60)

    def get(self, client: FlaskClient, kind: str, path: str, expect: str) -> Answer:
        started = time.monotonic()
        response = client.get(path)
        body = response.get_data(as_text=True)
        answer = Answer(
            kind,
            started,
            time.monotonic(),
            response.status_code,
            response.status_code == 200 and expect in body,
            body,
        )
        self.keep(answer)
        return answer

    def officer_intakes(self, number: int) -> None:
        client = self.signed_in["officer"][number]
        sequence = 0
        while not self.stop.is_set():
            form = self.get(client, "form", INTAKE, 'name="token"')
            if not form.ok:
                time.sleep(0.05)
                continue
            sequence += 1
            intake = Intake(client, 1000 + number * 500 + sequence, form_tokens(form.body))
            with self.lock:
                self.intakes.append(intake)
            self.keep(intake.post())

    def visitor_lookups(self, cases: list[tuple[str, str]]) -> Callable[[int], None]:
        def body(number: int) -> None:
            client = self.app.test_client()
            turn = number
            while not self.stop.is_set():
                code, key = cases[turn % len(cases)]
                self.get(client, "lookup", f"/lookup?code={code}&key={key}", code)
                turn += 1

        return body

    def desk_lists(self, number: int) -> None:
        client = self.signed_in["desk"][number]
        while not self.stop.is_set():
            self.get(client, "desk", "/counter/cases", "Người Thử")


def signed_in(app: Flask) -> FlaskClient:
    client = app.test_client()
    assert login(client, "tiepnhan").status_code == 302
    return client


def form_tokens(html: str) -> dict[str, str]:
    """The CSRF token and the one-time intake token of an intake form page."""
    found = {
        name: re.search(rf'name="{name}"[^>]*value="([^"]+)"', html)
        for name in ("csrf_token", "token")
    }
    return {name: match.group(1) for name, match in found.items() if match}


def first_cases(app: Flask, count: int) -> list[tuple[str, str]]:
    """Take in a few dossiers before the load, for the visitors to look up."""
    client = signed_in(app)
    load = Load(app)
    for number in range(count):
        form = load.get(client, "form", INTAKE, 'name="token"')
        assert Intake(client, number, form_tokens(form.body)).post().ok
    with app.app_context():
        return [(c.code or "", c.lookup_code) for c in db.session.scalars(sa.select(Case))]


def problems_of(case: Case, upload_folder: Path) -> list[str]:
    """What is missing or wrong in one stored case."""
    found = []
    if not (case.code and CODE.match(case.code)):
        found.append(f"code {case.code!r}")
    if case.register_line is None or case.due_at is None or case.accepted_at is None:
        found.append("no register line, due date or acceptance time")
    actions = [e.action for e in db.session.scalars(
        sa.select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
    )]  # fmt: skip
    if actions != ["accepted"]:
        found.append(f"events {actions}")
    if not {0, 1} <= {d.position for d in case.documents}:
        found.append(f"checklist {[d.position for d in case.documents]}")
    files = db.session.scalars(sa.select(CaseFile).where(CaseFile.case_id == case.id)).all()
    if sorted(f.original_name for f in files) != ["Giấy chứng sinh.pdf", "Ảnh chân dung.jpg"]:
        found.append(f"scans {[f.original_name for f in files]}")
    for stored in files:
        path = upload_folder / stored.stored_name[:2] / stored.stored_name
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != stored.sha256:
            found.append(f"scan {stored.original_name} missing or altered on disk")
    tokens = db.session.scalars(sa.select(IntakeToken).where(IntakeToken.case_id == case.id)).all()
    if len(tokens) != 1:
        found.append(f"{len(tokens)} intake tokens")
    kinds = db.session.scalars(
        sa.select(Notification.kind).where(Notification.case_id == case.id)
    ).all()
    if kinds != ["accepted"]:
        found.append(f"notifications {kinds}")
    return [f"{case.code} ({case.applicant_name}): {p}" for p in found]


def gaps(numbers: list[int]) -> bool:
    return sorted(numbers) != list(range(1, len(numbers) + 1))


@pytest.mark.parametrize("mode", ["fast", "immediate"])
def test_the_app_rides_out_a_postgresql_restart_under_load(
    private_postgres: PrivatePostgres,
    tmp_path: Path,
    mode: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="onestop.cases.files")
    # Every visitor comes from the same address here: the limits are not what this drill measures.
    limits = {"LOOKUP_RATE_LIMIT": "100000 per minute", "LOGIN_RATE_LIMIT": "100000 per minute"}
    with drill_app(private_postgres.url, tmp_path, **limits) as app:
        drill(app, private_postgres, mode, caplog)


def drill(app: Flask, server: PrivatePostgres, mode: str, caplog: pytest.LogCaptureFixture) -> None:
    upload_folder = Path(app.config["UPLOAD_FOLDER"])
    looked_up = first_cases(app, 3)

    load = Load(app)
    load.run("officer", load.officer_intakes, INTAKE_THREADS)
    load.run("visitor", load.visitor_lookups(looked_up), LOOKUP_THREADS)
    load.run("desk", load.desk_lists, DESK_THREADS)
    try:
        time.sleep(2)
        down_at = time.monotonic()
        server.restart(mode)
        back_at = time.monotonic()
        time.sleep(3)
    finally:
        load.join()
    assert not load.crashes, "\n".join(load.crashes)

    before = [a for a in load.answers if a.ended < down_at]
    after = [a for a in load.answers if a.started > back_at]
    failed = [a for a in load.answers if not a.ok]
    print(
        f"\n{mode} restart: {len(load.answers)} requests, {len(failed)} failed, "
        f"server away {back_at - down_at:.2f} s; {len(before)} before, {len(after)} after"
    )
    assert before and after and all(a.ok for a in before), "the load did not run"
    # The drill really met the outage (else it proved nothing about it).
    assert failed, "no request failed: the restart did not touch the load"
    # While it was away: the 503 page, in Vietnamese, with no traceback.
    for answer in failed:
        assert answer.status == 503, (answer.kind, answer.status, answer.body[:2000])
        assert UNAVAILABLE_TITLE in answer.body and UNAVAILABLE_TEXT in answer.body
        assert "Traceback" not in answer.body
    # Once it was back: everything succeeded, first time.
    assert [a for a in after if not a.ok] == []

    # Officers who got the 503 page send the same form again: one case each, never two.
    resent_at = datetime.now(UTC)
    for intake in load.intakes:
        if intake.answers and not intake.answers[0].ok:
            assert intake.post().ok, intake.answers[-1].body[:2000]
    with app.app_context():
        cases = db.session.scalars(sa.select(Case).order_by(Case.id)).all()
        by_name = Counter(c.applicant_name for c in cases)
        sent = [i for i in load.intakes if i.answers]
        assert len(cases) == len(sent) + len(looked_up)
        assert [name for name, n in by_name.items() if n > 1] == []
        for intake in sent:
            assert by_name[intake.name] == 1, intake.name
        # Saved although the officer saw the 503 page: the connection broke during COMMIT.
        failed_first = {i.name for i in sent if not i.answers[0].ok}
        in_doubt = sum(
            c.applicant_name in failed_first and c.accepted_at < resent_at for c in cases
        )  # type: ignore[operator]
        problems = [p for case in cases for p in problems_of(case, upload_folder)]
        assert problems == []
        codes = [CODE.match(c.code or "") for c in cases]
        days = {m.group(1) for m in codes if m}
        for day in days:
            numbers = [int(m.group(2)) for m in codes if m and m.group(1) == day]
            assert not gaps(numbers), f"case numbers of {day}: {sorted(numbers)}"
        assert not gaps([c.register_line or 0 for c in cases])
        counters = db.session.scalars(
            sa.select(SequenceCounter.last).where(SequenceCounter.name == "case_code")
        ).all()
        assert sum(counters) == len(cases)
        named = {f.stored_name for f in db.session.scalars(sa.select(CaseFile))}
    on_disk = {p.name for p in upload_folder.rglob("*") if p.is_file()}
    assert named <= on_disk
    # A file is left over only when the connection broke during COMMIT itself (the outcome is
    # unknown there, so the files are kept); the log names each such file.
    kept = " ".join(r.getMessage() for r in caplog.records if "commit outcome unknown" in r.message)
    assert [name for name in on_disk - named if name not in kept] == []
    print(f"{len(cases)} cases, {in_doubt} resent after a 503, {len(on_disk - named)} files kept")
