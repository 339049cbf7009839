"""The OpenAPI 3.1 document of the API, served at /api/v1/openapi.json (a test keeps it true)."""

from __future__ import annotations

from typing import Any

from flask.typing import ResponseReturnValue

from onestop.api import bp

NULLABLE_STRING = {"type": ["string", "null"]}
PORTAL_DATE = {
    "type": ["string", "null"],
    "pattern": "^[0-9]{14}$",
    "description": "yyyyMMddHHmmss, Vietnam time",
}


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _ok(schema: str) -> dict[str, Any]:
    return {
        "description": "OK",
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


RATE_LIMITED = _error("Too many requests")
# Text parameters never take a NUL character: the app answers 400 to one (onestop.security).
NO_NUL = "^[^\\x00]*$"

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["status", "code", "message"],
                "properties": {
                    "status": {"type": "integer"},
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                },
            }
        },
    },
    "ProcedureSummary": {
        "type": "object",
        "required": ["code", "name", "field", "government_level", "online_level", "version"],
        "properties": {
            "code": {"type": "string"},
            "name": {"type": "string"},
            "field": {
                "type": "object",
                "required": ["code", "name"],
                "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
            },
            "government_level": {"type": "string", "enum": ["commune", "district", "province"]},
            "online_level": {"type": "integer", "enum": [2, 3]},
            "version": {"type": ["integer", "null"]},
        },
    },
    "ProcedureList": {
        "type": "object",
        "required": ["items", "page", "per_page", "total"],
        "properties": {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/ProcedureSummary"}},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            "total": {"type": "integer"},
        },
    },
    "ProcedureDetail": {
        "allOf": [
            {"$ref": "#/components/schemas/ProcedureSummary"},
            {"type": "object", "required": ["spec"], "properties": {"spec": {"type": "object"}}},
        ]
    },
    "PublicStatus": {
        "type": "object",
        "required": [
            "code",
            "procedure",
            "applicant_initials",
            "status",
            "accepted_at",
            "due_at",
            "handling_unit",
            "fee_outstanding",
            "milestones",
            "result_signature",
        ],
        "properties": {
            "code": {"type": "string"},
            "procedure": {
                "type": "object",
                "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
            },
            "applicant_initials": {"type": "string"},
            "status": {"type": "integer", "minimum": 1, "maximum": 10},
            "accepted_at": PORTAL_DATE,
            "due_at": PORTAL_DATE,
            "handling_unit": {"type": "string"},
            "fee_outstanding": {"type": "integer"},
            "milestones": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"at": PORTAL_DATE, "label": {"type": "string"}},
                },
            },
            "result_signature": {
                "description": "Whether the result document is digitally signed, and by whom; "
                "null until the case has a result.",
                "oneOf": [
                    {"type": "null"},
                    {
                        "type": "object",
                        "required": ["signed", "signer", "signed_at", "timestamped"],
                        "properties": {
                            "signed": {"type": "boolean"},
                            "signer": NULLABLE_STRING,
                            "signed_at": PORTAL_DATE,
                            "timestamped": {"type": "boolean"},
                        },
                    },
                ],
            },
        },
    },
    "NationalCase": {
        "type": "object",
        "description": "A case in the national public service portal's field names and codes.",
        "required": [
            "MaHoSo",
            "MaTTHC",
            "TenTTHC",
            "KenhThucHien",
            "ChuHoSo",
            "LoaiDoiTuong",
            "TrangThaiHoSo",
            "NgayTiepNhan",
            "NgayHenTra",
        ],
        "properties": {
            "MaHoSo": {"type": "string"},
            "MaTTHC": {"type": "string"},
            "TenTTHC": {"type": "string"},
            "MaLinhVuc": {"type": "string"},
            "TenLinhVuc": {"type": "string"},
            "KenhThucHien": {"type": "integer", "enum": [1, 2, 3]},
            "ChuHoSo": {"type": "string"},
            "SoGiayToChuHoSo": {"type": "string"},
            "LoaiDoiTuong": {"type": "integer", "enum": [1, 2, 3, 4]},
            "SoDienThoai": {"type": "string"},
            "Email": {"type": "string"},
            "TrichYeuHoSo": {"type": "string"},
            "NgayNopHoSo": PORTAL_DATE,
            "NgayTiepNhan": PORTAL_DATE,
            "NgayHenTra": PORTAL_DATE,
            "NgayKetThucXuLy": PORTAL_DATE,
            "NgayTraKetQua": PORTAL_DATE,
            "NgayTuChoi": PORTAL_DATE,
            "TrangThaiHoSo": {"type": "integer", "minimum": 1, "maximum": 10},
            "DonViXuLy": {"type": "string"},
            "MaDonViXuLy": {"type": "string"},
            "NoiNopHoSo": {"type": "string"},
            "TaiLieuNop": {"type": "array", "items": {"type": "object"}},
            "DanhSachLePhi": {"type": "array", "items": {"type": "object"}},
            "DanhSachHoSoBoSung": {"type": "array", "items": {"type": "object"}},
            "DanhSachGiayToKetQua": {"type": "array", "items": {"type": "object"}},
            "QuaTrinhXuLy": {"type": "array", "items": {"type": "object"}},
        },
    },
    "ChangeFeed": {
        "type": "object",
        "required": ["items", "next_cursor"],
        "properties": {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/NationalCase"}},
            "next_cursor": NULLABLE_STRING,
        },
    },
}


