"""The whole bibliography in Chicago author-date: order, disambiguation and citation text.

Built once per bibliography: sorting and year suffixes are computed in one pass (O(n log n)), so
every page's citations are then dictionary look-ups.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from . import chicago
from ..bib.bibtex import Bibliography
from ..cite.parse import CiteItem


@dataclass(slots=True)  # held by the thousand for the whole build
class Formatted:
    key: str
    html: str  # the full reference, standing alone
    names: str | None  # the bibliography's author names, to spot runs by the same authors
    suffix: str  # the year's disambiguating letter, "" for most works
    text: str  # the same, as plain text (tooltips, search)
    author: str  # in-text author part, HTML
    year: str  # in-text year with its suffix: "2017a", "n.d."


class Style:
    def __init__(self, bibliography: Bibliography):
        self.entries = bibliography.entries
        self.order: list[str] = sorted(self.entries, key=lambda k: chicago.sort_key(self.entries[k]))
        self.formatted: dict[str, Formatted] = {}
        self._tooltip_attributes: dict[str, str] = {}
        self.first_names = self._given_name_disambiguation()
        authors = {key: chicago.author_short(self.entries[key], self.first_names.get(key)) for key in self.order}
        suffixes = self._year_suffixes(authors)
        self.rank = {key: index for index, key in enumerate(self.order)}
        for key in self.order:
            entry = self.entries[key]
            names = chicago.creators(entry)
            suffix = suffixes.get(key, "")
            reference = chicago.reference(entry, suffix)
            self.formatted[key] = Formatted(
                key=key,
                html=reference,
                names=chicago.names_bib(names) if names else None,
                suffix=suffix,
                text=chicago.plain(reference),
                author=authors[key],
                year=chicago.year_label(entry, suffix),
            )

    def _given_name_disambiguation(self) -> dict[str, str]:
        """Different first authors who share a family name get their initials ("Y. Deng", "Z. Deng"),
        or their given name where initials still clash ("Yafei He", "Yin He"), as citeproc does
        with Chicago's primary-name rule."""
        people: dict[str, dict[tuple[str, str], list[str]]] = {}
        for key in self.order:
            names = chicago.creators(self.entries[key])
            if not names or names[0].literal or not names[0].given:
                continue
            first = names[0]
            family = chicago._family(first)
            people.setdefault(family, {}).setdefault((family, first.given), []).append(key)
        out: dict[str, str] = {}
        for family, persons in people.items():
            if len(persons) < 2:
                continue
            by_initials: dict[str, int] = {}
            for _, given in persons:
                by_initials[chicago.initials(given)] = by_initials.get(chicago.initials(given), 0) + 1
            for (_, given), keys in persons.items():
                shown = chicago.initials(given) if by_initials[chicago.initials(given)] == 1 else given
                for key in keys:
                    out[key] = f"{shown} {family}"
        return out

    def _year_suffixes(self, authors: dict[str, str]) -> dict[str, str]:
        """2017a, 2017b: works with the same in-text author and year, lettered in bibliography order."""
        groups: dict[tuple[str, str], list[str]] = {}
        for key in self.order:
            groups.setdefault((authors[key], chicago.year_label(self.entries[key])), []).append(key)
        suffixes = {}
        for keys in groups.values():
            if len(keys) > 1:
                for index, key in enumerate(keys):
                    suffixes[key] = chr(ord("a") + index) if index < 26 else f"a{index}"
        return suffixes

    # -- In-text ------------------------------------------------------------------------------------

    def item_text(self, item: CiteItem, with_author: bool = True) -> str:
        """The linked part of one cited item: "Foot n.d., 5" (HTML)."""
        formatted = self.formatted[item.key]
        text = formatted.year
        if with_author and not item.suppress_author:
            text = chicago.author_year(formatted.author, text)
        if item.locator:
            text += ", " + html.escape(chicago.locator_text(item.label, item.locator), quote=False)
        return text

    def reference_list(self, keys) -> list[tuple[str, str]]:
        """(key, HTML) in bibliography order; a run of works by the same authors gets "———"
        after its first, as in the list it appears in (not the whole bibliography)."""
        out, previous = [], None
        # Sorting the page's own keys by rank keeps this linear in the page, not the bibliography.
        for key in sorted(set(keys), key=self.rank.__getitem__):
            formatted = self.formatted[key]
            html_text = formatted.html
            if formatted.names is not None and formatted.names == previous:
                html_text = chicago.reference(self.entries[key], formatted.suffix, substitute_author=True)
            previous = formatted.names
            out.append((key, html_text))
        return out

    def tooltip(self, key: str) -> str:
        return self.formatted[key].text

    def tooltip_attribute(self, key: str) -> str:
        """The tooltip escaped for an HTML attribute: once per work, not once per citation."""
        escaped = self._tooltip_attributes.get(key)
        if escaped is None:
            escaped = self._tooltip_attributes[key] = html.escape(self.formatted[key].text, quote=True)
        return escaped
