"""Configuration: defaults in code, overrides from ONESTOP_* environment variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

DEFAULTS: dict[str, Any] = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "REDIS_URL": None,
    "TIMEZONE": "Asia/Ho_Chi_Minh",
    "BABEL_DEFAULT_LOCALE": "vi",
    "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
    "LANGUAGES": ["vi", "en"],
    # Flask-WTF would translate WTForms' messages with WTForms' own catalogues,
    # which have no Vietnamese; onestop.forms routes them through ours instead.
    "WTF_I18N_ENABLED": False,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": True,
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SECURE": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "PERMANENT_SESSION_LIFETIME": 8 * 3600,
    "MAX_CONTENT_LENGTH": 30 * 1024 * 1024,
    "SCAN_MAX_BYTES": 10 * 1024 * 1024,  # per scanned file; the whole request is capped above
    # `flask uploads prune` leaves unnamed files younger than this alone: an upload in flight.
    "UPLOAD_STRAY_GRACE_HOURS": 24,
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_LOCKOUT_MINUTES": 15,
    "LOGIN_RATE_LIMIT": "20 per minute",
    "LOOKUP_RATE_LIMIT": "30 per minute",
    "API_RATE_LIMIT": "120 per minute",
    # Posts of the online submission form (each step and each submission) per citizen account.
    "SUBMIT_RATE_LIMIT": "60 per hour",
    "SYNC_ENDPOINT_URL": None,  # where changed cases are pushed; unset = no outbound sync
    "SYNC_TOKEN": None,
    "SYNC_BATCH": 50,
    "SYNC_TIMEOUT": 20,
    # Digital signatures: an RFC 3161 timestamp server (unset = signatures carry no timestamp),
    # and how long before a unit's certificate expires the admin screens start warning.
    "SIGNING_TSA_URL": None,
    "SIGNING_TSA_TIMEOUT": 10,
    "SIGNING_EXPIRY_WARNING_DAYS": 30,
    "CITIZEN_CONFIRM_MAX_AGE": 48 * 3600,  # seconds a confirmation link stays valid
    # Asking for a new confirmation link: per client, per address typed, and at most one
    # account e-mail per address in this many seconds (the rest are dropped silently).
    "CONFIRM_RESEND_RATE_LIMIT": "20 per hour",
    "CONFIRM_RESEND_ADDRESS_RATE_LIMIT": "5 per hour",
    "CONFIRM_RESEND_INTERVAL": 120,
    # No X-RateLimit-* headers on every limited answer: working them out costs a second Redis
    # round trip per request on the busiest public page. A refused request still says when to
    # come back (Retry-After, onestop.errors).
    "RATELIMIT_HEADERS_ENABLED": False,
    # A sliding minute: a burst cannot straddle a clock-minute boundary to double its allowance.
    "RATELIMIT_STRATEGY": "moving-window",
    # Redis down: count in each process's memory with the same limits rather than answer 500 to
    # every login and lookup; back to Redis once it answers again.
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
    "PUBLIC_BASE_URL": "http://127.0.0.1:5000",
    # How many reverse proxies in front set X-Forwarded-For/-Proto/-Host; 0 = believe none.
    "TRUSTED_PROXIES": 0,
    # Redis: short timeouts so an intake never hangs on an unreachable Redis.
    "REDIS_CONNECT_TIMEOUT": 2,
    "REDIS_SOCKET_TIMEOUT": 5,
    # E-mail over SMTP; no MAIL_SERVER = the development mailbox (shown at /admin/notifications).
    "MAIL_SERVER": None,
    "MAIL_PORT": 25,
    "MAIL_USE_TLS": False,  # STARTTLS
    "MAIL_USE_SSL": False,  # implicit TLS (port 465)
    "MAIL_USERNAME": None,
    "MAIL_PASSWORD": None,
    "MAIL_FROM": "Một cửa <noreply@localhost>",
    "MAIL_TIMEOUT": 20,
    # Brand-name SMS over HTTP; no SMS_GATEWAY_URL = the development gateway.
    "SMS_GATEWAY_URL": None,
    "SMS_GATEWAY_USER": None,
    "SMS_GATEWAY_PASSWORD": None,
    "SMS_BRANDNAME": "MOTCUA",
    "SMS_GATEWAY_TIMEOUT": 15,
    # Sending: attempts in all, backoff between them (seconds), per-job limit.
    "NOTIFY_MAX_ATTEMPTS": 5,
    "NOTIFY_RETRY_INTERVALS": [30, 120, 600, 3600],
    "NOTIFY_JOB_TIMEOUT": 60,
    # A row "sending" for longer than this belongs to a dead worker (must exceed the job timeout).
    "NOTIFY_SENDING_STALE": 300,
    # The sweep leaves rows younger than this alone: their after-commit enqueue is on its way.
    "NOTIFY_SWEEP_GRACE": 30,
}


# Sessions and CSRF tokens are signed with SECRET_KEY: a guessable one lets anyone sign in as anyone.
MIN_SECRET_KEY_LENGTH = 32


class ConfigurationError(RuntimeError):
    """A setting the application must not start with."""


def load_config(app: Flask, overrides: dict[str, Any] | None) -> None:
    """Fill app.config from defaults, the environment and explicit overrides.

    SECRET_KEY comes from the environment or, when unset, from a random key generated once into
    the instance folder; either way a short one stops the start. (Keys passed in `overrides` are
    the caller's own choice: tests and benchmarks.)
    """
    app.config.from_mapping(DEFAULTS)
    # ONESTOP_SESSION_COOKIE_SECURE=false etc.; values are parsed as JSON when possible.
    app.config.from_prefixed_env("ONESTOP")
    for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY"):
        if os.environ.get(name):
            app.config[name] = os.environ[name]
    if overrides:
        app.config.from_mapping(overrides)

    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_uri(app)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(Path(app.instance_path))
    if not (overrides and overrides.get("SECRET_KEY")):
        check_secret_key(str(app.config["SECRET_KEY"]))
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["REDIS_URL"] or "memory://")
    if str(app.config["RATELIMIT_STORAGE_URI"]).startswith("redis"):
        # The limiter's own Redis client gets the same short timeouts: a hung Redis then holds a
        # login or lookup that long at most before the in-memory fallback takes over.
        app.config.setdefault(
            "RATELIMIT_STORAGE_OPTIONS",
            {
                "socket_connect_timeout": app.config["REDIS_CONNECT_TIMEOUT"],
                "socket_timeout": app.config["REDIS_SOCKET_TIMEOUT"],
            },
        )


def check_secret_key(key: str) -> None:
    """Refuse a configured secret key too short to be random (a placeholder, a word, "...")."""
    if len(key.strip()) < MIN_SECRET_KEY_LENGTH:
        raise ConfigurationError(
            f"SECRET_KEY is {len(key.strip())} characters long; it must be at least "
            f"{MIN_SECRET_KEY_LENGTH} random characters. Generate one with "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`, or unset it to have a "
            "key generated into the instance folder."
        )


def database_uri(app: Flask) -> str:
    """Return the SQLAlchemy URL: DATABASE_URL, or a SQLite file in the instance folder."""
    url: str | None = app.config.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + str(Path(app.instance_path) / "onestop.sqlite3")
    # Accept the URLs hosting platforms hand out and always use psycopg 3.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def instance_secret_key(instance: Path) -> str:
    """Read the instance's secret key, generating it on first start."""
    path = instance / "secret_key"
    if not path.exists():
        # O_EXCL: two workers starting at once must not write different keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32))
    return path.read_text().strip()
