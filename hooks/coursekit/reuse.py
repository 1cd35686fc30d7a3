"""The course of the previous build, reused while none of the files it was loaded from changed.

``mkdocs serve`` rebuilds the whole site after each edit, which is nearly always an edit to a chapter:
loading the course again (settings, bibliography and its formatting, notes maps) would cost as much
as it did the first time. What ``course.load`` reads is named by ``inputs``; a file counts as
unchanged while its size and modification time are (as ``make`` judges). The reused course is a new
``Course`` with the same loaded parts, which are never changed after loading, and none of the
previous build's pages.

A build in a fresh process (``mkdocs build``, the first of a ``serve``) reads the course loaded by
the last one from ``.cache/`` (``diskcache``) when the content of every input, and the engine's code,
are what it was loaded from: unpickling it takes a sixth of loading it.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path

from . import diskcache
from .course import model as course_module
from .course import settings as course_settings
from .diagnostics import Problems

_previous: dict[Path, tuple[tuple, course_module.Course, list]] = {}  # root → (stamp, course, its load problems)


def inputs(root: Path, settings: course_settings.Settings) -> list[Path]:
    """The files ``course.load`` reads: the settings, the bibliography's files (and the folders its
    globs search), the notes folder, every notes map, and a CSL style file."""
    notes = settings.path("notes")
    maps = sorted(notes.glob("*.y*ml")) if notes.is_dir() else []
    bibs = [path for path, _ in course_settings.bibliography_files(settings)[0]]
    style = [root / settings.style] if settings.style.endswith(".csl") else []  # a CSL file is an input too
    return [root / course_settings.CONFIG_FILE, *course_settings.bibliography_folders(settings), *bibs, notes, *maps,
            *style]


def _stamp(root: Path, settings: course_settings.Settings) -> tuple:
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
    settings = known[1].settings if known else course_settings.Settings(root)
    before = _stamp(root, settings)  # taken before reading: an edit made during the load shows next time
    if known is not None and known[0] == before:
        _, previous, problems = known
        return replace(previous, problems=Problems(list(problems)), cited_by={}, page_keys={}, glossary=None,
                       guides=None, chapters=[], chapter_by_uri={}, listed_in={}, bibliography_page="",
                       cited_out_of_view=set())
    loaded = _load_through_disk(root)
    stamp = before if loaded.settings == settings else _stamp(root, loaded.settings)
    _previous.clear()  # a build, or a serve session, has one course
    _previous[root] = (stamp, loaded, list(loaded.problems.items))
    return loaded


def _digests(root: Path, settings: course_settings.Settings) -> list[tuple[str, str | None]]:
    """Each input's content hash (a folder's: its file names); None where it is missing."""
    out = []
    for path in inputs(root, settings):
        try:
            content = "\n".join(sorted(os.listdir(path))).encode() if path.is_dir() else path.read_bytes()
        except OSError:
            out.append((str(path), None))
            continue
        out.append((str(path), hashlib.blake2b(content, digest_size=16).hexdigest()))
    return out


def _load_through_disk(root: Path) -> course_module.Course:
    """``course.load(root)``, or the course a build loaded from these very files."""
    config = root / course_settings.CONFIG_FILE
    settings_text = config.read_bytes() if config.is_file() else b""
    here = Path(__file__).parent
    code = diskcache.code_version(*sorted(p.relative_to(here).as_posix() for p in here.rglob("*.py")))
    key = diskcache.key(str(root), hashlib.blake2b(settings_text).hexdigest(),
                        os.environ.get("COURSE_SOURCES_DIR", ""), code)
    where = diskcache.folder(root)
    cached = diskcache.read(where, "course", key)
    if (isinstance(cached, tuple) and len(cached) == 2 and isinstance(cached[1], course_module.Course)
            and cached[0] == _digests(root, cached[1].settings)):
        return cached[1]
    defaults = course_settings.Settings(root)
    before = _digests(root, defaults)  # before reading, as the stamp above
    loaded = course_module.load(root)
    digests = before if loaded.settings == defaults else _digests(root, loaded.settings)
    diskcache.write(where, "course", key, (digests, loaded))
    return loaded
