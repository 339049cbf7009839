"""Fixtures: a minimal valid procedure file that tests break one field at a time."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

MINIMAL: dict[str, Any] = {
    "code": "1.001193",
    "name": "Đăng ký khai sinh",
    "field": {"code": "ho-tich", "name": "Hộ tịch"},
    "government_level": "commune",
    "online_level": 3,
    "agency": {"competent": "Ủy ban nhân dân cấp xã"},
    "applicants": ["Cha, mẹ của trẻ"],
    "applicant_kinds": ["citizen"],
    "steps": ["Nộp hồ sơ", "Trả kết quả"],
    "channels": {
        "direct": {"time_limit": {"unit": "same_day"}, "fee": {"kind": "free"}},
        "online": {"time_limit": {"unit": "same_day"}, "fee": {"kind": "free"}},
    },
    "documents": [
        {"name": "Tờ khai", "originals": 1, "copies": 0, "form": "forms/to-khai.docx"},
    ],
    "sets": 1,
    "result": "Giấy khai sinh",
    "legal_basis": ["Luật Hộ tịch 2014"],
    "publishing_decision": {"number": "QĐ 1", "issuer": "Bộ Tư pháp"},
    "eform": [{"name": "child_full_name", "label": "Họ tên", "type": "text", "required": True}],
    "process": [
        {
            "name": "Tiếp nhận",
            "role": "counter",
            "allotted": {"amount": 2, "unit": "working_hours"},
        },
        {"name": "Xử lý", "role": "officer", "allotted": {"amount": 6, "unit": "working_hours"}},
    ],
    "supplement_policy": "pause",
    "source": "Test",
}

WriteSpec = Callable[..., Path]


@pytest.fixture
def minimal() -> dict[str, Any]:
    return copy.deepcopy(MINIMAL)


@pytest.fixture
def write_spec(tmp_path: Path) -> WriteSpec:
    """Write procedure data (or raw text) as a YAML file beside a forms/ folder."""
    forms = tmp_path / "forms"
    forms.mkdir(exist_ok=True)
    (forms / "to-khai.docx").write_bytes(b"form")

    def write(data: Any, name: str = "proc.yaml") -> Path:
        path = tmp_path / name
        text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write
