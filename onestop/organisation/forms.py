"""Forms for units and departments."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from onestop.calendar.service import parse_office_hours
from onestop.calendar.workcal import WorkCalendar
from onestop.forms import Form, TextField, choices
from onestop.organisation.models import UNIT_CODE_PATTERN, UnitLevel

OFFICE_HOURS_PATTERN = (
    r"^\s*\d{2}:\d{2}\s*-\s*\d{2}:\d{2}(\s*,\s*\d{2}:\d{2}\s*-\s*\d{2}:\d{2})*\s*$"
)

LEVEL_LABELS = {
    UnitLevel.PROVINCE: _l("Province"),
    UnitLevel.DISTRICT: _l("District"),
    UnitLevel.COMMUNE: _l("Commune"),
    UnitLevel.AGENCY: _l("Agency / provincial department"),
}


class UnitForm(Form):
    code = TextField(
        _l("Identifier code (QCVN 102:2016)"),
        validators=[
            DataRequired(_l("Enter the unit's identifier code.")),
            Regexp(
                UNIT_CODE_PATTERN,
                message=_l(
                    "Use the QCVN 102:2016 form: four dot-separated parts, e.g. 000.17.22.H56."
                ),
            ),
        ],
        filters=[lambda v: v.upper() if isinstance(v, str) else v],
    )
    name = TextField(
        _l("Name"), validators=[DataRequired(_l("Enter the unit's name.")), Length(max=200)]
    )
    level = SelectField(
        _l("Level"), choices=choices((level.value, label) for level, label in LEVEL_LABELS.items())
    )
    parent_id = SelectField(_l("Parent unit"), coerce=int, validate_choice=True)
    place_name = TextField(
        _l("Place name on documents"),
        validators=[Optional(), Length(max=100)],
        description=_l('Written before the date on forms, e.g. "Thanh Hóa".'),
    )
    desk_name = TextField(_l("One-stop desk"), validators=[Optional(), Length(max=200)])
    desk_address = TextField(_l("Desk address"), validators=[Optional(), Length(max=300)])
    desk_phone = TextField(
        _l("Desk phone"),
        validators=[
            Optional(),
            Regexp(r"^[0-9 .+()-]{6,30}$", message=_l("Enter a phone number using digits only.")),
        ],
    )
    office_hours = TextField(
        _l("Office hours"),
        validators=[
            Optional(),
            Regexp(
                OFFICE_HOURS_PATTERN,
                message=_l("Write the hours as 07:00-11:30,13:30-17:00."),
            ),
        ],
        description=_l(
            "Leave empty for 07:00-11:30 and 13:30-17:00. Due dates count only these hours."
        ),
    )
    active = BooleanField(_l("Active"), default=True)

    def validate_office_hours(self, field: TextField) -> None:
        """Check the intervals are real times, in order and not overlapping."""
        if not field.data:
            return
        try:
            intervals = parse_office_hours(field.data)
            WorkCalendar(office_hours=intervals)
        except ValueError as error:
            raise ValidationError(str(_l("Write the hours as 07:00-11:30,13:30-17:00."))) from error


class DepartmentForm(Form):
    unit_id = SelectField(_l("Unit"), coerce=int, validate_choice=True)
    name = TextField(
        _l("Name"), validators=[DataRequired(_l("Enter the department's name.")), Length(max=200)]
    )
    active = BooleanField(_l("Active"), default=True)
