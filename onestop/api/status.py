"""Public case status by code and lookup code: the same privacy as the web page."""

from __future__ import annotations

from flask import request
from flask.typing import ResponseReturnValue

from onestop.api import bp
from onestop.api.errors import ApiError
from onestop.api.national import portal_date
from onestop.extensions import limiter
from onestop.portal.status import PublicStatus, find_public_status
from onestop.portal.views import _lookup_limit


@bp.get("/status")
@limiter.limit(_lookup_limit)
def status() -> ResponseReturnValue:
    """Return a case's public status; any wrong code gets the same 404."""
    result = find_public_status(request.args.get("code", ""), request.args.get("key", ""))
    if result is None:
        raise ApiError(404, "No case matches this case code and lookup code.")
    case = result.case
    return {
        "code": case.code,
        "procedure": {
            "code": case.procedure_code,
            "name": case.procedure_name,
        },
        "applicant_initials": result.initials,
        "status": case.status.national_code,
        "accepted_at": portal_date(case.accepted_at),
        "due_at": portal_date(case.due_at),
        "handling_unit": case.handling_unit,
        "fee_outstanding": result.fee_outstanding,
        "milestones": [{"at": portal_date(m.at), "label": str(m.label)} for m in result.milestones],
        "result_signature": _result_signature(result),
    }


def _result_signature(result: PublicStatus) -> dict[str, object] | None:
    """Whether the result document is digitally signed, and by whom; None before there is one."""
    if not result.has_result:
        return None
    signed = result.signed_result
    return {
        "signed": signed is not None,
        "signer": signed.signer_name if signed else None,
        "signed_at": portal_date(signed.signed_at) if signed else None,
        "timestamped": signed.timestamped if signed else False,
    }
