"""One page's citations: find them, resolve their keys, and render them as linked HTML.

Data flows one way: Markdown → citations → resolved (or a problem with its location) → rendered.
A citation's prefix and suffix are inline Markdown, rendered by the one safe inline renderer
(``render/safe.py``); a citation inside them is rendered in its place. A citation inside a link's
text is rendered as text (a link inside a link is no HTML), one in an image's description as plain
text. An inline note ``^[...]`` becomes a footnote of the page.
"""

from __future__ import annotations

import difflib
import html
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable

from . import inline_notes
from .parse import Citation, CiteItem, every_citation, parse, protected_spans
from ..diagnostics import LineIndex, Problem
from ..render.safe import Refused, inline_html
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


class Keys:
    """The bibliography's keys as citations name them: compared in NFC, so that a key typed in
    either Unicode form finds its entry (a citation's key is in NFC already)."""

    def __init__(self, entries):
        self.entries = entries
        self._nfc = {unicodedata.normalize("NFC", k): k for k in entries if not k.isascii()}

    def __call__(self, key: str) -> str | None:
        """The entry's own key for ``key``, or None."""
        if key in self.entries:
            return key
        return self._nfc.get(key)


_keys_of: dict[int, tuple[object, Keys]] = {}  # id(entries) → (entries, their Keys), the last few


def keys_for(style: Style) -> Keys:
    return keys_in(style.entries)


def keys_in(entries) -> Keys:
    """``Keys`` of a bibliography's entries (or known keys), made once for them."""
    held = _keys_of.get(id(entries))
    if held is None or held[0] is not entries:
        if len(_keys_of) > 4:
            _keys_of.clear()
        held = _keys_of[id(entries)] = (entries, Keys(entries))
    return held[1]


def render_page(
    markdown: str,
    style: Style,
    href_for: Callable[[str], str],
    path: str,
    first_line: int = 1,
    stash: Callable[[str, tuple[str, ...], tuple[str, ...]], str] | None = None,
    stash_links: "Links | None" = None,
    report_unknown: bool = True,
    link_for: Callable[[str], str | None] | None = None,
) -> RenderedPage:
    """Replace each citation in ``markdown`` by its HTML; report every unknown key.

    With ``stash``, a citation outside headings becomes the placeholder ``stash`` returns for its
    text, its keys and its HTML as parts to join (links opened by ``stash_links``, by default to
    ``href_for``), for the caller to put back into the page's HTML: Markdown then has no inline
    HTML to parse, which is most of what citations would otherwise cost it. Headings keep the HTML,
    so that the table of contents and the heading's anchor read the citation's text.

    Without ``report_unknown`` (a bibliography file could not be read, which is reported once), an
    unknown key is rendered as such but not reported: it would repeat that one cause at every citation.

    ``link_for`` turns a relative link in a prefix or suffix into the site's address for it (None
    when it leads nowhere); without it such links stay as written.
    """
    parsed = parse(markdown)
    result = RenderedPage(markdown)
    where = LineIndex(markdown, first_line)
    for bad in parsed.malformed:
        line, col = where(bad.offset)
        result.problems.append(Problem(path, line, col, bad.message, bad.fix, bad.severity))
    if not parsed.citations and not parsed.notes:
        result.markdown = _unescape_outside_code(markdown)
        return result
    keys, entries = keys_for(style), style.entries
    seen: set[str] = set()
    unknown: set[int] = set()  # the citations with an unknown key, by id
    for citation in every_citation(parsed.citations) if any(i.inner for c in parsed.citations for i in c.items) \
            else parsed.citations:
        missing = False
        for item in citation.items:
            if item.key in entries:
                continue
            stored = keys(item.key)
            if stored is None:
                missing = True
                if report_unknown:
                    line, col = where(item.offset)
                    result.problems.append(unknown_key_problem(item.key, entries, path, line, col))
                continue
            item.key = stored
        if missing:
            unknown.add(id(citation))
            continue
        result.citations += 1
        for item in citation.items:
            if item.key not in seen:
                seen.add(item.key)
                result.cited.append(item.key)
    renderer = _Renderer(markdown, style, Links(style, href_for), stash, stash_links, where, path, link_for,
                         result.problems, unknown)
    out: list[str] = []
    pos = renderer.emit(0, len(markdown), parsed.citations, parsed.notes, out)
    assert pos == len(markdown)
    result.markdown = "".join(out) + renderer.footnotes(markdown)
    return result


