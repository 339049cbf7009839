"""The public check of a document: anyone uploads a PDF they received, with the code printed on it."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from werkzeug.datastructures import FileStorage
from wtforms.validators import DataRequired, Length

from onestop.cases.files import detect_type
from onestop.extensions import limiter
from onestop.forms import Form, TextField, add_error
from onestop.portal.views import _lookup_limit, bp
from onestop.signing.issue import CopyCheck, check_copy
from onestop.signing.labels import KIND_LABELS, VERDICT_TEXT


class CheckForm(Form):
    code = TextField(
        _l("Case code or slip number"),
        validators=[DataRequired(_l("Enter the code printed on the document.")), Length(max=40)],
        description=_l("As printed on the document, e.g. 000.17.22.H56-260302-0001"),
    )
    document = FileField(
        _l("The PDF file you received"),
        validators=[FileRequired(_l("Choose the PDF file."))],
    )


def _check(form: CheckForm) -> CopyCheck | None:
    """Check the upload; put what is wrong next to the field it concerns."""
    limit = int(current_app.config["SCAN_MAX_BYTES"])
    storage = form.document.data
    data = storage.read(limit + 1) if isinstance(storage, FileStorage) else b""
    if len(data) > limit:
        add_error(
            form.document, gettext("The file is larger than %(mb)s MB.", mb=f"{limit / 1048576:g}")
        )
        return None
    if detect_type(data) != "application/pdf":
        add_error(form.document, gettext("Upload the PDF file itself, as you downloaded it."))
        return None
    result = check_copy(form.code.data, data)
    if result.issued is None and result.report.valid:
        add_error(form.code, gettext("No document with this content was issued under this code."))
    elif result.issued is None:
        add_error(
            form.document,
            gettext(
                "%(reason)s It is not a document this system issued under this code.",
                reason=VERDICT_TEXT[result.report.verdict],
            ),
        )
    return result


@bp.route("/check", methods=["GET", "POST"])
@limiter.limit(_lookup_limit)
def check_document() -> ResponseReturnValue:
    """Tell whether a PDF is a true copy of a document issued here, and whether its signature holds."""
    form = CheckForm(code=request.args.get("code", ""))
    result = _check(form) if form.validate_on_submit() else None
    return render_template(
        "portal/check.html",
        form=form,
        result=result,
        kind_labels=KIND_LABELS,
        verdict_text=VERDICT_TEXT,
    ), (400 if form.errors else 200)
