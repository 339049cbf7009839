"""Errors as JSON with one stable shape: {"error": {"status": 404, "code": "not_found", "message": "..."}}."""

from __future__ import annotations

from flask import Response, jsonify
from werkzeug.exceptions import HTTPException

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    429: "too_many_requests",
    500: "server_error",
}


class ApiError(HTTPException):
    """An error raised inside the API, with a message meant for the integrator."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(description=message)
        self.code = status


def error_response(status: int, message: str) -> Response:
    response = jsonify(
        {"error": {"status": status, "code": CODES.get(status, "error"), "message": message}}
    )
    response.status_code = status
    return response


def api_error_response(error: HTTPException) -> Response:
    """Answer any HTTP error under /api/ as JSON (the app's error handler calls this)."""
    status = error.code or 500
    response = error_response(status, error.description or CODES.get(status, "error"))
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="onestop"'
    return response
