#!/usr/bin/env bash
# The benchmark: plain MkDocs (with and without ours' pages) vs this project's hooks vs mkdocs-bibtex
# (pybtex style and Chicago CSL) on synthetic courses. Installs what it needs (bench/requirements.txt:
# mkdocs-bibtex, pandoc, the CSL file, matplotlib) into .venv first; the site build never does.
# Usage: bench/run.sh [--sizes 4/80,100/1000] [--runs 3] [--publish] ...   (bench/run.sh --help)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-venv.sh requirements.txt bench/requirements.txt
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m bench "$@"
