"""A worker killed mid-job loses nothing, and the message goes out exactly once afterwards.

Real processes: `flask worker` as a subprocess on a database this test really commits to.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade

from onestop import PROJECT_ROOT
from onestop.catalogue.loader import load_specs
from onestop.catalogue.spec import load_seed
from onestop.db import db
from onestop.demo import seed_demo
from onestop.notifications.models import Notification, NotifyStatus
from onestop.notifications.sweep import sweep_outbox
from tests.conftest import isolated_app
from tests.notifications.conftest import Inbox, redis_url, work
from tests.notifications.helpers import accept


def children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


# Seconds before a row left "sending" is taken for dead: long enough that a loaded CI machine
# kills the worker and sweeps once before it passes.
STALE = 8


def _status(notification_id: int) -> NotifyStatus:
    db.session.expire_all()
    row = db.session.get(Notification, notification_id)
    assert row is not None
    return row.status


def test_a_worker_killed_mid_send_loses_nothing_and_the_next_sends_once(
    tmp_path: Path, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    inbox.hold = threading.Event()  # the first SMTP conversation hangs until the kill
    url = redis_url()
    from redis import Redis

    Redis.from_url(url).flushdb()
    config = {
        "REDIS_URL": url,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": port,
        "NOTIFY_SENDING_STALE": STALE,
        "NOTIFY_SWEEP_GRACE": 0,
    }
    with isolated_app("sqlite", tmp_path) as app:
        app.config.update(config)
        with app.app_context():
            upgrade()
            seed_demo()
            load_specs(load_seed(PROJECT_ROOT / "seed_procedures.yaml"))
            db.session.commit()
            from onestop.accounts.models import User

            demo = {u.username: u for u in db.session.scalars(sa.select(User))}
            from onestop.catalogue.models import Procedure

            catalogue = {p.code: p for p in db.session.scalars(sa.select(Procedure))}
            accept(demo, catalogue)  # committed; enqueued on RQ after commit
            notification_id = db.session.scalar(sa.select(Notification.id))
            assert notification_id is not None

        env = {
            **os.environ,
            "PYTHONPATH": str(PROJECT_ROOT),
            "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "REDIS_URL": url,
            "SECRET_KEY": secrets.token_hex(32),  # a short key would stop the worker's start
            "ONESTOP_MAIL_SERVER": "127.0.0.1",
            "ONESTOP_MAIL_PORT": str(port),
            "ONESTOP_NOTIFY_SENDING_STALE": str(STALE),
        }
        log = (tmp_path / "worker.log").open("w")
        worker = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "app", "worker"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            assert inbox.holding.wait(30), (tmp_path / "worker.log").read_text()[-3000:]
            with app.app_context():
                assert _status(notification_id) is NotifyStatus.SENDING
        finally:
            # RQ's work horse runs in a session of its own (setsid): kill it by parentage.
            for pid in [*children(worker.pid), worker.pid]:
                os.kill(pid, signal.SIGKILL)
            worker.wait(10)
            log.close()
        inbox.hold.set()  # the dead worker's connection goes nowhere

        with app.app_context():
            assert _status(notification_id) is NotifyStatus.SENDING  # still in the outbox
            assert inbox.messages == []
            assert sweep_outbox() == 0  # not stale yet: it might still be running
            time.sleep(STALE + 0.5)
            assert sweep_outbox() == 1  # stale: the next worker takes it
            assert sweep_outbox() == 0
        work(app)
        with app.app_context():
            assert sweep_outbox() == 0
        work(app)
        assert len(inbox.wait_for(1)) == 1
        time.sleep(0.5)
        assert len(inbox.messages) == 1
        with app.app_context():
            assert _status(notification_id) is NotifyStatus.SENT
