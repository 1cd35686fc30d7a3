"""HTML for the References, notes and bibliography sections, appended to a page's Markdown.

Each block is raw HTML between blank lines, so Markdown leaves it as it is; headings stay Markdown
so that they get anchors and join the table of contents.
"""

from __future__ import annotations

import html
import re
from typing import Callable

from ..course.notes import NotesMap
from ..style.formatted import Style

Href = Callable[[str], str]


def heading_text(inner_html: str) -> str:
    text = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", inner_html, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def _link(key: str, text: str, href_for: Href, style: Style) -> str:
    tip = style.tooltip_attribute(key)
    return (f'<a class="citation-link" href="{html.escape(href_for(key), quote=True)}" '
            f'data-cite="{html.escape(key, quote=True)}" data-reference="{tip}">{text}</a>')


BIBLIOGRAPHY_MARKER = "<!-- bibliography -->"  # where the bibliography page's entries go
REFERENCES_HEADING = "\n\n## References {#references}\n\n"
NOTES_HEADING = "\n\n## Notes in this source {#notes-in-this-source}\n\n"


def references_list(keys: list[str], style: Style, href_for: Href) -> str:
    items = "\n".join(
        f'<li class="csl-entry">{reference} '
        f'<a class="reference-entry-link" href="{html.escape(href_for(k), quote=True)}" '
        f'title="This work in the bibliography">↗</a></li>'
        for k, reference in style.reference_list(keys)
    )
    return f'<ul class="references">\n{items}\n</ul>'


def notes_ids(notes_map: NotesMap) -> list[str]:
    return [f"note-{note.number}" for note in notes_map.notes]


def notes_lists(notes_map: NotesMap, style: Style, href_for: Href) -> str:
    """The works each numbered note cites (or, without notes, the works the source names)."""
    rows = []
    for note in notes_map.notes:
        if note.none:
            body = f'<span class="note-none">No new work cited: “{html.escape(note.none, quote=False)}”</span>'
        else:
            cites = []
            for item in note.items:
                if item.key not in style.formatted:
                    continue
                cites.append(_link(item.key, style.item_text(item), href_for, style))
            body = "; ".join(cites)
        rows.append(f'<li value="{note.number}" id="note-{note.number}">{body}</li>')
    if notes_map.mentions:
        mentioned = "\n".join(
            f"<li>{_link(i.key, style.item_text(i), href_for, style)}</li>"
            for i in notes_map.mentions if i.key in style.formatted
        )
    else:
        mentioned = ""
    out = []
    if rows:
        out.append("<p>The works each numbered note of the source cites, as mapped in "
                   "<code>" + html.escape(notes_map.path) + "</code>.</p>\n"
                   '<ol class="source-notes">\n' + "\n".join(rows) + "\n</ol>")
    if mentioned:
        out.append("<p>The source has no numbered notes; these are the works it names.</p>\n"
                   '<ul class="source-mentions">\n' + mentioned + "\n</ul>")
    return "\n".join(out)


def bibliography_sections(style: Style, sources: list[tuple[NotesMap, str, str]],
                          entry_notes: bool = False) -> str:
    """The bibliography page: works by source, then every entry A–Z with a "Cited in" slot.

    ``sources`` is each source's notes map with the title and URL of its chapter (or "" where no
    chapter summarises it), in course order; without any, the page is the entries alone. With
    ``entry_notes``, an entry's BibTeX ``note`` follows it as the course editors' note.
    """
    if not sources:
        return "\n\n" + _entries(style, entry_notes)
    parts = ["\n\n## By source {#by-source}\n"]
    for notes_map, chapter_title, chapter_href in sources:
        source_key = notes_map.sources[0]
        if source_key not in style.formatted:
            continue
        title = html.escape(style.formatted[source_key].text)
        anchor = "source-" + re.sub(r"[^a-z0-9]+", "-", source_key.lower()).strip("-")
        heading = chapter_title or f"{style.formatted[source_key].author} {style.formatted[source_key].year}"
        parts.append(f"\n### {heading} {{#{anchor}}}\n")
        chapter_link = (f' <a class="source-chapter" href="{html.escape(chapter_href, quote=True)}">'
                        f"Read the chapter</a>") if chapter_href else ""
        parts.append(f'\n<p class="source-reference">{title}{chapter_link}</p>\n')
        by_key: dict[str, list[int]] = {}
        for note in notes_map.notes:
            for item in note.items:
                by_key.setdefault(item.key, []).append(note.number)
        for item in notes_map.mentions:
            by_key.setdefault(item.key, [])
        rows = []
        for key in by_key:
            if key not in style.formatted:
                continue
            numbers = sorted(set(by_key[key]))
            where = (f' <span class="cited-notes">(note{"s" if len(numbers) > 1 else ""} '
                     f'{", ".join(str(n) for n in numbers)})</span>') if numbers else ""
            rows.append(f'<li><a href="#{html.escape(key, quote=True)}">{style.formatted[key].author} '
                        f'{style.formatted[key].year}</a>{where}</li>')
        parts.append('\n<ul class="works-by-source">\n' + "\n".join(rows) + "\n</ul>\n")
    parts.append("\n## A–Z {#a-z}\n\n")
    parts.append(_entries(style, entry_notes))
    return "".join(parts)


