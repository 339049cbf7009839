"""Parsing and validation of procedure files: every refusal names file and field."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from onestop.catalogue.model import Channel, FeeKind, TimeUnit
from onestop.catalogue.spec import SpecError, content_hash, load_seed, load_spec_file
from tests.catalogue.conftest import WriteSpec

Mutation = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return mutate


def _delete(key: str) -> Mutation:
    return lambda data: data.pop(key)


def _level_2_with_online(data: dict[str, Any]) -> None:
    data["online_level"] = 2
    data.pop("eform")


def _level_2_with_eform(data: dict[str, Any]) -> None:
    data["online_level"] = 2
    data["channels"].pop("online")


def _step_in_other_unit(data: dict[str, Any]) -> None:
    data["process"][1]["unit"] = "Bảo hiểm xã hội"


PER_PAGE = {
    "kind": "per_page",
    "per_page": [{"from_page": 1, "price": 2000}, {"from_page": 1, "price": 1000}],
}

BROKEN = {
    "missing name": (_delete("name"), "name", "required field is missing"),
    "blank name": (_set("name", "  "), "name", "must not be blank"),
    "unknown key": (_set("nmae", "x"), "nmae", "unknown key"),
    "bad code": (_set("code", "1.1193"), "code", "bad procedure code"),
    "code read as number": (_set("code", 1.001193), "code", "quote it"),
    "local code not unconfirmed": (_set("code", "LOCAL.GPXD"), "code", "list 'code' under"),
    "bad level": (_set("online_level", 4), "online_level", "must be 2 or 3"),
    "bad government level": (_set("government_level", "ward"), "government_level", "unknown"),
    "bad unit": (
        _set("channels.direct.time_limit", {"amount": 3, "unit": "days"}),
        "channels.direct.time_limit.unit",
        "expected one of",
    ),
    "same day with amount": (
        _set("channels.direct.time_limit", {"amount": 1, "unit": "same_day"}),
        "channels.direct.time_limit.amount",
        "same_day takes no amount",
    ),
    "cutoff read as number": (
        _set("channels.direct.time_limit", {"unit": "same_day", "cutoff": 900}),
        "channels.direct.time_limit.cutoff",
        "quoted time",
    ),
    "zero days": (
        _set("channels.direct.time_limit", {"amount": 0, "unit": "working_days"}),
        "channels.direct.time_limit.amount",
        "at least 1",
    ),
    "allotments over legal time": (
        _set("process.1.allotted", {"amount": 1, "unit": "working_days"}),
        "process",
        "10 working hours, more than the legal time of the direct channel (8",
    ),
    "calendar allotment on working-day limit": (
        _set("process.1.allotted", {"amount": 1, "unit": "calendar_days"}),
        "process[1].allotted.unit",
        "working_hours or working_days",
    ),
    "same_day allotment": (
        _set("process.0.allotted", {"unit": "same_day"}),
        "process[0].allotted.unit",
        "an allotment is",
    ),
    "bad role": (_set("process.0.role", "clerk"), "process[0].role", "unknown value 'clerk'"),
    "online channel on level 2": (_level_2_with_online, "channels.online", "online_level 3"),
    "eform on level 2": (_level_2_with_eform, "eform", "only for level 3"),
    "level 3 without eform": (_delete("eform"), "eform", "needs the e-form"),
    "level 3 without online": (
        lambda d: d["channels"].pop("online"),
        "channels.online",
        "must offer the online channel",
    ),
    "no direct channel": (lambda d: d["channels"].pop("direct"), "channels.direct", "counter"),
    "unknown channel": (_set("channels.fax", {}), "channels.fax", "unknown key"),
    "missing form file": (
        _set("documents.0.form", "forms/missing.docx"),
        "documents[0].form",
        "form file not found",
    ),
    "form outside catalogue": (
        _set("documents.0.form", "../secret.docx"),
        "documents[0].form",
        "relative path",
    ),
    "document without papers": (
        _set("documents.0.originals", 0),
        "documents[0].originals",
        "at least one original",
    ),
    "flat fee without amount": (
        _set("channels.direct.fee", {"kind": "flat"}),
        "channels.direct.fee.amount",
        "required field is missing",
    ),
    "free fee with amount": (
        _set("channels.direct.fee", {"kind": "free", "amount": 5}),
        "channels.direct.fee.amount",
        "takes no amount",
    ),
    "page tiers out of order": (
        _set("channels.online.fee", PER_PAGE),
        "channels.online.fee.per_page[1].from_page",
        "increasing",
    ),
    "negative page price": (
        _set(
            "channels.online.fee", {"kind": "per_page", "per_page": [{"from_page": 1, "price": -1}]}
        ),
        "channels.online.fee.per_page[0].price",
        "at least 0",
    ),
    "select without choices": (
        _set("eform.0.type", "select"),
        "eform[0].choices",
        "required field is missing",
    ),
    "bad eform type": (_set("eform.0.type", "file"), "eform[0].type", "unknown value"),
    "bad eform name": (_set("eform.0.name", "Họ tên"), "eform[0].name", "snake_case"),
    "bad pattern": (_set("eform.0.pattern", "[0-9"), "eform[0].pattern", "regular expression"),
    "max_length on date": (
        lambda d: d["eform"][0].update(type="date", max_length=5),
        "eform[0].max_length",
        "only text and textarea",
    ),
    "bad supplement policy": (
        _set("supplement_policy", "wait"),
        "supplement_policy",
        "pause, restart",
    ),
    "other unit without inter_agency": (_step_in_other_unit, "process[1].unit", "inter_agency"),
    "unconfirmed points nowhere": (
        _set("unconfirmed", [{"field": "channels.post.fee", "note": "?"}]),
        "unconfirmed[0].field",
        "no such field",
    ),
    "list expected": (_set("steps", "Nộp hồ sơ"), "steps", "must be a list"),
    "empty documents": (_set("documents", []), "documents", "must not be empty"),
    "bad issue date": (
        _set("publishing_decision.issued_on", "4/9/2020"),
        "publishing_decision.issued_on",
        "YYYY-MM-DD",
    ),
}


@pytest.mark.parametrize(("mutate", "path", "reason"), BROKEN.values(), ids=BROKEN.keys())
def test_broken_file_is_refused_with_file_and_field(
    write_spec: WriteSpec, minimal: dict[str, Any], mutate: Mutation, path: str, reason: str
) -> None:
    mutate(minimal)
    file = write_spec(minimal)
    with pytest.raises(SpecError) as info:
        load_spec_file(file)
    assert info.value.file == str(file)
    assert info.value.path == path
    assert reason in info.value.reason
    assert str(info.value).startswith(f"{file}: {path}: ")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("code: '1.001193'\nname: [unclosed\n", "YAML syntax error"),
        ("code: '1.001193'\ncode: '1.001194'\n", "duplicate key 'code'"),
    ],
    ids=["syntax error", "duplicate key"],
)
def test_unreadable_yaml_is_refused_with_line(
    write_spec: WriteSpec, text: str, reason: str
) -> None:
    file = write_spec(text)
    with pytest.raises(SpecError) as info:
        load_spec_file(file)
    assert info.value.file == str(file)
    assert info.value.path.startswith("line ")
    assert reason in info.value.reason


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="file not found"):
        load_spec_file(tmp_path / "nope.yaml")


def test_minimal_file_parses(write_spec: WriteSpec, minimal: dict[str, Any]) -> None:
    spec = load_spec_file(write_spec(minimal))
    direct = spec.terms(Channel.DIRECT)
    assert direct is not None
    assert direct.time_limit.unit is TimeUnit.SAME_DAY
    assert direct.time_limit.cutoff == dt.time(15, 0)  # the default cutoff
    assert direct.fee.kind is FeeKind.FREE
    assert spec.terms(Channel.POST) is None
    assert spec.online_level_name == "Mức độ 3 – trực tuyến một phần"
    assert spec.documents[0].form is not None
    assert spec.documents[0].form.path == "forms/to-khai.docx"


def test_nfd_text_is_normalised_to_nfc(write_spec: WriteSpec, minimal: dict[str, Any]) -> None:
    minimal["name"] = unicodedata.normalize("NFD", "Đăng ký khai sinh")
    minimal["applicants"] = [unicodedata.normalize("NFD", "Cha, mẹ của trẻ")]
    spec = load_spec_file(write_spec(minimal))
    assert spec.name == "Đăng ký khai sinh"
    assert unicodedata.is_normalized("NFC", spec.applicants[0])
    nfc_spec = load_spec_file(write_spec(_nfc_copy(minimal), name="nfc.yaml"))
    assert content_hash(spec) == content_hash(nfc_spec)


def _nfc_copy(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "name": "Đăng ký khai sinh", "applicants": ["Cha, mẹ của trẻ"]}


@pytest.mark.parametrize("code", ["1.001193", "1.000948.H38", "2.000815.G09"])
def test_national_and_instance_codes_are_accepted(
    write_spec: WriteSpec, minimal: dict[str, Any], code: str
) -> None:
    minimal["code"] = code
    assert load_spec_file(write_spec(minimal)).code == code


def test_local_code_is_accepted_when_marked_unconfirmed(
    write_spec: WriteSpec, minimal: dict[str, Any]
) -> None:
    minimal["code"] = "LOCAL.GPXD-NHA-O"
    minimal["unconfirmed"] = [{"field": "code", "note": "mã chưa xác định"}]
    spec = load_spec_file(write_spec(minimal))
    assert spec.unconfirmed[0].field == "code"


def test_unconfirmed_may_point_into_lists(write_spec: WriteSpec, minimal: dict[str, Any]) -> None:
    minimal["unconfirmed"] = [{"field": "process[1].allotted.amount", "note": "?"}]
    assert load_spec_file(write_spec(minimal)).unconfirmed[0].note == "?"


def test_calendar_day_limit_takes_calendar_allotments(
    write_spec: WriteSpec, minimal: dict[str, Any]
) -> None:
    minimal.update(online_level=2)
    minimal.pop("eform")
    minimal["channels"] = {
        "direct": {"time_limit": {"amount": 15, "unit": "calendar_days"}, "fee": {"kind": "free"}}
    }
    minimal["process"] = [
        {
            "name": "Thẩm định",
            "role": "officer",
            "allotted": {"amount": 15, "unit": "calendar_days"},
        },
    ]
    assert load_spec_file(write_spec(minimal)).process[0].allotted.amount == 15
    minimal["process"][0]["allotted"]["amount"] = 16
    with pytest.raises(SpecError, match="16 calendar days"):
        load_spec_file(write_spec(minimal))


def test_content_hash_is_stable_and_sensitive(
    write_spec: WriteSpec, minimal: dict[str, Any]
) -> None:
    first = load_spec_file(write_spec(minimal, name="a.yaml"))
    reordered = dict(reversed(list(minimal.items())))
    second = load_spec_file(write_spec(reordered, name="b.yaml"))
    assert content_hash(first) == content_hash(second)  # key order and file name do not count
    minimal["sets"] = 2
    assert content_hash(load_spec_file(write_spec(minimal, name="c.yaml"))) != content_hash(first)


def test_content_hash_changes_when_a_form_changes(
    write_spec: WriteSpec, minimal: dict[str, Any], tmp_path: Path
) -> None:
    before = content_hash(load_spec_file(write_spec(minimal)))
    (tmp_path / "forms" / "to-khai.docx").write_bytes(b"new layout")
    assert content_hash(load_spec_file(write_spec(minimal))) != before


def _seed(tmp_path: Path, *files: str) -> Path:
    seed = tmp_path / "seed.yaml"
    seed.write_text("procedures:\n" + "".join(f"  - {f}\n" for f in files), encoding="utf-8")
    return seed


def test_load_seed_loads_every_listed_file(
    write_spec: WriteSpec, minimal: dict[str, Any], tmp_path: Path
) -> None:
    write_spec(minimal, name="a.yaml")
    write_spec({**minimal, "code": "1.000894"}, name="b.yaml")
    specs = load_seed(_seed(tmp_path, "a.yaml", "b.yaml"))
    assert [s.code for s in specs] == ["1.001193", "1.000894"]


def test_load_seed_is_all_or_nothing(
    write_spec: WriteSpec, minimal: dict[str, Any], tmp_path: Path
) -> None:
    write_spec(minimal, name="good.yaml")
    bad = write_spec({**minimal, "code": "1.000894", "sets": 0}, name="bad.yaml")
    with pytest.raises(SpecError) as info:
        load_seed(_seed(tmp_path, "good.yaml", "bad.yaml"))
    assert (info.value.file, info.value.path) == (str(bad), "sets")


def test_load_seed_refuses_duplicate_codes(
    write_spec: WriteSpec, minimal: dict[str, Any], tmp_path: Path
) -> None:
    write_spec(minimal, name="a.yaml")
    second = write_spec(minimal, name="b.yaml")
    with pytest.raises(SpecError) as info:
        load_seed(_seed(tmp_path, "a.yaml", "b.yaml"))
    assert (info.value.file, info.value.path) == (str(second), "code")
    assert "duplicate procedure code" in info.value.reason


def test_load_seed_refuses_missing_and_repeated_files(
    write_spec: WriteSpec, minimal: dict[str, Any], tmp_path: Path
) -> None:
    write_spec(minimal, name="a.yaml")
    seed = _seed(tmp_path, "a.yaml", "missing.yaml")
    with pytest.raises(SpecError) as info:
        load_seed(seed)
    assert (info.value.file, info.value.path) == (str(seed), "procedures[1]")
    with pytest.raises(SpecError, match="listed twice"):
        load_seed(_seed(tmp_path, "a.yaml", "a.yaml"))
