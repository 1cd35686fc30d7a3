#!/usr/bin/env bash
# Build the course's outputs, both strict: the hosted site (site/) and the offline course pack
# (dist/china-human-protection-course-pack.zip); both have the whole-course page. Dated from the last
# commit (or SOURCE_DATE_EPOCH), so a rebuild of the same commit is byte-identical.
# Sets up its own virtual environment.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-venv.sh requirements.txt
export NO_MKDOCS_2_WARNING=1
exec "${COURSE_PYTHON:-.venv/bin/python}" scripts/build_outputs.py "$@"