def _entries(style: Style, entry_notes: bool) -> str:
    """Every entry, A–Z, each with its "Cited in" slot."""
    entries = []
    for key, reference in style.reference_list(style.order):
        note_html = _entry_note(style.entries[key]) if entry_notes else ""
        entries.append(
            f'<div class="csl-entry" id="{html.escape(key, quote=True)}">'
            f'<p class="reference">{reference}</p>{note_html}'
            f'<!--coursekit:cited-in:{html.escape(key, quote=False)}--></div>'
        )
    return '<div class="bibliography">\n' + "\n".join(entries) + "\n</div>\n"


SHOWN_PLACES = 3  # a page's citing sections shown before the rest are folded
SHOWN_PAGES = 5  # citing pages shown before the rest are folded

Place = tuple[str, str]  # (href, label)


def _entry_note(entry) -> str:
    """The entry's ``note`` for readers, its LaTeX emphasis kept (``Entry.markup``: escaped text with
    ``<i>``…); its ``comment``, for maintainers, is never shown."""
    note = entry.get("note")
    if not note:
        return ""
    text = (entry.markup or {}).get("note") or html.escape(note, quote=False)
    return f'<p class="entry-note"><strong>Editor’s note:</strong> {text}</p>'


def cited_in(pages: list[tuple[str, list[Place]]], guides: list[Place] | None = None) -> str:
    """"Cited in" backlinks: for each citing page (its title, then its sections as (href, label) pairs,
    chapters first), the count and the first few sections, the rest folded in a ``<details>`` (no
    script: it opens by keyboard and tap alike, from file:// too); then the reading guides that cite
    or list the work."""
    out = ""
    if pages:
        count = sum(len(places) for _, places in pages)
        items = [_citing_page(title, places) for title, places in pages]
        folded = items[SHOWN_PAGES:]
        out += (f'<p class="cited-in"><strong>Cited in</strong> {_count(count, "section")} on '
                f'{_count(len(pages), "page")}:</p>\n<ul class="cited-in-pages">\n'
                + "\n".join(items[:SHOWN_PAGES]) + "\n</ul>")
        if folded:
            out += (f'\n<details class="cited-in-more"><summary>{_count(len(folded), "more page")}</summary>\n'
                    f'<ul class="cited-in-pages">\n' + "\n".join(folded) + "\n</ul></details>")
    if guides:
        out += ('<p class="listed-in-guides"><strong>In reading guides:</strong> '
                + ", ".join(_place_link(place) for place in guides) + "</p>")
    return out


def _citing_page(title: str, places: list[Place]) -> str:
    links = [_place_link(place) for place in places]
    folded = links[SHOWN_PLACES:]
    more = (f'<details class="cited-in-more"><summary>{len(folded)} more</summary>{", ".join(folded)}</details>'
            if folded else "")
    return (f'<li><span class="cited-in-page">{html.escape(title, quote=False)}</span> '
            f'<span class="cited-in-count">({_count(len(places), "section")})</span>: '
            f'{", ".join(links[:SHOWN_PLACES])}{more}</li>')


def _place_link(place: Place) -> str:
    href, label = place
    return f'<a href="{html.escape(href, quote=True)}">{html.escape(label, quote=False)}</a>'


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
