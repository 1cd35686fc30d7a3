"""Reading guides, the course path, key points and the glossary page, generated at build time.

Chapters are read from their Markdown files in ``on_files`` (course order = navigation order);
the generated pages are added as ``File.generated`` pages, so they are rendered, searched and
link-checked like written ones, and never written into docs/.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

import build_state
from coursekit.course import chapters as coursekit_chapters
from coursekit.course import guides as coursekit_guides
from coursekit.course import navigation
from coursekit.course.order import natural_key
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

GUIDES_INDEX = navigation.GUIDES_INDEX


@event_priority(80)
def on_config(config):
    """Expand the nav entry of the guides index into the index and one entry per guide."""
    course = build_state.course
    from coursekit.yamlpos import load_file

    if not course.path("guides").exists():
        return config
    data, _ = load_file(course.path("guides"), course.shown("guides"))
    themes = data.get("themes") if isinstance(data, dict) else None
    if not isinstance(themes, list) or not config.nav:
        return config
    # Only ids that are slugs become pages: any other is reported by load_guides, never a path.
    pages = navigation.guide_pages([t["id"] for t in themes
                                    if isinstance(t, dict) and coursekit_guides.is_theme_id(t.get("id"))])
    config.nav = navigation.expand_guides(config.nav, pages)
    return config


def _nav_order(config) -> list[str]:
    order: list[str] = []

    def walk(items):
        for item in items or []:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                walk(value)
            elif isinstance(value, str):
                order.append(value)

    walk(config.nav)
    return order


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
    order = _nav_order(config)
    rank = {uri: i for i, uri in enumerate(order)}
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
    chapters.sort(key=lambda c: (rank.get(c.src_uri, len(rank)), natural_key(c.src_uri)))
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


@event_priority(-10)  # after citations.py: the box's lines must not shift the line numbers it reports
def on_page_markdown(markdown: str, page: Page, config, files: Files):
    """Chapters get an "In these reading guides" box under their title."""
    course = build_state.course
    if course.guides is None:
        return markdown
    chapter = course.chapter_by_uri.get(page.file.src_uri)
    if chapter is None:
        return markdown
    return coursekit_guides.with_guides_box(markdown, chapter, course.guides)
