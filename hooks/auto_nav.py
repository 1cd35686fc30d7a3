"""The navigation of a course that writes none: its pages in natural order, the build's pages last.

MkDocs, given no ``nav``, lists the pages sorted by path, ``chapter10`` before ``chapter2``, and the
pages the hooks generate (instructor notes, guides, key points, glossary, whole course,
bibliography) among the written ones. Here the nav is written for it, in the order of ``coursekit.course.order``, nested by
folder as MkDocs nests it. A course with a ``nav`` in mkdocs.yml keeps it as it is.
"""

from __future__ import annotations

from coursekit.course.guides import GUIDES_DIR, KEY_POINTS
from coursekit.course.instructor import NOTES_PAGE
from coursekit.course.order import course_pages_last
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.utils import nest_paths

import build_state

WHOLE_COURSE = "whole-course.md"


@event_priority(-90)  # after every hook has added its pages
def on_files(files: Files, config):
    if config.nav is not None:
        return files
    settings = build_state.course.settings
    key = course_pages_last([NOTES_PAGE, "course-path.md", f"{GUIDES_DIR}/", KEY_POINTS, settings.glossary_page,
                             WHOLE_COURSE, build_state.course.bib_page])
    pages = sorted((f.src_uri for f in files.documentation_pages() if f.inclusion.is_in_nav()), key=key)
    config.nav = nest_paths(pages)
    return files
