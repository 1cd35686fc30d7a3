#!/usr/bin/env bash
# Make or reuse the virtual environment of another host, .venv-hosts/NAME/, from
# requirements-host-NAME.txt (every package pinned, installed with --no-deps); a stamp of the file
# skips the install when nothing changed. Prints the environment's python last.
# Usage: scripts/setup-host-venv.sh properdocs|mkdocs-ng|zensical
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/setup-host-venv.sh properdocs|mkdocs-ng|zensical}
requirements=requirements-host-$name.txt
[ -f "$requirements" ] || { echo "no $requirements: the hosts are properdocs, mkdocs-ng and zensical" >&2; exit 2; }
venv=.venv-hosts/$name
stamp=$venv/.stamp-$(sha256sum "$requirements" | cut -c1-16)
if [ ! -f "$stamp" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv" || { echo "python3 -m venv failed: install python3-venv" >&2; exit 1; }
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r "$requirements" >&2
  touch "$stamp"
fi
echo "$PWD/$venv/bin/python"
