"""Load the course (settings, bibliography, notes maps) once per build, or reuse the last one
while its files are unchanged (``mkdocs serve`` rebuilds after every edit)."""

from __future__ import annotations

import gc
from pathlib import Path

import build_state
from coursekit import reuse
from mkdocs.plugins import event_priority


@event_priority(100)  # before every other hook reads the course
def on_config(config):
    root = Path(config.config_file_path).parent
    gc.unfreeze()  # serve: what the last build froze may be garbage now
    build_state.course = reuse.load(root)
    build_state.citing_sections.clear()
    build_state.out_of_view.clear()
    build_state.known_sections.clear()
    build_state.made_sections.clear()
    build_state.keep_sections[0] = False
    # The loaded course (hundreds of thousands of objects for a large bibliography) lives until the
    # build ends: frozen, the garbage collector stops rescanning it on every full collection, which
    # cost more than half a second at 500 chapters.
    gc.freeze()
    return config


@event_priority(-100)  # after hooks/guides.py has read every chapter
def on_files(files, config):
    # The parsed chapters and the generated pages also live to the end: the same reasoning, and at
    # 2000 chapters the collector's full passes over them took 0.4 s.
    gc.freeze()
    return files
