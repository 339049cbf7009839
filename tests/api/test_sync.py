"""The outbound sync job against a local HTTP server playing the receiving national portal."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from onestop.api.models import SyncCursor, SyncPush
from onestop.api.sync import SyncRefused, push_case_changes
from onestop.cases.models import Case
from onestop.db import db


class Portal:
    """Answers each POST with the next scripted status; records exactly what it received."""

    def __init__(self) -> None:
        self.statuses: list[int] = []
        self.received: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []


@pytest.fixture
def portal() -> Iterator[tuple[Portal, str]]:
    state = Portal()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.received.append(json.loads(body))
            state.headers.append(dict(self.headers))
            status = state.statuses.pop(0) if state.statuses else 200
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_port}/api/dongbo"
    finally:
        server.shutdown()
        server.server_close()


def run(app: Flask, url: str) -> int:
    with app.test_request_context():
        app.config.update(SYNC_ENDPOINT_URL=url, SYNC_TOKEN="portal-secret", SYNC_BATCH=3)
        try:
            return push_case_changes()
        finally:
            app.config.update(SYNC_ENDPOINT_URL=None, SYNC_TOKEN=None)


def test_changed_cases_are_pushed_in_batches_retried_and_recorded(
    app: Flask, cases: list[Case], portal: tuple[Portal, str]
) -> None:
    state, url = portal
    state.statuses = [503]
    with pytest.raises(SyncRefused, match="HTTP 503"):
        run(app, url)
    pushes = db.session.scalars(sa.select(SyncPush)).all()
    assert (
        len(pushes) == 3
        and not any(p.accepted for p in pushes)
        and {p.status_code for p in pushes} == {503}
    )
    cursor = db.session.scalar(sa.select(SyncCursor))
    assert cursor is not None and cursor.last_updated_at is None  # nothing skipped after a refusal

    assert run(app, url) == 3  # the same batch again, now accepted
    assert run(app, url) == 2  # then the rest
    assert run(app, url) == 0  # nothing changed since: nothing sent
    assert len(state.received) == 3
    sent = [item["MaHoSo"] for payload in state.received[1:] for item in payload["items"]]
    assert sent == [c.code for c in cases]
    assert state.received[0]["items"][0]["TrangThaiHoSo"] == 2
    assert state.headers[1]["Authorization"] == "Bearer portal-secret"
    accepted = db.session.scalars(sa.select(SyncPush).where(SyncPush.accepted.is_(True))).all()
    assert sorted(p.case_id for p in accepted) == sorted(c.id for c in cases)


def test_without_an_endpoint_the_job_does_nothing(app: Flask, cases: list[Case]) -> None:
    with app.test_request_context():
        assert push_case_changes() == 0
    assert db.session.scalar(sa.select(sa.func.count(SyncPush.id))) == 0
