"""Loading the catalogue into the database: idempotent, versioned, all or nothing."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import Result
from flask import Flask

from onestop import PROJECT_ROOT
from onestop.catalogue.loader import load_specs
from onestop.catalogue.model import Channel, ProcedureSpec
from onestop.catalogue.models import Procedure, ProcedureVersion
from onestop.catalogue.services import adopt_procedure, fee_for
from onestop.db import db


def count(model: type) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def test_loading_the_seed_twice_changes_nothing(
    app: Flask, seed_specs: list[ProcedureSpec]
) -> None:
    first = load_specs(seed_specs)
    assert len(first.created) == len(seed_specs) >= 25
    versions = count(ProcedureVersion)
    second = load_specs(seed_specs)
    assert second.created == [] and second.new_versions == []
    assert len(second.unchanged) == len(seed_specs)
    assert count(ProcedureVersion) == versions == len(seed_specs)


def test_a_changed_procedure_gets_a_new_version_and_old_ones_stay(
    app: Flask, seed_specs: list[ProcedureSpec]
) -> None:
    load_specs(seed_specs)
    birth = next(s for s in seed_specs if s.code == "1.001193")
    changed = dataclasses.replace(birth, result="Giấy khai sinh (bản chính) và trích lục")
    report = load_specs([changed])
    assert report.new_versions == ["1.001193"]
    procedure = db.session.scalar(sa.select(Procedure).where(Procedure.code == "1.001193"))
    assert procedure is not None
    assert [v.number for v in procedure.versions] == [1, 2]
    assert procedure.current_version is procedure.versions[1]
    assert procedure.spec.result == "Giấy khai sinh (bản chính) và trích lục"
    assert procedure.versions[0].spec == birth  # the version a case was opened under is intact


def test_stored_version_rebuilds_the_exact_spec(
    app: Flask, seed_specs: list[ProcedureSpec]
) -> None:
    load_specs(seed_specs)
    db.session.commit()
    db.session.expire_all()
    for spec in seed_specs:
        procedure = db.session.scalar(sa.select(Procedure).where(Procedure.code == spec.code))
        assert procedure is not None and procedure.spec == spec


def run_cli(app: Flask, *args: str) -> Result:
    return app.test_cli_runner().invoke(args=list(args))


def test_cli_loads_all_or_nothing(app: Flask, tmp_path: Path) -> None:
    shutil.copytree(PROJECT_ROOT / "procedures", tmp_path / "procedures")
    files = sorted((tmp_path / "procedures").glob("*.yaml"))
    broken = files[-1]
    text = re.sub(r"unit: \w+", "unit: fortnights", broken.read_text(encoding="utf-8"), count=1)
    broken.write_text(text, encoding="utf-8")
    seed = tmp_path / "seed.yaml"
    seed.write_text(
        "procedures:\n" + "".join(f"  - procedures/{f.name}\n" for f in files), encoding="utf-8"
    )

    result = run_cli(app, "load-procedures", "--seed", str(seed))
    assert result.exit_code == 1
    assert (
        "nothing loaded" in result.output
        and broken.name in result.output
        and "fortnights" in result.output
    )
    assert count(Procedure) == 0


def test_cli_reports_what_it_did(app: Flask) -> None:
    assert "28 new, 0 new versions, 0 unchanged." in run_cli(app, "load-procedures").output
    assert "0 new, 0 new versions, 28 unchanged." in run_cli(app, "load-procedures").output


def test_a_unit_adopts_a_procedure_with_its_own_fee(
    catalogue: dict[str, Any], demo: dict[str, Any]
) -> None:
    building = next(p for p in catalogue.values() if p.code.startswith("LOCAL.GPXD"))
    unit = demo["tiepnhan"].unit
    from onestop.catalogue.fees import FeeNotSet

    with pytest.raises(FeeNotSet):
        fee_for(unit, building, Channel.DIRECT)
    adopt_procedure(
        unit, building, fee_overrides={"direct": 75000}, fee_note="Nghị quyết HĐND tỉnh"
    )
    assert fee_for(unit, building, Channel.DIRECT) == 75000
    other_unit = demo["quantri"].unit
    with pytest.raises(FeeNotSet):
        fee_for(other_unit, building, Channel.DIRECT)  # another province's desk is unaffected


def test_certified_copy_fee_by_page_with_cap(catalogue: dict[str, Any]) -> None:
    copy = catalogue["2.000815"]
    assert fee_for(None, copy, Channel.DIRECT, pages=5, copies=2) == 14_000
    assert fee_for(None, copy, Channel.DIRECT, pages=500, copies=1) == 200_000


def test_cli_adopts_a_procedure_with_provincial_fees(
    app: Flask, catalogue: dict[str, Any], demo: dict[str, Any]
) -> None:
    unit = demo["tiepnhan"].unit
    result = run_cli(
        app,
        "adopt-procedure",
        unit.code,
        "1.004222",
        "--fee",
        "direct=25000",
        "--note",
        "NQ 12/2025/NQ-HĐND",
    )
    assert result.exit_code == 0, result.output
    assert fee_for(unit, catalogue["1.004222"], Channel.DIRECT) == 25_000
    assert (
        fee_for(unit, catalogue["1.004222"], Channel.ONLINE) == 10_000
    )  # the catalogue's online fee stays
    bad = run_cli(app, "adopt-procedure", unit.code, "1.004222", "--fee", "direct=hai-muoi")
    assert bad.exit_code == 2 and "CHANNEL=VND" in bad.output
