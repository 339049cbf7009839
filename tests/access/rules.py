"""The access rules: what each actor gets from each route, one line per (endpoint, method).

The URLs name real records of UBND phường Hạc Thành (see world.py and routes.py): its case in
progress (handled by Phòng Văn hóa - Xã hội, draft result waiting for the head), its files, slips
and PDFs, the citizen's own online case, and admin records. The columns are the actors of
world.Actor; "other_sup" is a supervisor of UBND xã Quảng Phú, so Hạc Thành's records are out of
their scope; "supervisor" and "admin" work for the province, above both communes.

Outcomes:
  200 400 401 403 404  that status
  login                302 to the staff sign-in page
  portal               302 to the citizen sign-in page
  302                  any other redirect (the form did its work, or sent the user on)
Refusals (login, portal, 401, 403, 404) must change nothing in the database.
"""

from __future__ import annotations

from tests.access.world import Actor

REFUSALS = frozenset({"login", "portal", "401", "403", "404"})
OUTCOMES = REFUSALS | {"200", "302", "400"}

TABLE = """
endpoint                        method anonymous citizen counter other_dept officer head other_sup supervisor admin
# Public pages: the same for everybody.
static                          GET    200    200    200    200    200    200    200    200    200
home.health                     GET    200    200    200    200    200    200    200    200    200
catalogue.index                 GET    200    200    200    200    200    200    200    200    200
catalogue.detail                GET    200    200    200    200    200    200    200    200    200
catalogue.form_file             GET    200    200    200    200    200    200    200    200    200
portal.lookup                   GET    200    200    200    200    200    200    200    200    200
portal.feedback                 GET    200    200    200    200    200    200    200    200    200
portal.feedback                 POST   400    400    400    400    400    400    400    400    400
portal.check_document           GET    200    200    200    200    200    200    200    200    200
portal.check_document           POST   400    400    400    400    400    400    400    400    400
i18n.switch_language            GET    302    302    302    302    302    302    302    302    302
# Home: visitors go to the catalogue, citizens to their cases, staff stay.
home.index                      GET    302    302    200    200    200    200    200    200    200
# Signing in and out: a signed-in user is sent on; signing out ends at a sign-in page. Each
# sign-out runs last, on a session of its own.
auth.login                      GET    200    302    302    302    302    302    302    302    302
auth.login                      POST   200    302    302    302    302    302    302    302    302
auth.logout                     POST   login  403    login  login  login  login  login  login  login
portal.login                    GET    200    302    302    302    302    302    302    302    302
portal.login                    POST   400    302    302    302    302    302    302    302    302
portal.register                 GET    200    302    302    302    302    302    302    302    302
portal.register                 POST   400    302    302    302    302    302    302    302    302
portal.resend                   GET    200    302    302    302    302    302    302    302    302
portal.resend                   POST   400    302    302    302    302    302    302    302    302
portal.logout                   POST   portal portal portal portal portal portal portal portal portal
# The e-mailed confirmation link (already used: it sends everybody to the citizen sign-in).
portal.confirm                  GET    portal portal portal portal portal portal portal portal portal
# The citizen's own pages, with the citizen's own case.
portal.my_cases                 GET    portal 200    403    403    403    403    403    403    403
portal.case                     GET    portal 200    403    403    403    403    403    403    403
portal.receipt                  GET    portal 200    403    403    403    403    403    403    403
portal.supplement               POST   portal 302    403    403    403    403    403    403    403
portal.rate                     POST   portal 400    403    403    403    403    403    403    403
portal.submit                   GET    portal 200    403    403    403    403    403    403    403
portal.submit                   POST   portal 400    403    403    403    403    403    403    403
# The integration API answers by token only: public parts to anyone, cases to tokens.
api.openapi                     GET    200    200    200    200    200    200    200    200    200
api.procedures                  GET    200    200    200    200    200    200    200    200    200
api.procedure                   GET    200    200    200    200    200    200    200    200    200
api.status                      GET    200    200    200    200    200    200    200    200    200
api.case                        GET    401    401    401    401    401    401    401    401    401
api.changes                     GET    401    401    401    401    401    401    401    401    401
# The case and everything printed from it: staff of its units and above; 404 from elsewhere.
counter.case                    GET    login  403    200    200    200    200    404    200    200
counter.find                    GET    login  403    302    302    302    302    404    302    302
counter.receipt                 GET    login  403    200    200    200    200    404    200    200
counter.signed_document         GET    login  403    200    200    200    200    404    200    200
counter.scan                    GET    login  403    200    200    200    200    404    200    200
processing.apology              GET    login  403    200    200    200    200    404    200    200
processing.control_slip         GET    login  403    200    200    200    200    404    200    200
# Acting on it: only whom the processing rules name (the head stops the case, approves the draft).
processing.case_action          POST   login  403    403    403    403    302    404    403    403
processing.step_action          POST   login  403    403    403    403    302    404    403    403
# The counter's own screens: counter officers only.
counter.intake                  GET    login  403    200    403    403    403    403    403    403
counter.intake_form_page        GET    login  403    200    403    403    403    403    403    403
counter.intake_form_page        POST   login  403    400    403    403    403    403    403    403
counter.cases                   GET    login  403    200    403    403    403    403    403    403
counter.register                GET    login  403    200    403    403    403    403    403    403
counter.register_file           GET    login  403    200    403    403    403    403    403    403
counter.slip                    GET    login  403    200    403    403    403    403    403    403
counter.slip_pdf                GET    login  403    200    403    403    403    403    403    403
counter.return_case             POST   login  403    400    403    403    403    403    403    403
counter.rate                    POST   login  403    400    403    403    403    403    403    403
counter.online                  GET    login  403    200    403    403    403    403    403    403
counter.online_case             GET    login  403    200    403    403    403    403    403    403
counter.accept_online_case      POST   login  403    400    403    403    403    403    403    403
counter.supplement_online_case  POST   login  403    400    403    403    403    403    403    403
counter.refuse_online_case      POST   login  403    400    403    403    403    403    403    403
# Work queues: officers and heads.
processing.queue                GET    login  403    403    200    200    200    403    403    403
# Reports: supervisors and heads, each over their own units.
reports.dashboard               GET    login  403    403    403    403    200    200    200    403
reports.cases                   GET    login  403    403    403    403    200    200    200    403
reports.period_table            GET    login  403    403    403    403    200    200    200    403
reports.period_file             GET    login  403    403    403    403    200    200    200    403
reports.overdue                 GET    login  403    403    403    403    200    200    200    403
reports.overdue_file            GET    login  403    403    403    403    200    200    200    403
portal.feedback_inbox           GET    login  403    403    403    403    403    200    200    200
# Administration: administrators only.
admin.units                     GET    login  403    403    403    403    403    403    403    200
admin.unit_new                  GET    login  403    403    403    403    403    403    403    200
admin.unit_new                  POST   login  403    403    403    403    403    403    403    200
admin.unit_edit                 GET    login  403    403    403    403    403    403    403    200
admin.unit_edit                 POST   login  403    403    403    403    403    403    403    302
admin.departments               GET    login  403    403    403    403    403    403    403    200
admin.department_new            GET    login  403    403    403    403    403    403    403    200
admin.department_new            POST   login  403    403    403    403    403    403    403    200
admin.department_edit           GET    login  403    403    403    403    403    403    403    200
admin.department_edit           POST   login  403    403    403    403    403    403    403    302
admin.users                     GET    login  403    403    403    403    403    403    403    200
admin.user_new                  GET    login  403    403    403    403    403    403    403    200
admin.user_new                  POST   login  403    403    403    403    403    403    403    200
admin.user_edit                 GET    login  403    403    403    403    403    403    403    200
admin.user_edit                 POST   login  403    403    403    403    403    403    403    200
admin.user_password             POST   login  403    403    403    403    403    403    403    400
admin.calendar                  GET    login  403    403    403    403    403    403    403    200
admin.calendar                  POST   login  403    403    403    403    403    403    403    200
admin.calendar_delete           POST   login  403    403    403    403    403    403    403    302
admin.calendar_retime           GET    login  403    403    403    403    403    403    403    200
admin.calendar_retime_apply     POST   login  403    403    403    403    403    403    403    302
admin.api_tokens                GET    login  403    403    403    403    403    403    403    200
admin.api_tokens                POST   login  403    403    403    403    403    403    403    200
admin.api_token_revoke          POST   login  403    403    403    403    403    403    403    302
admin.unit_certificate          GET    login  403    403    403    403    403    403    403    200
admin.unit_certificate          POST   login  403    403    403    403    403    403    403    400
admin.unit_certificate_remove   POST   login  403    403    403    403    403    403    403    302
admin.trusted_roots             GET    login  403    403    403    403    403    403    403    200
admin.trusted_roots             POST   login  403    403    403    403    403    403    403    400
admin.trusted_root_remove       POST   login  403    403    403    403    403    403    403    302
admin.notifications             GET    login  403    403    403    403    403    403    403    200
admin.notification_resend       POST   login  403    403    403    403    403    403    403    302
"""

# Sign-outs end the session, so each runs last, on a session of its own.
SIGN_OUTS = frozenset({("auth.logout", "POST"), ("portal.logout", "POST")})


def parse(table: str) -> dict[tuple[str, str], dict[Actor, str]]:
    """Read the table into {(endpoint, method): {actor: outcome}}; refuse a malformed line."""
    lines = [line.split() for line in table.strip().splitlines() if not line.startswith("#")]
    header, rows = lines[0], lines[1:]
    actors = [Actor(name) for name in header[2:]]
    assert actors == list(Actor), "the columns must be the actors, in order"
    rules: dict[tuple[str, str], dict[Actor, str]] = {}
    for endpoint, method, *outcomes in rows:
        assert len(outcomes) == len(actors), f"{endpoint} {method}: one outcome per actor"
        assert set(outcomes) <= OUTCOMES, f"{endpoint} {method}: unknown outcome"
        assert (endpoint, method) not in rules, f"{endpoint} {method} is listed twice"
        rules[endpoint, method] = dict(zip(actors, outcomes, strict=True))
    return rules


RULES = parse(TABLE)
