"""The database: SQLAlchemy base, column types and engine set-up for both backends."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Return the current instant, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """Store instants as naive UTC; hand them back aware, so both backends agree."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where an aware instant is required")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    # SQLAlchemy 2.1 wants the type map on the registry when a base defines one.
    registry = registry(
        metadata=sa.MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


db = SQLAlchemy(model_class=Base)
log = logging.getLogger(__name__)


def remove_session(exc: BaseException | None = None) -> None:
    """End the context's session, even when the server went away after the work was done.

    Closing rolls back what is still open; with the connection dead that rollback raises, and
    would turn a finished request into an error. The pool has dropped the dead connection.
    """
    try:
        db.session.remove()
    except sa.exc.DBAPIError as error:
        log.warning("database connection lost while closing the session: %s", error)
        db.session.registry.clear()


def read_rows(statement: sa.Executable, parameters: dict[str, Any]) -> list[sa.Row[Any]]:
    """Run one read-only statement outside any transaction and return its rows.

    For the busiest public pages: on its own pooled connection in autocommit, the statement is
    the only round trip to PostgreSQL (no BEGIN before it, no ROLLBACK after). SQLite, in the
    process, has no round trip to save (and its connections keep transactions in SQLAlchemy's
    hands); a session bound to a connection its caller holds (a transaction that must see its
    own rows) is used as it is. A request that already holds the session's connection (a
    signed-in visitor) takes a second one from the pool for this statement.
    """
    held = db.session.session_factory.kw.get("bind")  # without making a session for this
    if isinstance(held, sa.Connection) or db.engine.dialect.name != "postgresql":
        return list(db.session.execute(statement, parameters).all())
    with db.engine.connect() as connection:
        autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
        return list(autocommit.execute(statement, parameters).all())


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


@event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection: Any, connection_record: Any) -> None:
    """Turn on foreign keys, WAL and a busy timeout for every SQLite connection."""
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin,
    # so SAVEPOINTs work (test isolation, nested writes).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA busy_timeout = 30000")  # a busy desk waits rather than failing
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_on_begin(conn: sa.Connection) -> None:
    """Begin SQLite transactions IMMEDIATE, so two writers queue instead of deadlocking."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def upsert_insert(bind: sa.Engine | sa.Connection, table: Any) -> Any:
    """Start an INSERT that supports ON CONFLICT on this backend (PostgreSQL or SQLite)."""
    from sqlalchemy.dialects import postgresql, sqlite

    module = postgresql if bind.dialect.name == "postgresql" else sqlite
    return module.insert(table)
