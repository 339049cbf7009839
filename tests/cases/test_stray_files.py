"""`flask uploads prune`: files no row names go once old; named and young files always stay."""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from onestop.cases.files import Upload, stored_path, upload_root, write_file
from onestop.cases.intake import accept_case
from onestop.cases.models import CaseFile
from onestop.cases.stray_files import (
    PruneRefused,
    delete_strays,
    name_columns,
    prune_stray_uploads,
    survey,
)
from onestop.db import db, utcnow
from onestop.notifications.cli import SCHEDULE
from onestop.signing.models import DocumentKind, SignedDocument
from tests.cases.factories import PDF_BYTES, PNG_BYTES, complete_intake

MONDAY_0915 = datetime(2026, 3, 2, 2, 15, tzinfo=UTC)
DAY = timedelta(hours=24)


@dataclass
class Folder:
    root: Path
    named: dict[Path, str]  # file -> sha256, each named by a row
    old: list[Path]  # strays: nothing names them
    young: Path  # a stray changed less than a day before `later`
    foreign: Path  # not named like an upload
    later: datetime  # two days on: the strays are old by then


def stray(name: str, data: bytes, changed: datetime | None = None) -> Path:
    path = stored_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if changed is not None:
        os.utime(path, (changed.timestamp(), changed.timestamp()))
    return path


