"""Fill the bibliography page: works by source, every entry A–Z, and "Cited in" backlinks.

The entries are written in ``on_page_markdown``, as HTML kept out of Markdown (``markdown_stash``)
but indexed by the search. The backlinks, which need every other page rendered first, replace their
slots in ``on_post_page``, once the search and privacy plugins have read the page: they repeat the
chapters' titles and would be most of the tags those parse.
"""

from __future__ import annotations

import re

import build_state
import markdown_stash
from citations import href_to
from coursekit import render
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

MARKER = "<!-- bibliography -->"
_SLOT = re.compile(r"<!--coursekit:cited-in:(.*?)-->")
_BY_SOURCE_LIST = re.compile(r'<ul class="works-by-source"')

_page: Page | None = None
_files: Files | None = None


def on_config(config):
    global _page, _files
    _page, _files = None, None
    return config


def on_page_markdown(markdown: str, page: Page, config, files: Files):
    global _page, _files
    course = build_state.course
    if page.file.src_uri != course.settings["bibliography_page"]:
        return markdown
    _page, _files = page, files
    sections = render.bibliography_sections(course.style, _sources_in_course_order(course, files, page))
    # The works listed by source only lead to the entries below, which the search indexes.
    sections = markdown_stash.stash_for(page.file.src_uri).blocks_of(sections, deferred=_BY_SOURCE_LIST.match)
    if MARKER in markdown:
        return markdown.replace(MARKER, sections, 1)
    return markdown + sections


def _sources_in_course_order(course, files: Files, page: Page) -> list:
    """Each notes map once, with its chapter's title and link, in the order of the chapters."""
    out, seen = [], set()
    for chapter in course.chapters:
        for key in chapter.sources:
            notes_map = course.notes.get(key)
            if notes_map is not None and id(notes_map) not in seen:
                seen.add(id(notes_map))
                out.append((notes_map, chapter.title, href_to(files, page, chapter.src_uri)))
    for notes_map in course.notes.values():  # sources no chapter summarises (yet)
        if id(notes_map) not in seen:
            seen.add(id(notes_map))
            out.append((notes_map, "", ""))
    return out


@event_priority(-60)  # after Material's privacy plugin (-50): backlinks are links, never assets
def on_post_page(output: str, page: Page, config):
    course, files = build_state.course, _files
    if page is not _page or files is None:
        return output
    titles = {p.file.src_uri: p.title for p in [f.page for f in files.documentation_pages()] if p}
    urls: dict[str, str] = {}  # citing page → its URL from here, once per page

    def slot(match: re.Match) -> str:
        key = match.group(1)
        places = []
        for citing in course.cited_by.get(key, []):
            page_title = titles.get(citing.page) or citing.page
            label = page_title if citing.title in ("", page_title) else f"{page_title} › {citing.title}"
            if citing.page not in urls:
                urls[citing.page] = href_to(files, _page, citing.page)
            url = urls[citing.page]
            places.append((f"{url}#{citing.anchor}" if citing.anchor and not url.startswith("#") else
                           href_to(files, _page, citing.page, citing.anchor), label))
        guides = [(href_to(files, _page, src, anchor), title) for src, anchor, title in course.listed_in.get(key, [])]
        return render.cited_in(places, guides)

    return _SLOT.sub(slot, output)
