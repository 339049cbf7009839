"""Demo cases over the last months, so the reports have something to show (`flask seed-demo-cases`).

Every case goes through the real services (accept_case, events.move, rate_case), so its history
and report clock are what the screens would have written.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa

from onestop.accounts.models import Role, User
from onestop.cases.clock import SUPPLEMENT_RECEIVED, SUPPLEMENT_REQUESTED
from onestop.cases.events import move
from onestop.cases.intake import ApplicantData, IntakeData, ReceivedDocument, accept_case
from onestop.cases.lifecycle import FINISHED_STATUSES, CaseStatus
from onestop.cases.models import Case, Satisfaction
from onestop.cases.returns import rate_case
from onestop.catalogue.model import ApplicantKind, Channel
from onestop.catalogue.models import Procedure
from onestop.db import db
from onestop.organisation.models import Unit
from onestop.processing.handoffs import receive_step, transfer_case
from onestop.processing.models import CaseStep, StepState
from onestop.processing.supplements import record_supplement

# (action, status moved to, when)
Step = tuple[str, CaseStatus, datetime]

NAMES = (
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Hoàng Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Em",
    "Vũ Thị Giang",
    "Đặng Quốc Huy",
    "Bùi Thị Khánh",
)


def intake_for(
    procedure: Procedure,
    *,
    name: str,
    id_number: str,
    channel: Channel = Channel.DIRECT,
    handling_unit: Unit | None = None,
) -> IntakeData:
    """A complete intake for a procedure: every required checklist item as one original."""
    documents = [
        ReceivedDocument(position=i, originals=1)
        for i, doc in enumerate(procedure.spec.documents)
        if doc.required
    ]
    return IntakeData(
        procedure=procedure,
        applicant=ApplicantData(kind=ApplicantKind.CITIZEN, name=name, id_number=id_number),
        documents=documents,
        channel=channel,
        handling_unit=handling_unit,
    )


def build_case(
    intake: IntakeData,
    *,
    officer: User,
    accepted_at: datetime,
    steps: Sequence[Step] = (),
    due_at: datetime | None = None,
    rating: Satisfaction | None = None,
) -> Case:
    """Accept a case at `accepted_at`, optionally fix its due date, then play its steps in order."""
    case = accept_case(intake, officer=officer, now=accepted_at)
    if due_at is not None:
        case.due_at = due_at
    for action, status, at in steps:
        waiting_since = case.paused_since
        move(case, status, action, actor=officer, at=at)
        if action == SUPPLEMENT_RECEIVED and waiting_since is not None and case.due_at:
            # What the processing screens do when the papers come back (there in working
            # time): the due date moves by the waiting.
            case.due_at += at - waiting_since
    if rating is not None:
        rate_case(case, rating)
    db.session.flush()
    return case


def _story(rng: random.Random, accepted: datetime, due: datetime, now: datetime) -> list[Step]:
    """A plausible life: most cases finish on time, some late, a few wait or are withdrawn."""
    span = max((due - accepted).total_seconds(), 3600)
    steps: list[Step] = [("assigned", CaseStatus.IN_PROGRESS, accepted + timedelta(minutes=30))]
    at = accepted + timedelta(hours=1)
    roll = rng.random()
    if roll < 0.05:
        return [*steps, ("withdrawn", CaseStatus.WITHDRAWN, at + timedelta(hours=2))]
    if roll < 0.2:
        asked = at + timedelta(seconds=span * 0.3)
        steps.append((SUPPLEMENT_REQUESTED, CaseStatus.SUPPLEMENT, asked))
        back = asked + timedelta(days=rng.randint(1, 6))
        if back > now:
            return steps
        steps.append((SUPPLEMENT_RECEIVED, CaseStatus.IN_PROGRESS, back))
        at = back
    finish = at + timedelta(seconds=span * rng.choice((0.2, 0.5, 0.8, 0.95, 1.3, 2.0)))
    if finish > now:
        return steps
    steps.append(("approved", CaseStatus.RESULT_READY, finish))
    if finish + timedelta(days=1) < now:
        steps.append(("returned", CaseStatus.RETURNED, finish + timedelta(days=1)))
    return steps


def _hand_to_department(
    case: Case, officer: User, at: datetime, rng: random.Random
) -> CaseStep | None:
    """Send the case to one of its unit's departments, where an officer takes it (real services).

    Returns the department's step, or None when the unit has no department to send it to.
    """
    departments = [d for d in case.handling_unit.departments if d.active]
    if not departments:
        return None
    department = rng.choice(departments)
    step = transfer_case(case, actor=officer, lead_department=department, now=at, version=None)
    handler = db.session.scalar(
        sa.select(User)
        .where(User.department_id == department.id, User.role == Role.OFFICER, User.active)
        .order_by(User.id)
    )
    if handler is not None:
        receive_step(step, actor=handler, now=at + timedelta(minutes=10), version=None)
    return step


def _close_step(step: CaseStep, status: CaseStatus, at: datetime) -> None:
    """The department's step ends with the case: done with a result, cancelled otherwise."""
    if not step.is_open:
        return
    step.state = StepState.DONE if status is not CaseStatus.WITHDRAWN else StepState.CANCELLED
    step.finished_at = at


