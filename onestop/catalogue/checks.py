"""Rules that span several parts of a procedure record."""

from __future__ import annotations

import re
from typing import Any

from onestop.catalogue.model import ProcedureSpec, TimeUnit
from onestop.catalogue.reader import Node

NATIONAL_CODE = re.compile(r"^\d\.\d{6}$")  # 1.001193
INSTANCE_CODE = re.compile(r"^\d\.\d{6}\.[HG]\d{2}$")  # 1.000948.H38: a province's instance
# A procedure whose national code could not be confirmed gets a visibly local code.
LOCAL_CODE = re.compile(r"^LOCAL\.[A-Z0-9][A-Z0-9-]{2,40}$")
_PATH_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def check_code(node: Node, unconfirmed_fields: set[str]) -> str:
    """Check the shape of the procedure code."""
    code = node.text()
    if NATIONAL_CODE.match(code) or INSTANCE_CODE.match(code):
        return code
    if LOCAL_CODE.match(code):
        if "code" not in unconfirmed_fields:
            node.fail("a LOCAL. code is a placeholder: list 'code' under unconfirmed")
        return code
    node.fail(
        f"bad procedure code {code!r}; expected a national code like 1.001193, "
        "a province instance like 1.000948.H38, or a placeholder LOCAL.SOME-NAME"
    )


def check_level_rules(root: Node, spec: ProcedureSpec) -> None:
    """Online channel and e-form belong to level 3 only, and level 3 needs both."""
    online = root.get("channels").get("online")
    if spec.online_level == 3:
        if online.missing:
            online.fail("a level 3 procedure must offer the online channel")
        if not spec.eform:
            root.get("eform").fail("a level 3 procedure needs the e-form fields it asks for")
    else:
        if not online.missing:
            online.fail(
                f"the online channel needs online_level 3 (this is level {spec.online_level})"
            )
        if spec.eform:
            root.get("eform").fail("e-form fields are only for level 3 procedures")
    names = [f.name for f in spec.eform]
    for i, name in enumerate(names):
        if name in names[:i]:
            root.get("eform").items()[i].get("name").fail(f"duplicate e-form field {name!r}")


def check_inter_agency(root: Node, spec: ProcedureSpec) -> None:
    """Steps done by other units are only for inter-agency procedures."""
    other = [i for i, step in enumerate(spec.process) if step.unit]
    if spec.inter_agency:
        if not spec.agency.coordinating:
            root.get("agency").get("coordinating").fail(
                "an inter-agency procedure names its coordinating units"
            )
        if not other:
            root.get("process").fail("an inter-agency procedure has steps with a unit")
    elif other:
        root.get("process").items()[other[0]].get("unit").fail(
            "steps in another unit need inter_agency: true"
        )


def check_allotments(root: Node, spec: ProcedureSpec) -> None:
    """The internal process must fit in the legal time of every channel."""
    steps = root.get("process").items()
    for terms in spec.channels:
        legal = terms.time_limit
        in_calendar = legal.unit is TimeUnit.CALENDAR_DAYS
        for node, step in zip(steps, spec.process, strict=True):
            if (step.allotted.unit is TimeUnit.CALENDAR_DAYS) != in_calendar:
                node.get("allotted").get("unit").fail(
                    f"the {terms.channel.value} channel's legal time is in "
                    f"{legal.unit.value}; allotments must be "
                    + ("calendar_days" if in_calendar else "working_hours or working_days")
                )
        if in_calendar:
            total = sum(s.allotted.amount or 0 for s in spec.process)
            limit, unit = legal.amount or 0, "calendar days"
        else:
            total = sum(s.allotted.working_hours() or 0 for s in spec.process)
            limit, unit = legal.working_hours() or 0, "working hours"
        if total > limit:
            root.get("process").fail(
                f"allotments add up to {total} {unit}, more than the legal time of the "
                f"{terms.channel.value} channel ({limit} {unit}; 1 working day = 8 h, "
                "same_day = 8 h)"
            )


def check_unconfirmed_paths(root: Node) -> None:
    """Each unconfirmed entry must point at a field that exists in the file."""
    for item in root.get("unconfirmed").items(required=False):
        path = item.get("field")
        if not resolves(root.value, path.text()):
            path.fail(f"no such field in this file: {path.value!r}")


def resolves(data: Any, path: str) -> bool:
    """Return whether a dotted path such as channels.direct.fee.per_page[1] exists."""
    pos, current = 0, data
    for match in _PATH_TOKEN.finditer(path):
        if match.start() != pos and path[pos : match.start()] != ".":
            return False
        pos = match.end()
        key, index = match.group(1), match.group(2)
        if key is not None:
            if not isinstance(current, dict) or key not in current:
                return False
            current = current[key]
        else:
            if not isinstance(current, list) or int(index) >= len(current):
                return False
            current = current[int(index)]
    return pos == len(path) and pos > 0
