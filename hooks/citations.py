"""Render pandoc-style citations, each page's References, and each chapter's notes list.

Citations are resolved in ``on_page_markdown``; which section cites what is read back from the HTML
in ``on_page_content``, so the bibliography page can link back to every citing section.
"""

from __future__ import annotations

import re

import build_state
from coursekit import render
from coursekit.citepage import render_page
from coursekit.course import Citing
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n.*?\n(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def body_first_line(page: Page, markdown: str) -> int:
    """The file line on which ``markdown`` starts: MkDocs strips the front matter and blank lines."""
    source = page.file.content_string
    if markdown and source.endswith(markdown):
        return source.count("\n", 0, len(source) - len(markdown)) + 1
    match = _FRONT_MATTER.match(source)
    return source.count("\n", 0, match.end()) + 1 if match else 1


def href_to(files: Files, page: Page, src_uri: str, anchor: str = "") -> str:
    target = files.get_file_from_path(src_uri)
    if target is None:
        return "#" + anchor
    url = target.url_relative_to(page.file)
    return f"{url}#{anchor}" if anchor else url


def on_page_markdown(markdown: str, page: Page, config, files: Files):
    course = build_state.course
    bib_page = course.settings["bibliography_page"]

    def href_for(key: str) -> str:
        return href_to(files, page, bib_page, key)

    rendered = render_page(markdown, course.style, href_for, f"docs/{page.file.src_uri}", body_first_line(page, markdown))
    course.problems.extend(rendered.problems)
    course.page_keys[page.file.src_uri] = rendered.cited
    markdown = rendered.markdown

    for key in _sources_of(page):
        notes_map = course.notes.get(key)
        if notes_map is not None:
            markdown += render.notes_section(notes_map, course.style, href_for)
            break
    if rendered.cited:
        markdown += render.references_section(rendered.cited, course.style, href_for)
    return markdown


def _sources_of(page: Page) -> list[str]:
    source = page.meta.get("source")
    if isinstance(source, list):
        return [str(s) for s in source]
    return [str(source)] if source else []


_HEADING_OR_CITE = re.compile(
    r'<h[1-6][^>]*\sid="([^"]+)"[^>]*>(.*?)</h[1-6]>|data-cite="([^"]+)"', re.DOTALL
)


def on_page_content(html: str, page: Page, config, files: Files):
    """Record, for each cited work, the page and section (nearest heading above) that cite it."""
    course = build_state.course
    if not course.page_keys.get(page.file.src_uri):
        return html
    anchor, title = "", page.title or ""
    seen: set[tuple[str, str]] = set()
    for match in _HEADING_OR_CITE.finditer(html):
        if match.group(1):
            anchor, title = match.group(1), render.heading_text(match.group(2))
            continue
        key = match.group(3)
        if (key, anchor) in seen or anchor == "references":
            continue
        seen.add((key, anchor))
        course.cited_by.setdefault(key, []).append(Citing(page.file.src_uri, anchor, title or page.title or ""))
    return html
