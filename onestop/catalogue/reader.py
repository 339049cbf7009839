"""Read raw YAML data with a field path, so every error names the field to fix."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import yaml

from onestop.catalogue.errors import SpecError

E = TypeVar("E", bound=StrEnum)
MISSING: Any = object()
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class _StrictLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate keys instead of keeping the last one."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=True)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(file: Path) -> Any:
    """Parse a YAML file, reporting syntax errors with their line."""
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError(file, "", "file not found") from None
    except UnicodeDecodeError as exc:
        raise SpecError(file, "", f"not UTF-8 text ({exc.reason})") from None
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise SpecError(file, where, f"YAML syntax error: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise SpecError(file, "", f"YAML error: {exc}") from None


def normalise(value: Any) -> Any:
    """Return the data with every string in Unicode NFC (editors may save NFD)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {normalise(k): normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    return value


@dataclass(frozen=True)
class Node:
    """A value in the file and the path that leads to it."""

    file: Path
    path: str
    value: Any

    def fail(self, reason: str) -> NoReturn:
        """Raise a SpecError for this field."""
        raise SpecError(self.file, self.path, reason)

    @property
    def missing(self) -> bool:
        return self.value is MISSING or self.value is None

    def _child(self, suffix: str, value: Any) -> Node:
        sep = "" if suffix.startswith("[") or not self.path else "."
        return Node(self.file, f"{self.path}{sep}{suffix}", value)

    def mapping(self, allowed: Iterable[str]) -> Node:
        """Check this is a mapping with only the allowed keys."""
        if self.missing:
            self.fail("required field is missing")
        if not isinstance(self.value, Mapping):
            self.fail(f"must be a mapping, not {_kind(self.value)}")
        allowed = set(allowed)
        for key in self.value:
            if key not in allowed:
                self._child(str(key), None).fail(
                    f"unknown key; expected one of: {', '.join(sorted(allowed))}"
                )
        return self

    def get(self, key: str) -> Node:
        """Return the child under key (possibly missing)."""
        return self._child(key, self.value.get(key, MISSING))

    def items(self, *, required: bool = True) -> list[Node]:
        """Return the elements of a list; an empty list is refused when required."""
        if self.missing:
            if required:
                self.fail("required field is missing")
            return []
        if not isinstance(self.value, list):
            self.fail(f"must be a list, not {_kind(self.value)}")
        if required and not self.value:
            self.fail("must not be empty")
        return [self._child(f"[{i}]", v) for i, v in enumerate(self.value)]

    def text(self) -> str:
        """Return a required, non-blank string."""
        if self.missing:
            self.fail("required field is missing")
        if isinstance(self.value, (int, float)) and not isinstance(self.value, bool):
            self.fail(f'must be text; quote it in the file ("{self.value}") so YAML keeps it')
        if not isinstance(self.value, str):
            self.fail(f"must be text, not {_kind(self.value)}")
        if not self.value.strip():
            self.fail("must not be blank")
        return self.value.strip()

    def opt_text(self) -> str:
        """Return an optional string, empty when absent."""
        return "" if self.missing else self.text()

    def texts(self, *, required: bool = True) -> tuple[str, ...]:
        """Return a list of strings."""
        return tuple(item.text() for item in self.items(required=required))

    def integer(self, *, minimum: int = 0) -> int:
        """Return a required whole number not below minimum."""
        if self.missing:
            self.fail("required field is missing")
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            self.fail(f"must be a whole number, not {_kind(self.value)}")
        if self.value < minimum:
            self.fail(f"must be at least {minimum}, got {self.value}")
        return self.value

    def opt_integer(self, *, minimum: int = 0) -> int | None:
        return None if self.missing else self.integer(minimum=minimum)

    def boolean(self, default: bool) -> bool:
        if self.missing:
            return default
        if not isinstance(self.value, bool):
            self.fail(f"must be true or false, not {_kind(self.value)}")
        return self.value

    def enum(self, cls: type[E]) -> E:
        """Return a required member of an enum, by value."""
        choices = ", ".join(m.value for m in cls)
        if self.missing:
            self.fail(f"required field is missing; one of: {choices}")
        try:
            return cls(self.value)
        except ValueError:
            self.fail(f"unknown value {self.value!r}; expected one of: {choices}")

    def time_of_day(self) -> dt.time:
        """Return an HH:MM time; YAML reads unquoted 15:00 as the number 900."""
        if isinstance(self.value, int) and not isinstance(self.value, bool):
            self.fail('must be a quoted time such as "15:00"')
        match = _TIME.match(self.text())
        if not match:
            self.fail(f'must be a time HH:MM such as "15:00", got {self.value!r}')
        return dt.time(int(match[1]), int(match[2]))

    def date(self) -> dt.date:
        """Return a date written as YYYY-MM-DD."""
        if isinstance(self.value, dt.date) and not isinstance(self.value, dt.datetime):
            return self.value
        try:
            return dt.date.fromisoformat(self.text())
        except ValueError:
            self.fail(f"must be a date YYYY-MM-DD, got {self.value!r}")


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), type(value).__name__
    )
