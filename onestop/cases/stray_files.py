"""Stray uploads: files in the upload folder that no row names (`flask uploads prune`, weekly cron).

They come from a COMMIT cut off after its files were written: files.py keeps those files, since
the server may have committed the rows that name them. A file is stray when no column called
`stored_name` (case files, signed documents, and any later table that keeps a file the same way)
names it AND it has not changed for the grace period: a younger file may belong to a transaction
still in flight. Only files named and placed the way files.py writes them (`ab/ab12…`, 32 hex
characters) are ever considered; anything else in the folder is left alone.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from onestop.cases.files import upload_root
from onestop.db import db, utcnow

log = logging.getLogger(__name__)

STORED_NAME = re.compile(r"[0-9a-f]{32}")
FOLDER_NAME = re.compile(r"[0-9a-f]{2}")
BATCH = 500  # names per IN (…) query


class PruneRefused(RuntimeError):
    """Deleting now would be unsafe (the database names no file at all)."""


@dataclass(frozen=True)
class StrayFile:
    path: Path
    size: int
    changed_at: datetime


@dataclass
class Survey:
    """What the upload folder holds that no row names."""

    strays: list[StrayFile] = field(default_factory=list)
    young: int = 0  # unnamed but inside the grace period: kept
    foreign: int = 0  # not named or placed like an upload: never touched
    referenced: int = 0  # files some row names
    emptied_folders: list[Path] = field(default_factory=list)  # hold nothing but strays

    @property
    def stray_bytes(self) -> int:
        return sum(stray.size for stray in self.strays)


def name_columns() -> list[sa.Column[str]]:
    """Every column that names a stored file, by the `stored_name` convention of files.py."""
    return [
        table.c.stored_name
        for _, table in sorted(db.metadata.tables.items())
        if "stored_name" in table.c
    ]


def referenced_among(names: list[str]) -> set[str]:
    """The names, of those given, that some row holds."""
    found: set[str] = set()
    for column in name_columns():
        for start in range(0, len(names), BATCH):
            chunk = names[start : start + BATCH]
            found.update(db.session.scalars(sa.select(column).where(column.in_(chunk))))
    return found


def _changed_at(stat: os.stat_result) -> float:
    # ctime too: a restore (rsync -a) sets old mtimes, but the inode's change time is now.
    return max(stat.st_mtime, stat.st_ctime)


def survey(root: Path, grace: timedelta, now: datetime | None = None) -> Survey:
    """Find the stray files under `root`: unnamed by any row and unchanged for `grace`."""
    cutoff = ((now or utcnow()) - grace).timestamp()
    result = Survey()
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        if not (entry.is_dir(follow_symlinks=False) and FOLDER_NAME.fullmatch(entry.name)):
            result.foreign += 1
            continue
        candidates: dict[str, os.stat_result] = {}
        others = 0
        for item in os.scandir(entry.path):
            if (
                item.is_file(follow_symlinks=False)
                and STORED_NAME.fullmatch(item.name)
                and item.name.startswith(entry.name)
            ):
                candidates[item.name] = item.stat(follow_symlinks=False)
            else:
                others += 1
        result.foreign += others
        named = referenced_among(sorted(candidates))
        result.referenced += len(named)
        strays = []
        for name, stat in sorted(candidates.items()):
            if name in named:
                continue
            if _changed_at(stat) > cutoff:
                result.young += 1
                continue
            changed = datetime.fromtimestamp(_changed_at(stat), UTC)
            strays.append(StrayFile(Path(entry.path) / name, stat.st_size, changed))
        result.strays += strays
        if not others and len(strays) == len(candidates):
            result.emptied_folders.append(Path(entry.path))
    return result


def delete_strays(found: Survey) -> int:
    """Delete the strays found, then the folders they leave empty; return how many files went."""
    if found.strays and not found.referenced and not _any_file_named():
        # A database that names no file at all, beside a folder full of old files, is far more
        # likely the wrong DATABASE_URL or a restore in progress than a folder of strays.
        raise PruneRefused(
            f"the database names no stored file, yet the upload folder holds {len(found.strays)} "
            "old files: not deleting anything (check DATABASE_URL and ONESTOP_UPLOAD_FOLDER)"
        )
    for stray in found.strays:
        stray.path.unlink(missing_ok=True)
        log.info("deleted stray upload %s (%d bytes)", stray.path, stray.size)
    for folder in found.emptied_folders:
        # Not empty any more when an upload arrived meanwhile: then it stays.
        with contextlib.suppress(OSError):
            folder.rmdir()
    return len(found.strays)


def _any_file_named() -> bool:
    return any(
        db.session.scalar(sa.select(column).where(column.is_not(None)).limit(1)) is not None
        for column in name_columns()
    )


def default_grace() -> timedelta:
    """UPLOAD_STRAY_GRACE_HOURS, never under an hour: a younger file may be an upload in flight."""
    return timedelta(hours=max(int(current_app.config["UPLOAD_STRAY_GRACE_HOURS"]), 1))


def prune_stray_uploads(at: str | None = None) -> int:
    """Delete stray uploads past the grace period (the weekly job); return how many went.

    `at` (the schedule's re-run instant) can only move the cutoff earlier, never later: a re-run
    "as of tomorrow" must not make today's uploads look old.
    """
    now = min(datetime.fromisoformat(at), utcnow()) if at else utcnow()
    found = survey(upload_root(), default_grace(), now)
    deleted = delete_strays(found)
    log.info(
        "stray uploads: %d deleted (%d bytes), %d younger than the grace period kept",
        deleted,
        found.stray_bytes,
        found.young,
    )
    return deleted
