"""Counter forms: intake (applicant, checklist, scans), return of result, rating, register range."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    Field,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    MultipleFileField,
    RadioField,
    SelectField,
)
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional, ValidationError

from onestop.cases.files import Upload
from onestop.cases.intake import ApplicantData, IntakeData, ReceivedDocument
from onestop.cases.models import Applicant, Satisfaction
from onestop.catalogue.model import ApplicantKind, Channel, ProcedureSpec
from onestop.catalogue.models import Procedure
from onestop.counter.labels import APPLICANT_KIND_LABELS, CHANNEL_LABELS, SATISFACTION_LABELS
from onestop.forms import Form, LongTextField, TextField, add_error, choices

CITIZEN_ID = re.compile(r"^[0-9]{12}$")
TAX_CODE = re.compile(r"^[0-9]{10}(-?[0-9]{3})?$")
PHONE = re.compile(r"^0[0-9]{9}$")
ORGANISATIONS = {ApplicantKind.BUSINESS, ApplicantKind.STATE_AGENCY}


def normalise_phone(text: str) -> str:
    """Drop spaces, dots and dashes; write +84 as the leading 0."""
    digits = re.sub(r"[\s.\-()]", "", text or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    return digits


def normalise_id(text: str) -> str:
    """Drop spaces inside an ID number or tax code."""
    return re.sub(r"\s", "", text or "")


def _phone_rule(form: Any, field: Field) -> None:
    if field.data and not PHONE.match(normalise_phone(field.data)):
        raise ValidationError(
            _l("Enter a Vietnamese phone number: 0 and 9 digits, e.g. 0912345678.")
        )


def _citizen_id_rule(form: Any, field: Field) -> None:
    if field.data and not CITIZEN_ID.match(normalise_id(field.data)):
        raise ValidationError(_l("A citizen ID (CCCD) has exactly 12 digits."))


class DocumentRow(Form):
    """One checklist item: received or not, how many originals and copies, its scans."""

    class Meta:
        csrf = False  # a part of IntakeForm, which carries the token

    received = BooleanField(_l("Received"))
    originals = IntegerField(
        _l("Originals"),
        default=0,
        validators=[
            InputRequired(_l("Enter a number.")),
            NumberRange(0, 99, _l("Enter a number from 0 to 99.")),
        ],
    )
    copies = IntegerField(
        _l("Copies"),
        default=0,
        validators=[
            InputRequired(_l("Enter a number.")),
            NumberRange(0, 99, _l("Enter a number from 0 to 99.")),
        ],
    )
    scans = MultipleFileField(_l("Scans"))


class IntakeForm(Form):
    """What the counter officer fills in; which fields are required depends on the action."""

    token = HiddenField()
    kind = SelectField(
        _l("Applicant type"),
        choices=choices((k.value, label) for k, label in APPLICANT_KIND_LABELS.items()),
        default=ApplicantKind.CITIZEN.value,
    )
    id_number = TextField(
        _l("Citizen ID (CCCD) or tax code"),
        description=_l("12 digits for a citizen; 10 or 13 digits (tax code) for an organisation."),
        validators=[Length(max=20)],
    )
    name = TextField(_l("Full name / organisation name"), validators=[Length(max=200)])
    phone = TextField(_l("Phone"), validators=[Length(max=20), _phone_rule])
    email = TextField(
        _l("Email"),
        validators=[Optional(), Email(_l("Enter a valid email address.")), Length(max=200)],
    )
    address = TextField(_l("Address"), validators=[Length(max=300)])
    representative_name = TextField(_l("Authorised representative"), validators=[Length(max=200)])
    representative_id_number = TextField(
        _l("Representative's citizen ID (CCCD)"), validators=[_citizen_id_rule]
    )
    channel = SelectField(
        _l("How the dossier came in"),
        choices=choices((c.value, CHANNEL_LABELS[c]) for c in (Channel.DIRECT, Channel.POST)),
        default=Channel.DIRECT.value,
    )
    sets = IntegerField(
        _l("Number of sets"),
        default=1,
        validators=[
            InputRequired(_l("Enter a number.")),
            NumberRange(1, 20, _l("Enter a number from 1 to 20.")),
        ],
    )
    pages = IntegerField(
        _l("Pages per copy"),
        default=1,
        validators=[
            InputRequired(_l("Enter a number.")),
            NumberRange(1, 2000, _l("Enter a number from 1 to 2000.")),
        ],
    )
    copies = IntegerField(
        _l("Copies requested"),
        default=1,
        validators=[
            InputRequired(_l("Enter a number.")),
            NumberRange(1, 500, _l("Enter a number from 1 to 500.")),
        ],
    )
    notify_email = BooleanField(_l("Notify by email"))
    notify_sms = BooleanField(_l("Notify by SMS"))
    summary = TextField(_l("Summary of the request"), validators=[Length(max=500)])
    scans = MultipleFileField(_l("Other scans"))
    reason = LongTextField(
        _l("Reason (for a supplement request or a refusal)"), validators=[Length(max=2000)]
    )

    def check_applicant(self, *, full: bool) -> bool:
        """Require the applicant's name (and, to accept, the ID number); check the ID's shape."""
        ok = True
        if not self.name.data:
            add_error(self.name, gettext("Enter the applicant's name."))
            ok = False
        id_number = normalise_id(self.id_number.data)
        if not id_number:
            if full:
                add_error(self.id_number, gettext("Enter the citizen ID (CCCD) or the tax code."))
                ok = False
        elif ApplicantKind(self.kind.data) in ORGANISATIONS:
            if not TAX_CODE.match(id_number):
                add_error(self.id_number, gettext("A tax code has 10 or 13 digits."))
                ok = False
        elif ApplicantKind(self.kind.data) is ApplicantKind.CITIZEN:
            if not CITIZEN_ID.match(id_number):
                add_error(self.id_number, gettext("A citizen ID (CCCD) has exactly 12 digits."))
                ok = False
        elif not (CITIZEN_ID.match(id_number) or TAX_CODE.match(id_number)):
            add_error(
                self.id_number,
                gettext("Enter a 12-digit citizen ID (CCCD) or a 10 or 13-digit tax code."),
            )
            ok = False
        if self.representative_id_number.data and not self.representative_name.data:
            add_error(self.representative_name, gettext("Enter the representative's name."))
            ok = False
        return ok

    def missing_positions(self, spec: ProcedureSpec) -> list[int]:
        """Return the positions of required checklist items not ticked as received."""
        return [
            position
            for position, (row, required) in enumerate(
                zip(self.documents.entries, spec.documents, strict=True)
            )
            if required.required and not row.form.received.data
        ]

    def check_counts(self) -> bool:
        """Require a count on every ticked item."""
        ok = True
        for row in self.documents.entries:
            form = row.form
            if form.received.data and not (form.originals.data or form.copies.data):
                add_error(
                    form.originals, gettext("Enter how many originals or copies were received.")
                )
                ok = False
        return ok

    def check_complete(self, spec: ProcedureSpec) -> bool:
        """Put a message on every required item not received."""
        missing = self.missing_positions(spec)
        for position in missing:
            add_error(
                self.documents.entries[position].form.received,
                gettext("This required document was not received."),
            )
        return not missing

    def applicant_data(self) -> ApplicantData:
        """The applicant as typed, phone and ID numbers without separators."""
        return ApplicantData(
            kind=ApplicantKind(self.kind.data),
            name=self.name.data,
            id_number=normalise_id(self.id_number.data),
            phone=normalise_phone(self.phone.data),
            email=self.email.data or "",
            address=self.address.data or "",
            representative_name=self.representative_name.data or "",
            representative_id_number=normalise_id(self.representative_id_number.data),
        )

    def intake_data(self, procedure: Procedure, uploads: list[Upload]) -> IntakeData:
        """Everything accept_case needs, from a validated form."""
        return IntakeData(
            procedure=procedure,
            applicant=self.applicant_data(),
            documents=[
                ReceivedDocument(position, row.form.originals.data, row.form.copies.data)
                for position, row in enumerate(self.documents.entries)
                if row.form.received.data
            ],
            channel=Channel(self.channel.data),
            uploads=uploads,
            sets=self.sets.data,
            pages=self.pages.data,
            copies=self.copies.data,
            notify_email=self.notify_email.data,
            notify_sms=self.notify_sms.data,
            summary=self.summary.data or "",
        )

    def fill_applicant(self, applicant: Applicant) -> None:
        """Prefill the applicant's fields with what was stored last time."""
        self.kind.data = applicant.kind.value
        self.id_number.data = applicant.id_number
        self.name.data = applicant.name
        self.phone.data = applicant.phone
        self.email.data = applicant.email
        self.address.data = applicant.address

    documents: Any  # FieldList(FormField(DocumentRow)), sized per procedure by intake_form()


