"""What the course map shows, from the guides as loaded: so it follows ``course/guides.yml`` and the
chapters' guide marks, and cannot go stale.

The guides in their order; the chapters in course order, each with the session that introduces it;
under each chapter, the sections some guide walks through, with the guides that stop there.
``link(src_uri, anchor)`` gives the address of a page (and a heading on it) from the page the map
is on, as the host resolves it.
"""

from __future__ import annotations

from typing import Callable

from ..render.course_map import CourseMap, MapChapter, MapRow, MapTheme
from ..render.safe import plain_text
from .chapters import Chapter
from .guides import Guides

# A map is a picture while it fits on a few screens: past this many sections it shows chapters, past
# this many chapters only the guides (each guide's page lists its whole path).
MAP_ROWS = 300


def course_map(guides: Guides, chapters: list[Chapter], link: Callable[[str, str], str]) -> CourseMap:
    themes = [MapTheme(plain_text(theme.title), link(theme.src_uri, "")) for theme in guides.themes]
    stops: dict[tuple[str, str], dict[int, bool]] = {}
    for index, theme in enumerate(guides.themes):
        for step in theme.steps:
            at = stops.setdefault((step.chapter.src_uri, step.section.anchor if step.section else ""), {})
            at[index] = at.get(index, False) or step.required
    by_section = len(stops) <= MAP_ROWS  # a larger course is drawn a chapter a row, its stops merged
    out = []
    for chapter in chapters:
        uri = chapter.src_uri
        rows = [MapRow(plain_text(section.title), link(uri, section.anchor), stops[(uri, section.anchor)])
                for section in chapter.sections if (uri, section.anchor) in stops] if by_section else []
        whole = stops.get((uri, ""), {}) if by_section else _merged(stops, chapter)
        if rows or whole:
            out.append(MapChapter(plain_text(chapter.title), link(uri, ""), guides.introduced.get(uri, 0), whole, rows))
    return CourseMap(themes, out if len(out) <= MAP_ROWS else [], by_section)


def _merged(stops: dict[tuple[str, str], dict[int, bool]], chapter: Chapter) -> dict[int, bool]:
    """The guides that stop anywhere in ``chapter``: required where one of its stops is."""
    merged: dict[int, bool] = {}
    for anchor in [""] + [section.anchor for section in chapter.sections]:
        for index, required in stops.get((chapter.src_uri, anchor), {}).items():
            merged[index] = merged.get(index, False) or required
    return merged
