#!/usr/bin/env bash
# Write the course as a plain Markdown tree, with everything the hooks add already in it, and a
# configuration with no hooks: for a host that runs none (Zensical), or any MkDocs 1.x.
# Usage: scripts/render.sh OUTDIR [--host mkdocs|zensical] [--strict]
#   then: cd OUTDIR && mkdocs build --strict                     (the hosted site, site/)
#         cd OUTDIR && mkdocs build --strict -f mkdocs.offline.yml -d pack   (the offline pack)
# Sets up its own virtual environment.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-venv.sh requirements.txt
PYTHONPATH=hooks exec "${COURSE_PYTHON:-.venv/bin/python}" -m coursekit render --root . "$@"
