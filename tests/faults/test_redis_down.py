"""Fault drill: Redis stops during intake.

A redis-server of the test's own backs the app's job queue and its rate limits. It is stopped
after the officer signs in; the counter keeps working (intake, case page, sign-in, public lookup),
the case is saved with its message waiting in the outbox, and once Redis is started again the
sweep hands the message to a worker, which delivers it over SMTP (a real server on loopback).
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import sqlalchemy as sa

from onestop.cases.models import Case
from onestop.db import db
from onestop.notifications.models import Notification, NotifyStatus
from onestop.notifications.sweep import sweep_outbox
from tests.conftest import isolated_app, login
from tests.counter.conftest import INTAKE, PDF, form_tokens, intake_fields, scan
from tests.faults.conftest import PrivateRedis, drill_app
from tests.notifications.conftest import Inbox, work


def outbox() -> list[Notification]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Notification).order_by(Notification.id)))


def test_intake_saves_the_case_while_redis_is_down_and_the_message_goes_out_once_it_is_back(
    private_redis: PrivateRedis, smtp: tuple[Inbox, int], tmp_path: Path
) -> None:
    inbox, port = smtp
    backend = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    with (
        isolated_app(backend, tmp_path) as scratch,
        drill_app(
            scratch.config["SQLALCHEMY_DATABASE_URI"],
            tmp_path,
            REDIS_URL=private_redis.url,  # the queue and the rate limits
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=port,
            NOTIFY_SWEEP_GRACE=0,
        ) as app,
    ):
        officer = app.test_client()
        assert login(officer, "tiepnhan").status_code == 302

        private_redis.stop()

        # The intake goes through, promptly, and the officer sees the case.
        started = time.monotonic()
        response = officer.post(
            INTAKE,
            data={
                **form_tokens(officer),
                **intake_fields(
                    email="ngoc@example.vn",
                    notify_email="y",
                    **{"documents-1-scans": scan(PDF, "Giấy chứng sinh.pdf")},
                ),
            },
            content_type="multipart/form-data",
        )
        took = time.monotonic() - started
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        assert took < 5, f"the intake waited {took:.1f} s on Redis"
        page = officer.get(response.headers["Location"]).get_data(as_text=True)
        code = re.search(r"<h1>[^<]*<code>([^<]+)</code>", page)
        assert code and f"Đã tiếp nhận hồ sơ {code.group(1)}." in page

        # The rest of the desk and the public pages keep working too.
        second = app.test_client()
        assert login(second, "chuyenvien").status_code == 302
        with app.app_context():
            case = db.session.scalar(sa.select(Case))
            assert case is not None and case.code == code.group(1)
            lookup = f"/lookup?code={case.code}&key={case.lookup_code}"
            [waiting] = outbox()
            assert (waiting.status, waiting.kind) == (NotifyStatus.PENDING, "accepted")
            assert sweep_outbox() == 0  # still down: nothing to hand over, no error
        visitor = app.test_client().get(lookup)
        assert visitor.status_code == 200 and code.group(1) in visitor.get_data(as_text=True)
        assert inbox.messages == []

        private_redis.start()

        with app.app_context():
            assert sweep_outbox() == 1
        work(app)
        [message] = inbox.wait_for(1)
        assert message["Subject"] == f"Hồ sơ {code.group(1)} đã được tiếp nhận"
        assert message["To"] == "ngoc@example.vn"
        with app.app_context():
            assert [n.status for n in outbox()] == [NotifyStatus.SENT]
            assert sweep_outbox() == 0
        time.sleep(0.3)
        assert len(inbox.messages) == 1
