"""The base form: WTForms' own messages translated through our catalogue, and shared fields."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from flask_babel import get_translations
from flask_wtf import FlaskForm
from wtforms import Field, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice


class _BabelTranslations:
    """Hand WTForms' built-in messages to our catalogue (WTForms ships no Vietnamese).

    WTForms formats the returned text itself, so this must not interpolate.
    """

    def gettext(self, string: str) -> str:
        return str(get_translations().ugettext(string))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return str(get_translations().ungettext(singular, plural, n))


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
        value: Any = vars(self).get("data")
        self.data = nfc(value)


class LongTextField(TextAreaField):
    """A multi-line text field that stores NFC, trimmed text."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        value: Any = vars(self).get("data")
        self.data = nfc(value)


def add_error(field: Field, message: str) -> None:
    """Attach a message to a field after validation (e.g. from a service error)."""
    errors = list(field.errors)
    errors.append(message)
    field.errors = errors


def choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """Build select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]
