"""Processing forms: each action's form carries the case version it was drawn from."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateTimeLocalField, FieldList, FormField, HiddenField, IntegerField, SelectField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from onestop.forms import Form, LongTextField, TextField, choices

MODES = choices(
    [
        ("single", _l("Lead department only")),
        ("sequential", _l("Inter-agency, one unit after another (paper dossier)")),
        ("parallel", _l("Inter-agency, all units at once (electronic dossier)")),
    ]
)


class ActionForm(Form):
    """The base of every action: the version of the case the user saw."""

    version = HiddenField()
    note = LongTextField(_l("Note"), validators=[Length(max=2000)])

    def version_number(self) -> int | None:
        text = self.version.data or ""
        return int(text) if text.isdigit() else None


class PartRow(Form):
    class Meta:
        csrf = False  # part of TransferForm, which carries the token

    department = SelectField(_l("Participating unit and department"), coerce=int, default=0)
    task = TextField(_l("Task"), validators=[Length(max=300)])
    working_days = IntegerField(
        _l("Working days"), default=5, validators=[Optional(), NumberRange(1, 60)]
    )


class TransferForm(ActionForm):
    lead_department = SelectField(_l("Lead department"), coerce=int)
    mode = SelectField(_l("Route"), choices=MODES, default="single")
    parts = FieldList(FormField(PartRow), min_entries=3, max_entries=3)


class AssignForm(ActionForm):
    assignee = SelectField(_l("Handler"), coerce=int)


class ForwardForm(ActionForm):
    department = SelectField(_l("To department"), coerce=int)
    assignee = SelectField(_l("To officer (optional)"), coerce=int, default=0)


class AdHocForm(ForwardForm):
    reason = TextField(_l("Reason for the transfer"), validators=[InputRequired(), Length(max=300)])
    working_hours = IntegerField(
        _l("Allotted working hours"), default=8, validators=[InputRequired(), NumberRange(1, 200)]
    )


class SupplementForm(ActionForm):
    items = LongTextField(
        _l("What is missing (one document per line)"), validators=[InputRequired()]
    )


class DraftForm(ActionForm):
    document = FileField(_l("Result document (signed scan, PDF or image)"))


class ReworkForm(ActionForm):
    note = LongTextField(
        _l("What must be reworked"), validators=[InputRequired(), Length(max=2000)]
    )


class ApologyForm(ActionForm):
    new_due = DateTimeLocalField(
        _l("New due date"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()]
    )
    note = LongTextField(_l("Reason for the delay"), validators=[InputRequired(), Length(max=2000)])


class EndForm(ActionForm):
    note = LongTextField(_l("Reason"), validators=[InputRequired(), Length(max=2000)])
    document = FileField(_l("Document (scan, optional)"))
