#!/usr/bin/env bash
# Build the hosted site (site/) with a strict build. Sets up its own virtual environment.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-venv.sh requirements.txt
export NO_MKDOCS_2_WARNING=1
.venv/bin/mkdocs build --strict --clean --site-dir site
