"""How catalogue facts read on a page: time limits, fees, levels (translated)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from onestop.catalogue.fees import describe_fee
from onestop.catalogue.model import Channel, ProcedureSpec, TimeLimit, TimeUnit

LEVEL_LABELS = {
    "commune": _l("Commune"),
    "district": _l("District"),
    "province": _l("Province"),
}

STEP_ROLE_LABELS = {
    "counter": _l("One-stop desk"),
    "officer": _l("Department officer"),
    "head": _l("Department head"),
    "leader": _l("Unit leader"),
}

CHANNEL_LABELS = {
    Channel.DIRECT: _l("In person"),
    Channel.ONLINE: _l("Online"),
    Channel.POST: _l("By post"),
}


def describe_time_limit(limit: TimeLimit) -> str:
    """Say a time limit the way the catalogue publishes it."""
    match limit.unit:
        case TimeUnit.SAME_DAY:
            cutoff = limit.cutoff.strftime("%H:%M") if limit.cutoff else "15:00"
            return gettext(
                "Same working day (received after %(cutoff)s: the next working day)", cutoff=cutoff
            )
        case TimeUnit.WORKING_HOURS:
            return gettext("%(n)s working hours", n=limit.amount)
        case TimeUnit.WORKING_DAYS:
            return gettext("%(n)s working days", n=limit.amount)
        case TimeUnit.CALENDAR_DAYS:
            return gettext("%(n)s days", n=limit.amount)
    raise AssertionError(limit.unit)


@dataclass(frozen=True)
class ChannelRow:
    label: str
    time_limit: str
    extended: str
    fee: str
    fee_note: str  # the condition on the fee, e.g. "free when registered on time"
    note: str


def channel_rows(spec: ProcedureSpec) -> list[ChannelRow]:
    """Return the per-channel table: time and fee for in person, online and post."""
    rows = []
    for terms in spec.channels:
        extended = ""
        if terms.extended is not None:
            extended = f"{describe_time_limit(terms.extended.limit)} ({terms.extended.when})"
        rows.append(
            ChannelRow(
                label=str(CHANNEL_LABELS[terms.channel]),
                time_limit=describe_time_limit(terms.time_limit),
                extended=extended,
                fee=describe_fee(terms.fee),
                fee_note=terms.fee.note,
                note=terms.note,
            )
        )
    return rows
