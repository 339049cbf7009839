"""Public catalogue pages: list, filter, search, detail and form downloads."""

from __future__ import annotations

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    current_app,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask.typing import ResponseReturnValue

from onestop import PROJECT_ROOT
from onestop.catalogue.display import (
    LEVEL_LABELS,
    STEP_ROLE_LABELS,
    channel_rows,
    describe_time_limit,
)
from onestop.catalogue.model import ONLINE_LEVEL_NAMES
from onestop.catalogue.models import Procedure
from onestop.db import db
from onestop.text import fold

bp = Blueprint("catalogue", __name__, url_prefix="/procedures")

PAGE_SIZE = 20
PROCEDURES_DIR = PROJECT_ROOT / "procedures"


@bp.get("/")
def index() -> ResponseReturnValue:
    """List procedures, filtered by field, level and online level, searched without diacritics."""
    query = sa.select(Procedure).where(Procedure.active.is_(True))
    q = request.args.get("q", "").strip()
    for word in fold(q).split()[:8]:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Procedure.search_text.like(f"%{escaped}%", escape="\\"))
    field = request.args.get("field", "")
    if field:
        query = query.where(Procedure.field_code == field)
    level = request.args.get("level", "")
    if level:
        query = query.where(Procedure.government_level == level)
    online = request.args.get("online", type=int)
    if online in (2, 3):
        query = query.where(Procedure.online_level == online)
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    procedures = db.session.scalars(
        query.order_by(Procedure.field_name, Procedure.name)
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    fields = db.session.execute(
        sa.select(Procedure.field_code, Procedure.field_name)
        .where(Procedure.active.is_(True))
        .distinct()
        .order_by(Procedure.field_name)
    ).all()
    return render_template(
        "catalogue/index.html",
        procedures=procedures,
        fields=fields,
        total=total,
        page=page,
        pages=max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        q=q,
        field=field,
        level=level,
        online=online,
        level_labels=LEVEL_LABELS,
        online_names=ONLINE_LEVEL_NAMES,
    )


def _procedure_or_404(code: str) -> Procedure:
    procedure = db.session.scalar(
        sa.select(Procedure).where(Procedure.code == code, Procedure.active.is_(True))
    )
    if procedure is None or procedure.current_version is None:
        abort(404)
    return procedure


@bp.get("/<code>")
def detail(code: str) -> ResponseReturnValue:
    """Show every part of a procedure, as the law requires it be published."""
    procedure = _procedure_or_404(code)
    spec = procedure.spec
    submit_url = None
    if spec.online_level == 3 and "portal.submit" in current_app.view_functions:
        submit_url = url_for("portal.submit", code=spec.code)
    return render_template(
        "catalogue/detail.html",
        procedure=procedure,
        spec=spec,
        channels=channel_rows(spec),
        level_labels=LEVEL_LABELS,
        online_name=ONLINE_LEVEL_NAMES[spec.online_level],
        role_labels=STEP_ROLE_LABELS,
        describe_time_limit=describe_time_limit,
        submit_url=submit_url,
    )


@bp.get("/<code>/forms/<int:index>")
def form_file(code: str, index: int) -> ResponseReturnValue:
    """Download the form template of the index-th required document."""
    spec = _procedure_or_404(code).spec
    if not 0 <= index < len(spec.documents) or spec.documents[index].form is None:
        abort(404)
    form = spec.documents[index].form
    assert form is not None
    return send_from_directory(PROCEDURES_DIR, form.path, as_attachment=True)
