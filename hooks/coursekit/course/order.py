"""Course order where the course writes no navigation: its pages in natural order, then the build's.

The pages under ``docs/`` come in the order of their paths, as MkDocs sorts them (a folder's index
first, a folder's pages before its subfolders), but read as a person reads numbers: ``chapter2``
before ``chapter10``. The pages the build makes for the course follow, bibliography last.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

_NUMBERS = re.compile(r"(\d+)")
_INDEX_NAMES = ("index", "README")


def _natural(text: str) -> tuple:
    # re.split with a group alternates text and numbers, so two keys compare text with text.
    return tuple(int(piece) if index % 2 else piece.lower() for index, piece in enumerate(_NUMBERS.split(text)))


def natural_key(src_uri: str) -> tuple:
    """``src_uri``'s place among the written pages: "2-b.md" before "10-a.md", index.md first."""
    parts = PurePosixPath(src_uri).parts
    if not parts:
        return ()
    stem = PurePosixPath(parts[-1]).stem
    return tuple(_natural(p) for p in parts[:-1]), stem not in _INDEX_NAMES, _natural(parts[-1])


def course_pages_last(course_pages: list[str]):
    """A sort key: written pages in natural order, then ``course_pages`` in the order given (an entry
    ending in "/" stands for every page of that folder)."""

    def rank(src_uri: str) -> int:
        for index, page in enumerate(course_pages):
            if src_uri == page or (page.endswith("/") and src_uri.startswith(page)):
                return index
        return -1

    def key(src_uri: str) -> tuple:
        return rank(src_uri), natural_key(src_uri)

    return key
