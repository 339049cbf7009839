"""The counter officer's screens: intake, case page, return of result, desk list, register."""

from flask import Blueprint

from onestop.catalogue.fees import vnd

bp = Blueprint("counter", __name__)
bp.add_app_template_filter(vnd, "vnd")

from onestop.counter import (  # noqa: E402, F401  (routes register on bp)
    case_page,
    desk,
    find,
    intake,
    online,
    register,
    returns,
    slips,
)
