"""One page's citations: find them, resolve their keys, and render them as linked HTML.

Data flows one way: Markdown → citations → resolved (or a problem with its location) → rendered.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field
from typing import Callable

from .citeparse import Citation, parse, protected_spans, _gaps
from .diagnostics import LineIndex, Problem
from .style import Style


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
    return Problem(path, line, col, f"unknown citation key '{key}'", fix)


def render_page(
    markdown: str,
    style: Style,
    href_for: Callable[[str], str],
    path: str,
    first_line: int = 1,
    stash: Callable[[str, list[str], Callable[[], str]], str] | None = None,
    stash_href_for: Callable[[str], str] | None = None,
) -> RenderedPage:
    """Replace each citation in ``markdown`` by its HTML; report every unknown key.

    With ``stash``, a citation outside headings becomes the placeholder ``stash`` returns for its
    HTML, its keys and the means to render that HTML again later (linked with ``stash_href_for``,
    by default ``href_for``), for the caller to put back into the page's HTML: Markdown then has no inline HTML to parse, which is most of what
    citations would otherwise cost it. Headings keep the HTML, so that the table of contents and
    the heading's anchor read the citation's text.
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
    for citation in citations:
        missing = [item for item in citation.items if item.key not in style.entries]
        for item in missing:
            line, col = where(item.offset)
            result.problems.append(unknown_key_problem(item.key, style.entries, path, line, col))
        out.append(_unescape_outside_code(markdown[pos: citation.start]))
        stashed = stash is not None and not in_heading(markdown, citation.start)
        if missing:
            # The page is never published with a broken citation (the build fails), but rendering
            # on lets one pass report every problem.
            rendered = f'<span class="citation citation-unknown">{html.escape(markdown[citation.start:citation.end])}</span>'
        else:
            rendered = render_citation(citation, style, (stash_href_for or href_for) if stashed else href_for)
        if stashed:
            render = (lambda c=citation: render_citation(c, style, stash_href_for or href_for)) if not missing else rendered.__str__
            out.append(stash(rendered, [] if missing else [i.key for i in citation.items], render))
        else:
            out.append(rendered)
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


def _link(key: str, text: str, style: Style, href_for: Callable[[str], str]) -> str:
    tip = style.tooltip_attribute(key)
    return (
        f'<a class="citation-link" href="{html.escape(href_for(key), quote=True)}" '
        f'data-cite="{html.escape(key, quote=True)}" data-reference="{tip}">{text}</a>'
    )


def render_citation(citation: Citation, style: Style, href_for: Callable[[str], str]) -> str:
    if citation.mode == "narrative":
        item = citation.items[0]
        formatted = style.formatted[item.key]
        inner = style.item_text(item, with_author=False)
        suffix = f", {html.escape(item.suffix, quote=False)}" if item.suffix else ""
        return (
            f'<span class="citation">{_link(item.key, formatted.author, style, href_for)} '
            f"({_link(item.key, inner, style, href_for)}{suffix})</span>"
        )
    parts = []
    previous_author = None
    for item in citation.items:
        formatted = style.formatted[item.key]
        # "(Hirono 2012a, 2012b)": the same author's works run on without repeating the name.
        same_author = (
            previous_author == formatted.author and not item.prefix and not item.suppress_author
        )
        text = style.item_text(item, with_author=not same_author)
        piece = _link(item.key, text, style, href_for)
        if item.prefix:
            piece = f"{html.escape(item.prefix, quote=False)} {piece}"
        if item.suffix:
            sep = "" if item.suffix[0] in ",;.:" else " "
            piece += sep + html.escape(item.suffix, quote=False)
        parts.append((piece, same_author))
        previous_author = None if item.suppress_author else formatted.author
    body = parts[0][0]
    for piece, same_author in parts[1:]:
        body += (", " if same_author else "; ") + piece
    return f'<span class="citation">({body})</span>'
