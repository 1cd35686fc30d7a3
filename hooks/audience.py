"""The learner's view and the instructor's view of the course, one build each.

``COURSE_VIEW`` chooses: ``learner`` (the default: the hosted site and the offline pack) or
``instructor``. The blocks the authoring contract keeps for instructors (``coursekit.course.audience``)
are found in each page's Markdown after pandoc's Markdown is rewritten and before the citations are
read, then

- in the learner's view, left out, every line kept in place: their text reaches no HTML, search
  index, whole-course page, key points or print. Their citations are still checked and counted as
  cited (the instructor's view and ``coursekit check`` read them), but link nowhere from here;
- in the instructor's view, shown open, with the "Instructor notes" page (the schedule of the
  course path and where each note is) in the nav, a box at the top of each chapter saying when the
  course path reads it, and a banner on every page.

``scripts/build_outputs.py`` builds the instructor's view into ``site/instructor/`` and sets
``COURSE_BOTH_VIEWS``: each hosted page then links, in its footer, to the same page in the other
view (the pack, which is the learner's alone, does not), and the instructor's view takes
``site_url`` + ``instructor/`` as its own.
"""

from __future__ import annotations

import html
import os

import build_state
from citations import _link_for, body_first_line
from coursekit.cite.page import render_page
from coursekit.course import audience
from coursekit.course import instructor
from coursekit.course.chapters import parse_chapter
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from online_only import offline_enabled

ENV_VIEW = "COURSE_VIEW"
ENV_BOTH = "COURSE_BOTH_VIEWS"
INSTRUCTOR_DIR = "instructor"  # where the instructor's view is, under the hosted site
NOTES_PAGE = instructor.NOTES_PAGE
_ARTICLE = '<article class="md-content__inner md-typeset">'
_COPYRIGHT = '<div class="md-copyright">'

_both: list[bool] = [False]


def view() -> str:
    return build_state.view


@event_priority(95)  # after hooks/course_data.py loads the course, before any hook reads the view
def on_config(config):
    name = os.environ.get(ENV_VIEW, "").strip() or audience.VIEWS[0]
    if name not in audience.VIEWS:
        raise PluginError(f"{ENV_VIEW}={name}: there is no such view — set it to "
                          f"{' or '.join(audience.VIEWS)} (or leave it unset: {audience.VIEWS[0]})")
    build_state.view = name
    _both[0] = bool(os.environ.get(ENV_BOTH, "").strip())
    if name != "instructor":
        return config
    if _both[0] and config.site_url:
        config.site_url = config.site_url.rstrip("/") + f"/{INSTRUCTOR_DIR}/"
    if config.nav is not None and not _in_nav(config.nav, NOTES_PAGE):
        config.nav.insert(1 if config.nav else 0, {"Instructor notes": NOTES_PAGE})
    return config


def _in_nav(items, src_uri: str) -> bool:
    for item in items or []:
        value = next(iter(item.values()), None) if isinstance(item, dict) else item
        if value == src_uri or isinstance(value, list) and _in_nav(value, src_uri):
            return True
    return False


@event_priority(40)  # after hooks/guides.py has read the chapters and the course path (50)
def on_files(files: Files, config):
    if view() != "instructor" or files.get_file_from_path(NOTES_PAGE) is not None:
        return files
    course = build_state.course
    pages = _notes_by_page(files, course)
    content = instructor.notes_page_markdown(course.guides, pages, course.settings.whole_course)
    files.append(File.generated(config, NOTES_PAGE, content=content))
    return files


def _notes_by_page(files: Files, course) -> list[instructor.PageNotes]:
    """Each written page with instructors' blocks (chapters first, in course order), by section."""
    rank = {chapter.src_uri: i for i, chapter in enumerate(course.chapters)}
    written = [f for f in files.documentation_pages() if f.generated_by is None]
    written.sort(key=lambda f: (rank.get(f.src_uri, len(rank)), f.src_uri))
    out = []
    for file in written:
        text = file.content_string
        blocks = audience.find(text).blocks
        if not blocks:
            continue
        chapter = course.chapter_by_uri.get(file.src_uri) or parse_chapter(text, f"docs/{file.src_uri}", file.src_uri)[0]
        page = instructor.PageNotes(file.src_uri, chapter.title)
        for block in blocks:
            line = block.first + 1  # file lines, as the sections count them
            section = next((s for s in reversed(chapter.sections) if s.line < line), None)
            title, anchor = (section.title, section.anchor) if section and section.level > 1 else ("", "")
            if page.places and page.places[-1].anchor == anchor:
                page.places[-1].blocks += 1
            else:
                page.places.append(instructor.NotesPlace(title, anchor))
        out.append(page)
    return out


