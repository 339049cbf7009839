"""Building cases that notify."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from onestop.cases.intake import accept_case
from onestop.cases.models import Case
from onestop.db import db, utcnow
from onestop.notifications.models import Notification
from tests.cases.factories import applicant, complete_intake

BIRTH = "1.001193"


def accept(
    demo: dict[str, Any],
    catalogue: dict[str, Any],
    *,
    notify_email: bool = True,
    notify_sms: bool = False,
    **who: Any,
) -> Case:
    """Accept a birth registration at the counter and commit (inside an app context)."""
    data = complete_intake(
        catalogue[BIRTH],
        applicant=applicant(**who),
        notify_email=notify_email,
        notify_sms=notify_sms,
        uploads=[],
    )
    case = accept_case(data, officer=demo["tiepnhan"], now=utcnow())
    db.session.commit()
    return case


def outbox(case_id: int | None = None) -> list[Notification]:
    query = sa.select(Notification).order_by(Notification.id)
    if case_id is not None:
        query = query.where(Notification.case_id == case_id)
    db.session.expire_all()
    return list(db.session.scalars(query))
