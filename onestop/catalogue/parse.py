"""Build the frozen procedure records from the raw YAML tree, one part at a time."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path, PurePosixPath

from onestop.catalogue.model import (
    Agency,
    ApplicantKind,
    Channel,
    ChannelTerms,
    EFormField,
    ExtendedTimeLimit,
    FeeKind,
    FeeRule,
    FieldRef,
    FieldType,
    FormFile,
    PageTier,
    ProcessStep,
    PublishingDecision,
    RequiredDocument,
    Role,
    TimeLimit,
    TimeUnit,
)
from onestop.catalogue.reader import Node

FORM_SUFFIXES = {".docx", ".doc", ".pdf", ".xlsx", ".odt"}
DEFAULT_CUTOFF = "15:00"  # Decree 23/2015 art. 7 and Civil Status Law art. 5
_FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_FIELD_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
_TEXT_TYPES = {FieldType.TEXT, FieldType.TEXTAREA}


def parse_time_limit(node: Node, *, extra_keys: tuple[str, ...] = ()) -> TimeLimit:
    """Parse {amount, unit} or {unit: same_day, cutoff}."""
    node.mapping({"amount", "unit", "cutoff", *extra_keys})
    unit = node.get("unit").enum(TimeUnit)
    if unit is TimeUnit.SAME_DAY:
        if not node.get("amount").missing:
            node.get("amount").fail("same_day takes no amount; remove it")
        cutoff = node.get("cutoff")
        time = cutoff if not cutoff.missing else Node(node.file, cutoff.path, DEFAULT_CUTOFF)
        return TimeLimit(unit=unit, cutoff=time.time_of_day())
    if not node.get("cutoff").missing:
        node.get("cutoff").fail("only a same_day time limit has a cutoff")
    return TimeLimit(unit=unit, amount=node.get("amount").integer(minimum=1))


def parse_fee(node: Node) -> FeeRule:
    """Parse a fee rule; each kind takes only its own keys."""
    node.mapping({"kind", "name", "amount", "price", "per_page", "cap_per_copy", "note"})
    kind = node.get("kind").enum(FeeKind)
    own = {
        FeeKind.FREE: set(),
        FeeKind.FLAT: {"amount"},
        FeeKind.PER_COPY: {"price"},
        FeeKind.PER_PAGE: {"per_page", "cap_per_copy"},
        FeeKind.SET_BY_PROVINCE: set(),
    }[kind]
    for key in ("amount", "price", "per_page", "cap_per_copy"):
        if key not in own and not node.get(key).missing:
            node.get(key).fail(f"a {kind.value} fee takes no {key}")
    rule = FeeRule(kind=kind, name=node.get("name").opt_text(), note=node.get("note").opt_text())
    if kind is FeeKind.FLAT:
        return replace(rule, amount=node.get("amount").integer(minimum=1))
    if kind is FeeKind.PER_COPY:
        return replace(rule, price=node.get("price").integer(minimum=1))
    if kind is FeeKind.PER_PAGE:
        return replace(
            rule,
            per_page=_page_tiers(node.get("per_page")),
            cap_per_copy=node.get("cap_per_copy").opt_integer(minimum=1),
        )
    return rule


def _page_tiers(node: Node) -> tuple[PageTier, ...]:
    tiers: list[PageTier] = []
    for item in node.items():
        item.mapping({"from_page", "price"})
        tier = PageTier(
            from_page=item.get("from_page").integer(minimum=1),
            price=item.get("price").integer(minimum=0),
        )
        if not tiers and tier.from_page != 1:
            item.get("from_page").fail("the first tier must start at page 1")
        if tiers and tier.from_page <= tiers[-1].from_page:
            item.get("from_page").fail("tiers must start at increasing page numbers")
        tiers.append(tier)
    return tuple(tiers)


def parse_channel(node: Node, channel: Channel) -> ChannelTerms:
    """Parse the time limit and fee of one channel."""
    node.mapping({"time_limit", "extended", "fee", "note"})
    extended = None
    ext = node.get("extended")
    if not ext.missing:
        ext.mapping({"amount", "unit", "cutoff", "when"})
        extended = ExtendedTimeLimit(
            limit=parse_time_limit(ext, extra_keys=("when",)), when=ext.get("when").text()
        )
    return ChannelTerms(
        channel=channel,
        time_limit=parse_time_limit(node.get("time_limit")),
        fee=parse_fee(node.get("fee")),
        extended=extended,
        note=node.get("note").opt_text(),
    )


def parse_document(node: Node, base_dir: Path) -> RequiredDocument:
    """Parse a required document; its form file must exist beside the procedure file."""
    node.mapping({"name", "originals", "copies", "required", "form", "note"})
    originals = node.get("originals").integer()
    copies = node.get("copies").integer()
    if originals + copies == 0:
        node.get("originals").fail("a document needs at least one original or one copy")
    form = None if node.get("form").missing else parse_form_file(node.get("form"), base_dir)
    return RequiredDocument(
        name=node.get("name").text(),
        originals=originals,
        copies=copies,
        required=node.get("required").boolean(True),
        form=form,
        note=node.get("note").opt_text(),
    )


def parse_form_file(node: Node, base_dir: Path) -> FormFile:
    """Check a form path is relative, stays inside the catalogue, and exists."""
    raw = node.text()
    rel = PurePosixPath(raw)
    if rel.is_absolute() or ".." in rel.parts or "\\" in raw:
        node.fail("must be a relative path with forward slashes inside the procedures folder")
    if rel.suffix.lower() not in FORM_SUFFIXES:
        node.fail(f"form must be one of {', '.join(sorted(FORM_SUFFIXES))}")
    target = base_dir.joinpath(*rel.parts)
    if not target.is_file():
        node.fail(f"form file not found: {target}")
    return FormFile(path=rel.as_posix(), sha256=hashlib.sha256(target.read_bytes()).hexdigest())


def parse_eform_field(node: Node) -> EFormField:
    """Parse one input of the online form."""
    node.mapping({"name", "label", "type", "required", "choices", "max_length", "pattern"})
    name = node.get("name").text()
    if not _FIELD_NAME.match(name):
        node.get("name").fail("must be a snake_case identifier such as child_full_name")
    kind = node.get("type").enum(FieldType)
    choices = node.get("choices").texts(required=kind is FieldType.SELECT)
    if choices and kind is not FieldType.SELECT:
        node.get("choices").fail("only a select field has choices")
    if len(set(choices)) != len(choices):
        node.get("choices").fail("choices must be distinct")
    max_length = node.get("max_length").opt_integer(minimum=1)
    if max_length is not None and kind not in _TEXT_TYPES:
        node.get("max_length").fail("only text and textarea fields have a max_length")
    pattern = node.get("pattern").opt_text() or None
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            node.get("pattern").fail(f"not a valid regular expression: {exc}")
    return EFormField(
        name=name,
        label=node.get("label").text(),
        type=kind,
        required=node.get("required").boolean(False),
        choices=choices,
        max_length=max_length,
        pattern=pattern,
    )


def parse_process_step(node: Node) -> ProcessStep:
    """Parse one step of the internal process."""
    node.mapping({"name", "role", "allotted", "department", "unit"})
    allotted = parse_time_limit(node.get("allotted"))
    if allotted.unit is TimeUnit.SAME_DAY:
        node.get("allotted").get("unit").fail(
            "an allotment is working_hours, working_days or calendar_days"
        )
    return ProcessStep(
        name=node.get("name").text(),
        role=node.get("role").enum(Role),
        allotted=allotted,
        department=node.get("department").opt_text(),
        unit=node.get("unit").opt_text(),
    )


def parse_field_ref(node: Node) -> FieldRef:
    node.mapping({"code", "name"})
    code = node.get("code").text()
    if not _FIELD_CODE.match(code):
        node.get("code").fail("must be a short ASCII code (letters, digits, . _ -)")
    return FieldRef(code=code, name=node.get("name").text())


def parse_agency(node: Node) -> Agency:
    node.mapping({"competent", "implementing", "coordinating"})
    return Agency(
        competent=node.get("competent").text(),
        implementing=node.get("implementing").opt_text(),
        coordinating=node.get("coordinating").texts(required=False),
    )


def parse_publishing_decision(node: Node) -> PublishingDecision:
    node.mapping({"number", "issuer", "issued_on"})
    issued = node.get("issued_on")
    return PublishingDecision(
        number=node.get("number").text(),
        issuer=node.get("issuer").text(),
        issued_on=None if issued.missing else issued.date(),
    )


def parse_applicant_kinds(node: Node) -> tuple[ApplicantKind, ...]:
    return tuple(item.enum(ApplicantKind) for item in node.items())
