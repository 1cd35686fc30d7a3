#!/usr/bin/env bash
# Run the whole test suite. Sets up its own virtual environment (and Chromium for browser tests).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-venv.sh requirements-test.txt
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m pytest "$@"
