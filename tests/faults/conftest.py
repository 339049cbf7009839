"""Drill helpers: private servers (PostgreSQL, Redis) a test may stop, and file systems that fail.

The shared PostgreSQL and Redis serve other test runs: a drill never stops them. It starts its
own, on a free port in a temporary directory, and stops it however it likes.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade
from redis import Redis

from onestop import PROJECT_ROOT, create_app
from onestop.catalogue.loader import load_specs
from onestop.catalogue.spec import load_seed
from onestop.db import db
from onestop.demo import seed_demo
from tests.conftest import IN_CI
from tests.counter.conftest import officer  # noqa: F401  (fixture)
from tests.notifications.conftest import free_port, smtp  # noqa: F401  (fixture)
from tests.portal.conftest import citizen  # noqa: F401  (fixture)


def missing(message: str) -> None:
    """A drill's tool is missing: fail in CI, skip loudly elsewhere."""
    if IN_CI:
        pytest.fail(f"CI must run this fault drill: {message}")
    pytest.skip(f"SKIPPED LOUDLY: {message}; CI runs this drill")


# ---- a PostgreSQL server of the test's own ------------------------------------------------


def postgres_bindir() -> Path | None:
    """The directory holding initdb and pg_ctl: on PATH, else Debian's versioned folder."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return versions[-1].parent if versions else None


class PrivatePostgres:
    """initdb in a temporary directory, served on a free port; restarted and stopped at will."""

    def __init__(self, bindir: Path, directory: Path) -> None:
        self.bindir = bindir
        self.directory = directory
        self.data = directory / "data"
        self.log = directory / "server.log"
        self.port = free_port()
        # PostgreSQL refuses to run as root: as root, run it as the `postgres` account.
        self.runner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/onestop"

    def _pg(self, *args: str, timeout: float = 60) -> None:
        command = [*self.runner, str(self.bindir / args[0]), *args[1:]]
        with (self.directory / "commands.log").open("a") as out:
            # Output to a file, not a pipe: the server inherits it and would hold a pipe open.
            result = subprocess.run(
                command, stdout=out, stderr=subprocess.STDOUT, timeout=timeout, check=False
            )
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:1])} failed:\n{self.logs()}")

    def logs(self) -> str:
        texts = [p.read_text(errors="replace") for p in (self.directory / "commands.log", self.log)]
        return "\n".join(t for t in texts if t)[-4000:] if texts else ""

    def init(self) -> None:
        self._pg("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                 "--locale=C.UTF-8", "--no-sync")  # fmt: skip

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} "
            "-c fsync=off -c full_page_writes=off -c max_connections=60"
        )
        self._pg("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def restart(self, mode: str) -> None:
        """Stop the server (`fast`: clean; `immediate`: like a crash) and start it again."""
        self._pg("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-m", mode, "-w", "restart")

    def stop(self, mode: str = "fast") -> None:
        self._pg("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def create_database(self) -> None:
        admin = sa.create_engine(
            f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres",
            isolation_level="AUTOCOMMIT",
        )
        with admin.connect() as conn:
            conn.execute(sa.text("CREATE DATABASE onestop"))
        admin.dispose()


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    """A fresh PostgreSQL server, stopped and removed afterwards."""
    bindir = postgres_bindir()
    if bindir is None or not (bindir / "pg_ctl").exists():
        missing("PostgreSQL's initdb and pg_ctl are not installed")
    assert bindir is not None
    if os.geteuid() == 0:
        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            missing("running as root needs a `postgres` account to run the server as")
    # Not under pytest's tmp_path: its parents are private to root, the server runs as postgres.
    directory = Path(tempfile.mkdtemp(prefix="onestop-pg-"))
    if os.geteuid() == 0:
        os.chown(directory, account.pw_uid, account.pw_gid)
    server = PrivatePostgres(bindir, directory)
    try:
        server.init()
        server.start()
        server.create_database()
        yield server
    finally:
        try:
            server.stop("immediate")
        except Exception as error:  # already stopped, or never started
            print(f"private PostgreSQL: {error}")
        shutil.rmtree(directory, ignore_errors=True)


# ---- a Redis server of the test's own -----------------------------------------------------


class PrivateRedis:
    """redis-server on a free port, without persistence; stopped and started again at will."""

    def __init__(self, executable: str, directory: Path) -> None:
        self.executable = executable
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        log = (self.directory / "redis.log").open("ab")
        self.process = subprocess.Popen(
            [self.executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.directory)],
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        log.close()
        client = Redis(port=self.port, socket_connect_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except Exception:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError((self.directory / "redis.log").read_text()) from None
                time.sleep(0.05)
        client.close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    executable = shutil.which("redis-server")
    if executable is None:
        missing("redis-server is not installed")
    assert executable is not None
    server = PrivateRedis(executable, tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


# ---- the app on a database it really commits to -------------------------------------------


def migrate_and_seed() -> None:
    """Bring the app context's empty database to the schema, the demo organisation and catalogue."""
    upgrade()
    seed_demo()
    load_specs(load_seed(PROJECT_ROOT / "seed_procedures.yaml"))
    db.session.commit()


@contextmanager
def drill_app(url: str, tmp_path: Path, **config: object) -> Iterator[Flask]:
    """The real app (not in testing mode) on `url`, migrated, with the demo data and catalogue."""
    app = create_app(
        {
            "DATABASE_URL": url,
            "REDIS_URL": None,
            "SECRET_KEY": "drill-secret-key",
            "SESSION_COOKIE_SECURE": False,
            "REMEMBER_COOKIE_SECURE": False,
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
            **config,
        }
    )
    with app.app_context():
        migrate_and_seed()
    try:
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()
        # Flask-Limiter keeps one storage for every app in the process, set by the app created
        # last: point it back at memory, as the test suite's app has it, not at a stopped server.
        create_app(
            {"DATABASE_URL": "sqlite://", "SECRET_KEY": "x", "RATELIMIT_STORAGE_URI": "memory://"}
        )


# ---- file systems that refuse writes ------------------------------------------------------


@contextmanager
def tmpfs(target: Path, options: str) -> Iterator[Path]:
    """Mount a small tmpfs on `target` (root in a privileged container); skip loudly if refused."""
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        # Not a missing service: the same drill runs with a folder that cannot be created.
        pytest.skip(f"SKIPPED LOUDLY: cannot mount a tmpfs here: {result.stderr.strip()}")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], check=False)
