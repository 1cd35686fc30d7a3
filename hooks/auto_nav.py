"""The navigation of a course that writes none: its pages in natural order, the build's pages last.

MkDocs, given no ``nav``, lists the pages sorted by path, ``chapter10`` before ``chapter2``, and the
pages the hooks generate (instructor notes, guides, key points, glossary, whole course,
bibliography) among the written ones. Here the nav is written for it, in the order of ``coursekit.course.order``, nested by
folder as MkDocs nests it, with the course path's sessions after its page, each with the chapters
and guides it introduces (``coursekit.course.course_nav``). A course with a ``nav`` in mkdocs.yml
keeps it as it is, the sessions aside (hooks/guides.py).
"""

from __future__ import annotations

from pathlib import Path

import build_state
from coursekit.course import course_nav, navigation
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files


@event_priority(-90)  # after every hook has added its pages
def on_files(files: Files, config):
    if config.nav is not None:
        return files
    course = build_state.course
    pages = [f.src_uri for f in files.documentation_pages() if f.inclusion.is_in_nav()]
    docs = Path(config.docs_dir)
    _, sessions = course_nav.read(course, lambda src_uri: (docs / src_uri).is_file())
    config.nav = navigation.auto_nav(pages, course.settings.glossary_page, course.bib_page, sessions)
    return files
