"""Models and migrations agree; the chain upgrades from empty and downgrades, on both databases."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import downgrade, upgrade

from onestop import PROJECT_ROOT
from onestop.catalogue.loader import load_specs
from onestop.catalogue.spec import load_seed
from onestop.db import db
from onestop.demo import seed_demo
from tests.conftest import isolated_app


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Flask]:
    """An app on a brand-new empty database of each kind."""
    with isolated_app(request.param, tmp_path) as app:
        yield app


def test_one_head_and_every_revision_has_a_downgrade() -> None:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    script = ScriptDirectory.from_config(config)
    assert len(script.get_heads()) == 1
    for revision in script.walk_revisions():
        source = Path(revision.path).read_text()
        assert (
            "def downgrade" in source and "    pass\n" not in source.split("def downgrade", 1)[1]
        ), revision.revision


def test_upgrade_from_empty_matches_models_and_downgrades(empty_app: Flask) -> None:
    with empty_app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata
            )
        assert diff == [], f"models and migrations disagree: {diff}"

        # Downgrade with data in place, as a real rollback would meet it.
        seed_demo()
        load_specs(load_seed(PROJECT_ROOT / "seed_procedures.yaml"))
        db.session.commit()
        db.session.remove()
        downgrade(revision="base")
        remaining = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert remaining == set()

        upgrade()  # and back up again
        tables = set(sa.inspect(db.engine).get_table_names())
        assert {"units", "departments", "users", "procedures", "procedure_versions"} <= tables
