"""Render pandoc-style citations, each page's References, and each chapter's notes list.

Citations are resolved in ``on_page_markdown``; which section cites what is read back from the HTML
in ``on_page_content``, so the bibliography page can link back to every citing section.

The rendered HTML does not go through Markdown: each citation, and each HTML block of the
References and notes sections, is a placeholder word in the Markdown, replaced by its HTML in
``on_page_content``. Markdown would otherwise parse every tag of it again, which cost more than
everything else the citations do. The References and notes blocks stay held back (``held_from_search``)
until Material's search plugin has indexed the page, in ``on_page_context``.
"""

from __future__ import annotations

import re
import secrets
from typing import Callable

import build_state
import held_from_search
from coursekit import render
from coursekit.citepage import render_page
from coursekit.course import Citing
from mkdocs.plugins import event_priority
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


class Stash:
    """HTML kept out of Markdown: each piece stands in the Markdown as a placeholder word."""

    _NONCE = secrets.token_hex(4)  # no page text can hold a placeholder by chance

    def __init__(self) -> None:
        self.inline: dict[str, str] = {}
        self.blocks: dict[str, str] = {}

    def _token(self) -> str:
        return f"coursekitstash{self._NONCE}x{len(self.inline) + len(self.blocks)}x"

    def __call__(self, html: str) -> str:
        token = self._token()
        self.inline[token] = html
        return token

    def blocks_of(self, section: str) -> str:
        """``section`` (Markdown headings and raw HTML blocks) with each HTML block stashed."""
        chunks = section.split("\n\n")
        for index, chunk in enumerate(chunks):
            if chunk.lstrip().startswith("<"):
                token = self._token()
                self.blocks[token] = chunk.strip("\n")
                chunks[index] = token
        return "\n\n".join(chunks) + "\n"

    def restore(self, html: str, hold_block: Callable[[str], str]) -> str:
        """``html`` with each citation in place, and each block as what ``hold_block`` gives for it."""
        for token, block in self.blocks.items():
            wrapped = f"<p>{token}</p>"  # a block placeholder is a paragraph of its own
            html = html.replace(wrapped if wrapped in html else token, hold_block(block), 1)
        if not self.inline:
            return html
        return _PLACEHOLDER.sub(lambda m: self.inline.get(m.group(0), m.group(0)), html)


_PLACEHOLDER = re.compile(rf"coursekitstash{Stash._NONCE}x\d+x")
_stashes: dict[str, Stash] = {}  # page src_uri → its stash, until its HTML is ready


def on_config(config):
    _stashes.clear()  # serve reuses this module: nothing from an earlier build survives
    held_from_search.reset()
    return config


def on_page_markdown(markdown: str, page: Page, config, files: Files):
    course = build_state.course
    bib_page = course.settings["bibliography_page"]

    bib_url = href_to(files, page, bib_page)
    bib_url = "" if bib_url.startswith("#") else bib_url  # no bibliography page: "#key", as href_to gives

    def href_for(key: str) -> str:  # the page's URL of the bibliography, once: a citation is a look-up
        return f"{bib_url}#{key}"

    stash = _stashes[page.file.src_uri] = Stash()
    rendered = render_page(markdown, course.style, href_for, f"docs/{page.file.src_uri}", body_first_line(page, markdown),
                           stash=stash)
    if not page.file.generated_by:
        # A generated page's citations come from a chapter or a course file, which report them
        # at their own lines; here they would point into a file that does not exist.
        course.problems.extend(rendered.problems)
    course.page_keys[page.file.src_uri] = rendered.cited
    markdown = rendered.markdown

    for key in _sources_of(page):
        notes_map = course.notes.get(key)
        if notes_map is not None:
            markdown += stash.blocks_of(render.notes_section(notes_map, course.style, href_for))
            break
    if rendered.cited:
        markdown += stash.blocks_of(render.references_section(rendered.cited, course.style, href_for))
    return markdown


def _sources_of(page: Page) -> list[str]:
    source = page.meta.get("source")
    if isinstance(source, list):
        return [str(s) for s in source]
    return [str(source)] if source else []


_HEADING_OR_CITE = re.compile(
    r'<h[1-6][^>]*\sid="([^"]+)"[^>]*>(.*?)</h[1-6]>|data-cite="([^"]+)"', re.DOTALL
)


@event_priority(100)  # first: every other hook sees the citations' HTML, not placeholders
def on_page_content(html: str, page: Page, config, files: Files):
    """Put the stashed HTML in place; record, for each cited work, the page and section (nearest
    heading above) that cite it."""
    stash = _stashes.pop(page.file.src_uri, None)
    if stash is not None:
        html = stash.restore(html, lambda block: held_from_search.hold(page, block))
    course = build_state.course
    if not course.page_keys.get(page.file.src_uri):
        return html
    anchor, title = "", page.title or ""
    seen: set[tuple[str, str]] = set()
    for match in _HEADING_OR_CITE.finditer(held_from_search.expanded(page, html)):  # the notes count
        if match.group(1):
            anchor, title = match.group(1), render.heading_text(match.group(2))
            continue
        key = match.group(3)
        if (key, anchor) in seen or anchor == "references":
            continue
        seen.add((key, anchor))
        course.cited_by.setdefault(key, []).append(Citing(page.file.src_uri, anchor, title or page.title or ""))
    return html


@event_priority(-100)  # after Material's search plugin (0) has indexed the page without them
def on_page_context(context, page: Page, config, nav):
    """Put the References and notes blocks in place, for the theme and every later plugin."""
    held_from_search.put_back(page)
    return context