def document() -> dict[str, Any]:
    """Return the OpenAPI document."""
    bearer: list[dict[str, list[str]]] = [{"bearer": []}]
    return {
        "openapi": "3.1.0",
        "info": {"title": "Onestop integration API", "version": "1.0.0"},
        "servers": [{"url": "/api/v1"}],
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An integration token issued by an administrator",
                }
            },
        },
        "paths": {
            "/procedures": {
                "get": {
                    "summary": "List procedures",
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "schema": {"type": "string", "maxLength": 200, "pattern": NO_NUL},
                        },
                        {
                            "name": "field",
                            "in": "query",
                            "schema": {"type": "string", "maxLength": 60, "pattern": NO_NUL},
                        },
                        {
                            "name": "page",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "maximum": 10000},
                        },
                        {
                            "name": "per_page",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "maximum": 200},
                        },
                    ],
                    "responses": {
                        "200": _ok("ProcedureList"),
                        "400": _error("Bad parameter"),
                        "429": RATE_LIMITED,
                    },
                }
            },
            "/procedures/{code}": {
                "get": {
                    "summary": "One procedure with every published part",
                    "parameters": [
                        {
                            "name": "code",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {
                        "200": _ok("ProcedureDetail"),
                        "404": _error("No such procedure"),
                        "429": RATE_LIMITED,
                    },
                }
            },
            "/status": {
                "get": {
                    "summary": "Public status of a case by its code and lookup code",
                    "parameters": [
                        {
                            "name": "code",
                            "in": "query",
                            "required": True,
                            "schema": {"type": "string", "pattern": NO_NUL},
                        },
                        {
                            "name": "key",
                            "in": "query",
                            "required": True,
                            "schema": {"type": "string", "pattern": NO_NUL},
                        },
                    ],
                    "responses": {
                        "200": _ok("PublicStatus"),
                        "400": _error("Malformed request (a NUL character in a parameter)"),
                        "404": _error("No case matches"),
                        "429": RATE_LIMITED,
                    },
                }
            },
            "/cases/{code}": {
                "get": {
                    "summary": "A case in the national portal's format",
                    "security": bearer,
                    "parameters": [
                        {
                            "name": "code",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {
                        "200": _ok("NationalCase"),
                        "401": _error("No valid token"),
                        "404": _error("No such case in the token's units"),
                        "429": RATE_LIMITED,
                    },
                }
            },
            "/cases/changes": {
                "get": {
                    "summary": "Cases changed since a time, oldest first, paginated by cursor",
                    "security": bearer,
                    "parameters": [
                        {
                            "name": "since",
                            "in": "query",
                            "schema": {"type": "string", "pattern": "^[0-9]{14}$"},
                        },
                        {
                            "name": "cursor",
                            "in": "query",
                            "schema": {"type": "string", "maxLength": 200, "pattern": NO_NUL},
                        },
                        {
                            "name": "limit",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "maximum": 500},
                        },
                    ],
                    "responses": {
                        "200": _ok("ChangeFeed"),
                        "400": _error("Bad parameter"),
                        "401": _error("No valid token"),
                        "429": RATE_LIMITED,
                    },
                }
            },
        },
    }


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    return document()