# Demo applicants' ID numbers start with this, so a rerun recognises its own cases.
DEMO_ID_PREFIX = "0381999"


def seed_demo_cases(now: datetime, count: int = 150, seed: int = 2026) -> int:
    """Create `count` cases accepted over the 4 months before `now`; none if they exist already."""
    if db.session.scalar(
        sa.select(sa.func.count(Case.id)).where(Case.applicant_id_number.like(f"{DEMO_ID_PREFIX}%"))
    ):
        return 0
    officer = db.session.scalar(
        sa.select(User).where(User.role == Role.COUNTER_OFFICER).order_by(User.id)
    )
    procedures = list(db.session.scalars(sa.select(Procedure).order_by(Procedure.code)))
    if officer is None or not procedures:
        return 0
    units = list(db.session.scalars(sa.select(Unit).where(Unit.level == "commune")))
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    moments = sorted(
        now - timedelta(days=rng.uniform(0, 120), hours=rng.uniform(0, 6)) for _ in range(count)
    )
    for n, moment in enumerate(moments):
        # Office hours (Vietnam 08:00-14:00) so the same-day procedures behave.
        accepted = moment.replace(hour=rng.randint(1, 7), minute=rng.randint(0, 59))
        if accepted > now:
            accepted -= timedelta(days=1)
        procedure = rng.choice(procedures)
        channel = rng.choice((Channel.DIRECT, Channel.DIRECT, Channel.ONLINE, Channel.POST))
        if procedure.spec.terms(channel) is None:
            channel = Channel.DIRECT
        if procedure.spec.terms(channel) is None:
            continue
        intake = intake_for(
            procedure,
            name=rng.choice(NAMES),
            id_number=f"{DEMO_ID_PREFIX}{n:05d}",
            channel=channel,
            handling_unit=rng.choice(units) if units else None,
        )
        case = accept_case(intake, officer=officer, now=accepted)
        assert case.due_at is not None
        step: CaseStep | None = None
        for action, status, at in _story(rng, accepted, case.due_at, now):
            if action == "assigned":
                step = _hand_to_department(case, officer, at, rng)
                if step is not None:
                    continue
            if action == SUPPLEMENT_RECEIVED:
                # Through the counter's service: the due date moves by the waiting.
                record_supplement(case, actor=officer, now=at, version=None)
                continue
            move(case, status, action, actor=officer, at=at)
            if step is not None and status in FINISHED_STATUSES:
                _close_step(step, status, at)
        if case.status is CaseStatus.RETURNED and rng.random() < 0.6:
            level = rng.choice(
                (Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED, Satisfaction.NOT_SATISFIED)
            )
            rate_case(case, level)
    db.session.flush()
    return count
