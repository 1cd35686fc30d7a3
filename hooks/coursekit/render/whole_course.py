"""The whole course on one page: which chapters, in what order, and how their ids and links change.

One set of rules for both hosts: ``hooks/whole_course.py`` applies them to each chapter's HTML once
MkDocs has rendered it (and puts the chapters into the written page, one at a time); the render
(``render/tree.py``) applies them to each chapter's rendered Markdown (``chapter_markdown``). Either
way a chapter is a ``<section>`` under a heading with its title, whose id is the chapter's path as
one slug; its own headings go one level down; each of its ids gets that slug as a prefix, so they
stay unique on the page; a link to a chapter on the page becomes a link within it.
"""

from __future__ import annotations

import html
import posixpath
import re

from .headings import find as find_headings
from ..cite.spans import fenced_code

SRC_URI = "whole-course.md"
MARKER = "<!-- whole-course -->"
PAGE_MARKDOWN = f"""\
---
title: The whole course
search:
  exclude: true  # every chapter is already in the index on its own page
---

# The whole course

Every chapter on one page, in course order, to read straight through or to print (your browser's
Print command, then "Save as PDF"). Citations link to the bibliography, as on the chapter pages.

{MARKER}
"""
OWN_PAGE = "This chapter on its own page"

_FOOTNOTE_ID = re.compile(r"^(fn|fnref\d*):(.*)$")


def chapters_in_order(pages: list[str], chapter_uris, generated: set[str], not_chapters: set[str]) -> list[str]:
    """The chapters of the page, in nav order: the pages that summarise a source where the course
    marks any (``chapter_uris``), else every page written in docs/ but ``not_chapters``."""
    if chapter_uris:
        return [src for src in pages if src in chapter_uris]
    return [src for src in pages if src not in generated and src not in not_chapters]


def common_folder(chapters: list[str]) -> str:
    """The folder all chapters share ("chapters"), left out of their slugs."""
    folders = {posixpath.dirname(src) for src in chapters}
    return posixpath.commonpath(list(folders)) if folders else ""


def slug(src_uri: str, folder: str) -> str:
    """The chapter's path under the chapters' shared folder, as one id: "part-1/intro.md" → "part-1-intro"."""
    path = posixpath.relpath(src_uri, folder or ".")
    return posixpath.splitext(path)[0].replace("/", "-")


def prefixed_id(prefix: str, token: str) -> str:
    """A chapter's id on the whole-course page. A footnote's keeps its kind first (``fn:one--1``), as
    Python-Markdown names the footnotes of a label ``one--1``, which the render gives them."""
    footnote = _FOOTNOTE_ID.match(token)
    if footnote:
        return f"{footnote.group(1)}:{prefix}--{footnote.group(2)}"
    return f"{prefix}--{token}"


def prefixed_ids(prefix: str, value: str) -> str:
    """An attribute holding ids (``id``, ``aria-labelledby``…), each prefixed."""
    return " ".join(prefixed_id(prefix, token) for token in value.split())


def section_open(prefix: str) -> str:
    return f'<section class="whole-course-chapter" aria-labelledby="{prefix}">'


def own_page_link(href: str) -> str:
    return f'<p class="whole-course-own-page"><a href="{href}">{OWN_PAGE}</a></p>'


# -- The render's page: each chapter's Markdown, moved --------------------------------------------

_ID_ATTR = re.compile(r'(\s(?:id|for|headers|aria-controls|aria-describedby|aria-labelledby))="([^"]*)"')
_FOOTNOTE_REFERENCE = re.compile(r"\[\^([^\]\s]+)\](?!:)")
# A footnote's definition: its first line, and the lines indented under it (blank ones between).
_FOOTNOTE_DEFINITION = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]*(.*(?:\n(?:[ \t]*\n)*(?: {4}|\t).*)*)\n?", re.MULTILINE)
BACKLINK_TITLE = "Jump back to footnote {} in the text"  # the footnotes extension's default
# An inline link or image's target, and a reference definition's: the address, then an optional title.
_INLINE_LINK = re.compile(r"(\]\()(<[^>\n]*>|[^)\s]*)((?:\s+(?:\"[^\"]*\"|'[^']*'))?\))")
_DEFINITION = re.compile(r"^( {0,3}\[[^\]\n]+\]:[ \t]*)(<[^>\n]*>|\S+)", re.MULTILINE)
_RAW_FRAGMENT = re.compile(r'(\shref)="#([^"]*)"')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//|^/")


def chapter_markdown(src_uri: str, markdown: str, title: str, prefix: str, prefixes: dict[str, str],
                     own_page: str) -> str:
    """The chapter as a section of the render's whole-course page: ``markdown`` is its body as the
    render wrote its page (every heading with its id), ``prefixes`` each chapter's slug by its path,
    ``own_page`` the address of its own page as the page will hold it."""
    fences = fenced_code(markdown) if "```" in markdown or "~~~" in markdown else []
    pieces, pos = [], 0
    for start, end in fences:
        pieces.append(_moved(markdown[pos:start], src_uri, prefix, prefixes))
        pieces.append(markdown[start:end])
        pos = end
    pieces.append(_moved(markdown[pos:], src_uri, prefix, prefixes))
    body = "".join(pieces)
    heading = title_markdown(title)
    return (f'{section_open(prefix)[:-1]} markdown>\n\n## {heading} {{#{prefix}}}\n\n{own_page_link(own_page)}\n\n'
            f"{body.strip()}\n\n</section>")


