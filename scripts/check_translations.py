"""Fail when the Vietnamese catalogue misses a message the code uses, or its .mo is stale."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "onestop/translations/vi/LC_MESSAGES/messages.po"
MO = PO.with_suffix(".mo")


def _as_tuple(message: object) -> tuple[str, ...] | None:
    strings = getattr(message, "string", None)
    if strings is None:
        return None
    return tuple(strings) if isinstance(strings, (list, tuple)) else (strings,)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "messages.pot"
        subprocess.run(
            [sys.executable, "-m", "babel.messages.frontend", "--quiet", "extract", "-F", "babel.cfg",
             "-k", "_l", "-k", "lazy_gettext", "-k", "_ln:1,2", "-k", "lazy_ngettext:1,2",
             "--ignore-dirs=.venv .git instance migrations tests", "--no-location", "-o", str(pot), "."],
            check=True, cwd=ROOT,
        )  # fmt: skip
        with pot.open("rb") as fh:
            wanted = {m.id for m in read_po(fh) if m.id}
    with PO.open("rb") as fh:
        catalog = read_po(fh)
    with MO.open("rb") as fh:
        compiled = read_mo(fh)
    problems = []
    for msgid in sorted(wanted, key=str):
        message = catalog.get(msgid)
        strings = message.string if message else None
        if not message or not strings or (isinstance(strings, tuple) and not all(strings)):
            problems.append(f"untranslated: {msgid!r}")
        elif "fuzzy" in message.flags:
            problems.append(f"fuzzy: {msgid!r}")
        elif _as_tuple(compiled.get(msgid)) != _as_tuple(message):
            problems.append(f"stale .mo (run `make translations`): {msgid!r}")
    for problem in problems:
        print(problem)
    print(f"{len(wanted)} messages, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
