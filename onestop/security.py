"""HTTP hardening: security headers and safe redirects."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, abort, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def safe_next_url(target: str | None) -> str | None:
    """Return `target` only if it is a path on this site; anything else could send users away."""
    if not target:
        return None
    target = target.strip()
    parts = urlsplit(target)
    # "//evil.example" and "\\evil.example" are read by browsers as other hosts.
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith(("//", "/\\"))
    ):
        return None
    if any(ch in target for ch in "\r\n\t"):
        return None
    return target


def add_security_headers(response: Response) -> Response:
    """Headers every answer carries; only the static files may be kept by browsers and proxies."""
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.endpoint != "static":
        # Pages, PDFs and exports hold personal data, and forms a per-session CSRF token: after
        # signing out, the back button must ask the server again rather than show a stored copy.
        response.headers["Cache-Control"] = "no-store"
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def refuse_nul_bytes() -> None:
    """Answer 400 to a NUL character in the query or a form field: no page or API takes one,
    and PostgreSQL refuses it in text (it would surface as a server error)."""
    values = list(request.args.values())
    if request.method in ("POST", "PUT", "PATCH"):
        values += list(request.form.values())
    if any("\x00" in value for value in values):
        abort(400)


def init_app(app: Flask) -> None:
    app.before_request(refuse_nul_bytes)
    app.after_request(add_security_headers)
