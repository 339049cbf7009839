"""Turn a ProcedureSpec into JSON-ready data and back, so a version can be stored whole."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import types
import typing
from functools import cache
from pathlib import Path
from typing import Any

from onestop.catalogue.model import ProcedureSpec


def spec_to_data(spec: ProcedureSpec) -> dict[str, Any]:
    """Return the spec as plain JSON data (the file location left out)."""
    data = _to_data(spec)
    data.pop("source_file", None)
    return data


def spec_from_data(data: dict[str, Any]) -> ProcedureSpec:
    """Rebuild a spec stored with spec_to_data."""
    spec: ProcedureSpec = _from_data(ProcedureSpec, data)
    return spec


def _to_data(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return [_to_data(v) for v in value]
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _from_data(kind: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [k for k in typing.get_args(kind) if k is not type(None)]
        return _from_data(options[0], value)
    if origin is tuple:
        item = typing.get_args(kind)[0]
        return tuple(_from_data(item, v) for v in value)
    if dataclasses.is_dataclass(kind):
        hints = _hints(kind)  # type: ignore[arg-type]
        names = {f.name for f in dataclasses.fields(kind) if f.init}
        build: Any = kind
        return build(**{k: _from_data(hints[k], v) for k, v in value.items() if k in names})
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind(value)
    if kind is dt.time:
        return dt.time.fromisoformat(value)
    if kind is dt.date:
        return dt.date.fromisoformat(value)
    if kind is Path:
        return Path(value)
    return value
