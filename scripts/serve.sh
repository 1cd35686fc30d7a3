#!/usr/bin/env bash
# Preview the course while writing it: http://127.0.0.1:8000/, rebuilt after every save.
# --dirty: after an edit to a chapter, MkDocs renders that chapter alone; the bibliography's
# "Cited in", the whole-course page, the key points and the search index still cover every chapter
# (hooks/incremental.py keeps each page's part from the last build, in memory and in .cache/).
# An edit to the bibliography, course/, mkdocs.yml or the engine renders every page (the log says
# so). Pass --clean (or any other `mkdocs serve` option) to override.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-venv.sh requirements.txt
export NO_MKDOCS_2_WARNING=1
dirty=--dirty
for arg in "$@"; do
  [[ "$arg" == --clean || "$arg" == -c ]] && dirty=
done
exec "${COURSE_PYTHON:-.venv/bin/python}" -m mkdocs serve ${dirty} "$@"
