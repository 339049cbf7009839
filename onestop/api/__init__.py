"""The JSON integration API under /api/v1: catalogue, public status, case records for the national portal."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from onestop.api import auth, cases, catalogue, openapi, status  # noqa: E402, F401  (routes register on bp)
