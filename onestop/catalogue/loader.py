"""Load procedure specs into the database: idempotent, a new version only when content changed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa

from onestop.catalogue.model import ProcedureSpec
from onestop.catalogue.models import Procedure, ProcedureVersion
from onestop.catalogue.serialize import spec_to_data
from onestop.catalogue.spec import content_hash
from onestop.db import db
from onestop.text import fold


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    new_versions: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.new_versions)


def load_specs(
    specs: Iterable[ProcedureSpec], progress: Callable[[str], None] = lambda _: None
) -> LoadReport:
    """Store each spec, adding a version where its content hash differs. Flushes, never commits."""
    report = LoadReport()
    specs = list(specs)
    existing = {
        p.code: p
        for p in db.session.scalars(
            sa.select(Procedure)
            .where(Procedure.code.in_([s.code for s in specs]))
            .options(sa.orm.joinedload(Procedure.current_version))
        )
    }
    for spec in specs:
        progress(spec.code)
        digest = content_hash(spec)
        procedure = existing.get(spec.code)
        if procedure is not None and procedure.current_version is not None:
            if procedure.current_version.content_hash == digest:
                report.unchanged.append(spec.code)
                continue
            report.new_versions.append(spec.code)
            number = procedure.current_version.number + 1
        else:
            procedure = Procedure(code=spec.code)
            db.session.add(procedure)
            report.created.append(spec.code)
            number = 1
        _describe(procedure, spec)
        version = ProcedureVersion(
            procedure=procedure,
            number=number,
            content_hash=digest,
            data=spec_to_data(spec),
            source_file=str(spec.source_file.name) if spec.source_file else "",
        )
        db.session.add(version)
        db.session.flush()
        procedure.current_version = version
    db.session.flush()
    return report


def _describe(procedure: Procedure, spec: ProcedureSpec) -> None:
    procedure.name = spec.name
    procedure.field_code = spec.field.code
    procedure.field_name = spec.field.name
    procedure.government_level = spec.government_level.value
    procedure.online_level = spec.online_level
    procedure.search_text = fold(f"{spec.name} {spec.code} {spec.field.name}")
