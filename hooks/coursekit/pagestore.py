"""What each page contributed to the last build, kept so that a ``--dirty`` build can skip the page.

A dirty build (``mkdocs build --dirty``, ``mkdocs serve --dirty``) reads and renders only the pages
whose source is newer than their output. Every cross-page output (the bibliography's "Cited in",
the whole-course page, the search index) needs what every page contributed, so each rendered page
leaves a ``PageRecord``: plain data, made from the page's content and the course's digest
(``course_digest``: the course's files, the site's configuration, the list of pages, the engine's
code). A record is kept in memory (``serve``) and on disk (``.cache/coursekit/pages/``, a file per
page named by its key), so a build in a fresh process finds it too. A record whose key does not match
is never used: the page is rendered again.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Problem

FOLDER = Path(".cache") / "coursekit" / "pages"
_PARTS = "course-parts.pickle"  # what the last dirty build's course digest was made of, to say what changed

MEMORY: dict = {}  # src_uri → PageRecord, the last dirty build's (``serve`` builds in one process)

# A table of contents as plain data: (title, id, level, children).
TocItem = tuple[str, str, int, tuple]


@dataclass
class PageRecord:
    key: str  # record_key(src_uri, the page's content digest, the course's digest)
    src_uri: str
    title: str | None
    meta: dict
    toc: tuple[TocItem, ...]
    anchor_ids: frozenset[str]
    # The page's HTML in parts: text, then a held piece's index in ``pieces``, then text…
    # (``deferred_html`` markers are numbered per build; here they are per page).
    content: tuple[str | int, ...]
    pieces: tuple[tuple, ...]  # ("cite", parts, keys) or ("list", recipe, keys, ids)
    citing: tuple[tuple[str, str, tuple[str, ...]], ...]  # per citing section: anchor, title, keys
    page_keys: tuple[str, ...]
    out_of_view: tuple[str, ...]
    problems: tuple[Problem, ...]
    search: list[dict] | None = field(default=None)  # the search's entries for the page (None: no search)
    whole_course: tuple[str, str] | None = None  # its section of the whole-course page, and what it was made for


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def record_key(src_uri: str, content: str, course: str) -> str:
    return hashlib.blake2b(f"{src_uri}\0{content}\0{course}".encode(), digest_size=16).hexdigest()


def course_digest(parts: list[tuple[str, str | None]]) -> str:
    """One digest of (name, digest) pairs: what every page's rendering may depend on."""
    joined = "\n".join(f"{name}\0{digest}" for name, digest in parts)
    return hashlib.blake2b(joined.encode(), digest_size=16).hexdigest()


def files_digests(paths: list[Path], root: Path) -> list[tuple[str, str | None]]:
    """Each file's content digest, named by its path under ``root`` (None: unreadable or missing)."""
    out = []
    for path in paths:
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        try:
            out.append((name, content_digest(path.read_bytes())))
        except OSError:
            out.append((name, None))
    return out


def read(where: Path, key: str) -> PageRecord | None:
    file = where / f"{key}.pickle"
    enabled = gc.isenabled()
    gc.disable()  # a record's strings all live on: the collector need not scan them as they come
    try:
        with open(file, "rb") as stream:
            record = pickle.load(stream)
    except Exception:  # missing, truncated, from another version: the page is rendered again
        return None
    finally:
        if enabled:
            gc.enable()
    return record if isinstance(record, PageRecord) and record.key == key else None


def write(where: Path, record: PageRecord) -> None:
    file = where / f"{record.key}.pickle"
    if file.exists():  # same key, same record
        return
    try:
        where.mkdir(parents=True, exist_ok=True)
        partial = file.with_suffix(f".{os.getpid()}.tmp")
        with open(partial, "wb") as stream:
            pickle.dump(record, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, file)
    except OSError:
        pass  # a read-only checkout builds all the same, only never dirty


def prune(where: Path, keep: set[str]) -> None:
    """Remove the records of pages as they no longer are."""
    try:
        names = os.listdir(where)
    except OSError:
        return
    for name in names:
        if name.endswith(".pickle") and name[: -len(".pickle")] not in keep:
            try:
                os.unlink(where / name)
            except OSError:
                pass


def last_parts(where: Path) -> list[tuple[str, str | None]] | None:
    try:
        with open(where / _PARTS, "rb") as stream:
            parts = pickle.load(stream)
    except Exception:
        return None
    return parts if isinstance(parts, list) else None


def write_parts(where: Path, parts: list[tuple[str, str | None]]) -> None:
    try:
        where.mkdir(parents=True, exist_ok=True)
        partial = where / f"{_PARTS}.{os.getpid()}.tmp"
        with open(partial, "wb") as stream:
            pickle.dump(parts, stream)
        os.replace(partial, where / _PARTS)
    except OSError:
        pass