def files_on_disk(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def folder(app: Flask, catalogue: dict[str, Any], demo: dict[str, Any]) -> Iterator[Folder]:
    """Two scans of a case and a signed document (named by rows), and stray files beside them."""
    with app.app_context():
        intake = complete_intake(
            catalogue["1.001193"],
            uploads=[Upload("Tờ khai.pdf", PDF_BYTES, 0), Upload("Giấy chứng sinh.png", PNG_BYTES)],
        )
        case = accept_case(intake, officer=demo["tiepnhan"], now=MONDAY_0915)
        signed_pdf = PDF_BYTES + b"% signed\n"
        signed_name, digest = write_file(db.session(), signed_pdf)
        db.session.add(
            SignedDocument(
                kind=DocumentKind.RECEIPT, reference=case.code or "", case_id=case.id,
                unit_id=case.handling_unit_id, source_sha256="0" * 64, stored_name=signed_name,
                sha256=digest, size=len(signed_pdf), signer_name="UBND phường Hạc Thành",
                certificate_fingerprint="0" * 64,
            )
        )  # fmt: skip
        db.session.commit()
        scans = db.session.scalars(sa.select(CaseFile).where(CaseFile.case_id == case.id)).all()
        named = {stored_path(f.stored_name): f.sha256 for f in scans}
        named[stored_path(signed_name)] = digest
        used = {path.parent.name for path in named}
        # One stray alone in its folder (which goes with it), one beside a named scan.
        alone = next(f"{n:02x}" for n in range(256) if f"{n:02x}" not in used)
        beside = scans[0].stored_name[:2]
        later = utcnow() + 2 * DAY
        old = [
            stray(alone + secrets.token_hex(15), b"cut-off commit 1"),
            stray(beside + secrets.token_hex(15), b"cut-off commit, number 2"),
        ]
        young = stray(secrets.token_hex(16), b"in flight", changed=later - timedelta(hours=1))
        foreign = upload_root() / "README.txt"
        foreign.write_text("kept by the operator")
        yield Folder(upload_root(), named, old, young, foreign, later)


def test_every_table_that_keeps_a_file_is_checked(app: Flask) -> None:
    with app.app_context():
        assert {column.table.name for column in name_columns()} == {
            "case_files",
            "signed_documents",
        }


def test_old_strays_are_deleted_named_and_young_files_stay(app: Flask, folder: Folder) -> None:
    with app.app_context():
        found = survey(folder.root, DAY, folder.later)
        assert sorted(s.path for s in found.strays) == sorted(folder.old)
        assert found.stray_bytes == sum(p.stat().st_size for p in folder.old)
        assert (found.referenced, found.young, found.foreign) == (3, 1, 1)

        assert delete_strays(found) == 2

    assert files_on_disk(folder.root) == {*folder.named, folder.young, folder.foreign}
    for path, sha256 in folder.named.items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sha256
    alone, beside = (path.parent for path in folder.old)
    assert not alone.exists()  # emptied, so removed
    assert beside.is_dir()  # still holds a named scan


def test_nothing_is_a_stray_inside_the_grace_period(app: Flask, folder: Folder) -> None:
    with app.app_context():
        found = survey(folder.root, DAY)
        assert (found.strays, found.young) == ([], 3)
        assert delete_strays(found) == 0
    assert files_on_disk(folder.root) == {*folder.named, *folder.old, folder.young, folder.foreign}


def test_a_database_naming_no_file_deletes_nothing(app: Flask, tmp_path: Path) -> None:
    """The wrong DATABASE_URL, or a restore half done: every file would look like a stray."""
    with app.app_context():
        files = [stray(secrets.token_hex(16), b"scan") for _ in range(3)]
        found = survey(upload_root(), DAY, utcnow() + 2 * DAY)
        assert len(found.strays) == 3
        with pytest.raises(PruneRefused, match="names no stored file"):
            delete_strays(found)
    assert all(path.exists() for path in files)


def prune(app: Flask, *args: str) -> Any:
    return app.test_cli_runner().invoke(args=["uploads", "prune", *args])


def test_the_dry_run_lists_unnamed_files_and_deletes_nothing(app: Flask, folder: Folder) -> None:
    before = files_on_disk(folder.root)
    result = prune(app, "--older-than", "0")

    assert result.exit_code == 0, result.output
    *lines, summary = result.output.splitlines()
    assert [line.split()[0] for line in lines] == [
        str(p.relative_to(folder.root)) for p in sorted(folder.old)
    ]
    size = sum(p.stat().st_size for p in folder.old)
    assert summary.startswith(f"2 stray files, {size:,} bytes, in {folder.root} ")
    assert "(3 named by the database, 1 unnamed but younger than 0 h kept" in summary
    assert "1 other entries left alone" in summary
    assert summary.endswith("Dry run: nothing deleted; --delete removes them.")
    assert files_on_disk(folder.root) == before


def test_delete_keeps_files_younger_than_the_grace_period(app: Flask, folder: Folder) -> None:
    before = files_on_disk(folder.root)

    result = prune(app, "--delete")

    assert result.exit_code == 0, result.output
    assert result.output.startswith("0 stray files, 0 bytes")
    assert "3 unnamed but younger than 24 h kept" in result.output
    assert files_on_disk(folder.root) == before


def test_delete_refuses_a_grace_period_under_an_hour(app: Flask, folder: Folder) -> None:
    before = files_on_disk(folder.root)
    result = prune(app, "--delete", "--older-than", "0")
    assert result.exit_code == 2
    assert "at least 1 hour with --delete" in result.output
    assert files_on_disk(folder.root) == before


def test_the_weekly_job_cannot_be_run_as_of_a_later_day(app: Flask, folder: Folder) -> None:
    """Re-running the job "as of" two days on must not make today's files look old."""
    before = files_on_disk(folder.root)
    with app.app_context():
        assert prune_stray_uploads(folder.later.isoformat()) == 0
        assert prune_stray_uploads() == 0
    assert files_on_disk(folder.root) == before
    result = app.test_cli_runner().invoke(args=["notifications", "run", "prune_stray_uploads"])
    assert result.exit_code == 0 and result.output == "prune_stray_uploads: 0\n"


def test_the_prune_is_scheduled_weekly_at_night() -> None:
    [item] = [i for i in SCHEDULE if i.func is prune_stray_uploads]
    assert item.cron == "0 3 * * 0"  # Sunday 03:00 in Asia/Ho_Chi_Minh
