"""The course's navigation as the build makes it: the guides' entry expanded, or, where mkdocs.yml
writes no nav, every page in course order (``course.order``), nested by folder as MkDocs nests it;
either way with the course path's sessions as its spine (``course_nav``).

``hooks/guides.py`` and ``hooks/auto_nav.py`` make the build's; the render writes the same into the
configuration it gives a host, which then needs no hook to show the pages the build adds.
"""

from __future__ import annotations

import posixpath
from typing import Callable

from . import course_nav
from .guides import COURSE_PATH, GUIDES_DIR, KEY_POINTS
from .instructor import NOTES_PAGE
from .order import course_pages_last

GUIDES_INDEX = f"{GUIDES_DIR}/index.md"
WHOLE_COURSE = "whole-course.md"


def expand_guides(nav: list, pages: list[str]) -> list:
    """``nav`` with the guides index's entry made a section: the index, then one entry per guide."""
    out = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            (title, value), = item.items()
            if value == GUIDES_INDEX:
                out.append({title: list(pages)})
            elif isinstance(value, list):
                out.append({title: expand_guides(value, pages)})
            else:
                out.append(item)
        else:
            out.append(item)
    return out


def course_nav_of(nav: list, guides: list[str], sessions: list[tuple[str, list[str]]]) -> list:
    """A written nav as the build shows it: the guides' entry expanded into the index and each guide
    no session places, then the sessions after the course path's entry."""
    placed = set(course_nav.course_order(sessions))
    left = [page for page in guides if page not in placed]
    if left:
        nav = expand_guides(nav, [GUIDES_INDEX, *left])
    return course_nav.spine(nav, sessions)


def nav_order(nav) -> list[str]:
    """The pages a nav lists, in its order."""
    order: list[str] = []
    for item in nav or []:
        value = next(iter(item.values())) if isinstance(item, dict) and item else item
        if isinstance(value, list):
            order.extend(nav_order(value))
        elif isinstance(value, str):
            order.append(value)
    return order


def course_rank(nav, sessions: list[tuple[str, list[str]]]) -> Callable[[str], int]:
    """A page's place in course order: the nav's, the sessions in it. Without a nav (``auto_nav``
    writes it later), the pages no session places come first, in natural order, then the sessions'."""
    if nav is None:
        placed = {uri: i for i, uri in enumerate(course_nav.course_order(sessions))}
        return lambda uri: placed.get(uri, -1)
    rank = {uri: i for i, uri in enumerate(nav_order(course_nav.spine(nav, sessions)))}
    return lambda uri: rank.get(uri, len(rank))


def guide_pages(theme_ids: list[str]) -> list[str]:
    return [GUIDES_INDEX] + [f"{GUIDES_DIR}/{theme_id}.md" for theme_id in theme_ids]


def _section_title(folder: str) -> str:
    """A folder's title in the nav, as MkDocs makes it."""
    title = folder.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def nest_paths(paths: list[str]) -> list:
    """Pages nested by folder, as MkDocs nests a nav it writes itself (``mkdocs.utils.nest_paths``)."""
    nested: list = []
    for path in paths:
        branch = nested
        folder = posixpath.dirname(path)
        for part in folder.split("/") if folder else []:
            title = _section_title(part)
            found = next((node[title] for node in branch if isinstance(node, dict) and title in node), None)
            if found is None:
                found = []
                branch.append({title: found})
            branch = found
        branch.append(path)
    return nested


def auto_nav(pages: list[str], glossary_page: str, bib_page: str, sessions: list[tuple[str, list[str]]] = ()) -> list:
    """The nav of a course that writes none: its pages in natural order, the build's pages last, the
    sessions after the course path."""
    key = course_pages_last([NOTES_PAGE, COURSE_PATH, f"{GUIDES_DIR}/", KEY_POINTS, glossary_page, WHOLE_COURSE, bib_page])
    return course_nav.spine(nest_paths(sorted(pages, key=key)), list(sessions))


def titles(nav) -> dict[str, str]:
    """The title a nav gives each page it names with one ("Home: index.md")."""
    found: dict[str, str] = {}
    for item in nav or []:
        if isinstance(item, dict) and len(item) == 1:
            (title, value), = item.items()
            if isinstance(value, list):
                found.update(titles(value))
            elif isinstance(value, str) and title is not None:
                found.setdefault(value, str(title))
    return found
