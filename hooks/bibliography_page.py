"""Fill the bibliography page: works by source, every entry A–Z, and "Cited in" backlinks.

The entries are written in ``on_page_markdown``, as HTML kept out of Markdown (``markdown_stash``)
but indexed by the search. Once the search has read them (``on_page_context``), the page's content
is held out of the written page, which gets a marker instead: rendered into the theme and passed
through every ``on_post_page`` hook, the entries (7 MB of HTML at 5,000 works) were copied at each
step. ``on_post_build`` writes them into the page, a chunk at a time, with the backlinks, which need
every other page rendered first, in their slots. The privacy plugin does not see them: they are
links, never assets (a ``links_attr_map`` set for it would not reach them).
"""

from __future__ import annotations

import re
from pathlib import Path

import build_state
import deferred_html
import markdown_stash
import written_pages
from citations import href_to
from coursekit.course import bibliography_page
from coursekit.course.backlinks import Backlinks
from coursekit.render import sections as render
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

MARKER = render.BIBLIOGRAPHY_MARKER
GENERATED_PAGE = bibliography_page.GENERATED_PAGE  # the page the build writes where the docs have none
HELD = "<!--coursekit:bibliography-entries-->"
SLOT_PATTERN = r"<!--coursekit:cited-in:(.*?)-->"  # where an entry's "Cited in" goes
_SLOT = re.compile(SLOT_PATTERN)
_BY_SOURCE_LIST = re.compile(r'<ul class="works-by-source"')

_page: Page | None = None
_files: Files | None = None
_held: list[str] = []  # the page's content, from the search's reading it until it is written


def on_config(config):
    global _page, _files
    _page, _files = None, None
    _held.clear()
    return config


@event_priority(60)  # before hooks/guides.py links the guides' key works to it
def on_files(files: Files, config):
    """Choose the bibliography's page; generate it where the docs have none and there are works to list."""
    course = build_state.course
    written = {course.settings.bibliography_page: ""}  # where the setting's page exists, no page need be read
    if files.get_file_from_path(course.settings.bibliography_page) is None:
        written = {f.src_uri: f.content_string for f in files.documentation_pages() if f.generated_by is None}
    page, generate = bibliography_page.choose(course.settings, written)
    course.bibliography_page = page
    if generate and course.bibliography.entries:
        files.append(File.generated(config, page, content=GENERATED_PAGE))
    return files


def on_page_markdown(markdown: str, page: Page, config, files: Files):
    global _page, _files
    course = build_state.course
    if page.file.src_uri != course.bib_page:
        return markdown
    _page, _files = page, files
    sources = bibliography_page.sources_in_course_order(course, lambda src_uri: href_to(files, page, src_uri))
    sections = render.bibliography_sections(course.style, sources, course.settings.entry_notes)
    # The works listed by source only lead to the entries below, which the search indexes.
    sections = markdown_stash.stash_for(page.file.src_uri).blocks_of(sections, deferred=_BY_SOURCE_LIST.match)
    if MARKER in markdown:
        return markdown.replace(MARKER, sections, 1)
    return markdown + sections


@event_priority(-100)  # after the search plugin (0) has indexed the entries
def on_page_context(context, page: Page, config, nav):
    if page is _page and page.content and HELD not in page.content:
        # The heading stays: without an <h1> in the content, Material's template adds its own.
        h1_end = page.content.find("</h1>")
        kept = page.content[: h1_end + len("</h1>")] if h1_end != -1 else ""
        _held.append(page.content[len(kept):])
        page.content = kept + HELD
    return context


def on_post_build(config):
    """The entries, with their backlinks, in place of the marker (before the offline plugin's -100)."""
    course, files, page = build_state.course, _files, _page
    if page is None or files is None or not _held:
        return
    titles = {p.file.src_uri: p.title for p in [f.page for f in files.documentation_pages()] if p}
    urls: dict[str, str] = {}  # citing page → its URL from here, once per page
    bib_url = href_to(files, page, course.bib_page)
    bib_url = "" if bib_url.startswith("#") else bib_url
    backlinks = Backlinks(course, titles)

    def href(citing) -> str:
        if citing.page not in urls:
            urls[citing.page] = href_to(files, page, citing.page)
        url = urls[citing.page]
        return (f"{url}#{citing.anchor}" if citing.anchor and not url.startswith("#") else
                href_to(files, page, citing.page, citing.anchor))

    def slot(match: re.Match) -> str:
        key = match.group(1)
        pages, listed = backlinks.of(key, course.cited_by.get(key, []), href,
                                     lambda src, anchor: href_to(files, page, src, anchor))
        return render.cited_in(pages, listed)

    held = _held.pop()
    chunks = (_SLOT.sub(slot, deferred_html.expand(chunk, bib_url)) for chunk in written_pages.lines_in_chunks(held))
    written_pages.fill(Path(config.site_dir) / page.file.dest_uri, HELD, chunks)
