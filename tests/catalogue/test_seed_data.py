"""The shipped catalogue: every seeded procedure parses and the seed covers the format."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from onestop.catalogue.fees import compute_fee
from onestop.catalogue.model import (
    Channel,
    FeeKind,
    FieldType,
    GovernmentLevel,
    ProcedureSpec,
    Role,
    SupplementPolicy,
    TimeUnit,
)
from onestop.catalogue.spec import content_hash, load_seed, load_spec_file

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seed_procedures.yaml"
PROCEDURE_FILES = sorted((ROOT / "procedures").glob("*.yaml"))


@pytest.fixture(scope="module")
def seed() -> list[ProcedureSpec]:
    return load_seed(SEED)


@pytest.fixture(scope="module")
def by_code(seed: list[ProcedureSpec]) -> dict[str, ProcedureSpec]:
    return {spec.code: spec for spec in seed}


@pytest.mark.parametrize("path", PROCEDURE_FILES, ids=lambda p: p.name)
def test_every_procedure_file_parses(path: Path) -> None:
    spec = load_spec_file(path)
    assert path.name.startswith(spec.code)


def test_seed_lists_every_procedure_file(seed: list[ProcedureSpec]) -> None:
    assert sorted(s.source_file for s in seed if s.source_file) == [
        p.resolve() for p in PROCEDURE_FILES
    ]


def test_seed_has_at_least_25_procedures_a_third_level_3(seed: list[ProcedureSpec]) -> None:
    assert len(seed) >= 25
    level_3 = [s for s in seed if s.online_level == 3]
    assert len(level_3) * 3 >= len(seed)
    assert all(s.eform for s in level_3)


def test_seed_covers_fields_and_levels(seed: list[ProcedureSpec]) -> None:
    assert {s.field.name for s in seed} >= {
        "Hộ tịch",
        "Chứng thực",
        "Cư trú",
        "Hoạt động xây dựng",
        "Thành lập và hoạt động của hộ kinh doanh",
        "Đất đai",
    }
    assert {s.government_level for s in seed} >= {GovernmentLevel.COMMUNE, GovernmentLevel.PROVINCE}
    assert any(s.inter_agency for s in seed)
    assert {s.supplement_policy for s in seed} == set(SupplementPolicy)


def test_seed_uses_every_time_unit_fee_kind_field_type_and_role(
    seed: list[ProcedureSpec],
) -> None:
    units = {t.time_limit.unit for s in seed for t in s.channels}
    units |= {step.allotted.unit for s in seed for step in s.process}
    assert units == set(TimeUnit)
    assert {t.fee.kind for s in seed for t in s.channels} == set(FeeKind)
    assert {f.type for s in seed for f in s.eform} == set(FieldType)
    assert {step.role for s in seed for step in s.process} == set(Role)
    assert {t.channel for s in seed for t in s.channels} == set(Channel)
    assert any(t.extended for s in seed for t in s.channels)


def test_required_parts_are_present(seed: list[ProcedureSpec]) -> None:
    for spec in seed:
        assert spec.steps and spec.documents and spec.applicants and spec.legal_basis, spec.code
        assert spec.agency.competent and spec.result and spec.source, spec.code
        assert spec.publishing_decision.number, spec.code


def test_every_seed_form_exists_and_is_a_docx(seed: list[ProcedureSpec]) -> None:
    forms = {
        (s.source_file.parent / d.form.path)
        for s in seed
        for d in s.documents
        if d.form and s.source_file
    }
    assert len(forms) >= 15
    for path in forms:
        assert path.read_bytes()[:2] == b"PK", path  # a .docx is a zip


def test_seed_text_is_nfc(seed: list[ProcedureSpec]) -> None:
    for spec in seed:
        assert unicodedata.is_normalized("NFC", spec.name)


def test_real_figures_from_the_catalogue(by_code: dict[str, ProcedureSpec]) -> None:
    birth = by_code["1.001193"].terms(Channel.DIRECT)
    assert birth is not None and birth.time_limit.unit is TimeUnit.SAME_DAY
    assert birth.time_limit.cutoff is not None and birth.time_limit.cutoff.hour == 15

    permanent = by_code["1.004222"]
    assert [compute_fee(t.fee) for t in permanent.channels] == [20_000, 10_000]
    temporary = by_code["1.004194"]
    assert [compute_fee(t.fee) for t in temporary.channels] == [15_000, 7_000]

    copy = by_code["2.000815"].terms(Channel.DIRECT)
    assert copy is not None
    assert compute_fee(copy.fee, pages=5, copies=2) == 14_000
    assert compute_fee(copy.fee, pages=400) == 200_000

    extract = by_code["2.000635"].terms(Channel.DIRECT)
    assert extract is not None and compute_fee(extract.fee, copies=2) == 16_000


def test_hashes_are_distinct_and_stable(seed: list[ProcedureSpec]) -> None:
    hashes = [content_hash(s) for s in seed]
    assert len(set(hashes)) == len(hashes)
    assert hashes == [content_hash(s) for s in load_seed(SEED)]


def test_unconfirmed_values_are_marked_with_a_note(seed: list[ProcedureSpec]) -> None:
    local = [s for s in seed if s.code.startswith("LOCAL.")]
    assert all(any(u.field == "code" for u in s.unconfirmed) for s in local)
    assert all(u.note for s in seed for u in s.unconfirmed)
