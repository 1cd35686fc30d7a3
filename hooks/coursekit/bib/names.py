"""Name lists (``author``, ``editor``) split into people and parts, as BibTeX and pandoc read them.

The split works on the value as written, before LaTeX is read, because braces decide it: ``and``,
commas and spaces inside braces do not count, and a name that is one braced group is a corporate
name written whole (``{World Health Organization}``). Each part is then read as LaTeX.

Parts follow pandoc's reading of a .bib file (its biblatex rules): "First von Last", "von Last,
First" and "von Last, Jr, First"; the particle is the run of words starting in lower case; "J.N."
is two initials. Where BibTeX and pandoc part ways this follows BibTeX, which authors' files were
written for: ``AND`` in any case separates people (pandoc takes only ``and``), a special character
counts by its letter's case (``{\\'E}mile`` is a given name, where pandoc makes it a particle), and a
trailing comma is a slip, not an empty given name (``McInnes, L,`` is L. McInnes, where pandoc
makes "L" a suffix).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import latex


@dataclass(frozen=True, slots=True)  # slots: a large bibliography holds tens of thousands of these
class Name:
    family: str
    given: str = ""
    particle: str = ""  # "de la", "van"
    suffix: str = ""  # "Jr."
    literal: bool = False  # a corporate author, written whole


_AND = re.compile(r"(?<!\S)and(?!\S)", re.IGNORECASE)
_WORD_GAP = re.compile(r"[\s~]+")
_COMMA = re.compile(r",")
_EXTENDED = re.compile(r"\s*(family|given|prefix|suffix|useprefix)\s*=", re.IGNORECASE)
_MASKED = "\x00"


def split(raw: str) -> tuple[list[Name], list[str]]:
    """The people of a name list, and what is wrong with how it is written (for warnings)."""
    names: list[Name] = []
    complaints: list[str] = []
    text = raw.strip()
    if not text:
        return names, complaints
    for part in _split_top(text, _AND):
        part = part.strip()
        if not part:
            complaints.append("an empty name (two 'and' in a row, or one at an end)")
            continue
        name, complaint = one_name(part)
        if complaint:
            complaints.append(complaint)
        if name is not None:
            names.append(name)
    return names, complaints


@lru_cache(maxsize=1 << 16)  # the same people recur across entries
def one_name(text: str) -> tuple[Name | None, str]:
    if text == "others":
        return Name(family="others"), ""
    masked = _mask(text)
    if _is_one_group(text):
        return Name(family=_plain(text[1:-1]), literal=True), ""
    if _EXTENDED.match(masked):
        return _extended(text), ""
    text = _spaced_initials(text, masked)
    parts = [p.strip() for p in _split_top(text, _COMMA)]
    while len(parts) > 1 and not parts[-1]:
        parts.pop()  # "McInnes, L," : a trailing comma
    complaint = ""
    if len(parts) > 3:
        complaint = f"too many commas in the name '{text}'"
        parts = parts[:3]
    words = [_split_top(p, _WORD_GAP) if p else [] for p in parts]
    words = [[w for w in ws if w] for ws in words]
    first: list[str]
    jr: list[str] = []
    if len(words) == 1:
        fvl = words[0]
        capitals = 0
        while capitals < len(fvl) and _capitalised(fvl[capitals]):
            capitals += 1
        if capitals == len(fvl) and fvl:
            first, vonlast = fvl[:-1], fvl[-1:]
        else:
            first, vonlast = fvl[:capitals], fvl[capitals:]
    elif len(words) == 2:
        vonlast, first = words
    else:
        vonlast, jr, first = words[0], words[1], words[2]
    lower = 0
    while lower < len(vonlast) and not _capitalised(vonlast[lower]):
        lower += 1
    von, last = vonlast[:lower], vonlast[lower:]
    if von and not last:
        von, last = von[:-1], von[-1:]
    family = _plain(" ".join(last))
    if not family and not first:
        return None, complaint or f"no family name in '{text}'"
    return Name(family=family, given=_plain(" ".join(first)), particle=_plain(" ".join(von)),
                suffix=_plain(" ".join(jr))), complaint


def _plain(text: str) -> str:
    """A name part as read: LaTeX decoded, braces (which only grouped words) gone."""
    return latex.read(text).text.replace("{", "").replace("}", "").strip()


def _capitalised(word: str) -> bool:
    """Whether a word starts in upper case, as BibTeX judges it: by its first letter outside braces,
    a special character ({\\'E}) by its own letter; a word with no such letter counts as upper case."""
    i, n = 0, len(word)
    while i < n:
        char = word[i]
        if char == "{":
            close = _closing(word, i)
            if word.startswith("{\\", i):
                letter = _first_letter(latex.read(word[i:close + 1]).text)
                if letter:
                    return letter.isupper()
            i = close + 1
            continue
        if char == "\\":
            letter = _first_letter(latex.read(word[i:]).text)
            return letter.isupper() if letter else True
        if char.isalpha():
            return char.isupper()
        i += 1
    return True


def _first_letter(text: str) -> str:
    return next((c for c in text if c.isalpha()), "")


def _is_one_group(text: str) -> bool:
    return text.startswith("{") and _closing(text, 0) == len(text) - 1


def _closing(text: str, start: int) -> int:
    """The brace closing the one at ``start`` (the end of the text if none does)."""
    end = latex.closing_brace(text, start)
    return end if end != -1 else len(text) - 1


def _mask(text: str) -> str:
    """``text`` with everything inside braces blanked out, so that patterns match at the top level only."""
    if "{" not in text:
        return text
    out = []
    depth = 0
    for char in text:
        if char == "{":
            depth += 1
            out.append(_MASKED)
        elif char == "}":
            depth = max(depth - 1, 0)
            out.append(_MASKED)
        else:
            out.append(_MASKED if depth else char)
    return "".join(out)


def _split_top(text: str, pattern: re.Pattern) -> list[str]:
    """``pattern.split(text)``, counting only matches outside braces."""
    masked = _mask(text)
    if masked is text:
        return pattern.split(text)
    parts, last = [], 0
    for match in pattern.finditer(masked):
        parts.append(text[last:match.start()])
        last = match.end()
    parts.append(text[last:])
    return parts


_INITIAL = re.compile(r"(?<![^\s.,~])([^\W\d_])\.(?=([^\W\d_])(?:[.\s,~]|$))")


def _spaced_initials(text: str, masked: str) -> str:
    """"J.N. Smith" → "J. N. Smith", as pandoc reads it: two initials, not one given name "J.N."."""
    if "." not in masked:
        return text

    def space(match: re.Match) -> str:
        if match.group(1).isupper() and match.group(2).isupper() and masked[match.start()] != _MASKED:
            return match.group(1) + ". "
        return match.group()

    return _INITIAL.sub(space, text)


def _extended(text: str) -> Name:
    """biblatex's "family=Smith, given=John, prefix=van": each part named."""
    values: dict[str, str] = {}
    for part in _split_top(text, _COMMA):
        key, _, value = part.partition("=")
        values[key.strip().lower()] = value.strip()
    return Name(family=_plain(values.get("family", "")), given=_plain(values.get("given", "")),
                particle=_plain(values.get("prefix", "")), suffix=_plain(values.get("suffix", "")))
