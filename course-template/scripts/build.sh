#!/usr/bin/env bash
# Build the course's outputs, both strict: the site (site/) and the offline course pack
# (dist/@PACK_NAME@-course-pack.zip). Dated from the last commit (or SOURCE_DATE_EPOCH), so a rebuild
# of the same commit is byte-identical. Sets up its own virtual environment (.venv/), unless
# COURSE_PYTHON names an interpreter that already has requirements.txt installed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-venv.sh requirements.txt
export NO_MKDOCS_2_WARNING=1
exec "${COURSE_PYTHON:-.venv/bin/python}" scripts/build_outputs.py --name @PACK_NAME@ "$@"
