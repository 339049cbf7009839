"""Delivery channels: SMTP e-mail, an HTTP SMS gateway, and development stand-ins for both."""

from __future__ import annotations

import base64
import json
import smtplib
import ssl
import urllib.request
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any, Protocol

from flask import current_app

from onestop.db import db
from onestop.notifications.models import DevMessage, NotifyChannel


class DeliveryError(RuntimeError):
    """The provider refused or could not be reached; the job retries."""


@dataclass(frozen=True)
class Outgoing:
    """What a channel needs to deliver one message."""

    ref: str  # our idempotency reference, passed to providers that deduplicate by it
    recipient: str
    subject: str
    text: str
    html: str = ""


class Mailer(Protocol):
    def send(self, message: Outgoing) -> str:
        """Deliver an e-mail; return the provider's id for it."""
        ...


class SmsGateway(Protocol):
    def send(self, message: Outgoing) -> str:
        """Deliver an SMS; return the provider's id for it."""
        ...


class SmtpMailer:
    """E-mail over SMTP: UTF-8 subject and body, a text part with an HTML alternative."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.host: str = config["MAIL_SERVER"]
        self.port: int = int(config["MAIL_PORT"])
        self.use_tls: bool = bool(config["MAIL_USE_TLS"])
        self.use_ssl: bool = bool(config["MAIL_USE_SSL"])
        self.username: str = config["MAIL_USERNAME"] or ""
        self.password: str = config["MAIL_PASSWORD"] or ""
        self.sender: str = config["MAIL_FROM"]
        self.timeout: float = float(config["MAIL_TIMEOUT"])

    def build(self, message: Outgoing) -> EmailMessage:
        email = EmailMessage()
        # One line, RFC 2047-encoded as UTF-8 by the policy. A line break in the text (a name, a
        # procedure title) must neither start a header of its own nor make the message unsendable.
        email["Subject"] = " ".join(message.subject.split())
        email["From"] = self.sender
        email["To"] = message.recipient
        domain = Address(addr_spec=self.sender.rpartition("<")[2].rstrip(">")).domain
        # A stable Message-ID per outbox row: a re-send after a crash is recognisable as one.
        email["Message-ID"] = f"<{message.ref}@{domain}>" if domain else make_msgid(message.ref)
        email.set_content(message.text, charset="utf-8")
        if message.html:
            email.add_alternative(message.html, subtype="html", charset="utf-8")
        return email

    def send(self, message: Outgoing) -> str:
        email = self.build(message)
        try:
            smtp: smtplib.SMTP
            if self.use_ssl:
                smtp = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
                )
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            with smtp:
                if self.use_tls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password)
                smtp.send_message(email)
        except (OSError, smtplib.SMTPException) as error:
            raise DeliveryError(f"SMTP {self.host}:{self.port}: {error}") from error
        return str(email["Message-ID"])


class HttpSmsGateway:
    """A brand-name SMS provider over HTTP: POST JSON with basic auth, read back its message id.

    Sends {"to", "text", "brandname", "ref"}; `ref` is our outbox key, which providers that
    deduplicate by client reference use to drop a repeated request after a crash.
    Expects a 2xx JSON answer carrying "id" or "message_id".
    """

    def __init__(self, config: dict[str, Any]) -> None:
        self.url: str = config["SMS_GATEWAY_URL"]
        self.user: str = config["SMS_GATEWAY_USER"] or ""
        self.password: str = config["SMS_GATEWAY_PASSWORD"] or ""
        self.brandname: str = config["SMS_BRANDNAME"]
        self.timeout: float = float(config["SMS_GATEWAY_TIMEOUT"])

    def send(self, message: Outgoing) -> str:
        if not self.url.startswith(("https://", "http://")):
            raise DeliveryError("SMS_GATEWAY_URL must be an http(s) URL")
        payload = {
            "to": message.recipient,
            "text": message.text,
            "brandname": self.brandname,
            "ref": message.ref,
        }
        request = urllib.request.Request(  # noqa: S310 (scheme checked above)
            self.url,
            data=json.dumps(payload).encode(),
            method="POST",
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
        if self.user:
            token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = json.loads(response.read() or b"{}")
        except (OSError, ValueError) as error:
            raise DeliveryError(f"SMS gateway: {error}") from error
        provider_id = (
            answer.get("id") or answer.get("message_id") if isinstance(answer, dict) else None
        )
        if not provider_id:
            raise DeliveryError(f"SMS gateway answered without a message id: {answer!r}")
        return str(provider_id)


class DevOutbox:
    """Development mailbox and SMS gateway: records the message where the admin page shows it.

    The row joins the job's own transaction, so "delivered" and "marked sent" commit together.
    """

    def __init__(self, channel: NotifyChannel) -> None:
        self.channel = channel

    def send(self, message: Outgoing) -> str:
        row = DevMessage(
            channel=self.channel,
            recipient=message.recipient,
            subject=message.subject,
            body=message.text,
        )
        db.session.add(row)
        db.session.flush()
        return f"dev-{self.channel.value}-{row.id}"


def mailer() -> Mailer:
    """The configured mailer: SMTP when MAIL_SERVER is set, else the development mailbox."""
    config = current_app.config
    return SmtpMailer(config) if config.get("MAIL_SERVER") else DevOutbox(NotifyChannel.EMAIL)


def sms_gateway() -> SmsGateway:
    """The configured SMS gateway: HTTP when SMS_GATEWAY_URL is set, else the development one."""
    config = current_app.config
    return HttpSmsGateway(config) if config.get("SMS_GATEWAY_URL") else DevOutbox(NotifyChannel.SMS)
