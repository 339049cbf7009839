"""Notification test helpers: a real SMTP server on loopback (aiosmtpd), real Redis + RQ."""

from __future__ import annotations

import json
import os
import socket
import threading
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from redis import Redis

from tests.conftest import IN_CI


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Inbox:
    """An aiosmtpd handler that keeps what it accepts; it can refuse the first N messages or hold one."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse = 0  # answer 451 to this many DATA commands first
        self.hold: threading.Event | None = None  # block RCPT until set
        self.holding = threading.Event()  # set while a client is held
        self.received = threading.Condition()

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if self.hold is not None and not self.hold.is_set():
            self.holding.set()
            import asyncio

            while not self.hold.is_set():
                await asyncio.sleep(0.05)
            return "451 held, try again"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse > 0:
            self.refuse -= 1
            return "451 4.3.0 try again later"
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        with self.received:
            self.messages.append(message)
            self.received.notify_all()
        return "250 Message accepted"

    def wait_for(self, count: int, timeout: float = 10) -> list[EmailMessage]:
        with self.received:
            self.received.wait_for(lambda: len(self.messages) >= count, timeout=timeout)
        return self.messages


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server on 127.0.0.1 and a random port."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        if inbox.hold is not None:
            inbox.hold.set()
        controller.stop()


@pytest.fixture
def mail_to(app: Flask, smtp: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch) -> Inbox:
    """Point the app's mailer at the loopback SMTP server."""
    inbox, port = smtp
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    monkeypatch.setitem(app.config, "MAIL_FROM", "Bộ phận Một cửa <motcua@hacthanh.gov.vn>")
    return inbox


def redis_url() -> str:
    """The test Redis (REDIS_URL). Give it a database of its own: the tests flush it."""
    url = os.environ.get("REDIS_URL", "")
    message = ""
    if not url:
        message = "REDIS_URL is not set"
    else:
        try:
            Redis.from_url(url, socket_connect_timeout=2).ping()
        except Exception as error:
            message = f"Redis at {url} is unreachable: {error}"
    if message:
        if IN_CI:
            pytest.fail(f"CI must reach Redis: {message}")
        pytest.skip(f"SKIPPED LOUDLY: {message}; CI runs these against a real Redis")
    return url


@pytest.fixture
def redis_conn() -> Iterator[Redis]:
    url = redis_url()
    client = Redis.from_url(url)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


def use_redis(app: Flask, monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    """Switch the (session-wide) app to RQ mode on `url` for one test."""
    monkeypatch.setitem(app.config, "REDIS_URL", url)
    monkeypatch.setitem(app.extensions, "onestop_redis", None)
    app.extensions.pop("onestop_redis")


@pytest.fixture
def rq_app(app: Flask, redis_conn: Redis, monkeypatch: pytest.MonkeyPatch) -> Flask:
    """The app in RQ mode against the test Redis, retrying at once (no backoff wait)."""
    use_redis(app, monkeypatch, redis_url())
    monkeypatch.setitem(app.config, "NOTIFY_RETRY_INTERVALS", [0])
    monkeypatch.setitem(app.config, "NOTIFY_SWEEP_GRACE", 0)
    return app


def work(app: Flask) -> None:
    """Run an in-process RQ worker until the queues are empty."""
    from onestop.worker import make_worker

    make_worker(app, simple=True).work(burst=True, logging_level="WARNING")


class _Gateway(BaseHTTPRequestHandler):
    calls: list[dict[str, Any]]

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        self.calls.append(
            {
                "path": self.path,
                "auth": self.headers["Authorization"],
                "type": self.headers["Content-Type"],
                "json": json.loads(self.rfile.read(length)),
            }
        )
        body = json.dumps({"status": "ok", "message_id": f"vt-{len(self.calls)}"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def sms_gateway(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    """The SMS provider's HTTP endpoint on loopback: records each request, answers with an id."""
    calls: list[dict[str, Any]] = []
    handler = type("Handler", (_Gateway,), {"calls": calls})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setitem(
        app.config, "SMS_GATEWAY_URL", f"http://127.0.0.1:{server.server_port}/send"
    )
    monkeypatch.setitem(app.config, "SMS_GATEWAY_USER", "motcua")
    monkeypatch.setitem(app.config, "SMS_GATEWAY_PASSWORD", "bi-mat")
    yield calls
    server.shutdown()
    server.server_close()
