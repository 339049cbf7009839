"""Administer integration tokens: issue (the secret is shown once), list with usage, revoke."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectField
from wtforms.validators import DataRequired, Length

from onestop.accounts.models import Role
from onestop.accounts.permissions import role_required, scoped_unit_or_404, unit_in_scope
from onestop.admin import bp
from onestop.admin.choices import unit_choices
from onestop.api.models import ApiCall, ApiToken
from onestop.api.tokens import create_token, revoke_token
from onestop.db import db, utcnow
from onestop.forms import Form, TextField
from onestop.organisation.models import Unit


class TokenForm(Form):
    name = TextField(
        _l("Name"),
        validators=[DataRequired(_l("Name the system that will use this token.")), Length(max=120)],
        description=_l("e.g. Cổng Dịch vụ công quốc gia — đồng bộ hồ sơ"),
    )
    unit_id = SelectField(_l("Unit"), coerce=int, validate_choice=True)


def _tokens_page(form: TokenForm, secret: str | None = None) -> ResponseReturnValue:
    rows = db.session.execute(
        sa.select(ApiToken, sa.func.count(ApiCall.id))
        .join(Unit, ApiToken.unit_id == Unit.id)
        .outerjoin(ApiCall, ApiCall.token_id == ApiToken.id)
        .where(Unit.path.startswith(current_user.unit.path))
        .group_by(ApiToken.id)
        .order_by(ApiToken.created_at.desc())
    ).all()
    return render_template("admin/api_tokens.html", form=form, rows=rows, secret=secret)


@bp.route("/api-tokens", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def api_tokens() -> ResponseReturnValue:
    form = TokenForm()
    form.unit_id.choices = unit_choices(current_user)
    if form.validate_on_submit():
        unit = scoped_unit_or_404(current_user, form.unit_id.data)
        _token, secret = create_token(name=form.name.data, unit=unit, created_by=current_user)
        db.session.commit()
        # Shown in this response only; never stored, never put in the (signed, not encrypted) session.
        return _tokens_page(TokenForm(formdata=None, unit_id=unit.id), secret=secret)
    return _tokens_page(form)


@bp.post("/api-tokens/<int:token_id>/revoke")
@role_required(Role.ADMIN)
def api_token_revoke(token_id: int) -> ResponseReturnValue:
    token = db.session.get(ApiToken, token_id)
    if token is None or not unit_in_scope(current_user, token.unit):
        abort(404)
    revoke_token(token, now=utcnow())
    db.session.commit()
    flash(gettext("Token %(name)s revoked; it stops working at once.", name=token.name), "success")
    return redirect(url_for("admin.api_tokens"))
