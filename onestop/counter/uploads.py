"""Read the intake form's scans, checking type (by content) and size before anything is written."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext
from werkzeug.datastructures import FileStorage
from wtforms import Field

from onestop.cases.files import Upload, detect_type
from onestop.counter.forms import IntakeForm
from onestop.forms import add_error


def scan_limit() -> int:
    """The largest scan accepted, in bytes (SCAN_MAX_BYTES, 10 MB by default)."""
    return int(current_app.config["SCAN_MAX_BYTES"])


def read_files(field: Field, position: int | None, limit: int, into: list[Upload]) -> bool:
    """Read a file field's files into `into`; put a message on the field for each bad one."""
    ok = True
    for storage in field.data or []:
        if not isinstance(storage, FileStorage) or not storage.filename:
            continue  # an empty file input
        data = storage.read(limit + 1)
        name = storage.filename
        if len(data) > limit:
            add_error(
                field,
                gettext("%(name)s is larger than %(mb)s MB.", name=name, mb=f"{limit / 1048576:g}"),
            )
            ok = False
        elif detect_type(data) is None:
            add_error(field, gettext("%(name)s is not a PDF, JPEG or PNG file.", name=name))
            ok = False
        else:
            into.append(Upload(filename=name, data=data, document_position=position))
    return ok


def collect_uploads(form: IntakeForm) -> list[Upload] | None:
    """Return every attached scan, or None after putting a message next to each bad one."""
    limit = scan_limit()
    uploads: list[Upload] = []
    ok = True
    for position, row in enumerate(form.documents.entries):
        ok = read_files(row.form.scans, position, limit, uploads) and ok
    ok = read_files(form.scans, None, limit, uploads) and ok
    return uploads if ok else None
