#!/usr/bin/env bash
# Run the whole test suite. Sets up its own virtual environment (and Chromium for browser tests).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-venv.sh requirements-test.txt
# The browser tests drive Debian's Chromium through Playwright (Playwright's own browser download
# cannot be used): install it when it is missing.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null; then
    as_root=(sudo)
  else
    echo "test.sh: /usr/bin/chromium is missing and this user cannot install it: apt-get install -y chromium" >&2
    exit 1
  fi
  echo "test.sh: installing chromium for the browser tests" >&2
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
export NO_MKDOCS_2_WARNING=1
python=${COURSE_PYTHON:-.venv/bin/python}
# One worker per core (COURSE_TEST_WORKERS=0 runs in this process), each taking whole test files, so
# that a module's shared builds are made once, on one worker. (An interpreter given through
# COURSE_PYTHON without pytest-xdist runs the suite in one process.)
workers=()
if "$python" -c "import xdist" 2>/dev/null; then
  workers=(-n "${COURSE_TEST_WORKERS:-auto}" --dist loadfile)
fi
exec "$python" -m pytest "${workers[@]}" "$@"
