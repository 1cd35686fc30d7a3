"""What a build loaded, kept on disk for the next build in a fresh process, per content.

``<project>/.cache/coursekit/<name>-<key>.pickle``: ``key`` hashes the content it was made from and
the code that made it (``code_version``), so an edit to either is a miss, never a stale result. One
file per ``name``: writing a new one removes the older. An unreadable or unwritable cache only
costs the time it would have saved.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
from pathlib import Path

FOLDER = Path(".cache") / "coursekit"


def folder(root: Path) -> Path:
    return root / FOLDER


def code_version(*modules: str) -> str:
    """The Python version and the source of these ``coursekit`` modules (file names), hashed."""
    here = Path(__file__).parent
    code = hashlib.sha256(sys.version.encode())
    for name in modules:
        if (here / name).exists():
            code.update((here / name).read_bytes())
    return code.hexdigest()[:16]


def key(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:24]


def read(where: Path | None, name: str, key: str) -> object | None:
    file = None if where is None else where / f"{name}-{key}.pickle"
    if file is None or not file.exists():
        return None
    # Unpickling makes hundreds of thousands of objects that all live on: without the collector
    # scanning them as they come, it takes a fifth of the time.
    enabled = gc.isenabled()
    gc.disable()
    try:
        with open(file, "rb") as stream:
            return pickle.load(stream)
    except Exception:  # a cache from elsewhere, truncated, unreadable: a miss
        return None
    finally:
        if enabled:
            gc.enable()


def write(where: Path | None, name: str, key: str, value: object) -> None:
    if where is None:
        return
    file = where / f"{name}-{key}.pickle"
    try:
        where.mkdir(parents=True, exist_ok=True)
        for old in where.glob(f"{name}-*.pickle"):
            old.unlink(missing_ok=True)
        partial = file.with_suffix(f".{os.getpid()}.tmp")
        with open(partial, "wb") as stream:
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, file)
    except OSError:
        pass  # a read-only checkout builds all the same
