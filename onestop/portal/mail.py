"""How the portal sends account email: through the notification outbox, like every other message."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from onestop.db import db
from onestop.notifications.models import NotifyChannel, NotifyStatus
from onestop.notifications.outbox import insert

if TYPE_CHECKING:
    from onestop.portal.models import Citizen

ACCOUNT_KIND = "account_email"


def send_account_email(citizen: Citizen, subject: str, body: str) -> None:
    """Queue a plain-text email to a citizen's account address.

    The outbox row is written in the request's transaction and sent after commit (RQ, or in-process
    without Redis, to SMTP or the development mailbox on /admin/notifications).
    """
    digest = hashlib.sha256(f"{subject}\n{body}".encode()).hexdigest()[:16]
    insert(
        db.session(),
        [
            {
                "idempotency_key": f"{ACCOUNT_KIND}:citizen{citizen.id}:{digest}:email:{citizen.email}"[
                    :300
                ],
                "kind": ACCOUNT_KIND,
                "channel": NotifyChannel.EMAIL,
                "recipient": citizen.email,
                "subject": subject,
                "body_text": body,
                "body_html": "",
                "case_id": None,
                "event_id": None,
                "user_id": None,
                "status": NotifyStatus.PENDING,
                "attempts": 0,
                "last_error": "",
                "provider_message_id": "",
            }
        ],
    )
