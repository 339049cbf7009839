"""Accepting a case: code, due date with explanation, documents, scans, history; nothing half-written."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from onestop.cases.errors import CaseChanged, CaseError
from onestop.cases.events import move
from onestop.cases.files import Upload, stored_path
from onestop.cases.intake import ReceivedDocument, accept_case, find_applicant, issue_slip
from onestop.cases.lifecycle import CaseStatus, TransitionError
from onestop.cases.models import Case, CaseEvent, CaseFile, CounterSlip, Satisfaction, SlipKind
from onestop.cases.returns import ReturnData, rate_case, return_result
from onestop.db import db
from tests.cases.factories import PNG_BYTES, applicant, complete_intake

# Monday 2 March 2026, 09:15 in Vietnam.
MONDAY_0915 = datetime(2026, 3, 2, 2, 15, tzinfo=UTC)


def count(model: type) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def upload_files(app: Flask) -> list[Path]:
    return [p for p in Path(app.config["UPLOAD_FOLDER"]).rglob("*") if p.is_file()]


@pytest.fixture
def officer(demo: dict[str, Any]) -> Any:
    return demo["tiepnhan"]


def test_accepting_issues_a_code_a_due_date_and_a_history(
    app: Flask, catalogue: dict[str, Any], officer: Any
) -> None:
    with app.app_context():
        case = accept_case(complete_intake(catalogue["1.001193"]), officer=officer, now=MONDAY_0915)
    assert re.fullmatch(r"000\.17\.22\.H56-260302-0001", case.code or "")
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{6}", case.lookup_code)
    assert case.status is CaseStatus.ACCEPTED and case.national_status == 2
    # Same-day procedure received before 15:00: due at closing time the same day (17:00 = 10:00 UTC).
    assert case.due_at == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    assert case.procedure_version is catalogue["1.001193"].current_version
    assert [d.name for d in case.documents] == [
        "Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh (hoặc văn bản của người làm chứng / giấy cam đoan về việc sinh)",
    ]
    events = db.session.scalars(sa.select(CaseEvent).where(CaseEvent.case_id == case.id)).all()
    assert [(e.action, e.from_status, e.to_status, e.actor_id) for e in events] == [
        ("accepted", None, CaseStatus.ACCEPTED, officer.id)
    ]
    assert (case.register_year, case.register_line) == (2026, 1)
    assert case.fee_due == 0


def test_after_1500_a_same_day_case_is_due_the_next_working_day(
    app: Flask, catalogue: dict[str, Any], officer: Any
) -> None:
    friday_1501 = datetime(2026, 3, 6, 8, 1, tzinfo=UTC)
    with app.app_context():
        case = accept_case(complete_intake(catalogue["1.001193"]), officer=officer, now=friday_1501)
    assert case.due_at == datetime(2026, 3, 9, 10, 0, tzinfo=UTC)  # Monday 17:00
    assert "received_after_cutoff" in [step["code"] for step in case.due_explanation]


def test_codes_restart_daily_and_count_up_within_a_day(
    app: Flask, catalogue: dict[str, Any], officer: Any
) -> None:
    with app.app_context():
        codes = [
            accept_case(
                complete_intake(catalogue["1.001193"]), officer=officer, now=MONDAY_0915
            ).code
            for _ in range(3)
        ]
        next_day = accept_case(
            complete_intake(catalogue["1.001193"]),
            officer=officer,
            now=datetime(2026, 3, 3, 1, tzinfo=UTC),
        ).code
    assert [c[-4:] for c in codes if c] == ["0001", "0002", "0003"]
    assert next_day == "000.17.22.H56-260303-0001"


def test_a_case_is_dated_by_the_vietnam_day_not_the_utc_day(
    app: Flask, catalogue: dict[str, Any], officer: Any
) -> None:
    # 18:00 UTC on 1 March is 01:00 on 2 March in Vietnam.
    with app.app_context():
        case = accept_case(
            complete_intake(catalogue["1.001193"]),
            officer=officer,
            now=datetime(2026, 3, 1, 18, tzinfo=UTC),
        )
    assert (case.code or "").endswith("-260302-0001")


def test_missing_required_document_writes_nothing(
    app: Flask, catalogue: dict[str, Any], officer: Any
) -> None:
    procedure = catalogue["1.001193"]
    data = complete_intake(procedure, documents=[ReceivedDocument(position=0, originals=1)])
    with app.app_context(), pytest.raises(CaseError) as refused:
        accept_case(data, officer=officer, now=MONDAY_0915)
    assert refused.value.field == "documents"
    assert count(Case) == 0 and count(CaseFile) == 0
    assert upload_files(app) == []


def test_a_scan_that_is_not_pdf_jpeg_or_png_is_refused_by_content(
    app: Flask, catalogue: dict[str, Any], officer: Any
) -> None:
    disguised = Upload("giay-chung-sinh.pdf", b"MZ\x90\x00 an executable pretending to be a PDF", 1)
    data = complete_intake(catalogue["1.001193"], uploads=[disguised])
    with app.app_context(), pytest.raises(CaseError) as refused:
        accept_case(data, officer=officer, now=MONDAY_0915)
    assert refused.value.field == "scans"
    assert count(Case) == 0 and upload_files(app) == []


def test_scans_keep_their_vietnamese_name_and_live_under_a_random_one(
    app: Flask, catalogue: dict[str, Any], officer: Any
) -> None:
    data = complete_intake(
        catalogue["1.001193"], uploads=[Upload("../../Giấy chứng sinh.png", PNG_BYTES, 1)]
    )
    with app.app_context():
        case = accept_case(data, officer=officer, now=MONDAY_0915)
        db.session.commit()
        stored = db.session.scalars(sa.select(CaseFile).where(CaseFile.case_id == case.id)).one()
        assert stored.original_name == "Giấy chứng sinh.png"
        assert stored.content_type == "image/png"
        assert stored_path(stored.stored_name).read_bytes() == PNG_BYTES
        assert "Giấy" not in stored.stored_name and ".." not in stored.stored_name
        assert Path(app.config["UPLOAD_FOLDER"]) in stored_path(stored.stored_name).parents


def test_a_rolled_back_intake_leaves_no_file_on_disk(
    app: Flask, catalogue: dict[str, Any], officer: Any
) -> None:
    with app.app_context():
        accept_case(complete_intake(catalogue["1.001193"]), officer=officer, now=MONDAY_0915)
        assert len(upload_files(app)) == 1
        db.session.rollback()
    assert upload_files(app) == []
    assert count(Case) == 0


def test_returning_applicant_is_found_by_id_number(
    app: Flask, catalogue: dict[str, Any], officer: Any
) -> None:
    with app.app_context():
        accept_case(complete_intake(catalogue["1.001193"]), officer=officer, now=MONDAY_0915)
    found = find_applicant(" 038190001234 ")
    assert (
        found is not None and found.name == "Nguyễn Thị Hồng Ngọc" and found.phone == "0912345678"
    )


def test_per_page_fee_is_computed_at_intake(
    app: Flask, catalogue: dict[str, Any], officer: Any
) -> None:
    with app.app_context():
        case = accept_case(
            complete_intake(catalogue["2.000815"], pages=5, copies=2),
            officer=officer,
            now=MONDAY_0915,
        )
    assert case.fee_due == 14_000


def test_counter_slips_are_numbered_per_unit_and_year(
    app: Flask, catalogue: dict[str, Any], officer: Any
) -> None:
    procedure = catalogue["1.001193"]
    items = [{"name": "Giấy chứng sinh", "originals": 1, "copies": 0}]
    first = issue_slip(
        SlipKind.SUPPLEMENT,
        procedure=procedure,
        applicant=applicant(),
        officer=officer,
        now=MONDAY_0915,
        items=items,
    )
    second = issue_slip(
        SlipKind.SUPPLEMENT,
        procedure=procedure,
        applicant=applicant(),
        officer=officer,
        now=MONDAY_0915,
        items=items,
    )
    refusal = issue_slip(
        SlipKind.REFUSAL,
        procedure=procedure,
        applicant=applicant(),
        officer=officer,
        now=MONDAY_0915,
        reason="Không thuộc thẩm quyền",
    )
    assert (first.number, second.number, refusal.number) == (1, 2, 1)
    assert count(Case) == 0  # no case, no clock
    with pytest.raises(CaseError):
        issue_slip(
            SlipKind.REFUSAL,
            procedure=procedure,
            applicant=applicant(),
            officer=officer,
            now=MONDAY_0915,
            reason=" ",
        )
    assert count(CounterSlip) == 3


def test_return_records_payment_and_collector_then_one_rating(
    app: Flask, catalogue: dict[str, Any], officer: Any
) -> None:
    with app.app_context():
        case = accept_case(
            complete_intake(catalogue["2.000815"], pages=1, copies=1),
            officer=officer,
            now=MONDAY_0915,
        )
        move(case, CaseStatus.RESULT_READY, "result_ready", actor=officer, at=MONDAY_0915)
        with pytest.raises(CaseError):
            return_result(
                case,
                ReturnData("Ngọc", "038190001234", fee_paid=5_000, fee_receipt_number="BL-1"),
                officer=officer,
                now=MONDAY_0915,
                version=case.version,
            )
        return_result(
            case,
            ReturnData(
                "Nguyễn Thị Hồng Ngọc", "038190001234", fee_paid=2_000, fee_receipt_number="BL-0001"
            ),
            officer=officer,
            now=MONDAY_0915,
            version=case.version,
        )
        assert (
            case.status is CaseStatus.RETURNED
            and case.fee_paid == 2_000
            and case.returned_at == MONDAY_0915
        )
        rate_case(case, Satisfaction.VERY_SATISFIED, "Cán bộ nhiệt tình")
        with pytest.raises(CaseError):
            rate_case(case, Satisfaction.NOT_SATISFIED)


def test_moves_outside_the_lifecycle_are_refused(
    app: Flask, catalogue: dict[str, Any], officer: Any
) -> None:
    with app.app_context():
        case = accept_case(complete_intake(catalogue["1.001193"]), officer=officer, now=MONDAY_0915)
        with pytest.raises(TransitionError):
            move(case, CaseStatus.RETURNED, "returned", actor=officer, at=MONDAY_0915)
    assert case.status is CaseStatus.ACCEPTED


def test_a_stale_version_is_told_the_case_changed(
    app: Flask, catalogue: dict[str, Any], officer: Any
) -> None:
    with app.app_context():
        case = accept_case(complete_intake(catalogue["1.001193"]), officer=officer, now=MONDAY_0915)
        move(case, CaseStatus.RESULT_READY, "result_ready", actor=officer, at=MONDAY_0915)
        loaded_version = case.version - 1
        with pytest.raises(CaseChanged):
            return_result(
                case,
                ReturnData("Ngọc", "038190001234"),
                officer=officer,
                now=MONDAY_0915,
                version=loaded_version,
            )
    assert case.status is CaseStatus.RESULT_READY
