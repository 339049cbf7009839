#!/usr/bin/env bash
# Install the Debian packages the test suite needs beyond Python: Chromium for the browser
# tests, fonts with every Vietnamese glyph, and the PostgreSQL and Redis servers the fault drills
# start (and stop) privately. Safe to run again: returns at once when all
# are present.
set -euo pipefail

PACKAGES=(
  chromium          # the browser tests drive Debian's build (`playwright install` needs the internet)
  fonts-noto-core   # Noto Sans: the stylesheet's first installed choice on Linux, full Vietnamese
  fonts-liberation2 # Liberation Sans/Mono: the stylesheet's fallback and its <code> font
  postgresql        # initdb/pg_ctl: the fault drills (tests/faults/) restart a server of their own
  redis-server      # the fault drills stop and start a Redis of their own
)

missing=()
for package in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$package")
done

if ((${#missing[@]} == 0)); then
  echo "system packages: all present (${PACKAGES[*]})"
  exit 0
fi

if ! command -v apt-get >/dev/null; then
  echo "system packages: no apt-get here; install these yourself: ${missing[*]}" >&2
  # Outside CI the browser tests skip (loudly) without Chromium; in CI they must not.
  [[ ${CI:-} == true ]] && exit 1
  exit 0
fi

SUDO=()
if ((EUID != 0)); then
  SUDO=(sudo)
fi

echo "system packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
