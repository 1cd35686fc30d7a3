"""The whole bibliography in Chicago author-date: order, disambiguation and citation text.

Built once per bibliography: sorting and disambiguation are computed in one pass (O(n log n)), so
every page's citations are then dictionary look-ups.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from . import chicago
from .item import Item, csl_item
from ..bib.bibtex import Bibliography, Name
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
    """Chicago author-date, 17th edition unless told otherwise (``chicago.EIGHTEENTH``)."""

    def __init__(self, bibliography: Bibliography, edition: chicago.Edition = chicago.SEVENTEENTH):
        self.edition = edition
        self.entries = bibliography.entries
        self.items: dict[str, Item] = {key: csl_item(entry) for key, entry in self.entries.items()}
        sources = {key: chicago.source_parts(item, edition) for key, item in self.items.items()}
        sort_keys = {key: chicago.sort_key(item, key, edition, sources[key]) for key, item in self.items.items()}
        self.order: list[str] = sorted(self.items, key=sort_keys.__getitem__)
        self.formatted: dict[str, Formatted] = {}
        self._tooltip_attributes: dict[str, str] = {}
        authors = self._in_text_authors()
        suffixes = self._year_suffixes(authors)
        self.rank = {key: index for index, key in enumerate(self.order)}
        for key in self.order:
            item = self.items[key]
            suffix = suffixes.get(key, "")
            reference = chicago.reference(item, edition, suffix, source=sources[key])
            self.formatted[key] = Formatted(
                key=key,
                html=reference,
                names=self._names_shown(item),
                suffix=suffix,
                text=chicago.plain(reference),
                author=authors[key],
                year=chicago.year_label(item.date, suffix),
            )

    def _names_shown(self, item: Item) -> str | None:
        names = chicago.creators(item)
        if not names:
            return None
        role = "" if item.authors else "editor" if item.editors else "translator"
        # As written, not as printed: citeproc repeats names that differ by a full stop, or where one
        # is a corporate name in braces ({ICPSR}) and the other a family name (ICPSR).
        return "; ".join(f"{n.family}, {n.given}, {n.particle}, {n.literal}" for n in names) + role

    # -- Disambiguation, as citeproc does it: given names, then more names, then year letters ---------

    def _in_text_authors(self) -> dict[str, str]:
        first_names = self._given_name_disambiguation()
        edition = self.edition
        authors = {key: chicago.author_short(self.items[key], edition, first_names.get(key)) for key in self.order}
        groups: dict[tuple[str, str], list[str]] = {}
        for key in self.order:
            groups.setdefault((chicago.plain(authors[key]), self.items[key].date.year), []).append(key)
        for keys in groups.values():
            if len(keys) > 1 and authors[keys[0]].endswith("et al."):
                for key, shown in self._names_to_show(keys).items():
                    authors[key] = chicago.author_short(self.items[key], edition, first_names.get(key), shown)
        return authors

    def _names_to_show(self, keys: list[str]) -> dict[str, int]:
        """"Wickham, Chang, et al." and "Wickham, François, et al.": each work of a group that "et al."
        leaves ambiguous shows as few names as tell it from the others (none, if none can)."""
        lists = {key: [chicago.family(n) for n in chicago.creators(self.items[key]) if not chicago.is_others(n)]
                 for key in keys}
        out = {}
        longest = max(len(names) for names in lists.values())
        for key in keys:
            mine = lists[key]
            # citeproc compares the names shown, not "et al.": "Zou, Wang, Deng, Han, et al." is
            # not told apart from "Zou, Wang, Deng, and Han" until its fifth name shows.
            for shown in range(2, longest + 1):
                if all(other[:shown] != mine[:shown] for k, other in lists.items() if k != key):
                    out[key] = min(shown, len(mine))
                    break
        return out

    def _given_name_disambiguation(self) -> dict[str, str]:
        """Different first authors who share a family name get their initials ("Y. Deng", "Z. Deng"),
        or their given name where initials still clash ("Yafei He", "Yin He"), as citeproc does
        with Chicago's primary-name rule."""
        people: dict[str, dict[str, list[str]]] = {}
        for key in self.order:
            names = chicago.creators(self.items[key])
            if not names or names[0].literal or not names[0].given:
                continue
            first = names[0]
            given = chicago._spaced_initials(first.given)  # as written: "Waldo R" is not "Waldo R."
            people.setdefault(chicago.family(first), {}).setdefault(given, []).append(key)
        out: dict[str, str] = {}
        for family, persons in people.items():
            if len(persons) < 2:
                continue
            by_initials: dict[str, int] = {}
            for given in persons:
                by_initials[chicago.initials(given)] = by_initials.get(chicago.initials(given), 0) + 1
            for given, keys in persons.items():
                shown = chicago.initials(given) if by_initials[chicago.initials(given)] == 1 else chicago._given(Name(family, given))
                for key in keys:
                    out[key] = f"{shown} {family}"
        return out

    def _year_suffixes(self, authors: dict[str, str]) -> dict[str, str]:
        """2017a, 2017b: works with the same in-text author and year, lettered in bibliography order."""
        groups: dict[tuple[str, str], list[str]] = {}
        for key in self.order:
            # As printed: a title in italics ("DMPTool", n.d.) is the same as an author DMPTool.
            groups.setdefault((chicago.plain(authors[key]), chicago.year_label(self.items[key].date)), []).append(key)
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
            text += ", " + html.escape(chicago.locator_text(item.label, item.locator, self.edition), quote=False)
        return text

    def reference_list(self, keys) -> list[tuple[str, str]]:
        """(key, HTML) in bibliography order; in the 17th edition a run of works by the same authors
        gets "———" after its first, as in the list it appears in (not the whole bibliography)."""
        out, previous = [], None
        # Sorting the page's own keys by rank keeps this linear in the page, not the bibliography.
        for key in sorted(set(keys), key=self.rank.__getitem__):
            formatted = self.formatted[key]
            html_text = formatted.html
            if self.edition.repeat_dash and formatted.names is not None and formatted.names == previous:
                html_text = chicago.reference(self.items[key], self.edition, formatted.suffix, substitute_author=True)
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
