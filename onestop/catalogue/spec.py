"""Load procedure files and the seed list into validated ProcedureSpec records."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from onestop.catalogue import checks
from onestop.catalogue.errors import SpecError
from onestop.catalogue.model import (
    Channel,
    GovernmentLevel,
    ProcedureSpec,
    SupplementPolicy,
    Unconfirmed,
)
from onestop.catalogue.parse import (
    parse_agency,
    parse_applicant_kinds,
    parse_channel,
    parse_document,
    parse_eform_field,
    parse_field_ref,
    parse_process_step,
    parse_publishing_decision,
)
from onestop.catalogue.reader import Node, load_yaml, normalise

__all__ = ["SpecError", "content_hash", "load_seed", "load_spec_file", "parse_spec"]

TOP_LEVEL_KEYS = (
    "code", "name", "field", "government_level", "online_level", "agency", "applicants",
    "applicant_kinds", "steps", "channels", "documents", "sets", "result", "conditions",
    "legal_basis", "publishing_decision", "eform", "process", "supplement_policy",
    "inter_agency", "source", "unconfirmed", "notes",
)  # fmt: skip
# Bump when the meaning of the records changes, so every procedure gets a new version.
HASH_FORMAT = "onestop-procedure/1"


def load_spec_file(path: Path | str) -> ProcedureSpec:
    """Read, normalise to NFC and validate one procedure file."""
    path = Path(path)
    return parse_spec(load_yaml(path), path)


def parse_spec(data: Any, file: Path) -> ProcedureSpec:
    """Validate already-loaded YAML data; form paths are relative to the file's folder."""
    root = Node(file, "", normalise(data)).mapping(TOP_LEVEL_KEYS)
    unconfirmed = _unconfirmed(root)
    level = root.get("online_level")
    online_level = level.integer(minimum=2)
    if online_level not in (2, 3):
        level.fail("must be 2 or 3 (level 3 = trực tuyến một phần, Decree 42/2022)")
    channels_node = root.get("channels").mapping([c.value for c in Channel])
    if channels_node.get("direct").missing:
        channels_node.get("direct").fail("every procedure is received at the counter")
    base_dir = file.parent
    spec = ProcedureSpec(
        code=checks.check_code(root.get("code"), {u.field for u in unconfirmed}),
        name=root.get("name").text(),
        field=parse_field_ref(root.get("field")),
        government_level=root.get("government_level").enum(GovernmentLevel),
        online_level=online_level,
        agency=parse_agency(root.get("agency")),
        applicants=root.get("applicants").texts(),
        applicant_kinds=parse_applicant_kinds(root.get("applicant_kinds")),
        steps=root.get("steps").texts(),
        channels=tuple(
            parse_channel(channels_node.get(c.value), c)
            for c in Channel
            if not channels_node.get(c.value).missing
        ),
        documents=tuple(parse_document(n, base_dir) for n in root.get("documents").items()),
        sets=root.get("sets").integer(minimum=1),
        result=root.get("result").text(),
        conditions=root.get("conditions").texts(required=False),
        legal_basis=root.get("legal_basis").texts(),
        publishing_decision=parse_publishing_decision(root.get("publishing_decision")),
        eform=tuple(parse_eform_field(n) for n in root.get("eform").items(required=False)),
        process=tuple(parse_process_step(n) for n in root.get("process").items()),
        supplement_policy=root.get("supplement_policy").enum(SupplementPolicy),
        inter_agency=root.get("inter_agency").boolean(False),
        source=root.get("source").text(),
        unconfirmed=unconfirmed,
        notes=root.get("notes").texts(required=False),
        source_file=file,
    )
    checks.check_level_rules(root, spec)
    checks.check_inter_agency(root, spec)
    checks.check_allotments(root, spec)
    checks.check_unconfirmed_paths(root)
    return spec


def _unconfirmed(root: Node) -> tuple[Unconfirmed, ...]:
    entries = []
    for item in root.get("unconfirmed").items(required=False):
        item.mapping({"field", "note"})
        entries.append(Unconfirmed(field=item.get("field").text(), note=item.get("note").text()))
    return tuple(entries)


def load_seed(seed_path: Path | str) -> list[ProcedureSpec]:
    """Load every file the seed lists, or raise the first SpecError (all or nothing)."""
    seed_path = Path(seed_path)
    root = Node(seed_path, "", load_yaml(seed_path)).mapping({"procedures"})
    specs: list[ProcedureSpec] = []
    seen_files: dict[Path, str] = {}
    seen_codes: dict[str, Path] = {}
    for item in root.get("procedures").items():
        file = (seed_path.parent / item.text()).resolve()
        if file in seen_files:
            item.fail(f"listed twice (also at {seen_files[file]})")
        seen_files[file] = item.path
        if not file.is_file():
            item.fail(f"procedure file not found: {file}")
        spec = load_spec_file(file)
        if spec.code in seen_codes:
            first = seen_codes[spec.code]
            raise SpecError(file, "code", f"duplicate procedure code, already in {first}")
        seen_codes[spec.code] = file
        specs.append(spec)
    return specs


def content_hash(spec: ProcedureSpec) -> str:
    """Return a stable sha256 of the parsed content (forms included, file location not)."""
    data = dataclasses.asdict(spec)
    data.pop("source_file")
    canonical = json.dumps(
        {"format": HASH_FORMAT, "spec": data},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=_json_default,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _json_default(value: object) -> str:
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    raise TypeError(f"cannot hash {type(value).__name__}")