class _Renderer:
    """The page's Markdown with each citation rendered in its place and each inline note moved to
    a footnote."""

    def __init__(self, text, style, links, stash, stash_links, where, path, link_for, problems, unknown):
        self.text, self.style, self.links, self.unknown = text, style, links, unknown
        self.stash, self.stash_links = stash, stash_links or links
        self.where, self.path, self.link_for, self.problems = where, path, link_for, problems
        self.notes: list[tuple[str, str]] = []  # (label, its Markdown)
        self.labels = inline_notes.Labels(text)
        self.cursor = 0  # the next citation of the page

    def emit(self, lo: int, hi: int, citations: list[Citation], notes: list[tuple[int, int]], out: list[str]) -> int:
        """Render [lo, hi) into ``out``: text, citations, and a reference for each inline note."""
        text = self.text
        pos = lo
        if notes or lo or hi != len(text):
            events = sorted([(c.start, 0, c) for c in citations if lo <= c.start < hi]
                            + [(s, 1, (s, e)) for s, e in notes if lo <= s < hi], key=lambda e: e[:2])
        else:  # most pages: their citations, in order
            events = [(c.start, 0, c) for c in citations]
        for start, kind, event in events:
            if start < pos:
                continue  # inside a note already rendered
            out.append(_unescape_outside_code(text[pos:start]))
            if kind == 1:
                note_start, note_end = event
                label = self.labels.next()
                out.append(f"[^{label}]")
                body: list[str] = []
                self.emit(note_start + 2, note_end - 1, [c for c in citations if note_start < c.start < note_end],
                          [], body)
                self.notes.append((label, "".join(body)))
                pos = note_end
                continue
            out.append(self.citation(event))
            pos = event.end
        out.append(_unescape_outside_code(text[pos:hi]))
        return hi

    def footnotes(self, text: str) -> str:
        return inline_notes.definitions(self.notes, text)

    def citation(self, citation: Citation) -> str:
        """The citation's replacement in the page's Markdown."""
        text, formatted = self.text, self.style.formatted
        items = citation.items
        known = id(citation) not in self.unknown
        if citation.context == "image":  # a description is plain text: no HTML, no placeholder
            plain = _TAG.sub("", "".join(self.parts(citation, None))) if known else text[citation.start:citation.end]
            return _markdown_plain(html.unescape(plain))
        stashed = self.stash is not None and not in_heading(text, citation.start)
        if not known:
            # The page is never published with a broken citation (the build fails), but rendering
            # on lets one pass report every problem.
            rendered = f'<span class="citation citation-unknown">{html.escape(text[citation.start:citation.end])}</span>'
            return self.stash(_TAG.sub("", rendered), (), (rendered,)) if stashed else rendered
        linked = citation.context != "link"
        if stashed:
            parts = self.parts(citation, self.stash_links if linked else None)
            # The bibliography's own key strings: a course holds tens of thousands of these tuples.
            if any(item.inner for item in items):
                items = [item for c in every_citation([citation]) for item in c.items if item.key in formatted]
            cited = tuple(formatted[item.key].key for item in items)
            return self.stash(_TAG.sub("", "".join(p for p in parts if not p.startswith("<a "))), cited, parts)
        return "".join(self.parts(citation, self.links if linked else None))

    def parts(self, citation: Citation, links: "Links | None") -> tuple[str, ...]:
        return citation_parts(citation, self.style, links, self.markdown_html)

    def markdown_html(self, item: CiteItem, part: str, links: "Links | None") -> str:
        """An item's prefix or suffix as HTML, the citations in it rendered in their places."""
        source = item.prefix if part == "prefix" else item.suffix
        inner = [(offset, c) for where, offset, c in item.inner if where == part]
        if inner:
            marks, pieces, pos = [], [], 0
            for index, (offset, c) in enumerate(sorted(inner, key=lambda i: i[0])):
                mark = f"\ue000{index}\ue001"
                pieces.append(source[pos:offset])
                pieces.append(mark)
                written = self.text[c.start:c.end]
                pos = offset + len(written)
                known = all(i.key in self.style.formatted for i in c.items)
                marks.append((mark, "".join(citation_parts(c, self.style, links if c.context != "link" else None,
                                                           self.markdown_html)) if known
                              else f'<span class="citation citation-unknown">{html.escape(written)}</span>'))
            pieces.append(source[pos:])
            source = "".join(pieces)
        refused = Refused()
        rendered = self._site_links(inline_html(source, refused), item, part)
        for mark, replacement in marks if inner else ():
            rendered = rendered.replace(mark, replacement)
        for url in refused.urls:
            self._refused(url, item, part)
        return rendered

    def _site_links(self, rendered: str, item: CiteItem, part: str) -> str:
        """Relative links of a prefix or suffix, as the site has them."""
        if self.link_for is None or 'href="' not in rendered:
            return rendered

        def site(match: re.Match) -> str:
            url = html.unescape(match.group(1))
            if re.match(r"[a-z][a-z0-9+.-]*:|#|/", url, re.IGNORECASE):
                return match.group(0)
            found = self.link_for(url)
            if found is None:
                line, col = self.where(item.offset)
                self.problems.append(Problem(
                    self.path, line, col, f"the link to '{url}' in this citation's {part} leads to no page",
                    "link to a page of the course (a path from this page to its .md file)", "warning"))
                return match.group(0)
            return f'href="{html.escape(found, quote=True)}"'

        return re.sub(r'href="([^"]*)"', site, rendered)

    def _refused(self, url: str, item: CiteItem, part: str) -> None:
        line, col = self.where(item.offset)
        self.problems.append(Problem(
            self.path, line, col, f"the link to '{url}' in this citation's {part} is printed as text",
            "link to an http(s) address or to a page of the course", "warning"))


