"""The course of the previous build, reused while none of the files it was loaded from changed.

``mkdocs serve`` rebuilds the whole site after each edit, which is nearly always an edit to a chapter:
loading the course again (settings, bibliography and its formatting, notes maps) would cost as much
as it did the first time. What ``course.load`` reads is named by ``inputs``; a file counts as
unchanged while its size and modification time are (as ``make`` judges). The reused course is a new
``Course`` with the same loaded parts, which are never changed after loading, and none of the
previous build's pages.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from . import course as course_module
from .diagnostics import Problems

_previous: dict[Path, tuple[tuple, course_module.Course, list]] = {}  # root → (stamp, course, its load problems)


def inputs(root: Path, settings: dict) -> list[Path]:
    """The files ``course.load`` reads: the settings, the bibliography and every notes map."""
    notes = root / settings["notes"]
    maps = sorted(notes.glob("*.y*ml")) if notes.is_dir() else []
    return [root / course_module.CONFIG_FILE, root / settings["bibliography"], notes, *maps]


def _stamp(root: Path, settings: dict) -> tuple:
    stamps = []
    for path in inputs(root, settings):
        try:
            info = os.stat(path)
        except OSError:
            stamps.append((str(path), None))
            continue
        stamps.append((str(path), info.st_size, info.st_mtime_ns))
    return (os.environ.get("COURSE_SOURCES_DIR", ""), *stamps)


def load(root: str | Path) -> course_module.Course:
    """``course.load(root)``, or the course loaded last time if its inputs are unchanged."""
    root = Path(root).resolve()
    known = _previous.get(root)
    settings = known[1].settings if known else dict(course_module.DEFAULTS)
    before = _stamp(root, settings)  # taken before reading: an edit made during the load shows next time
    if known is not None and known[0] == before:
        _, previous, problems = known
        return replace(previous, problems=Problems(list(problems)), cited_by={}, page_keys={}, glossary=None,
                       guides=None, chapters=[], chapter_by_uri={}, listed_in={})
    loaded = course_module.load(root)
    stamp = before if loaded.settings == settings else _stamp(root, loaded.settings)
    _previous.clear()  # a build, or a serve session, has one course
    _previous[root] = (stamp, loaded, list(loaded.problems.items))
    return loaded
