"""Citizen accounts: registration, the confirmation email and its signed link, signing in."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer

from onestop.accounts.services import LoginRefused, check_credentials
from onestop.counter.forms import normalise_phone
from onestop.db import db
from onestop.notifications.models import Notification
from onestop.portal.mail import ACCOUNT_KIND, send_account_email
from onestop.portal.models import Citizen

CONFIRM_SALT = "citizen-email-confirmation"


class AccountError(ValueError):
    """A registration the portal cannot take; `field` names the form field at fault."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class NotConfirmed(LoginRefused):
    """Right password, but the email address was never confirmed; `email` is the account's."""

    email: str = ""


def register_citizen(*, full_name: str, email: str, phone: str, password: str) -> Citizen:
    """Create an unconfirmed citizen account; email (and phone, if given) must be new."""
    email = email.strip().lower()
    number = normalise_phone(phone) or None
    if db.session.scalar(sa.select(Citizen.id).where(Citizen.email == email)):
        raise AccountError(_l("An account with this email address already exists."), "email")
    if number and db.session.scalar(sa.select(Citizen.id).where(Citizen.phone == number)):
        raise AccountError(_l("An account with this phone number already exists."), "phone")
    citizen = Citizen(full_name=full_name, email=email, phone=number)
    citizen.set_password(password)
    db.session.add(citizen)
    db.session.flush()
    return citizen


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=CONFIRM_SALT)


def confirmation_token(citizen: Citizen) -> str:
    """A signed token naming the account and the address it confirms (a changed address voids it).

    The nonce makes each link sent differ, so a new link asked for is a new message.
    """
    return _serializer().dumps({"c": citizen.id, "e": citizen.email, "n": secrets.token_hex(4)})


def send_confirmation(citizen: Citizen) -> None:
    """Write the confirmation email (in Vietnamese, plain text) and hand it to the mail interface."""
    hours = int(current_app.config["CITIZEN_CONFIRM_MAX_AGE"]) // 3600
    link = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + url_for(
        "portal.confirm", token=confirmation_token(citizen)
    )
    with force_locale("vi"):
        subject = gettext("Confirm your Onestop account")
        body = gettext(
            "Dear %(name)s,\n\n"
            "You created an account on the Onestop citizen portal with this email address. "
            "Open this link to confirm it:\n\n%(link)s\n\n"
            "The link expires in %(hours)d hours. If you did not create this account, ignore "
            "this message.\n\nOnestop one-stop desk",
            name=citizen.full_name,
            link=link,
            hours=hours,
        )
    send_account_email(citizen, subject, body)


def resend_confirmation(email: str, *, now: datetime, interval: timedelta) -> bool:
    """Send a new confirmation link if an unconfirmed account uses this address; True if sent.

    An unknown, confirmed or disabled address gets nothing, and neither does an address that
    was sent an account e-mail less than `interval` ago: repeated clicks send one message. The
    caller answers the same in every case, so the page tells nobody who is registered. Earlier
    links keep working until they expire: they were sent to the same mailbox.
    """
    email = email.strip().lower()
    # The row lock makes two simultaneous requests for one address send one message.
    citizen = db.session.scalar(sa.select(Citizen).where(Citizen.email == email).with_for_update())
    if citizen is None or citizen.confirmed_at is not None or not citizen.active:
        return False
    recent = sa.select(Notification.id).where(
        Notification.kind == ACCOUNT_KIND,
        Notification.recipient == citizen.email,
        Notification.created_at > now - interval,
    )
    if db.session.scalar(recent.limit(1)) is not None:
        return False
    send_confirmation(citizen)
    return True


def confirm_citizen(token: str, *, now: datetime) -> Citizen | None:
    """Confirm the account a valid, unexpired token names; None for anything else."""
    try:
        payload = _serializer().loads(
            token, max_age=int(current_app.config["CITIZEN_CONFIRM_MAX_AGE"])
        )
    except BadSignature:  # also SignatureExpired
        return None
    if not isinstance(payload, dict):
        return None
    citizen = db.session.get(Citizen, payload.get("c"))
    if citizen is None or citizen.email != payload.get("e"):
        return None
    if citizen.confirmed_at is None:
        citizen.confirmed_at = now
        db.session.flush()
    return citizen


def authenticate_citizen(
    identifier: str, password: str, *, now: datetime, max_failures: int, lockout: timedelta
) -> Citizen:
    """Sign a citizen in by email or phone, with the staff login's lockout rules."""
    identifier = identifier.strip()
    if "@" in identifier:
        where = Citizen.email == identifier.lower()
    else:
        where = Citizen.phone == normalise_phone(identifier)
    citizen = db.session.scalar(sa.select(Citizen).where(where))
    citizen = check_credentials(
        citizen, password, now=now, max_failures=max_failures, lockout=lockout
    )
    if citizen.confirmed_at is None:
        raise NotConfirmed(email=citizen.email)
    return citizen
