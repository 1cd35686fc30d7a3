"""One page's citations: find them, resolve their keys, and render them as linked HTML.

Data flows one way: Markdown → citations → resolved (or a problem with its location) → rendered.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field
from typing import Callable

from .parse import Citation, parse, protected_spans, _gaps
from ..diagnostics import LineIndex, Problem
from ..style.formatted import Style


@dataclass
class RenderedPage:
    markdown: str
    cited: list[str] = field(default_factory=list)  # keys in order of first citation
    problems: list[Problem] = field(default_factory=list)
    citations: int = 0


def suggest(key: str, known, limit: int = 1) -> list[str]:
    """Likely intended keys for a misspelt one: exact but for case first, then close matches."""
    lowered = {k.lower(): k for k in known}
    if key.lower() in lowered:
        return [lowered[key.lower()]]
    matches = difflib.get_close_matches(key.lower(), list(lowered), n=limit, cutoff=0.6)
    return [lowered[m] for m in matches]


def unknown_key_problem(key: str, known, path: str, line: int, col: int) -> Problem:
    guesses = suggest(key, known)
    fix = f"did you mean '{guesses[0]}'?" if guesses else "add an entry with this key to the bibliography"
    # Tied to the key: where the entry exists but cannot be read, its own error replaces this one.
    return Problem(path, line, col, f"unknown citation key '{key}'", fix, keys=(key,))


def render_page(
    markdown: str,
    style: Style,
    href_for: Callable[[str], str],
    path: str,
    first_line: int = 1,
    stash: Callable[[str, tuple[str, ...], tuple[str, ...]], str] | None = None,
    stash_links: "Links | None" = None,
    report_unknown: bool = True,
) -> RenderedPage:
    """Replace each citation in ``markdown`` by its HTML; report every unknown key.

    With ``stash``, a citation outside headings becomes the placeholder ``stash`` returns for its
    text, its keys and its HTML as parts to join (links opened by ``stash_links``, by default to
    ``href_for``), for the caller to put back into the page's HTML: Markdown then has no inline
    HTML to parse, which is most of what citations would otherwise cost it. Headings keep the HTML,
    so that the table of contents and the heading's anchor read the citation's text.

    Without ``report_unknown`` (a bibliography file could not be read, which is reported once), an
    unknown key is rendered as such but not reported: it would repeat that one cause at every citation.
    """
    parsed = parse(markdown)
    citations = parsed.citations
    result = RenderedPage(markdown)
    where = LineIndex(markdown, first_line)
    for bad in parsed.malformed:
        line, col = where(bad.offset)
        result.problems.append(Problem(path, line, col, bad.message, bad.fix))
    if not citations:
        result.markdown = _unescape_outside_code(markdown)
        return result
    out: list[str] = []
    pos = 0
    seen: set[str] = set()
    links = Links(style, href_for)
    for citation in citations:
        missing = [item for item in citation.items if item.key not in style.entries]
        for item in missing if report_unknown else ():
            line, col = where(item.offset)
            result.problems.append(unknown_key_problem(item.key, style.entries, path, line, col))
        out.append(_unescape_outside_code(markdown[pos: citation.start]))
        stashed = stash is not None and not in_heading(markdown, citation.start)
        if missing:
            # The page is never published with a broken citation (the build fails), but rendering
            # on lets one pass report every problem.
            rendered = f'<span class="citation citation-unknown">{html.escape(markdown[citation.start:citation.end])}</span>'
            out.append(stash(_TAG.sub("", rendered), (), (rendered,)) if stashed else rendered)
        elif stashed:
            parts = citation_parts(citation, style, stash_links or links)
            # The bibliography's own key strings: a course holds tens of thousands of these tuples.
            keys = tuple(style.formatted[item.key].key for item in citation.items)
            out.append(stash(_TAG.sub("", "".join(p for p in parts if not p.startswith("<a "))), keys, parts))
        else:
            out.append("".join(citation_parts(citation, style, links)))
        if not missing:
            result.citations += 1
            for item in citation.items:
                if item.key not in seen:
                    seen.add(item.key)
                    result.cited.append(item.key)
        pos = citation.end
    out.append(_unescape_outside_code(markdown[pos:]))
    result.markdown = "".join(out)
    return result


_ATX_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_SETEXT_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*")


def in_heading(text: str, offset: int) -> bool:
    """Whether ``offset`` stands in an ATX heading line or a setext heading's text line."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    if _ATX_HEADING.match(text, start):
        return True
    if end == -1:
        return False
    following = text.find("\n", end + 1)
    return bool(_SETEXT_UNDERLINE.fullmatch(text, end + 1, len(text) if following == -1 else following))


def _unescape_outside_code(text: str) -> str:
    if "\\@" not in text:
        return text
    pieces, pos = [], 0
    for start, end in protected_spans(text):
        pieces.append(text[pos:start].replace("\\@", "@"))
        pieces.append(text[start:end])
        pos = end
    pieces.append(text[pos:].replace("\\@", "@"))
    return "".join(pieces)


_TAG = re.compile(r"<[^>]+>")


class Links:
    """Each work's citation-link opening tag, made once: a course cites the same works thousands
    of times, and the tag carries the work's whole reference for its hover tooltip."""

    def __init__(self, style: Style, href_for: Callable[[str], str]):
        self._style, self._href_for, self._made = style, href_for, {}

    def __call__(self, key: str) -> str:
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = (
                f'<a class="citation-link" href="{html.escape(self._href_for(key), quote=True)}" '
                f'data-cite="{html.escape(key, quote=True)}" data-reference="{self._style.tooltip_attribute(key)}">'
            )
        return made


def render_citation(citation: Citation, style: Style, href_for: Callable[[str], str]) -> str:
    return "".join(citation_parts(citation, style, Links(style, href_for)))


def citation_parts(citation: Citation, style: Style, links: Links) -> tuple[str, ...]:
    """The citation's HTML as parts to join: each link's opening tag is ``links``' own string for
    its work, shared by every citation of it, so a page can hold its citations' HTML this way."""
    if citation.mode == "narrative":
        item = citation.items[0]
        formatted = style.formatted[item.key]
        inner = style.item_text(item, with_author=False)
        suffix = f", {html.escape(item.suffix, quote=False)}" if item.suffix else ""
        opening = links(item.key)
        return ('<span class="citation">', opening, f"{formatted.author}</a> (", opening,
                f"{inner}</a>{suffix})</span>")
    parts = ['<span class="citation">(']
    previous_author = None
    for index, item in enumerate(citation.items):
        formatted = style.formatted[item.key]
        # "(Hirono 2012a, 2012b)": the same author's works run on without repeating the name.
        same_author = (
            previous_author == formatted.author and not item.prefix and not item.suppress_author
        )
        before = ", " if same_author else "; " if index else ""
        if item.prefix:
            before += f"{html.escape(item.prefix, quote=False)} "
        after = ""
        if item.suffix:
            after = ("" if item.suffix[0] in ",;.:" else " ") + html.escape(item.suffix, quote=False)
        parts[-1] += before
        parts.append(links(item.key))
        parts.append(f"{style.item_text(item, with_author=not same_author)}</a>{after}")
        previous_author = None if item.suppress_author else formatted.author
    parts[-1] += ")</span>"
    return tuple(parts)
