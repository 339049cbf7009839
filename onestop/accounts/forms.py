"""Login and user administration forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, Regexp

from onestop.accounts.models import Role
from onestop.forms import Form, TextField, choices

ROLE_LABELS = {
    Role.COUNTER_OFFICER: _l("Counter officer"),
    Role.OFFICER: _l("Department officer"),
    Role.HEAD: _l("Department head"),
    Role.SUPERVISOR: _l("Supervisor"),
    Role.ADMIN: _l("Administrator"),
}

USERNAME_RULE = Regexp(
    r"^[a-zA-Z0-9._-]+$",
    message=_l("Use only unaccented letters, digits, dots, dashes and underscores."),
)
PHONE_RULE = Regexp(
    r"^(0|\+84)[0-9]{9,10}$", message=_l("Enter a Vietnamese phone number, e.g. 0912345678.")
)
PASSWORD_LENGTH = Length(
    min=10, max=128, message=_l("The password must have 10 to 128 characters.")
)


class LoginForm(Form):
    username = TextField(_l("Username"), validators=[DataRequired(_l("Enter your username."))])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password."))])
    next = HiddenField()


class UserForm(Form):
    username = TextField(
        _l("Username"),
        validators=[DataRequired(_l("Enter a username.")), Length(min=3, max=60), USERNAME_RULE],
    )
    full_name = TextField(
        _l("Full name"), validators=[DataRequired(_l("Enter the full name.")), Length(max=120)]
    )
    email = EmailField(
        _l("Email"),
        validators=[Optional(), Email(_l("Enter a valid email address.")), Length(max=200)],
    )
    phone = TextField(_l("Phone"), validators=[Optional(), PHONE_RULE])
    role = SelectField(
        _l("Role"),
        choices=choices((role.value, label) for role, label in ROLE_LABELS.items()),
        validators=[DataRequired(_l("Choose a role."))],
    )
    unit_id = SelectField(_l("Unit"), coerce=int, validate_choice=True)
    department_id = SelectField(_l("Department"), coerce=int, validate_choice=True)
    active = BooleanField(_l("Active"), default=True)


class NewUserForm(UserForm):
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Enter a password.")), PASSWORD_LENGTH]
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[EqualTo("password", message=_l("The two passwords differ."))],
    )


class PasswordResetForm(Form):
    password = PasswordField(
        _l("New password"), validators=[DataRequired(_l("Enter a password.")), PASSWORD_LENGTH]
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[EqualTo("password", message=_l("The two passwords differ."))],
    )
