"""Builders for case tests: a complete intake for a real seeded procedure."""

from __future__ import annotations

from typing import Any

from onestop.cases.files import Upload
from onestop.cases.intake import ApplicantData, IntakeData, ReceivedDocument
from onestop.catalogue.model import ApplicantKind
from onestop.catalogue.models import Procedure

# The smallest valid PDF: what a scanner's output starts with is what matters to content sniffing.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")


def applicant(**overrides: Any) -> ApplicantData:
    values: dict[str, Any] = {
        "kind": ApplicantKind.CITIZEN,
        "name": "Nguyễn Thị Hồng Ngọc",
        "id_number": "038190001234",
        "phone": "0912345678",
        "email": "ngoc@example.vn",
        "address": "12 Lê Lợi, phường Hạc Thành, tỉnh Thanh Hóa",
    }
    values.update(overrides)
    return ApplicantData(**values)


def complete_intake(procedure: Procedure, **overrides: Any) -> IntakeData:
    """An intake with every required checklist item handed over as one original."""
    documents = [
        ReceivedDocument(position=i, originals=max(doc.originals, 1), copies=doc.copies)
        for i, doc in enumerate(procedure.spec.documents)
        if doc.required
    ]
    values: dict[str, Any] = {
        "procedure": procedure,
        "applicant": applicant(),
        "documents": documents,
        "uploads": [Upload("Tờ khai khai sinh.pdf", PDF_BYTES, 0)],
    }
    values.update(overrides)
    return IntakeData(**values)
