"""Render pandoc-style citations, each page's References, and each chapter's notes list.

Citations are resolved in ``on_page_markdown``; which section cites what is read back from the HTML
in ``on_page_content``, so the bibliography page can link back to every citing section.

The rendered HTML does not go through Markdown: each citation, and each HTML block of the
References and notes sections, is a placeholder word in the Markdown, replaced in
``on_page_content`` by a marker (``deferred_html``) that the page's final HTML exchanges for the
HTML in ``on_post_page``. Markdown, the search plugin and the privacy plugin would otherwise parse
every tag of it, which cost more than everything else the citations do.
"""

from __future__ import annotations

import hashlib
import re

import build_state
import deferred_html
import markdown_stash
from coursekit.render import sections as render
from coursekit.cite.page import Links, RenderedPage, relative_target, render_page
from coursekit.course.model import Citing
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
    end = match.end() if match else 0
    rest = source[end:]  # MkDocs strips the blank lines after the front matter
    return source.count("\n", 0, end) + len(rest) - len(rest.lstrip("\n")) + 1


def href_to(files: Files, page: Page, src_uri: str, anchor: str = "") -> str:
    target = files.get_file_from_path(src_uri)
    if target is None:
        return "#" + anchor
    url = target.url_relative_to(page.file)
    return f"{url}#{anchor}" if anchor else url


def deferred_href(key: str) -> str:
    return f"{deferred_html.BIB}#{key}"


_bib_urls: dict[str, str] = {}  # page src_uri → the bibliography's URL from it, for on_post_page
_held_links: list[Links] = []  # the held citations' link tags, made once per build for every page
# ``mkdocs serve`` rebuilds every page after each edit, nearly always to one chapter: each page's
# rendered citations are kept for the next build, which takes them while the page's Markdown, the
# bibliography's formatting and the bibliography page's URL are the same (src_uri → digest, style,
# rendering, its stashed citations). A one-off build keeps nothing.
_last_build: dict[str, tuple[bytes, object, RenderedPage, dict]] = {}
_serving: list[bool] = [False]


def on_startup(command, dirty):
    _serving[0] = command == "serve"
    _last_build.clear()


def on_config(config):
    markdown_stash.reset()  # serve reuses these modules: nothing from an earlier build survives
    deferred_html.reset()
    _bib_urls.clear()
    _held_links.clear()
    return config


def on_page_markdown(markdown: str, page: Page, config, files: Files):
    course = build_state.course
    bib_page = course.bib_page

    bib_url = href_to(files, page, bib_page)
    bib_url = "" if bib_url.startswith("#") else bib_url  # no bibliography page: "#key", as href_to gives
    _bib_urls[page.file.src_uri] = bib_url

    def href_for(key: str) -> str:  # the page's URL of the bibliography, once: a citation is a look-up
        return f"{bib_url}#{key}"

    stash = markdown_stash.stash_for(page.file.src_uri)
    if not _held_links:
        _held_links.append(Links(course.style, deferred_href))
    rendered = _rendered(markdown, page, course.style, bib_url, href_for, stash, files)
    if not page.file.generated_by:
        # A generated page's citations come from a chapter or a course file, which report them
        # at their own lines; here they would point into a file that does not exist.
        course.problems.extend(rendered.problems)
    course.page_keys[page.file.src_uri] = rendered.cited
    markdown = rendered.markdown

    style = course.style
    for key in _sources_of(page):
        notes_map = course.notes.get(key)
        if notes_map is not None and (notes_map.notes or notes_map.mentions):
            keys = [k for k in notes_map.keys if k in style.formatted]
            token = stash.defer(lambda m=notes_map: render.notes_lists(m, style, deferred_href), keys,
                                render.notes_ids(notes_map), recipe=("notes", key))
            markdown += f"{render.NOTES_HEADING}{token}\n"
            break
    if rendered.cited:
        # No keys: the References list repeats the citations above it, which "Cited in" has read.
        cited = rendered.cited
        token = stash.defer(lambda: render.references_list(cited, style, deferred_href), recipe=("references", tuple(cited)))
        markdown += f"{render.REFERENCES_HEADING}{token}\n"
    return markdown


def remade(recipe: tuple):
    """A list's ``render`` from its recipe (``deferred_html.Piece``), in this build's course."""
    course = build_state.course
    kind, argument = recipe
    if kind == "references":
        return lambda: render.references_list(list(argument), course.style, deferred_href)
    notes_map = course.notes[argument]
    return lambda: render.notes_lists(notes_map, course.style, deferred_href)


