"""Which page the bibliography goes on.

The page named by the ``bibliography_page`` setting (``bibliography.md``) where it exists, or where
course.yml names it. Otherwise a page that a pandoc book already has for it: one that holds pandoc's
``::: {#refs}`` div (Quarto's ``references.qmd``) or ``<div id="refs">``, or one that is nothing but
a "References" heading (bookdown's ``references.Rmd``, where pandoc puts the bibliography). Failing
those, the setting's page, which the build generates.
"""

from __future__ import annotations

import re
from typing import Callable

from ..render.sections import BIBLIOGRAPHY_MARKER
from .order import natural_key
from .settings import Settings

# The page the build writes where the docs have none: the entries go where the marker is.
GENERATED_PAGE = f"""\
# Bibliography

Every work in the course's bibliography, A–Z. Under each entry, *Cited in* links back to every page
and section that cites it.

{BIBLIOGRAPHY_MARKER}
"""

_REFS_DIV = re.compile(r"^:{3,}[ \t]*\{[^}\n]*#refs\b|<div\b[^>]*\bid=[\"']refs[\"']", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n.*?\n(?:\.{3}|-{3})[ \t]*(?:\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"#{1,6}[ \t]+(.+?)[ \t]*(?:\{[^}]*\})?[ \t]*#*[ \t]*")
_TITLES = {"references", "bibliography", "works cited", "literature", "literature cited"}
_STUB_SIZE = 1000  # a page that is only a heading is short: longer ones are not read further


def holds_references(text: str) -> bool:
    """Whether ``text`` is a page a pandoc book keeps for its bibliography."""
    if "refs" in text and _REFS_DIV.search(text):
        return True
    if len(text) > _STUB_SIZE:
        return False
    lines = [line for line in _FRONT_MATTER.sub("", text).splitlines() if line.strip()]
    heading = _HEADING.fullmatch(lines[0].strip()) if len(lines) == 1 else None
    return heading is not None and heading.group(1).strip().lower() in _TITLES


def choose(settings: Settings, pages: dict[str, str]) -> tuple[str, bool]:
    """The bibliography's page (a path under docs/), and whether the build must generate it.

    ``pages`` maps each page written in docs/ to its text (read only where the setting's page is absent).
    """
    configured = settings.bibliography_page
    if configured in pages or "bibliography_page" in settings.positions:
        return configured, configured not in pages
    for src_uri in sorted(pages, key=natural_key):
        if holds_references(pages[src_uri]):
            return src_uri, False
    return configured, True


def sources_in_course_order(course, link: Callable[[str], str]) -> list:
    """Each notes map once, with its chapter's title and link (``link(src_uri)``), in the order of the
    chapters; the sources no chapter summarises (yet) after them, without either."""
    out, seen = [], set()
    for chapter in course.chapters:
        for key in chapter.sources:
            notes_map = course.notes.get(key)
            if notes_map is not None and id(notes_map) not in seen:
                seen.add(id(notes_map))
                out.append((notes_map, chapter.title, link(chapter.src_uri)))
    for notes_map in course.notes.values():
        if id(notes_map) not in seen:
            seen.add(id(notes_map))
            out.append((notes_map, "", ""))
    return out
