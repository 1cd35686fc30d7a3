"""The course's navigation as the build makes it: the guides' entry expanded, or, where mkdocs.yml
writes no nav, every page in course order (``course.order``), nested by folder as MkDocs nests it.

``hooks/guides.py`` and ``hooks/auto_nav.py`` make the build's; the render writes the same into the
configuration it gives a host, which then needs no hook to show the pages the build adds.
"""

from __future__ import annotations

import posixpath

from .guides import GUIDES_DIR, KEY_POINTS
from .instructor import NOTES_PAGE
from .order import course_pages_last

GUIDES_INDEX = f"{GUIDES_DIR}/index.md"
COURSE_PATH = "course-path.md"
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


def auto_nav(pages: list[str], glossary_page: str, bib_page: str) -> list:
    """The nav of a course that writes none: its pages in natural order, the build's pages last."""
    key = course_pages_last([NOTES_PAGE, COURSE_PATH, f"{GUIDES_DIR}/", KEY_POINTS, glossary_page, WHOLE_COURSE, bib_page])
    return nest_paths(sorted(pages, key=key))


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
