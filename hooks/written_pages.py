"""Put HTML into a page MkDocs has already written, a piece at a time.

The whole-course page (every chapter) and the bibliography's entries (every work, with backlinks)
are the two largest pages of a course. Held in the page until it is written, each would be
rendered into the theme, parsed by the privacy plugin and rewritten by every ``on_post_page`` hook,
each pass a fresh copy of it: at 500 chapters, most of the build's peak memory. Their pages are
written with a marker instead, and ``on_post_build`` (before the offline plugin, which reads
the files) puts the pieces in its place. Not a hook: hooks import it by name.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable


def fill(path: Path, marker: str, pieces: Iterable[str], separator: str = "") -> bool:
    """Write ``pieces`` in place of ``marker`` in the file at ``path``; False if it has no marker."""
    if not path.exists():
        return False
    written = path.read_text(encoding="utf-8")
    if marker not in written:
        return False
    head, tail = written.split(marker, 1)
    partial = path.with_name(path.name + ".partial")
    with open(partial, "w", encoding="utf-8", errors="xmlcharrefreplace") as out:
        out.write(head)
        for index, piece in enumerate(pieces):
            out.write((separator if index else "") + piece)
        out.write(tail)
    os.replace(partial, path)
    return True


def lines_in_chunks(text: str, size: int = 1 << 16) -> Iterable[str]:
    """``text`` in pieces of about ``size`` characters, each ending at a line's end."""
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos + size)
        end = len(text) if end == -1 else end + 1
        yield text[pos:end]
        pos = end
