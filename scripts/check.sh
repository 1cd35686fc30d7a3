#!/usr/bin/env bash
# Check the course without building it (citations, front matter, notes maps, guides, bibliography):
# the build's messages, in seconds. Exit 1 on any error. Sets up its own virtual environment.
# Usage: scripts/check.sh [--strict]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-venv.sh requirements.txt
PYTHONPATH=hooks exec "${COURSE_PYTHON:-.venv/bin/python}" -m coursekit check --root . "$@"
