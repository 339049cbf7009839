"""The outbox is written with the event; embedded mode delivers through the same job."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from onestop.cases.events import move, record_event
from onestop.cases.lifecycle import CaseStatus
from onestop.db import db, utcnow
from onestop.notifications.models import DevMessage, NotifyChannel, NotifyStatus
from tests.notifications.helpers import accept, outbox


def test_accepting_writes_one_row_per_opted_in_channel_in_the_same_transaction(
    app: Flask, demo: dict[str, Any], catalogue: dict[str, Any]
) -> None:
    with app.app_context():
        case = accept(demo, catalogue, notify_email=True, notify_sms=True)
        rows = outbox(case.id)
    assert [(r.kind, r.channel, r.recipient) for r in rows] == [
        ("accepted", NotifyChannel.EMAIL, "ngoc@example.vn"),
        ("accepted", NotifyChannel.SMS, "0912345678"),
    ]
    email, sms = rows
    assert email.subject == f"Hồ sơ {case.code} đã được tiếp nhận"
    assert f"/lookup?code={case.code}&key={case.lookup_code}" in email.body_text
    assert sms.body_text.startswith(f"Ho so {case.code} da duoc tiep nhan. Ngay hen tra: ")


def test_a_rolled_back_event_leaves_no_message(
    app: Flask, demo: dict[str, Any], catalogue: dict[str, Any]
) -> None:
    with app.app_context():
        case = accept(demo, catalogue)
        move(case, CaseStatus.RESULT_READY, "approved", actor=None, at=utcnow())
        db.session.rollback()
        assert [r.kind for r in outbox(case.id)] == ["accepted"]


def test_no_opt_in_no_message_and_no_address_no_message(
    app: Flask, demo: dict[str, Any], catalogue: dict[str, Any]
) -> None:
    with app.app_context():
        quiet = accept(demo, catalogue, notify_email=False, notify_sms=False)
        no_address = accept(
            demo,
            catalogue,
            notify_email=True,
            notify_sms=True,
            email="",
            phone="",
            id_number="038190009999",
        )
        assert outbox(quiet.id) == [] and outbox(no_address.id) == []


def test_embedded_mode_delivers_to_the_development_mailbox_after_commit(
    app: Flask, demo: dict[str, Any], catalogue: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "REDIS_URL", None)  # embedded mode, whatever the environment
    with app.app_context():
        case = accept(demo, catalogue, notify_email=True, notify_sms=True)
        assert db.session.scalar(sa.select(sa.func.count(DevMessage.id))) == 0  # not before the end
    rows = outbox(case.id)
    assert [r.status for r in rows] == [NotifyStatus.SENT, NotifyStatus.SENT]
    assert rows[0].provider_message_id.startswith("dev-email-")
    delivered = db.session.scalars(sa.select(DevMessage).order_by(DevMessage.id)).all()
    assert [(m.channel, m.recipient) for m in delivered] == [
        (NotifyChannel.EMAIL, "ngoc@example.vn"),
        (NotifyChannel.SMS, "0912345678"),
    ]
    assert delivered[0].subject == f"Hồ sơ {case.code} đã được tiếp nhận"


def test_each_action_maps_to_its_message(
    app: Flask, demo: dict[str, Any], catalogue: dict[str, Any]
) -> None:
    with app.app_context():
        case = accept(demo, catalogue)
        demo["chuyenvien"].email = "chuyenvien@hacthanh.gov.vn"
        demo["lanhdao"].email = "lanhdao@hacthanh.gov.vn"
        now = utcnow()
        for action in [
            "supplement_requested",
            "apology",
            "approved",
            "returned",
            "refused_after_appraisal",
            "noted",
        ]:
            record_event(
                case,
                action,
                actor=None,
                at=now,
                from_status=None,
                to_status=None,
                note="Thiếu tờ khai",
            )
        record_event(
            case,
            "assigned",
            actor=None,
            at=now,
            from_status=None,
            to_status=None,
            data={"assignee_id": demo["chuyenvien"].id},
        )
        record_event(
            case,
            "transferred",
            actor=None,
            at=now,
            from_status=None,
            to_status=None,
            data={"unit_id": demo["lanhdao"].unit_id},
        )
        db.session.commit()
        rows = outbox(case.id)
    kinds = [(r.kind, r.recipient) for r in rows]
    citizen = [k for k, who in kinds if who == "ngoc@example.vn"]
    assert citizen == [
        "accepted",
        "supplement_requested",
        "apology",
        "result_ready",
        "returned",
        "refused",
    ]
    assert [k for k in kinds if k[1] != "ngoc@example.vn"] == [
        ("assigned", "chuyenvien@hacthanh.gov.vn"),
        ("handoff_waiting", "lanhdao@hacthanh.gov.vn"),
    ]
    refused = next(r for r in rows if r.kind == "refused")
    assert "Lý do: Thiếu tờ khai" in refused.body_text
