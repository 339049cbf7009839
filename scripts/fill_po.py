"""Fill a .po catalogue's missing translations from a YAML map of msgid -> msgstr.

Usage: python scripts/fill_po.py onestop/translations/vi/LC_MESSAGES/messages.po NEW.yaml
A plural msgid takes a list of msgstr forms (Vietnamese has one).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from babel.messages.pofile import read_po, write_po


def main(po_path: str, yaml_path: str) -> None:
    with open(po_path, "rb") as fh:
        catalog = read_po(fh)
    new = yaml.safe_load(Path(yaml_path).read_text(encoding="utf-8")) or {}
    filled = 0
    for message in catalog:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key in new:
            value = new[key]
            message.string = tuple(value) if isinstance(message.id, tuple) else value
            message.flags.discard("fuzzy")
            filled += 1
    with open(po_path, "wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, sort_output=True)
    print(f"{filled} translations written")


if __name__ == "__main__":
    main(*sys.argv[1:])
