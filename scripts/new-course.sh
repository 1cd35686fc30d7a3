#!/usr/bin/env bash
# Start a new course in DIR, or refresh the engine of the course in DIR (scripts/new_course.py).
# Usage: scripts/new-course.sh DIR [--title "Course title"] [--name pack-name]
#        scripts/new-course.sh --update DIR [--force]
# Sets up this project's virtual environment first, unless COURSE_PYTHON names an interpreter
# that already has requirements.txt installed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-venv.sh requirements.txt
here=$(pwd)
cd - >/dev/null  # DIR is relative to where the command was run
exec "${COURSE_PYTHON:-$here/.venv/bin/python}" "$here/scripts/new_course.py" "$@"
