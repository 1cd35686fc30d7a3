#!/usr/bin/env bash
# Test the course: a strict build, every citation resolved, no broken internal link, the offline
# pack built (tests/test_course.py). Sets up its own virtual environment (.venv/), unless
# COURSE_PYTHON names an interpreter that already has requirements-test.txt installed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-venv.sh requirements-test.txt
export NO_MKDOCS_2_WARNING=1
exec "${COURSE_PYTHON:-.venv/bin/python}" -m pytest tests "$@"
