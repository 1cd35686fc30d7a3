"""Typographic quotes and the language test for plain fields (names, publishers, places).

Titles are richer and have their own module (``rich.py``): case changes, emphasis, quotations.
"""

from __future__ import annotations

import re

from ..bib.bibtex import Entry

_APOSTROPHE = re.compile(r"(?<=\w)'|'(?=\d)")
_OPENING_SINGLE = re.compile(r"'(?=\w)")

# biblatex's language names, as pandoc turns them into language tags; anything else is taken as a tag.
_ENGLISH_NAMES = frozenset({"english", "usenglish", "american", "british", "ukenglish", "canadian",
                            "australian", "newzealand"})


def smart_quotes(text: str) -> str:
    """Straight apostrophes to typographic ones, as pandoc reads them ("O'Brien" → "O’Brien"); an
    opening one opens ("'openEO'" → "‘openEO’", where pandoc prints "’openEO’"). A straight double
    quote stays as written, as pandoc leaves it ("S\\"afken")."""
    if "'" not in text:
        return text
    text = _APOSTROPHE.sub("’", text)
    text = _OPENING_SINGLE.sub("‘", text)
    return text.replace("'", "’")


def is_english(entry: Entry) -> bool:
    """Whether pandoc changes the case of the entry's titles: only ``langid`` (or ``hyphenation``)
    decides, as a babel name ("english", "british") or a language tag ("en", "en-GB"; not "eng").
    ``language`` ("chinese") describes the work, not its title."""
    lang = (entry.get("langid") or entry.get("hyphenation")).strip().lower()
    return not lang or lang in _ENGLISH_NAMES or lang == "en" or lang.startswith("en-")


def strip_braces(text: str) -> str:
    return text.replace("{", "").replace("}", "")
