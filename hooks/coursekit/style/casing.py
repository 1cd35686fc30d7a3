"""Letter case and typographic quotes of titles, as citeproc gives them from BibTeX.

pandoc reads a BibTeX title as written in title case and first brings it to sentence case (a
capitalised word becomes lower case unless it starts a sentence; braces, acronyms and words with
inner capitals are kept); the CSL style then applies title case. Both steps are here, so a title
ends as pandoc prints it, save one deliberate difference: a lone capital ("R", "S") is a name, and
keeps its case (pandoc lower-cases it: "Modern Applied Statistics with s").
"""

from __future__ import annotations

import re

from ..bib.bibtex import Entry

# The words citeproc leaves in lower case inside a title: CSL's list plus "about" (found by running
# pandoc over candidate words).
STOP_WORDS = frozenset(
    "a about an and as at but by down for from in into nor of on onto or over so the till to up via with yet".split()
)

_APOSTROPHE = re.compile(r"(?<=\w)'|'(?=\d)")
_OPENING_SINGLE = re.compile(r"'(?=\w)")
_OPENING_DOUBLE = re.compile(r'(^|[\s(\[—–-])"')


def smart_quotes(text: str) -> str:
    """Straight apostrophes and quotes to typographic ones, as citeproc prints them."""
    if "'" not in text and '"' not in text:
        return text
    text = _APOSTROPHE.sub("’", text)
    text = _OPENING_SINGLE.sub("‘", text)
    text = text.replace("'", "’")
    text = _OPENING_DOUBLE.sub("\\1“", text)
    return text.replace('"', "”")


def is_english(entry: Entry) -> bool:
    # Like pandoc, only ``langid`` (or ``hyphenation``) decides: ``language`` ("chinese") describes
    # the work, not its title.
    lang = (entry.get("langid") or entry.get("hyphenation")).lower()
    return not lang or lang.startswith("en") or lang in {"english", "american", "british", "usenglish",
                                                          "ukenglish", "australian", "newzealand", "canadian"}


_TOKEN = re.compile(r"(\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|\s+)")
_PART = re.compile(r"([-/()\[\]\"“”‘]+)")
_SENTENCE_END = re.compile(r"[:.?!][”’\"')\]]*$")


def sentence_case(text: str) -> str:
    """pandoc's reading of a BibTeX title: "Computer Programming As an Art" → "Computer programming
    as an art"; braced groups ("{UN}"), acronyms and inner capitals ("GeoSpark") are left alone."""
    out: list[str] = []
    sentence_start = True
    for token in _TOKEN.split(text):
        if not token:
            continue
        if token.isspace() or token.startswith("{"):
            out.append(token)
            if token.startswith("{"):
                sentence_start = False
            continue
        parts = _PART.split(token)
        first = True
        for index, part in enumerate(parts):
            if index % 2 or not part:
                continue
            if not (sentence_start and first) and _capitalised(part):
                parts[index] = part.lower()
            first = False
        out.append("".join(parts))
        sentence_start = bool(_SENTENCE_END.search(token))
    return "".join(out)


def _capitalised(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    if not letters or not letters[0].isupper():
        return False
    if len(letters) == 1:
        return letters[0] == "A"  # the article; another lone capital is a name ("R")
    return all(c.islower() for c in letters[1:])


_TITLE_DASH = re.compile(r"([-–—/(]+|\.(?=[^\W\d_]))")
_NON_WORD = re.compile(r"[^\w]")


def title_case(text: str) -> str:
    """Title case as citeproc applies it: all-lower-case words are capitalised unless they are stop
    words or single letters inside a sentence; anything with a capital, or in braces, is kept."""
    out: list[str] = []
    sentence_start = True
    tokens = [t for t in _TOKEN.split(text) if t]
    last = max((i for i, t in enumerate(tokens) if not t.isspace()), default=-1)
    for position, token in enumerate(tokens):
        if token.isspace():
            out.append(token)
            continue
        if token.startswith("{") and token.endswith("}"):
            out.append(token)
            sentence_start = False
            continue
        parts = _TITLE_DASH.split(token)
        for index, part in enumerate(parts):
            if index % 2:
                continue
            core = part.lstrip("“‘\"'([")
            if core != core.lower():  # a capital: kept as written (tested first, being the cheaper test)
                continue
            letters = _NON_WORD.sub("", core)
            if not letters:
                continue
            small = len(letters) == 1 or (letters in STOP_WORDS and position != last)
            if small and not (sentence_start and index == 0):
                continue
            parts[index] = part[: len(part) - len(core)] + core[0].upper() + core[1:]
        out.append("".join(parts))
        sentence_start = bool(_SENTENCE_END.search(token))
    return "".join(out)


def strip_braces(text: str) -> str:
    return text.replace("{", "").replace("}", "")


def title_text(text: str, english: bool) -> str:
    """A title as printed: title case in English, braces gone, quotes curled."""
    return smart_quotes(strip_braces(title_case(text) if english else text))
