"""Signing fixtures: one test PKI per run (keys are slow to make)."""

from __future__ import annotations

import pytest

from tests.signing.pki import Pki, build


@pytest.fixture(scope="session")
def pki() -> Pki:
    return build()
