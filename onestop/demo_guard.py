"""Keep the demo seed (accounts with a published password) out of databases holding real data.

A database is a demo database when it carries a `demo_seeds` row, written by the first demo seed
that ran on it. Without that row (a new database, or one seeded before the row existed), it is a
demo database only if everything in it is what the seed writes: staff users with a demo username
AND the demo password, units with a demo code, cases whose applicant ID number has the demo
prefix, and no citizen accounts. The procedure catalogue is public data and does not count.

The row, not the content, is what makes a re-run safe once people have used the demo: cases
opened at its counter or users added by its administrator do not turn it into a real database.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash

from onestop.db import Base, db, utcnow

EXAMPLES = 3  # names shown per kind of foreign data


class DemoSeed(Base):
    """The mark of a demo database: the first demo seed that ran on it, and whether it was forced."""

    __tablename__ = "demo_seeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    seeded_at: Mapped[datetime] = mapped_column(default=utcnow)
    # True when an operator seeded over existing data with --allow-existing-data.
    forced: Mapped[bool] = mapped_column(default=False)


def is_marked() -> bool:
    """Return whether a demo seed already ran on this database."""
    return db.session.scalar(sa.select(DemoSeed.id).limit(1)) is not None


def _number(column: sa.orm.InstrumentedAttribute[int]) -> sa.ColumnElement[str]:
    return sa.literal("#").concat(sa.cast(column, sa.String))


def _describe(what: str, query: sa.Select[str]) -> list[str]:
    """One line "<what>: N (a, b, c, …)" when the query finds rows, none otherwise."""
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    if not total:
        return []
    names = list(db.session.scalars(query.limit(EXAMPLES)))
    return [f"{what}: {total} ({', '.join(names)}{', …' if total > EXAMPLES else ''})"]


def foreign_data() -> list[str]:
    """Describe what in the database the demo seed did not write; empty for a demo database."""
    from onestop.accounts.models import User
    from onestop.cases.models import Case
    from onestop.demo import DEMO_PASSWORD, UNITS, USERS
    from onestop.demo_cases import DEMO_ID_PREFIX
    from onestop.organisation.models import Unit
    from onestop.portal.models import Citizen

    if is_marked():
        return []
    demo_names = [person.username for person in USERS]
    # A demo username is not enough: a real administrator may well be called "quantri".
    impostors = [
        user.username
        for user in db.session.scalars(sa.select(User).where(User.username.in_(demo_names)))
        if not check_password_hash(user.password_hash, DEMO_PASSWORD)
    ]
    users = sa.select(User.username).order_by(User.id)
    return [
        *_describe(
            "staff users the demo seed did not create",
            users.where(User.username.not_in(demo_names) | User.username.in_(impostors)),
        ),
        *_describe(
            "units the demo seed did not create",
            sa.select(Unit.code).where(Unit.code.not_in([u.code for u in UNITS])).order_by(Unit.id),
        ),
        *_describe(
            "cases the demo seed did not create",
            # An online submission has no code until the desk accepts it: show its number.
            sa.select(sa.func.coalesce(Case.code, _number(Case.id)))
            .where(sa.not_(Case.applicant_id_number.startswith(DEMO_ID_PREFIX, autoescape=True)))
            .order_by(Case.id),
        ),
        # By number: an operator's terminal is no place for citizens' e-mail addresses.
        *_describe("citizen accounts", sa.select(_number(Citizen.id)).order_by(Citizen.id)),
    ]


def mark_demo_database(*, forced: bool) -> None:
    """Record that this database holds the demo seed (once; later runs leave the first mark)."""
    if not is_marked():
        db.session.add(DemoSeed(forced=forced))
        db.session.flush()
