"""Import every feature's models, so the metadata (and Alembic) sees all tables."""

from onestop.accounts.models import User
from onestop.catalogue.models import Procedure, ProcedureVersion, UnitProcedure
from onestop.organisation.models import Department, Unit

__all__ = ["Department", "Procedure", "ProcedureVersion", "Unit", "UnitProcedure", "User"]
