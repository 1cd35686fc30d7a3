"""``python -m coursekit check`` and ``python -m coursekit render OUTDIR`` (with ``hooks/`` on the path):
see ``coursekit.check`` and ``coursekit.render.tree``."""

from __future__ import annotations

import sys

from .check import main as check
from .render.tree import main as render

COMMANDS = {"check": check, "render": render}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(f"usage: python -m coursekit {{{','.join(COMMANDS)}}} [options]", file=sys.stderr)
        sys.exit(2)
    sys.exit(COMMANDS[sys.argv[1]](sys.argv[2:]))
