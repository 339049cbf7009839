"""The notifications page: queue depth, failed messages with resend, last delivery per channel."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user

from onestop.accounts.models import Role
from onestop.accounts.permissions import role_required
from onestop.admin import bp
from onestop.db import db
from onestop.notifications.models import Notification
from onestop.notifications.monitor import overview
from onestop.notifications.outbox import send_again


def _province_admin_only() -> None:
    # Messages carry citizens' addresses across the province: top-level administrators only.
    if current_user.unit.parent_id is not None:
        abort(403)


@bp.get("/notifications")
@role_required(Role.ADMIN)
def notifications() -> ResponseReturnValue:
    _province_admin_only()
    return render_template("admin/notifications.html", state=overview())


@bp.post("/notifications/<int:notification_id>/resend")
@role_required(Role.ADMIN)
def notification_resend(notification_id: int) -> ResponseReturnValue:
    _province_admin_only()
    db.get_or_404(Notification, notification_id)
    send_again(db.session(), notification_id)
    db.session.commit()
    flash(gettext("The message was queued to be sent again."), "success")
    return redirect(url_for("admin.notifications"))
