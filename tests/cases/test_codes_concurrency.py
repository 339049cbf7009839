"""Case codes under real concurrency: 16 counters taking in 50 cases each, all at once."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from onestop import PROJECT_ROOT
from onestop.accounts.models import User
from onestop.cases.intake import accept_case
from onestop.cases.models import Case
from onestop.catalogue.loader import load_specs
from onestop.catalogue.models import Procedure
from onestop.catalogue.spec import load_seed
from onestop.db import db
from onestop.demo import seed_demo
from tests.cases.factories import complete_intake
from tests.conftest import isolated_app

# PostgreSQL takes the full load; SQLite (one writer at a time by design, the embedded default)
# proves the same property with less contention, so a busy CI machine cannot starve a thread.
LOAD = {"postgresql": (16, 50), "sqlite": (4, 25)}
NOW = datetime(2026, 3, 2, 2, 15, tzinfo=UTC)


@pytest.mark.parametrize("kind", ["postgresql", "sqlite"])
def test_concurrent_intakes_get_distinct_gap_free_codes(kind: str, tmp_path: Path) -> None:
    threads_count, per_thread = LOAD[kind]
    with isolated_app(kind, tmp_path) as app:
        with app.app_context():
            upgrade()
            seed_demo()
            load_specs(
                [
                    s
                    for s in load_seed(PROJECT_ROOT / "seed_procedures.yaml")
                    if s.code == "1.001193"
                ]
            )
            db.session.commit()
            officer_id = db.session.scalar(sa.select(User.id).where(User.username == "tiepnhan"))
            procedure_id = db.session.scalar(
                sa.select(Procedure.id).where(Procedure.code == "1.001193")
            )

        errors: list[BaseException] = []
        start = threading.Barrier(threads_count, timeout=60)

        def counter_desk() -> None:
            try:
                with app.app_context():
                    officer = db.session.get(User, officer_id)
                    procedure = db.session.get(Procedure, procedure_id)
                    assert officer is not None and procedure is not None
                    db.session.commit()  # hold no transaction (on SQLite: no write lock) while waiting
                    start.wait()
                    for _ in range(per_thread):
                        accept_case(
                            complete_intake(procedure, uploads=[]), officer=officer, now=NOW
                        )
                        db.session.commit()
            except BaseException as error:  # surfaced below; a thread must not die silently
                errors.append(error)

        threads = [threading.Thread(target=counter_desk) for _ in range(threads_count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        assert not any(thread.is_alive() for thread in threads), "an intake hung"
        assert errors == []

        with app.app_context():
            codes = db.session.scalars(sa.select(Case.code)).all()
            lines = db.session.scalars(sa.select(Case.register_line)).all()
        assert len(codes) == len(set(codes)) == threads_count * per_thread
        assert sorted(int(c[-4:]) for c in codes if c) == list(
            range(1, threads_count * per_thread + 1)
        )
        assert all(c.startswith("000.17.22.H56-260302-") and c.isascii() for c in codes if c)
        assert sorted(n for n in lines if n) == list(range(1, threads_count * per_thread + 1))
