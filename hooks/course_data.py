"""Load the course (settings, bibliography, notes maps) once per build, or reuse the last one
while its files are unchanged (``mkdocs serve`` rebuilds after every edit)."""

from __future__ import annotations

from pathlib import Path

import build_state
from coursekit import reuse
from mkdocs.plugins import event_priority


@event_priority(100)  # before every other hook reads the course
def on_config(config):
    root = Path(config.config_file_path).parent
    build_state.course = reuse.load(root)
    return config
