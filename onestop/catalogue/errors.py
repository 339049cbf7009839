"""The one error the catalogue raises for a bad procedure file."""

from __future__ import annotations

from pathlib import Path


class SpecError(ValueError):
    """Report a procedure file that cannot be loaded, with the field to fix."""

    def __init__(self, file: Path | str, path: str, reason: str) -> None:
        self.file = str(file)
        self.path = path
        self.reason = reason
        super().__init__(f"{self.file}: {path or '<document>'}: {reason}")