def title_markdown(title: str) -> str:
    """A page title as a heading's Markdown: printed as it is (the hooks escape it as HTML)."""
    escaped = html.escape(str(title), quote=False)
    return "".join("\\" + c if c in "[](){}!`#\\*_" else c for c in escaped)


def _moved(text: str, src_uri: str, prefix: str, prefixes: dict[str, str]) -> str:
    """Markdown outside fenced code, moved to the whole-course page."""
    text = _headings_moved(text, prefix)
    text = _ID_ATTR.sub(lambda m: f'{m.group(1)}="{prefixed_ids(prefix, m.group(2))}"', text)
    text = _RAW_FRAGMENT.sub(lambda m: f'{m.group(1)}="#{prefixed_ids(prefix, m.group(2))}"', text)
    text = _footnotes_in_place(text, prefix)

    def target(address: str) -> str:
        return _link_moved(address, src_uri, prefix, prefixes)

    text = _INLINE_LINK.sub(lambda m: m.group(1) + target(m.group(2)) + m.group(3), text)
    return _DEFINITION.sub(lambda m: m.group(1) + target(m.group(2)), text)


def _footnotes_in_place(text: str, prefix: str) -> str:
    """The chapter's footnotes at the end of its section, numbered from 1, as its own page and the
    hooks' whole-course page have them (Python-Markdown would gather every chapter's at the page's end):
    written as the footnotes extension writes them, the note itself left to Markdown (``md_in_html``)."""
    if "[^" not in text:
        return text
    notes = {m.group(1): m.group(2) for m in _FOOTNOTE_DEFINITION.finditer(text)}
    if not notes:
        return text
    text = _FOOTNOTE_DEFINITION.sub("", text)
    order: list[str] = []
    seen: dict[str, int] = {}

    def reference(match: re.Match) -> str:
        label = match.group(1)
        if label not in notes:
            return match.group(0)  # no such note: Markdown prints it as written
        if label not in seen:
            order.append(label)
        seen[label] = seen.get(label, 0) + 1
        kind = "fnref" if seen[label] == 1 else f"fnref{seen[label]}"
        return (f'<sup id="{kind}:{prefix}--{label}"><a class="footnote-ref" href="#fn:{prefix}--{label}">'
                f"{order.index(label) + 1}</a></sup>")

    text = _FOOTNOTE_REFERENCE.sub(reference, text)
    items = []
    for number, label in enumerate(order, 1):
        note = "\n".join(line[4:] if line.startswith("    ") else line for line in notes[label].split("\n"))
        items.append(f'<li id="fn:{prefix}--{label}" markdown="block">\n{note.strip()}&#160;<a class="footnote-backref" '
                     f'href="#fnref:{prefix}--{label}" title="{BACKLINK_TITLE.format(number)}">&#8617;</a>\n</li>')
    if not items:
        return text
    return f'{text.rstrip()}\n\n<div class="footnote" markdown>\n<hr />\n<ol markdown>\n' + "\n".join(items) + "\n</ol>\n</div>\n"


def _headings_moved(text: str, prefix: str) -> str:
    """The first h1 out (the section's heading carries the title), every heading one level down,
    its id prefixed. Headings come with their ids written (``{#id}``, ``render/headings.py``)."""
    headings = find_headings(text)
    pieces, pos, dropped = [], 0, False
    for heading in headings:
        line_end = text.find("\n", heading.start)
        line_end = len(text) if line_end == -1 else line_end
        line = text[heading.start:line_end]
        pieces.append(text[pos:heading.start])
        setext = not line.startswith("#")
        if setext:  # its underline goes: written again as a hash heading
            under_end = text.find("\n", line_end + 1)
            line_end = len(text) if under_end == -1 else under_end
        pos = line_end
        if heading.level == 1 and not dropped:
            dropped = True
            continue
        attrs = line[heading.end - heading.start:] if not setext else line[heading.end - heading.start:]
        attrs = attrs.replace(f"#{heading.id}", f"#{prefixed_id(prefix, heading.id)}", 1)
        words = line[:heading.end - heading.start].lstrip("#").strip() if not setext else line[:heading.end - heading.start].strip()
        pieces.append(f"{'#' * min(heading.level + 1, 6)} {words}{attrs}")
    pieces.append(text[pos:])
    return "".join(pieces)


def _link_moved(address: str, src_uri: str, prefix: str, prefixes: dict[str, str]) -> str:
    """A Markdown link's address, written on ``src_uri``, as the whole-course page needs it."""
    bracketed = address.startswith("<")
    url = address[1:-1] if bracketed else address
    if not url or _SCHEME.match(url) or url.startswith("\ue010"):
        return address  # elsewhere, or one of the render's own addresses (resolved where it lands)
    path, _, fragment = url.partition("#")
    if not path:
        return "#" + prefixed_ids(prefix, fragment) if fragment else address
    target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
    if target in prefixes and "?" not in path:
        return "#" + (prefixed_ids(prefixes[target], fragment) if fragment else prefixes[target])
    moved = posixpath.relpath(target, posixpath.dirname(SRC_URI) or ".")
    moved = f"{moved}#{fragment}" if fragment else moved
    return f"<{moved}>" if bracketed else moved