def intake_form(spec: ProcedureSpec, **kwargs: Any) -> IntakeForm:
    """Build the intake form with one checklist row per document of this procedure."""
    count = len(spec.documents)

    class ProcedureIntakeForm(IntakeForm):
        documents = FieldList(FormField(DocumentRow), min_entries=count, max_entries=count)

    if "documents" not in kwargs:
        kwargs["documents"] = [
            {"received": False, "originals": d.originals, "copies": d.copies}
            for d in spec.documents
        ]
    return ProcedureIntakeForm(**kwargs)


class ReturnForm(Form):
    """Hand the result over: fee paid, who collected it, originals given back."""

    version = HiddenField()
    collector_name = TextField(
        _l("Collected by"),
        validators=[InputRequired(_l("Enter who collected the result.")), Length(max=200)],
    )
    collector_id_number = TextField(
        _l("Collector's citizen ID (CCCD)"),
        validators=[InputRequired(_l("Enter the collector's ID number.")), _citizen_id_rule],
    )
    fee_paid = IntegerField(
        _l("Amount paid (VND)"),
        default=0,
        validators=[
            InputRequired(_l("Enter a number.")),
            NumberRange(min=0, message=_l("The amount cannot be negative.")),
        ],
    )
    fee_receipt_number = TextField(_l("Fee receipt number"), validators=[Length(max=50)])
    originals_returned = BooleanField(_l("Originals handed back"), default=True)
    note = LongTextField(_l("Note"), validators=[Length(max=1000)])


class RatingForm(Form):
    """The citizen's satisfaction rating, offered at the return."""

    level = RadioField(
        _l("How satisfied is the citizen?"),
        choices=choices((s.value, label) for s, label in SATISFACTION_LABELS.items()),
        validators=[InputRequired(_l("Choose one of the three levels."))],
    )
    comment = LongTextField(_l("Comment"), validators=[Length(max=1000)])

    @property
    def satisfaction(self) -> Satisfaction:
        return Satisfaction(self.level.data)


class RegisterForm(Form):
    """The date range of the case register (GET form, no CSRF token)."""

    class Meta:
        csrf = False

    start = DateField(_l("From"), validators=[InputRequired(_l("Enter a date."))])
    end = DateField(_l("To"), validators=[InputRequired(_l("Enter a date."))])

    def validate_end(self, field: Field) -> None:
        if self.start.data and field.data:
            if field.data < self.start.data:
                raise ValidationError(_l("The end date is before the start date."))
            if (field.data - self.start.data).days > 366:
                raise ValidationError(_l("Choose at most one year."))
