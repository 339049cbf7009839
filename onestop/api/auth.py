"""Bearer-token authentication for integrations, per-token rate limits, and the call log."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Response, current_app, g, request

from onestop.api import bp
from onestop.api.errors import ApiError
from onestop.api.models import ApiCall, ApiToken
from onestop.api.tokens import find_token
from onestop.db import db, utcnow
from onestop.organisation.models import Unit

F = TypeVar("F", bound=Callable[..., Any])


def _bearer() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    return secret.strip() if scheme.lower() == "bearer" else ""


def rate_limit_key() -> str:
    """Limit per token when one is presented, else per client address."""
    secret = _bearer()
    return f"token:{secret[:10]}" if secret else f"ip:{request.remote_addr}"


def api_rate_limit() -> str:
    return str(current_app.config["API_RATE_LIMIT"])


def token_required(view: F) -> F:
    """Allow a view only with a valid, unrevoked integration token."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        token = find_token(_bearer())
        if token is None:
            raise ApiError(
                401, "A valid integration token is required (Authorization: Bearer ...)."
            )
        g.api_token = token
        token.last_used_at = utcnow()
        return view(*args, **kwargs)

    return cast(F, wrapped)


def token_unit() -> Unit:
    token: ApiToken = g.api_token
    return token.unit


@bp.after_request
def log_call(response: Response) -> Response:
    """Record every call made with a token, whatever its outcome."""
    token: ApiToken | None = g.get("api_token")
    if token is not None:
        db.session.add(
            ApiCall(
                token_id=token.id,
                method=request.method,
                path=request.full_path[:500],
                status=response.status_code,
                remote_addr=(request.remote_addr or "")[:64],
            )
        )
        db.session.commit()
    return response
