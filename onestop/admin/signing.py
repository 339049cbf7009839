"""Administer digital signatures: each unit's signing certificate, and the trusted root certificates."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired
from werkzeug.datastructures import FileStorage
from wtforms import Field, PasswordField

from onestop.accounts.models import Role
from onestop.accounts.permissions import role_required, scoped_unit_or_404
from onestop.admin import bp
from onestop.db import db, utcnow
from onestop.forms import Form, add_error
from onestop.signing.certificates import (
    add_trusted_roots,
    certificate_of,
    certificate_status,
    install_certificate,
    remove_certificate,
)
from onestop.signing.keys import KeyProblem
from onestop.signing.labels import CERTIFICATE_STATE_LABELS
from onestop.signing.models import TrustedRoot

MAX_CERTIFICATE_BYTES = 1024 * 1024  # a PKCS#12 or a root certificate is a few kilobytes


class CertificateForm(Form):
    file = FileField(
        _l("Certificate file (.p12 or .pfx)"),
        validators=[FileRequired(_l("Choose the certificate file."))],
    )
    password = PasswordField(
        _l("Password of the file"),
        description=_l("Used once to open the file; it is not stored."),
    )


class RootForm(Form):
    file = FileField(
        _l("Root certificate (.crt, .cer or .pem)"),
        validators=[FileRequired(_l("Choose the certificate file."))],
    )


def _read(field: Field) -> bytes | None:
    """The uploaded file's bytes, or None after a message next to the field."""
    storage = field.data
    data = storage.read(MAX_CERTIFICATE_BYTES + 1) if isinstance(storage, FileStorage) else b""
    if len(data) > MAX_CERTIFICATE_BYTES:
        add_error(field, gettext("This file is too large to be a certificate."))
        return None
    return data


@bp.route("/units/<int:unit_id>/certificate", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def unit_certificate(unit_id: int) -> ResponseReturnValue:
    """Show the unit's signing certificate with its validity; upload a new one."""
    unit = scoped_unit_or_404(current_user, unit_id)
    form = CertificateForm()
    if form.validate_on_submit() and (data := _read(form.file)) is not None:
        try:
            install_certificate(
                unit, data, form.password.data or "", actor=current_user, now=utcnow()
            )
        except KeyProblem as problem:
            db.session.rollback()
            add_error(getattr(form, problem.field), str(problem.message))
        else:
            db.session.commit()
            flash(
                gettext("The signing certificate of %(name)s was saved.", name=unit.name), "success"
            )
            return redirect(url_for("admin.unit_certificate", unit_id=unit.id))
    certificate = certificate_of(unit)
    return render_template(
        "admin/unit_certificate.html",
        unit=unit,
        form=form,
        certificate=certificate,
        status=certificate_status(certificate, utcnow(), check_key=True) if certificate else None,
        state_labels=CERTIFICATE_STATE_LABELS,
        tsa_url=current_app.config.get("SIGNING_TSA_URL"),
    ), (400 if form.errors else 200)


@bp.post("/units/<int:unit_id>/certificate/remove")
@role_required(Role.ADMIN)
def unit_certificate_remove(unit_id: int) -> ResponseReturnValue:
    unit = scoped_unit_or_404(current_user, unit_id)
    remove_certificate(unit)
    db.session.commit()
    flash(gettext("%(name)s no longer signs its documents.", name=unit.name), "success")
    return redirect(url_for("admin.unit_certificate", unit_id=unit.id))


def _province_admin_only() -> None:
    # Trust in a certification authority holds for every unit: top-level administrators only.
    if current_user.unit.parent_id is not None:
        abort(403)


@bp.route("/trusted-roots", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def trusted_roots() -> ResponseReturnValue:
    """The certification authorities whose signatures on uploaded documents are trusted."""
    _province_admin_only()
    form = RootForm()
    if form.validate_on_submit() and (data := _read(form.file)) is not None:
        try:
            added = add_trusted_roots(data, actor=current_user, now=utcnow())
        except KeyProblem as problem:
            db.session.rollback()
            add_error(form.file, str(problem.message))
        else:
            db.session.commit()
            names = ", ".join(r.subject for r in added)
            flash(gettext("Now trusted: %(names)s", names=names), "success")
            return redirect(url_for("admin.trusted_roots"))
    roots = db.session.scalars(sa.select(TrustedRoot).order_by(TrustedRoot.subject)).all()
    return render_template("admin/trusted_roots.html", form=form, roots=roots, now=utcnow()), (
        400 if form.errors else 200
    )


@bp.post("/trusted-roots/<int:root_id>/remove")
@role_required(Role.ADMIN)
def trusted_root_remove(root_id: int) -> ResponseReturnValue:
    _province_admin_only()
    root = db.get_or_404(TrustedRoot, root_id)
    db.session.delete(root)
    db.session.commit()
    flash(gettext("No longer trusted: %(name)s", name=root.subject), "success")
    return redirect(url_for("admin.trusted_roots"))
