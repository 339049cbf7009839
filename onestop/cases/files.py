"""Scans attached to cases: checked by content, stored under random names outside the web root.

A file written during a transaction that then rolls back is deleted, so no orphan stays on disk.
A folder that refuses a file (read-only, full, gone) raises StorageError, a CaseError: the view
rolls back and shows the message next to the upload field, and nothing is half-created.
Every table that keeps a file names it in a column called `stored_name`: that is how
`flask uploads prune` (stray_files.py) knows a file is still needed.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import filetype
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.orm import Session

from onestop.cases.errors import CaseError

log = logging.getLogger(__name__)

ALLOWED_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
_PENDING = "onestop_new_files"
_COMMITTING = "onestop_files_committing"


@dataclass(frozen=True)
class Upload:
    """A file as it arrived: its name (for display), its bytes, the checklist item it belongs to."""

    filename: str
    data: bytes
    document_position: int | None = None


class UploadRejected(ValueError):
    pass


class StorageError(CaseError):
    """The upload folder refused a file; `position` is the checklist item it was for, if any."""

    def __init__(self, position: int | None = None) -> None:
        super().__init__(
            _l(
                "The file could not be stored: the file storage is not available. Nothing was "
                "saved. Try again in a few minutes, or tell the administrator."
            ),
            field="scans",
        )
        self.position = position


def detect_type(data: bytes) -> str | None:
    """Return the MIME type read from the content (never from the name), if it is allowed."""
    kind = filetype.guess(data)
    return kind.mime if kind is not None and kind.mime in ALLOWED_TYPES else None


def display_name(filename: str) -> str:
    """Keep the Vietnamese name for display, without any path or control characters."""
    name = unicodedata.normalize("NFC", filename).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[:200] or "tep-dinh-kem"


def upload_root() -> Path:
    root = Path(
        current_app.config.get("UPLOAD_FOLDER") or Path(current_app.instance_path) / "uploads"
    )
    root.mkdir(parents=True, exist_ok=True)
    return root


def stored_path(stored_name: str) -> Path:
    return upload_root() / stored_name[:2] / stored_name


def _create(path: Path) -> BinaryIO:
    """Open a new file for writing (the caller closes it), making its folder first."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return open(path, "xb")
    except FileNotFoundError:
        # `flask uploads prune` removed the folder, found empty, between the two calls: once more.
        path.parent.mkdir(parents=True, exist_ok=True)
        return open(path, "xb")


def write_file(session: Session, data: bytes, position: int | None = None) -> tuple[str, str]:
    """Write bytes under a fresh random name; return (stored name, sha256).

    Raise StorageError (for checklist item `position`) when the folder refuses the file.
    """
    stored_name = secrets.token_hex(16)
    try:
        path = stored_path(stored_name)
        fh = _create(path)
    except OSError as error:
        log.error("upload folder refused a new file: %s", error)
        raise StorageError(position) from error
    # Registered before the first byte: a file cut short by a full disk goes with the rollback.
    session.info.setdefault(_PENDING, []).append(path)
    try:
        with fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as error:
        log.error("upload folder could not take %d bytes: %s", len(data), error)
        raise StorageError(position) from error
    return stored_name, hashlib.sha256(data).hexdigest()


@event.listens_for(Session, "before_commit")
def _flush_before_commit(session: Session) -> None:
    """Flush now, so a failure after this point can only come from the COMMIT itself."""
    if session.info.get(_PENDING):
        session.flush()
        session.info[_COMMITTING] = True


@event.listens_for(Session, "after_commit")
def _keep_files(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_COMMITTING, None)


@event.listens_for(Session, "after_rollback")
def _remove_orphans(session: Session) -> None:
    paths = session.info.pop(_PENDING, [])
    if session.info.pop(_COMMITTING, False) and paths:
        # The connection broke during COMMIT: the server may have committed the rows that name
        # these files. A stray file costs disk space; a case whose scan is gone loses a paper.
        log.warning(
            "commit outcome unknown, keeping %d uploaded file(s): %s",
            len(paths),
            " ".join(str(p) for p in paths),
        )
        return
    for path in paths:
        path.unlink(missing_ok=True)
