"""Plain, frozen inputs of the form renderers: no ORM objects, no Flask."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class UnitHeader:
    """The issuing unit as printed at the top left, and the place for the date line."""

    unit_name: str  # e.g. "UBND xã Đông Sơn"
    parent_unit_name: str  # e.g. "UBND huyện Đông Sơn"; may be empty for a province
    place_name: str  # e.g. "Đông Sơn", printed as "Đông Sơn, ngày 31 tháng 05 năm 2021"


@dataclass(frozen=True)
class Applicant:
    """The person or organisation that filed the case."""

    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    id_number: str = ""  # CCCD / passport / business registration number


@dataclass(frozen=True)
class DocumentLine:
    """One paper received: its name and how many originals and copies."""

    name: str
    originals: int = 0
    copies: int = 0


@dataclass(frozen=True)
class ReceiptData:
    """Form 01: receipt and appointment for the result."""

    case_code: str  # ASCII, e.g. "000.17.22.H56-210531-0001"
    lookup_url: str  # encoded in the QR code
    unit: UnitHeader
    applicant: Applicant
    procedure_name: str
    documents: tuple[DocumentLine, ...]
    sets: int
    processing_time_text: str  # legal time limit, e.g. "03 ngày làm việc"
    received_at: datetime  # aware
    due_at: datetime  # aware
    collect_at: str  # counter name or postal address
    register_book: str  # "Quyển số"
    register_line: str  # "Số thứ tự"
    officer_name: str
    lookup_code: str = ""  # short code printed for lookups on the portal


@dataclass(frozen=True)
class SupplementItem:
    """One thing the applicant must bring or correct, with how many of each kind of paper."""

    name: str
    originals: int = 0
    certified_copies: int = 0
    photocopies: int = 0


@dataclass(frozen=True)
class SupplementData:
    """Form 02: one complete list of what the dossier still needs."""

    number: str
    issued_at: datetime  # aware
    unit: UnitHeader
    applicant: Applicant
    procedure_name: str
    items: tuple[SupplementItem, ...]
    reason: str
    help_contact: str
    officer_name: str
    case_code: str = ""  # set when the request comes during processing


@dataclass(frozen=True)
class RefusalData:
    """Form 03: refusal to accept or resolve a dossier, with the reasons."""

    number: str
    issued_at: datetime  # aware
    unit: UnitHeader
    applicant: Applicant
    procedure_name: str
    reasons: tuple[str, ...]
    help_contact: str
    officer_name: str
    case_code: str = ""  # set when refused after appraisal


@dataclass(frozen=True)
class ApologyData:
    """Form 04: apology for a late case and the one new appointment date."""

    number: str
    issued_at: datetime  # aware
    unit: UnitHeader
    addressee: Applicant
    procedure_name: str
    case_code: str
    received_at: datetime  # aware
    original_due_at: datetime  # aware
    delay_reason: str
    new_due_at: datetime  # aware
    head_name: str
    head_title: str  # e.g. "CHỦ TỊCH", "GIÁM ĐỐC"
    issuing_body: str = ""  # who apologises, e.g. "UBND xã Đông Sơn"; defaults to the unit


class StepResult(enum.Enum):
    """How one handoff finished against its own allotment."""

    EARLY = "Trước hạn"
    ON_TIME = "Đúng hạn"
    LATE = "Quá hạn"


@dataclass(frozen=True)
class ControlStep:
    """One handoff of the dossier from one unit to the next."""

    from_unit: str
    to_unit: str
    handed_over_at: datetime  # aware
    result: StepResult | None = None  # None while the step is still running
    note: str = ""
    handed_by: str = ""
    received_by: str = ""


@dataclass(frozen=True)
class ControlSlipData:
    """Form 05: the processing control slip that travels with the dossier."""

    case_code: str
    unit: UnitHeader
    applicant: Applicant
    procedure_name: str
    received_at: datetime  # aware
    due_at: datetime  # aware
    lead_unit: str
    cooperating_units: tuple[str, ...]
    steps: tuple[ControlStep, ...]


@dataclass(frozen=True)
class RegisterRow:
    """One line of the case register."""

    number: int
    case_code: str
    procedure_name: str
    sets: int
    applicant_name: str
    applicant_address: str
    applicant_phone: str
    lead_unit: str
    received_at: datetime  # aware
    due_at: datetime  # aware
    transferred_at: datetime | None = None
    result_received_at: datetime | None = None
    returned_at: datetime | None = None
    note: str = ""


@dataclass(frozen=True)
class RegisterData:
    """Form 06: the case register of one unit for a date range."""

    unit: UnitHeader
    period_start: date
    period_end: date
    rows: tuple[RegisterRow, ...] = field(default_factory=tuple)
    book_number: str = ""
