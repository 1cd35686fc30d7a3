"""A page's headings and their ids, as Python-Markdown's ``toc`` gives them, written out explicitly.

The hooks' build lets the ``toc`` extension make each heading's id; another host may make it
otherwise (or not at all). The render writes every id as an attribute list, ``## Title {#title}``,
so that every host gives the same anchors, and links and backlinks made from them hold. The ids are
the ``toc`` extension's: an explicit one as written; otherwise the heading's text as a slug
(``course.chapters.slugify``), made unique with ``_1``, ``_2``… against every id of the page.

Headings are ATX lines (``## Title``, the hash marks at a line's start, outside fenced code) and
setext ones (a line of text over ``===`` or ``---``), at the top level of the page: a heading
inside an indented block (an admonition, a list) keeps the id its host gives it.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass

from ..cite.spans import fenced_code
from ..course.chapters import slugify

# Python-Markdown's HashHeaderProcessor: hashes at a line's start (no space needed), closing hashes dropped
# only where they end the line ("# C# " keeps its "#": a space after it makes it text).
_ATX = re.compile(r"^(#{1,6})(.*?)#*$", re.MULTILINE)
_SETEXT = re.compile(r"^([^\s>|#*+\-=].*?)[ \t]*\n(=+|-+)[ \t]*$", re.MULTILINE)
_UNDERLINE = re.compile(r"\n(?:=+|-+)[ \t]*(?:\n|$)")
# attr_list on a heading: a brace block at the end of its text (Python-Markdown's HEADER_RE).
_ATTR_LIST = re.compile(r"[ ]+\{:?([^}\n]*)\}[ ]*$")
_ATTRS_OPENING = re.compile(r"[ ]+\{:?")
_ID_IN_ATTRS = re.compile(r"(?:^|\s)#([^\s}]+)")
_NUMBERED = re.compile(r"^(.*)_([0-9]+)$")
_TAG = re.compile(r"<[^>]*>")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
# Emphasis as Python-Markdown reads it: asterisks anywhere, underscores only between non-word characters.
_EMPHASIS = re.compile(r"(\*{1,3})(?=\S)(.+?)(?<=\S)\1|(?<!\w)(_{1,3})(?!_)(.+?)(?<!_)\3(?!\w)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|:@])")


@dataclass
class Heading:
    start: int  # where its line starts in the page's Markdown
    end: int  # where its text ends (before any attribute list): where an id is written
    level: int
    id: str
    text: str  # its text as a reader sees it (tags, markup and escapes out; entities decoded)
    explicit: bool  # the page wrote its id


def plain_text(inline_markdown: str) -> str:
    """A heading's text without its Markdown and HTML, as the ``toc`` extension reads it."""
    text = _TAG.sub("", inline_markdown)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = text.replace("`", "")
    previous = None
    while previous != text:
        previous, text = text, _EMPHASIS.sub(lambda m: m.group(2) if m.group(1) else m.group(4), text)
    text = _ESCAPE.sub(lambda m: m.group(1), text)
    return " ".join(html.unescape(text).split())


def _outside(offset: int, fences: list[tuple[int, int]]) -> bool:
    index = bisect.bisect_right(fences, (offset, float("inf"))) - 1
    return index < 0 or offset >= fences[index][1]


def find(markdown: str) -> list[Heading]:
    """The page's top-level headings, in order, each with the id the ``toc`` extension gives it."""
    fences = fenced_code(markdown) if "```" in markdown or "~~~" in markdown else []
    found: list[tuple[int, int, int, str]] = []  # line start, text start, level, text with its attributes
    for match in _ATX.finditer(markdown):
        if _outside(match.start(), fences):
            found.append((match.start(), match.start(2), len(match.group(1)), match.group(2)))
    if _UNDERLINE.search(markdown):  # a line of "=" or "-" alone: lists and rules rarely make one
        for match in _SETEXT.finditer(markdown):
            if _outside(match.start(), fences) and not _blank_before_needed(markdown, match.start()):
                found.append((match.start(), match.start(1), 1 if match.group(2)[0] == "=" else 2, match.group(1)))
        found.sort()
    headings, explicit_ids = [], set()
    for start, text_start, level, raw in found:
        text, given = raw.strip(), ""
        text_start += len(raw) - len(raw.lstrip())
        end = text_start + len(text)
        attrs = _ATTR_LIST.search(text)  # on the heading's text, stripped, as attr_list reads it
        if attrs:
            end = text_start + attrs.start()
            given_id = _ID_IN_ATTRS.search(attrs.group(1))
            given = given_id.group(1) if given_id else ""
            text = text[: attrs.start()].strip()
        if given:
            explicit_ids.add(given)
        headings.append(Heading(start, end, level, given, plain_text(text), bool(given)))
    used = set(explicit_ids)
    for heading in headings:
        if not heading.explicit:
            heading.id = _unique(slugify(heading.text), used)
    return headings


def _blank_before_needed(markdown: str, start: int) -> bool:
    """A setext heading's text is a paragraph's first line: not so when the line above holds text."""
    if start == 0:
        return False
    above_end = start - 1
    above_start = markdown.rfind("\n", 0, above_end) + 1
    return markdown[above_start:above_end].strip() != ""


def _unique(anchor: str, used: set[str]) -> str:
    """The ``toc`` extension's ``unique``: ``anchor``, or ``anchor_1``, ``anchor_2``… if taken."""
    if anchor in used or not anchor:
        numbered = _NUMBERED.match(anchor)
        base, count = (numbered.group(1), int(numbered.group(2))) if numbered else (anchor, 0)
        count += 1
        while f"{base}_{count}" in used:
            count += 1
        anchor = f"{base}_{count}"
    used.add(anchor)
    return anchor


def with_ids(markdown: str) -> tuple[str, list[Heading]]:
    """``markdown`` with every top-level heading's id written (``{#id}``), and its headings."""
    headings = find(markdown)
    pieces, pos = [], 0
    written_ids = 0
    for heading in headings:
        if heading.explicit:
            continue
        line_end = markdown.find("\n", heading.start)
        line_end = len(markdown) if line_end == -1 else line_end
        opening = _ATTRS_OPENING.match(markdown, heading.end, line_end)
        if opening:  # an attribute list without an id: the id joins it
            pieces.append(markdown[pos:opening.end()])
            pieces.append(f"#{heading.id} ")
            pos = opening.end()
        else:
            text = markdown[pos:heading.end]
            if text.endswith("#") and not text.endswith("\\#"):
                # attr_list takes hashes before "{#id}" for closing ones: escaped, the last stays text.
                text = text[:-1] + "\\#"
            pieces.append(text)
            pieces.append(f" {{#{heading.id}}}")
            pos = heading.end
        written_ids += 1
    pieces.append(markdown[pos:])
    if not written_ids:
        return markdown, headings
    written = "".join(pieces)
    return written, find(written)