def relative_target(src_uri: str, url: str) -> tuple[str, str]:
    """The page (its path under ``docs/``) and fragment a relative link on the page ``src_uri`` opens."""
    path, _, fragment = url.partition("#")
    if not path:
        return src_uri, fragment
    return posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path)), fragment


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


def _markdown_plain(text: str) -> str:
    """Plain text that Markdown prints as it is, in an image's description."""
    return "".join(f"&#{ord(c)};" if c in "[]\\`*_<>&!" else c for c in text)


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


def _escaped_markdown(item: CiteItem, part: str, links) -> str:
    """A prefix or suffix as text, when no renderer is given."""
    return html.escape(item.prefix if part == "prefix" else item.suffix, quote=False)


def citation_parts(citation: Citation, style: Style, links: Links | None,
                   markdown_html: Callable[[CiteItem, str, object], str] = _escaped_markdown) -> tuple[str, ...]:
    """The citation's HTML as parts to join: each link's opening tag is ``links``' own string for
    its work, shared by every citation of it, so a page can hold its citations' HTML this way.
    Without ``links`` (a citation inside a link's text) it is text, in a span naming its works.
    ``markdown_html`` renders an item's prefix or suffix."""
    opening = links if links is not None else (lambda key: "")
    close = "</a>" if links is not None else ""
    span = '<span class="citation">' if links is not None else \
        f'<span class="citation" data-cites="{html.escape(" ".join(i.key for i in citation.items), quote=True)}">'
    items = citation.items
    if citation.mode == "narrative" and not items[0].suppress_author:
        # "Foot (2011, 5)"; works in brackets after it ("@a [@b]") follow in the parentheses
        item = items[0]
        formatted = style.formatted[item.key]
        inner = style.item_text(item, with_author=False)
        suffix = _after(item, markdown_html, links) if item.suffix else ""
        parts = [span, opening(item.key), f"{formatted.author}{close} (", opening(item.key), f"{inner}{close}{suffix}"]
        if len(items) > 1:
            parts[-1] += "; "
            parts.extend(_bracketed(items[1:], style, opening, close, markdown_html, links))
        parts[-1] += ")</span>"
        return tuple(parts)
    parts = [span + "("]
    parts.extend(_bracketed(items, style, opening, close, markdown_html, links))
    parts[-1] += ")</span>"
    return tuple(parts)


def _bracketed(items, style, opening, close, markdown_html, links) -> list[str]:
    parts = [""]
    previous_author = None
    for index, item in enumerate(items):
        formatted = style.formatted[item.key]
        # "(Hirono 2012a, 2012b)": the same author's works run on without repeating the name.
        same_author = (
            previous_author == formatted.author and not item.prefix and not item.suppress_author
        )
        before = ", " if same_author else "; " if index else ""
        if item.prefix:
            before += f"{markdown_html(item, 'prefix', links)} "
        after = _after(item, markdown_html, links) if item.suffix else ""
        parts[-1] += before
        parts.append(opening(item.key))
        parts.append(f"{style.item_text(item, with_author=not same_author)}{close}{after}")
        previous_author = None if item.suppress_author else formatted.author
    return parts


def _after(item: CiteItem, markdown_html, links) -> str:
    """What follows an item's locator, as citeproc prints it: the rest of the suffix as written
    (a space before it kept as one); with no locator, the suffix, after ", " unless it starts with
    a space or punctuation."""
    suffix = item.suffix
    if not suffix:
        return ""
    rendered = markdown_html(item, "suffix", links)
    if suffix[0].isspace():
        return " " + rendered
    if not item.locator and not unicodedata.category(suffix[0]).startswith("P"):
        return ", " + rendered
    return rendered