def _link_for(page: Page, files: Files):
    """A relative link in a citation's prefix or suffix, as the site has it (None: no such page)."""

    def link_for(url: str) -> str | None:
        target, fragment = relative_target(page.file.src_uri, url)
        found = files.get_file_from_path(target)
        if found is None:
            return None
        address = found.url_relative_to(page.file)
        return f"{address}#{fragment}" if fragment else address

    return link_for


_files_seen: list = [None, ""]  # (the build's Files, the digest of their paths), made once per build


def _files_digest(files: Files) -> str:
    if _files_seen[0] is not files:
        paths = "\0".join(sorted(f.src_uri for f in files))
        _files_seen[:] = [files, hashlib.blake2b(paths.encode(), digest_size=16).hexdigest()]
    return _files_seen[1]


def _rendered(markdown: str, page: Page, style, bib_url: str, href_for, stash, files: Files) -> RenderedPage:
    """The page's citations rendered, or, under serve, the last build's rendering of the same page."""
    first_line = body_first_line(page, markdown)
    if not _serving[0] or not stash.empty:  # its placeholders are numbered from an empty stash
        return render_page(markdown, style, href_for, f"docs/{page.file.src_uri}", first_line,
                           stash=stash, stash_links=_held_links[0],
                           report_unknown=build_state.course.bibliography.readable,
                           link_for=_link_for(page, files))
    # The site's files too: a link in a citation's suffix resolves (or not) against them.
    digest = hashlib.blake2b(f"{first_line}\0{bib_url}\0{_files_digest(files)}\0{markdown}".encode(),
                             digest_size=16).digest()
    known = _last_build.get(page.file.src_uri)
    if known is not None and known[0] == digest and known[1] is style:
        stash.inline.update(known[3])
        return known[2]
    rendered = render_page(markdown, style, href_for, f"docs/{page.file.src_uri}", first_line,
                           stash=stash, stash_links=_held_links[0],
                           report_unknown=build_state.course.bibliography.readable,
                           link_for=_link_for(page, files))
    _last_build[page.file.src_uri] = (digest, style, rendered, dict(stash.inline))
    return rendered


def _sources_of(page: Page) -> list[str]:
    source = page.meta.get("source")
    if isinstance(source, list):
        return [str(s) for s in source]
    return [str(source)] if source else []


_HEADING_OR_MARKER = re.compile(
    r'<h[1-6][^>]*\sid="([^"]+)"[^>]*>(.*?)</h[1-6]>|' + deferred_html.MARKER_START, re.DOTALL
)


@event_priority(100)  # first: every other hook sees markers, not placeholders
def on_page_content(html: str, page: Page, config, files: Files):
    """Put the stashed HTML (or its markers) in place; record, for each cited work, the page and
    section (nearest heading above) that cite it."""
    stash = markdown_stash.pop(page.file.src_uri)
    if stash is not None:
        html, ids = stash.restore(html)
        if ids and page.present_anchor_ids is not None:  # Markdown never saw them: links to them are fine
            page.present_anchor_ids |= set(ids)
    course = build_state.course
    if not course.page_keys.get(page.file.src_uri) and not _sources_of(page):
        return html
    anchor, title = "", page.title or ""
    seen: set[tuple[str, str]] = set()
    here = None  # one Citing per section, shared by the works it cites
    sections = build_state.citing_sections[page.file.src_uri] = []  # kept for a --dirty build (hooks/incremental.py)
    for match in _HEADING_OR_MARKER.finditer(html):
        if match.group(1):
            anchor, title, here = match.group(1), render.heading_text(match.group(2)), None
            continue
        for key in deferred_html.keys_of(int(match.group(3))):
            if (key, anchor) in seen:
                continue
            seen.add((key, anchor))
            if here is None:
                here = Citing(page.file.src_uri, anchor, title or page.title or "")
                sections.append((here, []))
            sections[-1][1].append(key)
            course.cited_by.setdefault(key, []).append(here)
    return html


@event_priority(-60)  # after Material's privacy plugin (-50) has read the page: this HTML holds no asset
def on_post_page(output: str, page: Page, config):
    """The page as written: every citation and list in place."""
    return deferred_html.expand(output, _bib_urls.get(page.file.src_uri, ""))
