"""Citizen forms: account, sign-in, online submission (with the procedure's e-form), rating, PAKN."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    Field,
    HiddenField,
    IntegerField,
    MultipleFileField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from onestop.accounts.forms import PASSWORD_LENGTH
from onestop.cases.models import Satisfaction
from onestop.catalogue.model import EFormField, FieldType, ProcedureSpec
from onestop.counter.forms import _citizen_id_rule, _phone_rule
from onestop.counter.labels import SATISFACTION_LABELS
from onestop.forms import Form, LongTextField, TextField, choices
from onestop.portal.models import FeedbackKind

FEEDBACK_KIND_LABELS = {
    FeedbackKind.FEEDBACK: _l("Feedback"),
    FeedbackKind.PROPOSAL: _l("Proposal"),
    FeedbackKind.COMPLAINT: _l("Complaint about how a case was handled"),
}


class RegisterForm(Form):
    full_name = TextField(
        _l("Full name"), validators=[DataRequired(_l("Enter your full name.")), Length(max=200)]
    )
    email = TextField(
        _l("Email"),
        description=_l("We send a confirmation link to this address."),
        validators=[
            DataRequired(_l("Enter your email address.")),
            Email(_l("Enter a valid email address.")),
            Length(max=200),
        ],
    )
    phone = TextField(
        _l("Phone (optional)"),
        description=_l("You can also sign in with it."),
        validators=[Length(max=20), _phone_rule],
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Enter a password.")), PASSWORD_LENGTH]
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[EqualTo("password", message=_l("The two passwords differ."))],
    )


class ResendConfirmationForm(Form):
    email = TextField(
        _l("Email"),
        description=_l("The address you registered with."),
        validators=[
            DataRequired(_l("Enter your email address.")),
            Email(_l("Enter a valid email address.")),
            Length(max=200, message=_l("An email address has at most 200 characters.")),
        ],
    )


class CitizenLoginForm(Form):
    identifier = TextField(
        _l("Email or phone"),
        validators=[DataRequired(_l("Enter your email address or phone number."))],
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password."))])
    next = HiddenField()


class SubmissionForm(Form):
    """The fixed part of an online submission: where to file, who applies."""

    token = HiddenField()
    unit_id = SelectField(
        _l("Unit to file with"),
        coerce=int,
        validate_choice=True,
        validators=[InputRequired(_l("Choose a unit."))],
    )
    name = TextField(
        _l("Applicant's full name"),
        validators=[DataRequired(_l("Enter the applicant's name.")), Length(max=200)],
    )
    id_number = TextField(
        _l("Citizen ID (CCCD)"),
        validators=[DataRequired(_l("Enter the citizen ID (CCCD).")), _citizen_id_rule],
    )
    phone = TextField(_l("Phone"), validators=[Length(max=20), _phone_rule])
    email = TextField(
        _l("Email"),
        validators=[Optional(), Email(_l("Enter a valid email address.")), Length(max=200)],
    )
    notify_sms = BooleanField(_l("Also send me SMS about this dossier"))
    address = TextField(
        _l("Address"), validators=[DataRequired(_l("Enter your address.")), Length(max=300)]
    )
    summary = TextField(_l("Summary of the request"), validators=[Length(max=500)])

    def validate_phone(self, field: Field) -> None:
        if self.notify_sms.data and not (field.data or "").strip():
            raise ValidationError(_l("Enter a phone number to receive SMS."))


def _pattern_rule(pattern: str) -> Any:
    compiled = re.compile(pattern)

    def check(form: Any, field: Field) -> None:
        if field.data and not compiled.fullmatch(str(field.data)):
            raise ValidationError(_l("This value does not have the expected format."))

    return check


def _eform_field(spec: EFormField) -> Field:
    """One e-form input with the validation its YAML declares."""
    rules: list[Any] = [
        InputRequired(_l("This field is required.")) if spec.required else Optional()
    ]
    if spec.max_length:
        rules.append(Length(max=spec.max_length))
    if spec.pattern:
        rules.append(_pattern_rule(spec.pattern))
    label = spec.label
    if spec.type is FieldType.TEXTAREA:
        return LongTextField(label, validators=rules)
    if spec.type is FieldType.DATE:
        return DateField(label, validators=rules, render_kw={"type": "date"})
    if spec.type is FieldType.NUMBER:
        return IntegerField(
            label,
            validators=[*rules, NumberRange(0, 1_000_000)],
            render_kw={"inputmode": "numeric"},
        )
    if spec.type is FieldType.SELECT:
        options = choices([("", "—"), *((c, c) for c in spec.choices)])
        return SelectField(label, choices=options, validators=[*rules, _one_of(spec.choices)])
    if spec.type is FieldType.EMAIL:
        rules.append(Email(_l("Enter a valid email address.")))
    elif spec.type is FieldType.PHONE:
        rules.append(_phone_rule)
    elif spec.type is FieldType.CITIZEN_ID:
        rules.append(_citizen_id_rule)
    return TextField(label, validators=rules)


def _one_of(allowed: tuple[str, ...]) -> Any:
    def check(form: Any, field: Field) -> None:
        if field.data and field.data not in allowed:
            raise ValidationError(_l("Choose one of the options."))

    return check


def eform_for(spec: ProcedureSpec, **kwargs: Any) -> Form:
    """Build the procedure's e-form (its fields carry the prefix "eform-")."""

    class EForm(Form):
        class Meta:
            csrf = False  # part of the submission form, which carries the token

    for item in spec.eform:
        setattr(EForm, item.name, _eform_field(item))
    return EForm(prefix="eform", **kwargs)


