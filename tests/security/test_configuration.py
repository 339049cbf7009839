"""Secrets come only from configuration, and every dependency is pinned to one version."""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest
from flask import Flask

from onestop import PROJECT_ROOT, create_app
from onestop.config import MIN_SECRET_KEY_LENGTH, ConfigurationError, load_config


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No key in the environment; a database of its own."""
    for name in ("SECRET_KEY", "ONESTOP_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///" + str(tmp_path / "db.sqlite3"))
    return tmp_path


def configured(instance: Path) -> Flask:
    """Load the configuration the way create_app() does, with `instance` as the instance folder."""
    app = Flask(__name__, instance_path=str(instance))
    load_config(app, None)
    return app


@pytest.mark.parametrize(
    "weak", ["...", "changeme", "secret", "dev", "x" * (MIN_SECRET_KEY_LENGTH - 1), " " * 40]
)
@pytest.mark.parametrize("variable", ["SECRET_KEY", "ONESTOP_SECRET_KEY"])
def test_the_app_refuses_to_start_with_a_weak_secret_key(
    clean_environment: Path, monkeypatch: pytest.MonkeyPatch, variable: str, weak: str
) -> None:
    monkeypatch.setenv(variable, weak)
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app()


def test_a_weak_key_written_into_the_instance_folder_is_refused_too(
    clean_environment: Path,
) -> None:
    instance = clean_environment / "instance"
    instance.mkdir()
    (instance / "secret_key").write_text("changeme\n")
    with pytest.raises(ConfigurationError):
        configured(instance)


def test_without_a_key_one_is_generated_at_random_and_kept(clean_environment: Path) -> None:
    instance = clean_environment / "instance"
    first = configured(instance).config["SECRET_KEY"]
    assert re.fullmatch(r"[0-9a-f]{64}", first)  # 256 random bits
    assert configured(instance).config["SECRET_KEY"] == first  # kept across restarts, workers
    stored = instance / "secret_key"
    assert stored.read_text().strip() == first and stored.stat().st_mode & 0o077 == 0


def test_a_strong_key_from_the_environment_is_used(
    clean_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = "k3y-" + "9f" * 30
    monkeypatch.setenv("SECRET_KEY", key)
    instance = clean_environment / "instance"
    assert configured(instance).config["SECRET_KEY"] == key
    assert not (instance / "secret_key").exists()
    assert create_app().config["SECRET_KEY"] == key


# ---- no secret in the source ------------------------------------------------------------------

# Tests hold test passwords (ruff's S105/S106 are off there on purpose); fonts and forms are data.
SKIPPED = re.compile(r"^tests/|\.(ttf|docx|mo|png|jpg|pdf|pyc)$")
# Literals that look like secrets but are not, each with its reason.
ALLOWED = {
    # The demo accounts' password, printed by `make run` and in the README; `flask seed-demo`
    # is for demonstration databases.
    'DEMO_PASSWORD = "onestop-demo-2026"',
    # Names of things, not secrets.
    'PASSWORD_METHOD = "scrypt"',
    'TOKEN_KEY = "_auth"',
    'CONFIRM_SALT = "citizen-email-confirmation"',
    # The benchmark's own supervisor, in the benchmark's own database.
    'password = "bench-supervisor-2026"',
}
PATTERNS = {
    "private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "credentials in a URL": re.compile(r"\b[a-z+]+://[^/\s:@'\"]+:[^/\s@'\"]+@"),
    "assigned secret": re.compile(
        r"""(?i)\b\w*(password|passwd|secret|token|api_key|apikey|salt)\w*\s*[:=]\s*["'][^"'\s]{4,}["']"""
    ),
    "bearer literal": re.compile(r"Bearer [A-Za-z0-9._~+/-]{16,}"),
}


def entropy(text: str) -> float:
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


SOURCE_DIRS = (
    "onestop",
    "templates",
    "migrations",
    "procedures",
    "scripts",
    "bench",
    "docs",
    ".ci",
)
TOP_LEVEL = ("app.py", "Makefile", "README.md", "pyproject.toml", "seed_procedures.yaml")


def source_files() -> list[Path]:
    """What the repository ships (caches and build output left out)."""
    found = [PROJECT_ROOT / name for name in TOP_LEVEL]
    for folder in SOURCE_DIRS:
        found += [p for p in (PROJECT_ROOT / folder).rglob("*") if p.is_file()]
    return [
        p
        for p in found
        if not SKIPPED.search(str(p.relative_to(PROJECT_ROOT))) and "__pycache__" not in p.parts
    ]


def suspicious_lines(path: Path, root: Path = PROJECT_ROOT) -> list[str]:
    found = []
    for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
        code = line.split("  #", 1)[0].strip()
        if code in ALLOWED:
            continue
        for label, pattern in PATTERNS.items():
            if pattern.search(line):
                found.append(f"{path.relative_to(root)}:{number}: {label}: {code[:80]}")
        for literal in re.findall(r"""["']([A-Za-z0-9+/=_-]{32,})["']""", line):
            # A long high-entropy literal is what a pasted key or token looks like.
            identifier = re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)+", literal)
            mixed = re.search(r"[0-9]", literal) and re.search(r"[A-Za-z]", literal)
            if mixed and not identifier and entropy(literal) > 3.5:
                found.append(f"{path.relative_to(root)}:{number}: random literal")
    return found


def test_no_secret_or_password_literal_in_the_source() -> None:
    files = source_files()
    assert len(files) > 200
    problems = [problem for path in files for problem in suspicious_lines(path)]
    assert problems == []


def test_every_allowed_literal_is_still_in_the_source() -> None:
    """An allowance whose line is gone must go too, or it could excuse a real secret later."""
    lines = {
        line.split("  #", 1)[0].strip()
        for path in source_files()
        if path.suffix == ".py"
        for line in path.read_text().splitlines()
    }
    assert ALLOWED - lines == set()


def test_the_secret_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    sample = tmp_path / "leak.py"
    sample.write_text(
        'SMTP_PASSWORD = "hunter22"\n'
        'URL = "postgresql://app:s3cret@db/onestop"\n'
        'KEY = "9c1f0e7b2a4d48e6b3f5a1c2d7e9f0a8b6c4d2e0f1a3b5c7"\n'
        "-----BEGIN RSA PRIVATE KEY-----\n"
        'headers = {"Authorization": "Bearer abcdefghijklmnopqrstuvwx"}\n'
        'DEMO_PASSWORD = "onestop-demo-2026"\n'
    )
    assert len(suspicious_lines(sample, tmp_path)) == 5
    assert suspicious_lines(sample, tmp_path)[0].startswith("leak.py:1: assigned secret")


# ---- pinned dependencies ----------------------------------------------------------------------

PINNED = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[a-z0-9,_-]+\])?==[0-9][0-9A-Za-z.+!-]*$")


def requirements() -> list[str]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    listed = list(project["project"]["dependencies"])
    for extra in project["project"].get("optional-dependencies", {}).values():
        listed += extra
    return listed + list(project["build-system"]["requires"])


def test_every_dependency_is_pinned_to_one_version() -> None:
    listed = requirements()
    assert len(listed) > 30
    assert [r for r in listed if not PINNED.match(r.replace(" ", ""))] == []


def test_the_pin_check_refuses_ranges_and_bare_names() -> None:
    for loose in ("Flask", "Flask>=3", "Flask~=3.1", "Flask==3.*", "Flask>=3,<4", "setuptools>=77"):
        assert not PINNED.match(loose), loose
    for pinned in ("Flask==3.1.3", "psycopg[binary]==3.3.9", "tzdata==2026.6"):
        assert PINNED.match(pinned), pinned
