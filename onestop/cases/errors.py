"""Errors case services raise; views turn them into messages next to fields."""

from __future__ import annotations


class CaseError(ValueError):
    """A request the case cannot take; `field` names the form field at fault, if any."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class CaseChanged(CaseError):
    """Someone else changed the case since this user loaded it."""
