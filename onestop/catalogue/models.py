"""Procedures as stored: a procedure, its immutable versions, and units' adoptions."""

from __future__ import annotations

from datetime import datetime
from functools import cached_property
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from onestop.catalogue.model import ProcedureSpec
from onestop.catalogue.serialize import spec_from_data
from onestop.db import Base, TimestampMixin, utcnow
from onestop.organisation.models import Unit


class Procedure(TimestampMixin, Base):
    """A procedure by its national code; what it says lives in its versions."""

    __tablename__ = "procedures"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(60), unique=True)
    # Copies of the current version's headline facts, for listing and filtering without JSON.
    name: Mapped[str] = mapped_column(sa.String(500))
    search_text: Mapped[str] = mapped_column(sa.Text, default="")
    field_code: Mapped[str] = mapped_column(sa.String(60), index=True)
    field_name: Mapped[str] = mapped_column(sa.String(200))
    government_level: Mapped[str] = mapped_column(sa.String(20), index=True)
    online_level: Mapped[int] = mapped_column(index=True)
    active: Mapped[bool] = mapped_column(default=True)
    current_version_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("procedure_versions.id", use_alter=True)
    )

    current_version: Mapped[ProcedureVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True
    )
    versions: Mapped[list[ProcedureVersion]] = relationship(
        back_populates="procedure",
        foreign_keys="ProcedureVersion.procedure_id",
        order_by="ProcedureVersion.number",
    )

    @property
    def spec(self) -> ProcedureSpec:
        assert self.current_version is not None, f"procedure {self.code} has no version"
        return self.current_version.spec


class ProcedureVersion(Base):
    """One immutable wording of a procedure; a case points at the version it was opened under."""

    __tablename__ = "procedure_versions"
    __table_args__ = (sa.UniqueConstraint("procedure_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(sa.ForeignKey("procedures.id"), index=True)
    number: Mapped[int]
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    source_file: Mapped[str] = mapped_column(sa.String(300), default="")
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    procedure: Mapped[Procedure] = relationship(
        back_populates="versions", foreign_keys=[procedure_id]
    )

    @cached_property
    def spec(self) -> ProcedureSpec:
        return spec_from_data(self.data)


class UnitProcedure(TimestampMixin, Base):
    """A unit's adoption of a procedure, with the fees its province set (they differ by province)."""

    __tablename__ = "unit_procedures"
    __table_args__ = (sa.UniqueConstraint("unit_id", "procedure_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), index=True)
    procedure_id: Mapped[int] = mapped_column(sa.ForeignKey("procedures.id"), index=True)
    # {"direct": 50000, "online": 25000}: amounts replacing the catalogue's fee per channel.
    fee_overrides: Mapped[dict[str, int]] = mapped_column(sa.JSON, default=dict)
    fee_note: Mapped[str] = mapped_column(sa.String(300), default="")
    active: Mapped[bool] = mapped_column(default=True)

    unit: Mapped[Unit] = relationship()
    procedure: Mapped[Procedure] = relationship()
