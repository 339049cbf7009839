"""Scans attached to cases: checked by content, stored under random names outside the web root.

A file written during a transaction that then rolls back is deleted, so no orphan stays on disk.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import filetype
from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

ALLOWED_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
_PENDING = "onestop_new_files"


@dataclass(frozen=True)
class Upload:
    """A file as it arrived: its name (for display), its bytes, the checklist item it belongs to."""

    filename: str
    data: bytes
    document_position: int | None = None


class UploadRejected(ValueError):
    pass


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


def write_file(session: Session, data: bytes) -> tuple[str, str]:
    """Write bytes under a fresh random name; return (stored name, sha256)."""
    stored_name = secrets.token_hex(16)
    path = stored_path(stored_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    session.info.setdefault(_PENDING, []).append(path)
    return stored_name, hashlib.sha256(data).hexdigest()


@event.listens_for(Session, "after_commit")
def _keep_files(session: Session) -> None:
    session.info.pop(_PENDING, None)


@event.listens_for(Session, "after_rollback")
def _remove_orphans(session: Session) -> None:
    for path in session.info.pop(_PENDING, []):
        path.unlink(missing_ok=True)
