"""The whole course on one page: every chapter in course order, to read straight through or print.

``on_files`` adds the page (``whole-course.md``, where the course asks for it with ``whole_course: true``
in course/course.yml, generated unless the docs have one), holding a marker; ``on_nav`` notes the
chapters in nav order (the pages with ``source:`` front matter where the course has any, else every
page written in docs/ but the home page and the bibliography and glossary pages); ``on_env``, once every chapter is rendered, gives the page
its table of contents and its anchors; ``on_post_build`` writes the chapters in place of the marker
in the written file, one at a time, so that the whole course (30 MB of HTML at 500 chapters) is
never in memory at once, nor parsed again by a plugin. Each chapter's ids get the chapter's slug as
a prefix, so they stay unique; its headings go one level down under a heading with the chapter's
title; its links are rewritten to work from this page, and a link to a chapter on this page becomes
a link within it; its citations (``deferred_html``) link to the bibliography from this page.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import build_state
import deferred_html
import written_pages
from citations import href_to
from coursekit.render import whole_course as rules
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import get_relative_url

SRC_URI, MARKER, PAGE_MARKDOWN = rules.SRC_URI, rules.MARKER, rules.PAGE_MARKDOWN

_ID_ATTR = re.compile(r'(\s(?:id|for|headers|aria-controls|aria-describedby|aria-labelledby))="([^"]*)"')
_URL_ATTR = re.compile(r'(\s(?:href|src))="([^"]*)"')
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")
_H1 = re.compile(r"<h1\b[^>]*>.*?</h1>\s*", re.DOTALL)
_ANY_ID = re.compile(r'\sid="([^"]*)"')
_BASE = "https://whole-course.invalid/"

_chapters: list[str] = []  # src_uri of each chapter, in nav order
_folder: list[str] = [""]  # the folder all chapters share ("chapters/"), left out of their ids' prefixes
_written: dict = {}  # what on_post_build needs: the page, its chapters, their prefixes, the files


def on_config(config):
    _chapters.clear()
    _written.clear()
    return config


def on_files(files: Files, config):
    if build_state.course.settings.whole_course and files.get_file_from_path(SRC_URI) is None:
        files.append(File.generated(config, SRC_URI, content=PAGE_MARKDOWN))
    return files


def on_nav(nav: Navigation, config, files: Files):
    course = build_state.course
    generated = {p.file.src_uri for p in nav.pages if p.file.generated_by is not None}
    not_chapters = {"index.md", SRC_URI, course.bib_page, course.settings.glossary_page}
    _chapters[:] = rules.chapters_in_order([p.file.src_uri for p in nav.pages], course.chapter_by_uri, generated,
                                           not_chapters)
    _folder[0] = rules.common_folder(_chapters)
    return nav


@event_priority(-90)  # after every hook that changes a chapter's HTML, before the report (-100)
def on_env(env, config, files: Files):
    target = files.get_file_from_path(SRC_URI)
    page = target.page if target else None
    if page is None or page.content is None or MARKER not in page.content:
        return env
    chapters = [files.get_file_from_path(src).page for src in _chapters]
    chapters = [c for c in chapters if c is not None and c.content is not None]
    prefixes = {c.url: slug(c) for c in chapters}
    page.toc = whole_toc(page, chapters)
    ids = _ANY_ID.findall(page.content)
    for chapter in chapters:
        ids.append(prefixes[chapter.url])
        ids.extend(prefixed_ids(prefixes[chapter.url], i) for i in chapter_ids(chapter))
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= set(ids)
    report_duplicates(ids)
    _written.update(page=page, chapters=chapters, prefixes=prefixes, files=files,
                    permalink=lambda anchor: permalink(config, anchor))
    return env


def on_post_build(config):
    """The chapters in place of the marker, in the written page (before the offline plugin's -100)."""
    page = _written.get("page")
    if page is None:
        return
    bib_url = href_to(_written["files"], page, build_state.course.bib_page)
    bib_url = "" if bib_url.startswith("#") else bib_url
    context = _section_context(page, _written["prefixes"], bib_url)

    def section(chapter: Page) -> str:
        """A chapter's section; under --dirty, a chapter kept from the last build costs nothing."""
        known = build_state.known_sections.get(chapter.file.src_uri)
        if known is not None and known[0] == context:
            return known[1]
        made = chapter_section(chapter, page, _written["prefixes"], bib_url)
        if build_state.keep_sections[0]:
            build_state.made_sections[chapter.file.src_uri] = (context, made)
        return made

    chapters = (section(chapter) for chapter in _written["chapters"])
    written_pages.fill(Path(config.site_dir) / page.file.dest_uri, MARKER, chapters, separator="\n")
    _written.clear()


def _section_context(page: Page, prefixes: dict[str, str], bib_url: str) -> str:
    """What a chapter's section depends on besides the chapter: the page, the chapters, the bibliography."""
    return "\0".join([page.url, bib_url, *(f"{url}\0{prefix}" for url, prefix in sorted(prefixes.items()))])


def chapter_ids(chapter: Page) -> list[str]:
    """The ids of ``chapter`` as this page shows it: all but its h1's, with those its lists bring."""
    body = _H1.sub("", chapter.content, count=1)
    return _ANY_ID.findall(body) + deferred_html.ids_in(body)


def slug(chapter: Page) -> str:
    return rules.slug(chapter.file.src_uri, _folder[0])


def chapter_section(chapter: Page, page: Page, prefixes: dict[str, str], bib_url: str) -> str:
    prefix = prefixes[chapter.url]
    body = _H1.sub("", chapter.content, count=1)  # the section heading below carries the title
    body = _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", body)
    body = _ID_ATTR.sub(lambda m: f'{m.group(1)}="{prefixed_ids(prefix, m.group(2))}"', body)
    body = _URL_ATTR.sub(lambda m: f'{m.group(1)}="{rewrite_url(m.group(2), chapter, page, prefixes)}"', body)

    def adapt(piece: str) -> str:
        """A citation or list as the chapter's own HTML: ids prefixed, links in its prefix or suffix
        moved (those to the bibliography are made for this page: ``deferred_html.BIB``)."""
        if ' id="' in piece:
            piece = _ID_ATTR.sub(lambda m: f'{m.group(1)}="{prefixed_ids(prefix, m.group(2))}"', piece)
        return _URL_ATTR.sub(lambda m: m.group(0) if m.group(2).startswith(deferred_html.BIB) else
                             f'{m.group(1)}="{rewrite_url(m.group(2), chapter, page, prefixes)}"', piece)

    body = deferred_html.expand(body, bib_url, adapt)
    own_page = html.escape(get_relative_url(chapter.url or "./", page.url), quote=True)
    title = html.escape(str(chapter.title or prefix), quote=False)
    return (f'{rules.section_open(prefix)}\n<h2 id="{prefix}">{title}{_written["permalink"](prefix)}</h2>\n'
            f"{rules.own_page_link(own_page)}\n{body}\n</section>")


prefixed_ids = rules.prefixed_ids


def rewrite_url(value: str, chapter: Page, page: Page, prefixes: dict[str, str]) -> str:
    """The URL ``value``, written in ``chapter``, as it must be written on the whole-course page."""
    url = html.unescape(value)
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("/"):
        return value
    if not parts.path and not parts.query:  # a fragment: a place in this chapter
        return "#" + prefixed_ids(prefixes[chapter.url], parts.fragment) if parts.fragment else value
    # Resolve against the chapter's URL as a browser would; the host is only there for urljoin.
    path = urlsplit(urljoin(_BASE + chapter.url, parts.path)).path[1:]
    if path in prefixes and not parts.query:
        prefix = prefixes[path]
        return "#" + (prefixed_ids(prefix, parts.fragment) if parts.fragment else prefix)
    relative = get_relative_url(path or "./", page.url)
    query = f"?{parts.query}" if parts.query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return html.escape(relative + query + fragment, quote=True)


def whole_toc(page: Page, chapters: list[Page]) -> TableOfContents:
    """This page's heading, with a child for each chapter and under it the chapter's own sections,
    each one level down (as the render's page, where they are headings of the page)."""
    items = list(page.toc)
    if not items:
        return page.toc
    top = items[0]
    top.children = []
    for chapter in chapters:
        prefix = slug(chapter)
        entry = AnchorLink(html.escape(str(chapter.title or prefix), quote=False), prefix, 2)
        sections = list(chapter.toc)
        if len(sections) == 1 and sections[0].level == 1:  # a chapter with its own h1
            sections = sections[0].children
        entry.children = [_moved_link(s, prefix) for s in sections]
        top.children.append(entry)
    return TableOfContents(items)


def _moved_link(section: AnchorLink, prefix: str) -> AnchorLink:
    moved = AnchorLink(section.title, prefixed_ids(prefix, section.id), min(section.level + 1, 6))
    moved.children = [_moved_link(child, prefix) for child in section.children]
    return moved


def permalink(config, anchor: str) -> str:
    """The ``toc`` extension's permalink for a heading of ours, as it gives every other heading."""
    options = config.mdx_configs.get("toc") or {}
    symbol = options.get("permalink", False)
    if symbol in (False, None, "", "false", "False", "0"):
        return ""
    text = "&para;" if symbol in (True, "true", "True", "1") else html.escape(str(symbol), quote=False)
    title = options.get("permalink_title", "Permanent link")
    title_attribute = f' title="{html.escape(title, quote=True)}"' if title else ""
    return (f'<a class="{html.escape(options.get("permalink_class", "headerlink"), quote=True)}" '
            f'href="#{anchor}"{title_attribute}>{text}</a>')


def report_duplicates(ids: list[str]) -> None:
    course = build_state.course
    for anchor, count in sorted(Counter(ids).items()):
        if count > 1 and course is not None:
            course.problems.warning(f"docs/{SRC_URI}", 1, 1, f"the whole-course page has the id '{anchor}' {count} times",
                                    "give the headings or elements with this id distinct ids in their chapters")
