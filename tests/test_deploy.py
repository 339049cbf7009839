"""The deployment files in deploy/ are the ones docs/operations.md describes, and they load."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
from pathlib import Path

from onestop import PROJECT_ROOT

DEPLOY = PROJECT_ROOT / "deploy"


def test_the_gunicorn_config_loads_the_app(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": "sqlite:///" + str(tmp_path / "x.sqlite3"),
        "SECRET_KEY": "x" * 64,
    }
    checked = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--check-config",
         "app:app"],
        cwd=PROJECT_ROOT, env=env, check=False,
    )  # fmt: skip
    assert checked.returncode == 0
    printed = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--print-config",
         "app:app"],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    settings = {
        name.strip(): value.strip()
        for name, value in (line.split(" = ", 1) for line in printed.splitlines() if " = " in line)
    }
    assert settings["worker_class"] == "gthread" and settings["control_socket_disable"] == "True"


def test_the_systemd_units_run_the_commands_the_docs_name() -> None:
    commands = {}
    for unit in sorted((DEPLOY / "systemd").glob("*.service")):
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.optionxform = str  # type: ignore[assignment,method-assign]
        parser.read(unit)
        commands[unit.name] = parser["Service"]["ExecStart"]
        assert parser["Service"]["EnvironmentFile"] == "/etc/onestop/onestop.env"
    assert commands == {
        "onestop-cron.service": "/srv/onestop/.venv/bin/flask --app app cron",
        "onestop-web.service": "/srv/onestop/.venv/bin/gunicorn -c deploy/gunicorn.conf.py app:app",
        "onestop-worker@.service": "/srv/onestop/.venv/bin/flask --app app worker",
    }
