"""The base form: WTForms' own messages translated through our catalogue, and shared fields."""

from __future__ import annotations

import unicodedata
from typing import Any

from flask_babel import gettext, ngettext
from flask_wtf import FlaskForm
from wtforms import Field, StringField, TextAreaField


class _BabelTranslations:
    """Hand WTForms' built-in messages to Flask-Babel (WTForms ships no Vietnamese)."""

    def gettext(self, string: str) -> str:
        return gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return ngettext(singular, plural, n)


class Form(FlaskForm):
    class Meta:
        def get_translations(self, form: Any) -> _BabelTranslations:
            return _BabelTranslations()


def nfc(value: Any) -> Any:
    """Normalise typed text to NFC and trim it; decomposed diacritics are stored composed."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    return value


class TextField(StringField):
    """A one-line text field that stores NFC, trimmed text."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        self.data = nfc(self.data)


class LongTextField(TextAreaField):
    """A multi-line text field that stores NFC, trimmed text."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        self.data = nfc(self.data)


def add_error(field: Field, message: str) -> None:
    """Attach a message to a field after validation (e.g. from a service error)."""
    errors = list(field.errors)
    errors.append(message)
    field.errors = errors
