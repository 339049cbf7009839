"""Benchmark: notifications delivered per second end to end, against a no-op RQ job, same run.

Run: REDIS_URL=redis://127.0.0.1:6379/5 python bench/bench_notifications.py [--count 300]
(the Redis database given is FLUSHED: give the benchmark one of its own).

End to end = a case event committed (the outbox row written by the session hook, enqueued after
commit) -> a `flask worker --simple` subprocess claims it -> SMTP to an aiosmtpd server on
loopback accepts it. The baseline enqueues the same number of no-op jobs for the same worker.
Latency is from each commit to the SMTP server's receipt of that message (by Message-ID).
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import rq
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from flask_migrate import upgrade
from redis import Redis
from rq import Queue

from onestop import PROJECT_ROOT, create_app
from onestop.cases.events import record_event
from onestop.cases.intake import accept_case
from onestop.catalogue.loader import load_specs
from onestop.catalogue.models import Procedure
from onestop.catalogue.spec import load_seed
from onestop.db import db, utcnow
from onestop.demo import seed_demo
from onestop.notifications.models import Notification
from onestop.worker import NOTIFICATIONS


class Receiver:
    def __init__(self) -> None:
        self.received: dict[str, float] = {}
        self.done = threading.Condition()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        at = time.perf_counter()
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        with self.done:
            self.received[str(message["Message-ID"]).strip()] = at
            self.done.notify_all()
        return "250 OK"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--paced", type=int, default=100)
    args = parser.parse_args()
    url = os.environ.get("REDIS_URL")
    if not url:
        sys.exit("set REDIS_URL to a Redis database of the benchmark's own (it is flushed)")
    redis = Redis.from_url(url)
    redis.flushdb()

    tmp = Path(tempfile.mkdtemp(prefix="bench-notify-"))
    database = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp / 'bench.sqlite3'}"
    receiver, port = Receiver(), free_port()
    smtp = Controller(receiver, hostname="127.0.0.1", port=port)
    smtp.start()
    app = create_app(
        {"DATABASE_URL": database, "REDIS_URL": url, "SECRET_KEY": "bench",
         "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "UPLOAD_FOLDER": str(tmp / "up")}
    )  # fmt: skip
    with app.app_context():
        upgrade()
        seed_demo()
        load_specs(load_seed(PROJECT_ROOT / "seed_procedures.yaml"))
        db.session.commit()
        from onestop.accounts.models import User
        from tests.cases.factories import complete_intake

        officer = db.session.scalar(sa.select(User).where(User.username == "tiepnhan"))
        procedure = db.session.scalar(sa.select(Procedure).where(Procedure.code == "1.001193"))
        assert officer and procedure
        case = accept_case(
            complete_intake(procedure, notify_email=True, uploads=[]), officer=officer, now=utcnow()
        )
        db.session.commit()
        case_id = case.id

    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "DATABASE_URL": database,
           "REDIS_URL": url, "SECRET_KEY": secrets.token_hex(32), "ONESTOP_MAIL_SERVER": "127.0.0.1",
           "ONESTOP_MAIL_PORT": str(port)}  # fmt: skip
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "worker", "--simple"],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        time.sleep(3)  # the worker starts up
        # Baseline: the same worker runs no-op jobs.
        queue = Queue(NOTIFICATIONS, connection=redis)
        start = time.perf_counter()
        jobs = [queue.enqueue("onestop.notifications.jobs.noop", i) for i in range(args.count)]
        while queue.count or any(j.get_status() != "finished" for j in jobs[-1:]):
            time.sleep(0.005)
        noop_rate = args.count / (time.perf_counter() - start)

        # End to end: commit an event -> outbox -> RQ -> worker -> SMTP.
        committed: dict[str, float] = {}
        start = time.perf_counter()
        with app.app_context():
            the_case = db.session.get(type(case), case_id)
            for _ in range(args.count):
                record_event(
                    the_case, "approved", actor=None, at=utcnow(), from_status=None, to_status=None
                )
                # Read the new row's id inside the transaction: a read after the commit would
                # open another (SQLite takes the write lock at BEGIN) and stall the worker.
                newest = db.session.scalar(sa.select(sa.func.max(Notification.id)))
                db.session.commit()
                at = time.perf_counter()
                committed[f"<notification-{newest}@localhost>"] = at
        with receiver.done:
            receiver.done.wait_for(
                lambda: committed.keys() <= receiver.received.keys(), timeout=120
            )
        end = max(receiver.received[k] for k in committed if k in receiver.received)
        delivered = sum(1 for k in committed if k in receiver.received)
        rate = delivered / (end - start)
        backlog = sorted(
            (receiver.received[k] - t) * 1000
            for k, t in committed.items()
            if k in receiver.received
        )

        # Latency without a backlog: one event at a time, the next after the previous arrived.
        paced: dict[str, float] = {}
        with app.app_context():
            the_case = db.session.get(type(case), case_id)
            for _ in range(args.paced):
                record_event(
                    the_case, "approved", actor=None, at=utcnow(), from_status=None, to_status=None
                )
                # Read the new row's id inside the transaction: a read after the commit would
                # open another (SQLite takes the write lock at BEGIN) and stall the worker.
                newest = db.session.scalar(sa.select(sa.func.max(Notification.id)))
                db.session.commit()
                at = time.perf_counter()
                key = f"<notification-{newest}@localhost>"
                paced[key] = at
                with receiver.done:
                    receiver.done.wait_for(lambda key=key: key in receiver.received, timeout=30)
        latencies = sorted(
            (receiver.received[k] - t) * 1000 for k, t in paced.items() if k in receiver.received
        )
    finally:
        worker.terminate()
        worker.wait(10)
        smtp.stop()
        redis.flushdb()
    p50 = statistics.median(latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(
        f"Python {platform.python_version()}, rq {rq.__version__}, {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}"
    )
    print(f"| no-op RQ job (same worker) | {noop_rate:,.0f} /s |")
    print(
        f"| notification end to end (commit -> SMTP receipt) | {rate:,.0f} /s | {delivered}/{args.count} delivered |"
    )
    print(f"| ratio no-op : notification | {noop_rate / rate:.1f}x |")
    print(
        f"| latency commit -> SMTP receipt, one at a time | p50 {p50:.1f} ms | p95 {p95:.1f} ms |"
    )
    print(
        f"| latency during the burst (queueing behind the backlog) | p50 {statistics.median(backlog):.0f} ms"
        f" | p95 {backlog[int(0.95 * (len(backlog) - 1))]:.0f} ms |"
    )


if __name__ == "__main__":
    main()
