"""Reading guides, the course path, key points and the glossary page, generated at build time.

Chapters are read from their Markdown files in ``on_files`` (course order = navigation order);
the generated pages are added as ``File.generated`` pages, so they are rendered, searched and
link-checked like written ones, and never written into docs/.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import build_state
import markdown_stash
from citations import href_to
from coursekit.course import chapters as coursekit_chapters
from coursekit.course import course_nav, course_path_pages, map_data
from coursekit.course import guides as coursekit_guides
from coursekit.course import navigation
from coursekit.course.order import natural_key
from coursekit.render import course_map
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page


@event_priority(80)
def on_config(config):
    """The nav as the course path (``coursekit.course.course_nav``), and the guides index expanded
    into the index and one entry per guide that no session places."""
    course = build_state.course
    if not config.nav:
        return config
    guides, sessions = _sessions(course, config)
    config.nav = navigation.course_nav_of(config.nav, guides, sessions)
    return config


def _sessions(course, config):
    docs = Path(config.docs_dir)
    return course_nav.read(course, lambda src_uri: (docs / src_uri).is_file())


def _course_rank(config, course):
    """A chapter's place in course order. The nav already has the sessions in it (``on_config``);
    where hooks/auto_nav.py writes the nav, later, the sessions place it as the nav will have them."""
    return navigation.course_rank(config.nav, [] if config.nav is not None else _sessions(course, config)[1])


# src_uri → (text, chapter, problems): ``mkdocs serve`` rebuilds everything after each edit, while
# usually one chapter changed. Hooks are not reloaded between rebuilds; a parsed chapter is not changed.
_parsed: dict[str, tuple[bytes, object, list]] = {}  # keyed by a digest, not the text: no second copy


def _parse_chapter(text: str, src_uri: str):
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
    known = _parsed.get(src_uri)
    if known is None or known[0] != digest:
        known = _parsed[src_uri] = (digest, *coursekit_chapters.parse_chapter(text, f"docs/{src_uri}", src_uri))
    return known[1], list(known[2])


@event_priority(50)
def on_files(files: Files, config):
    course = build_state.course
    rank = _course_rank(config, course)
    chapters = []
    for file in files.documentation_pages():
        text = file.content_string
        if not text.lstrip().startswith("---"):
            continue
        chapter, problems = _parse_chapter(text, file.src_uri)
        if not chapter.sources:
            continue
        course.problems.extend(problems)
        chapters.append(chapter)
    chapters.sort(key=lambda c: (rank(c.src_uri), natural_key(c.src_uri)))
    course.chapters = chapters
    course.chapter_by_uri = {c.src_uri: c for c in chapters}

    guides, problems = None, []
    if course.path("guides").exists():  # a course without guides is fine
        guides, problems = coursekit_guides.load_guides(
            course.path("guides"), course.shown("guides"), chapters, course.known_keys, course.glossary
        )
    course.problems.extend(problems)
    course.guides = guides
    themes = guides.theme_ids if guides else None
    for chapter in chapters:
        course.problems.extend(coursekit_chapters.structure_problems(chapter, course.known_keys, themes))

    settings = replace(course.settings, bibliography_page=course.bib_page)  # the page chosen this build
    generated, listed_in = coursekit_guides.generated_pages(chapters, guides, course.glossary, course.style, settings)
    course.listed_in.update(listed_in)
    for src_uri, content in generated.items():
        if files.get_file_from_path(src_uri) is None:
            files.append(File.generated(config, src_uri, content=content))
    return files


@event_priority(-10)  # after citations.py: what goes in must not shift the line numbers it reports
def on_page_markdown(markdown: str, page: Page, config, files: Files):
    """The course's length and start where a page asks for them, the map of the guides, and the
    "In these reading guides" box under a chapter's title."""
    course = build_state.course
    src_uri = page.file.src_uri
    markdown = course_path_pages.with_course_start(markdown, course.guides, src_uri)
    if coursekit_guides.MAP_MARKER in markdown:
        markdown = markdown.replace(coursekit_guides.MAP_MARKER, _map_placeholder(course, page, files))
    if course.guides is None:
        return markdown
    chapter = course.chapter_by_uri.get(src_uri)
    if chapter is None:
        return markdown
    return coursekit_guides.with_guides_box(markdown, chapter, course.guides)


def _map_placeholder(course, page: Page, files: Files) -> str:
    """The map of the guides, drawn when the page is written (``deferred_html``): the search leaves
    it out (the guides and chapters it names are indexed on their own pages), and every link in
    it is made from this page, as the site or the pack has it."""
    if course.guides is None or not course.guides.themes:
        return ""
    guides, chapters = course.guides, course.chapters

    def draw() -> str:
        link = lambda src_uri, anchor: href_to(files, page, src_uri, anchor)  # noqa: E731
        return course_map.render(map_data.course_map(guides, chapters, link))

    return f"\n\n{markdown_stash.stash_for(page.file.src_uri).defer(draw)}\n\n"
