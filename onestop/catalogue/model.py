"""Frozen records of one procedure, as the catalogue files describe it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from enum import StrEnum
from pathlib import Path

HOURS_PER_WORKING_DAY = 8


class GovernmentLevel(StrEnum):
    COMMUNE = "commune"
    DISTRICT = "district"  # abolished on 1 July 2025; kept for older records
    PROVINCE = "province"


class Channel(StrEnum):
    DIRECT = "direct"
    ONLINE = "online"
    POST = "post"

    @property
    def national_code(self) -> int:
        """Return the channel code the national portal uses."""
        return {"direct": 1, "online": 2, "post": 3}[self.value]


class ApplicantKind(StrEnum):
    CITIZEN = "citizen"
    BUSINESS = "business"
    STATE_AGENCY = "state_agency"
    OTHER = "other"

    @property
    def national_code(self) -> int:
        return {"citizen": 1, "business": 2, "state_agency": 3, "other": 4}[self.value]


class TimeUnit(StrEnum):
    WORKING_HOURS = "working_hours"
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    SAME_DAY = "same_day"


class FeeKind(StrEnum):
    FREE = "free"
    FLAT = "flat"
    PER_COPY = "per_copy"
    PER_PAGE = "per_page"
    SET_BY_PROVINCE = "set_by_province"


class FieldType(StrEnum):
    TEXT = "text"
    TEXTAREA = "textarea"
    DATE = "date"
    SELECT = "select"
    NUMBER = "number"
    EMAIL = "email"
    PHONE = "phone"
    CITIZEN_ID = "citizen_id"


class Role(StrEnum):
    COUNTER = "counter"
    OFFICER = "officer"
    HEAD = "head"
    LEADER = "leader"


class SupplementPolicy(StrEnum):
    PAUSE = "pause"
    RESTART = "restart"


# Decree 42/2022 renamed the levels; the catalogue page shows both names.
ONLINE_LEVEL_NAMES = {
    2: "Mức độ 2 (cung cấp thông tin và biểu mẫu)",
    3: "Mức độ 3 – trực tuyến một phần",
}


@dataclass(frozen=True)
class TimeLimit:
    """An amount of time in one unit; same_day has no amount but a cutoff."""

    unit: TimeUnit
    amount: int | None = None
    cutoff: dt.time | None = None

    def working_hours(self) -> int | None:
        """Return the length in working hours, or None for calendar days."""
        if self.unit is TimeUnit.SAME_DAY:
            return HOURS_PER_WORKING_DAY
        if self.unit is TimeUnit.CALENDAR_DAYS or self.amount is None:
            return None
        if self.unit is TimeUnit.WORKING_DAYS:
            return self.amount * HOURS_PER_WORKING_DAY
        return self.amount


@dataclass(frozen=True)
class ExtendedTimeLimit:
    """The total time allowed when a condition holds (e.g. verification needed)."""

    limit: TimeLimit
    when: str


@dataclass(frozen=True)
class PageTier:
    """Price per page from a page number onwards."""

    from_page: int
    price: int


@dataclass(frozen=True)
class FeeRule:
    """How the fee or charge for one channel is computed, in VND."""

    kind: FeeKind
    name: str = ""
    amount: int | None = None  # flat
    price: int | None = None  # per_copy
    per_page: tuple[PageTier, ...] = ()
    cap_per_copy: int | None = None
    note: str = ""


@dataclass(frozen=True)
class ChannelTerms:
    """Time limit and fee when a case comes in through one channel."""

    channel: Channel
    time_limit: TimeLimit
    fee: FeeRule
    extended: ExtendedTimeLimit | None = None
    note: str = ""


@dataclass(frozen=True)
class FormFile:
    """A downloadable form template, relative to the procedure file's folder."""

    path: str
    sha256: str


@dataclass(frozen=True)
class RequiredDocument:
    """One checklist item of the dossier."""

    name: str
    originals: int
    copies: int
    required: bool = True
    form: FormFile | None = None
    note: str = ""


@dataclass(frozen=True)
class EFormField:
    """One input of the online (level 3) submission form."""

    name: str
    label: str
    type: FieldType
    required: bool = False
    choices: tuple[str, ...] = ()
    max_length: int | None = None
    pattern: str | None = None


@dataclass(frozen=True)
class ProcessStep:
    """One step of the internal process, with who does it and its allotment."""

    name: str
    role: Role
    allotted: TimeLimit
    department: str = ""
    unit: str = ""  # another agency, for inter-agency steps


@dataclass(frozen=True)
class FieldRef:
    """The procedure's field (lĩnh vực)."""

    code: str
    name: str


@dataclass(frozen=True)
class Agency:
    """Who decides and who carries the procedure out."""

    competent: str
    implementing: str = ""
    coordinating: tuple[str, ...] = ()


@dataclass(frozen=True)
class PublishingDecision:
    """The decision that published the procedure."""

    number: str
    issuer: str
    issued_on: dt.date | None = None


@dataclass(frozen=True)
class Unconfirmed:
    """A value in the file that still needs checking against the official record."""

    field: str
    note: str


@dataclass(frozen=True)
class ProcedureSpec:
    """A procedure record with every part Decree 63/2010 art. 8 requires."""

    code: str
    name: str
    field: FieldRef
    government_level: GovernmentLevel
    online_level: int
    agency: Agency
    applicants: tuple[str, ...]
    applicant_kinds: tuple[ApplicantKind, ...]
    steps: tuple[str, ...]
    channels: tuple[ChannelTerms, ...]
    documents: tuple[RequiredDocument, ...]
    sets: int
    result: str
    legal_basis: tuple[str, ...]
    publishing_decision: PublishingDecision
    process: tuple[ProcessStep, ...]
    supplement_policy: SupplementPolicy
    source: str
    conditions: tuple[str, ...] = ()
    eform: tuple[EFormField, ...] = ()
    inter_agency: bool = False
    unconfirmed: tuple[Unconfirmed, ...] = ()
    notes: tuple[str, ...] = ()
    # Where the file was read from: not content, so left out of equality and the hash.
    source_file: Path | None = dataclass_field(default=None, compare=False)

    @property
    def online_level_name(self) -> str:
        """Return the level's name, including the Decree 42/2022 name."""
        return ONLINE_LEVEL_NAMES[self.online_level]

    def terms(self, channel: Channel) -> ChannelTerms | None:
        """Return the terms for a channel, or None if it is not offered."""
        return next((t for t in self.channels if t.channel is channel), None)
