"""Units and departments, kept as data so any government structure fits."""

from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from onestop.db import Base, TimestampMixin

# QCVN 102:2016 identifier: four dot-separated levels, e.g. 000.17.22.H56.
UNIT_CODE_PATTERN = r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}$"


class UnitLevel(enum.StrEnum):
    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"
    AGENCY = "agency"  # a provincial department (sở) or other agency with its own desk


class Unit(TimestampMixin, Base):
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(20), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    level: Mapped[UnitLevel] = mapped_column(
        sa.Enum(
            UnitLevel, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]
        )
    )
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("units.id"), index=True)
    # Materialised path "/1/4/9/": a supervisor's scope is one indexed prefix match.
    path: Mapped[str] = mapped_column(sa.String(500), index=True, default="")
    place_name: Mapped[str] = mapped_column(sa.String(100), default="")
    desk_name: Mapped[str] = mapped_column(sa.String(200), default="")
    desk_address: Mapped[str] = mapped_column(sa.String(300), default="")
    desk_phone: Mapped[str] = mapped_column(sa.String(30), default="")
    # "07:00-11:30,13:30-17:00"; empty means the national default hours.
    office_hours: Mapped[str] = mapped_column(sa.String(100), default="")
    active: Mapped[bool] = mapped_column(default=True)

    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent", order_by="Unit.name")
    departments: Mapped[list[Department]] = relationship(
        back_populates="unit", order_by="Department.name"
    )

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    def __repr__(self) -> str:
        return f"<Unit {self.code} {self.name!r}>"


class Department(TimestampMixin, Base):
    __tablename__ = "departments"
    __table_args__ = (sa.UniqueConstraint("unit_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    active: Mapped[bool] = mapped_column(default=True)

    unit: Mapped[Unit] = relationship(back_populates="departments")

    def __repr__(self) -> str:
        return f"<Department {self.name!r} of unit {self.unit_id}>"
