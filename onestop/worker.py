"""RQ plumbing: the Redis connection, named queues, and workers that run jobs in the app context."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, current_app
from redis import Redis
from rq import Queue, SimpleWorker, Worker

from onestop.db import db

NOTIFICATIONS = "notifications"  # one job per outbox row
MAINTENANCE = "maintenance"  # the sweep, reminders, digests, monthly reports
QUEUES = (NOTIFICATIONS, MAINTENANCE)


def redis_connection(app: Flask | None = None) -> Redis | None:
    """The app's Redis client, or None in embedded mode (no REDIS_URL)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    url = app.config.get("REDIS_URL")
    if not url:
        return None
    client: Redis | None = app.extensions.get("onestop_redis")
    if client is None:
        # Short timeouts: with Redis down, a counter's intake must still finish promptly.
        client = Redis.from_url(
            url,
            socket_connect_timeout=app.config["REDIS_CONNECT_TIMEOUT"],
            socket_timeout=app.config["REDIS_SOCKET_TIMEOUT"],
        )
        app.extensions["onestop_redis"] = client
    return client


def queue(name: str, connection: Redis | None = None) -> Queue:
    connection = connection or redis_connection()
    if connection is None:
        raise RuntimeError("REDIS_URL is not set: jobs run in-process")
    return Queue(name, connection=connection)


class AppContextMixin:
    """Run every job inside a fresh application context: its own session, its own transaction."""

    app: Flask
    _engine_pid: int = os.getpid()

    def perform_job(self, job: Any, queue: Queue, execution: Any) -> bool:
        with self.app.app_context():
            if self._engine_pid != os.getpid():
                # A forked work horse must not use (nor close) the parent's pooled connections.
                db.engine.dispose(close=False)
                self._engine_pid = os.getpid()
            return super().perform_job(job, queue, execution)  # type: ignore[misc]


class AppWorker(AppContextMixin, Worker):
    """RQ's forking worker (a crash or timeout kills only the work horse)."""


class AppSimpleWorker(AppContextMixin, SimpleWorker):
    """A worker that runs jobs in its own process (tests, benchmarks, debugging)."""


def make_worker(
    app: Flask, queues: list[str] | tuple[str, ...] = QUEUES, *, simple: bool = False
) -> AppWorker | AppSimpleWorker:
    connection = redis_connection(app)
    if connection is None:
        raise RuntimeError("REDIS_URL is not set: there is no queue to work on")
    cls: type[AppWorker] | type[AppSimpleWorker] = AppSimpleWorker if simple else AppWorker
    worker = cls([Queue(name, connection=connection) for name in queues], connection=connection)
    worker.app = app
    worker._engine_pid = os.getpid()
    return worker