@event_priority(10)  # after hooks/pandoc_markdown.py (20), before hooks/citations.py reads the citations (0)
def _view_of_page(markdown: str, page: Page, config, files: Files):
    course = build_state.course
    path = f"docs/{page.file.src_uri}"
    first_line = body_first_line(page, markdown)
    found = audience.find(markdown, path, first_line)
    written = page.file.generated_by is None
    if written:
        course.problems.extend(found.problems)
    if not found.blocks:
        return markdown
    if view() == "instructor":
        return audience.for_instructors(markdown, found.blocks)
    # What is left out is read as the instructor's view reads it: its problems are this view's too,
    # and the works it cites are cited (an 'uncited: error' course would fail otherwise).
    hidden = render_page(audience.left_out(markdown, found.blocks), course.style, lambda key: "#" + key, path,
                         first_line, report_unknown=course.bibliography.readable, link_for=_link_for(page, files))
    if written:  # a generated page's text comes from a chapter or a course file, which report it
        course.problems.extend(hidden.problems)
    course.cited_out_of_view.update(hidden.cited)
    build_state.out_of_view[page.file.src_uri] = tuple(hidden.cited)  # kept for a --dirty build
    return audience.for_learners(markdown, found.blocks)


@event_priority(-20)  # after hooks/guides.py's box (-10), which goes above this one
def _chapter_box(markdown: str, page: Page, config, files: Files):
    """The instructor's view: a chapter says, under its title, when the course path reads it."""
    course = build_state.course
    chapter = course.chapter_by_uri.get(page.file.src_uri)
    if view() != "instructor" or chapter is None:
        return markdown
    has_notes = bool(audience.find(page.file.content_string).blocks)
    box = instructor.chapter_box(chapter, course.guides, has_notes)
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("# "):
            return "\n".join(lines[: index + 1] + [box] + lines[index + 1:])
    return box + "\n" + markdown


on_page_markdown = CombinedEvent(_view_of_page, _chapter_box)  # one event, two priorities


def on_post_page(output: str, page: Page, config):
    """The instructor's banner, and (both views built, hosted) the footer's link to the other view."""
    instructor_view = view() == "instructor"
    other = _other_view_url(page, instructor_view) if _both[0] and not offline_enabled(config) else None
    if instructor_view:
        back = f' <a href="{html.escape(other, quote=True)}">This page in the learner’s view</a>' if other else ""
        notes = get_relative_url(File(NOTES_PAGE, "", "", config.use_directory_urls).url, page.url)
        banner = (f'<p class="view-banner"><strong>Instructor’s view:</strong> notes for instructors are open. '
                  f'<a href="{html.escape(notes, quote=True)}">Instructor notes and schedule</a>.{back}</p>')
        output = output.replace(_ARTICLE, _ARTICLE + banner, 1)
    if other:
        label = "Learner’s view" if instructor_view else "Instructor’s view"
        link = f'<div class="md-footer-view"><a href="{html.escape(other, quote=True)}">{label}</a></div>'
        output = output.replace(_COPYRIGHT, link + _COPYRIGHT, 1)
    return output


def _other_view_url(page: Page, instructor_view: bool) -> str:
    """The same page in the other view (its home page, for the pages this view alone has)."""
    target = page.url if page.file.src_uri != NOTES_PAGE else ""
    if instructor_view:
        return get_relative_url(target or "./", f"{INSTRUCTOR_DIR}/{page.url}")
    return get_relative_url(f"{INSTRUCTOR_DIR}/{target}", page.url)
