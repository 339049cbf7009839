"""The calendar override form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField
from wtforms.validators import DataRequired, Length

from onestop.calendar.days import OverrideKind
from onestop.forms import Form, TextField, choices

KIND_LABELS = {
    OverrideKind.DAY_OFF: _l("Extra day off"),
    OverrideKind.WORKING_DAY: _l("Make-up working day"),
}


class OverrideForm(Form):
    day = DateField(_l("Date"), validators=[DataRequired(_l("Enter a valid date."))])
    kind = SelectField(
        _l("Kind"), choices=choices((k.value, label) for k, label in KIND_LABELS.items())
    )
    note = TextField(
        _l("Note"),
        validators=[DataRequired(_l("Say why, e.g. the announcing decision.")), Length(max=300)],
        description=_l("e.g. Thông báo 6150/TB-LĐTBXH: nghỉ bù ngày 2/9"),
    )