def eform_values(form: Form) -> dict[str, Any]:
    """The e-form's answers as JSON-ready values (dates as ISO strings)."""
    values: dict[str, Any] = {}
    for field in form:
        data = field.data
        values[field.short_name] = data.isoformat() if isinstance(data, date) else data
    return values


def documents_form(spec: ProcedureSpec, positions: list[int] | None = None) -> Form:
    """One file input per checklist item (or per item asked for in a supplement)."""

    class DocumentsForm(Form):
        class Meta:
            csrf = False

    for position, doc in enumerate(spec.documents):
        if positions is None or position in positions:
            setattr(DocumentsForm, f"doc_{position}", MultipleFileField(doc.name))
    return DocumentsForm()


class SupplementUploadForm(Form):
    """The CSRF token of the citizen's supplement upload; the files are in documents_form()."""


class CitizenRatingForm(Form):
    level = RadioField(
        _l("How satisfied are you with how your case was handled?"),
        choices=choices((s.value, label) for s, label in SATISFACTION_LABELS.items()),
        validators=[InputRequired(_l("Choose one of the three levels."))],
    )
    comment = LongTextField(_l("Comment (optional)"), validators=[Length(max=1000)])

    @property
    def satisfaction(self) -> Satisfaction:
        return Satisfaction(self.level.data)


class FeedbackForm(Form):
    unit_id = SelectField(
        _l("Unit concerned"),
        coerce=int,
        validate_choice=True,
        validators=[InputRequired(_l("Choose a unit."))],
    )
    kind = SelectField(
        _l("Kind"),
        choices=choices((k.value, label) for k, label in FEEDBACK_KIND_LABELS.items()),
        default=FeedbackKind.FEEDBACK.value,
    )
    case_code = TextField(_l("Case code (if it concerns a case)"), validators=[Length(max=40)])
    name = TextField(
        _l("Your name"), validators=[DataRequired(_l("Enter your name.")), Length(max=200)]
    )
    contact = TextField(
        _l("Email or phone for the answer"),
        validators=[DataRequired(_l("Enter how we can answer you.")), Length(max=200)],
    )
    subject = TextField(
        _l("Subject"), validators=[DataRequired(_l("Enter a subject.")), Length(max=200)]
    )
    body = LongTextField(
        _l("Your message"),
        validators=[DataRequired(_l("Write your message.")), Length(max=5000)],
    )


class DecisionForm(Form):
    """The counter's decision on an online submission: accept, ask for more, or refuse."""

    version = HiddenField()
    positions = SelectMultipleField(
        _l("Documents to supplement"), coerce=int, validate_choice=False
    )
    note = LongTextField(_l("What is missing or wrong"), validators=[Length(max=2000)])
    reason = LongTextField(_l("Reason for refusing"), validators=[Length(max=2000)])
