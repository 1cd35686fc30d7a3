#!/usr/bin/env bash
# Create or refresh .venv for a requirements file; a stamp skips the install when nothing changed.
# With COURSE_PYTHON set (an interpreter that already has the requirements, e.g. another checkout's
# .venv/bin/python), nothing is made: the scripts run that interpreter instead.
# Usage: scripts/setup-venv.sh requirements.txt [more.txt ...]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${COURSE_PYTHON:-}" ]; then
  [ -x "$COURSE_PYTHON" ] || { echo "COURSE_PYTHON=$COURSE_PYTHON is not an executable interpreter" >&2; exit 1; }
  exit 0
fi
python3 -m venv .venv 2>/dev/null || { echo "python3 -m venv failed: install python3-venv (apt-get install python3-venv)" >&2; exit 1; }
stamp=.venv/.stamp-$(cat "$@" constraints.txt | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt $(printf -- '-r %s ' "$@")
  touch "$stamp"
fi
