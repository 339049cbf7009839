"""Create, revoke and check integration tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

import sqlalchemy as sa

from onestop.accounts.models import User
from onestop.api.models import ApiToken
from onestop.db import db
from onestop.organisation.models import Unit

PREFIX = "ost_"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(*, name: str, unit: Unit, created_by: User | None) -> tuple[ApiToken, str]:
    """Issue a token; the secret is returned once and never stored."""
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name, token_hash=_digest(secret), prefix=secret[:10], unit=unit, created_by=created_by
    )
    db.session.add(token)
    db.session.flush()
    return token, secret


def revoke_token(token: ApiToken, *, now: datetime) -> None:
    if token.revoked_at is None:
        token.revoked_at = now
    db.session.flush()


def find_token(secret: str) -> ApiToken | None:
    """Return the active token with this secret."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == _digest(secret)))
    return token if token is not None and token.active else None
