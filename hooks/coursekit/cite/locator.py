"""Split a citation's suffix into its locator and the rest, as pandoc's citeproc does.

pandoc keeps a citation's suffix whole ("``, pp. 33-35, emphasis added``"); citeproc finds the
locator in it when it formats. The rules, as citeproc applies them to the suffix's words:

- an optional comma and space, then either a braced locator (``{chap. 2 and passim}``: the label if
  it starts with one, else a page when it starts with a digit, and everything up to the brace), or
- a label (the longest run of words that is a locator term of the style's locale, any case:
  ``p.``, ``pp.``, ``chap.``, ``§``, ``sub verbo``) followed by words holding a digit or a roman
  numeral, or no label and words holding a digit (then it is a page);
- the locator runs on over words joined by ``,`` or ``;`` that hold a digit too (``33, 35``); a
  word is cut at other punctuation (``33-35``, ``3.1``, ``5n2`` and ``(1)(a)`` stay whole);
- anything else is no locator: the suffix is printed as it is.
"""

from __future__ import annotations

import re
import unicodedata

# The locator terms of the English locale, every form (long, short, symbol; singular, plural), by
# the label the style formats them with.
LOCATOR_TERMS: dict[str, str] = {}
for _label, _forms in {
    "book": ("book", "books", "bk.", "bks."),
    "chapter": ("chapter", "chapters", "chap.", "chaps."),
    "column": ("column", "columns", "col.", "cols."),
    "figure": ("figure", "figures", "fig.", "figs."),
    "folio": ("folio", "folios", "fol.", "fols."),
    "number": ("number", "numbers", "no.", "nos."),  # CSL's "issue" term
    "line": ("line", "lines", "l.", "ll."),
    "note": ("note", "notes", "n.", "nn."),
    "opus": ("opus", "opera", "op.", "opp."),
    "page": ("page", "pages", "p.", "pp."),
    "paragraph": ("paragraph", "paragraphs", "para.", "paras.", "¶", "¶¶"),
    "part": ("part", "parts", "pt.", "pts."),
    "section": ("section", "sections", "sec.", "secs.", "§", "§§"),
    "sub verbo": ("sub verbo", "sub verbis", "s.v.", "s.vv."),
    "verse": ("verse", "verses", "v.", "vv."),
    "volume": ("volume", "volumes", "vol.", "vols."),
}.items():
    for _form in _forms:
        LOCATOR_TERMS[_form] = _label
_LONGEST_TERM = max(len(t) for t in LOCATOR_TERMS)

_ROMAN = re.compile(r"M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})", re.IGNORECASE)
_SPACE = " \t\n\r\u00a0"


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char).startswith("P")


def _tokens(text: str) -> list[tuple[str, int]]:
    """(token, where it starts): runs of space (as " "), each punctuation character but ":", and the
    runs of anything else."""
    out: list[tuple[str, int]] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        start = i
        if char in _SPACE:
            while i < n and text[i] in _SPACE:
                i += 1
            out.append((" ", start))
            continue
        if char != ":" and _is_punctuation(char):
            out.append((char, start))
            i += 1
            continue
        while i < n and text[i] not in _SPACE and (text[i] == ":" or not _is_punctuation(text[i])):
            i += 1
        out.append((text[start:i], start))
    return out


class _Words:
    """citeproc's locator grammar over the suffix's tokens."""

    def __init__(self, tokens: list[tuple[str, int]]):
        self.tokens = [t for t, _ in tokens]

    # -- one locator word: "33-35", "3.1", "(1)(a)", "xiv" -----------------------------------------

    def _unit(self, i: int) -> tuple[int, bool] | None:
        """A page unit at ``i``: a roman numeral word, or a run of words up to a space or punctuation
        other than "-", "–" and ":" (end, holds a digit)."""
        tokens = self.tokens
        if i < len(tokens) and tokens[i] != " " and not _is_single_punctuation(tokens[i]) \
                and _ROMAN.fullmatch(tokens[i]) and tokens[i]:
            return i + 1, True
        j = i
        while j < len(tokens) and tokens[j] != " " and not _is_locator_punctuation(tokens[j]):
            j += 1
        if j == i:
            return None
        return j, any(c.isdigit() for t in tokens[i:j] for c in t)

    def _page_sequence(self, i: int) -> tuple[int, bool] | None:
        """Units joined by "." ("1.2.3"), or one unit after a "." (".2")."""
        tokens = self.tokens
        first = self._unit(i)
        if first is not None:
            end, digit = first
            while end < len(tokens) and tokens[end] == ".":
                more = self._unit(end + 1)
                if more is None:
                    break
                end, digit = more[0], digit or more[1]
            return end, digit
        if i < len(tokens) and tokens[i] == ".":
            more = self._unit(i + 1)
            if more is not None:
                return more
        return None

    def _balanced(self, i: int) -> tuple[int, bool] | None:
        """One or more page sequences, each possibly wrapped in (), [] or {} ("34(1)(a)", "[17]")."""
        tokens = self.tokens
        end, digit, found = i, False, False
        while True:
            step = self._wrapped(end)
            if step is None:
                break
            end, digit, found = step[0], digit or step[1], True
        return (end, digit) if found else None

    def _wrapped(self, i: int) -> tuple[int, bool] | None:
        tokens = self.tokens
        if i >= len(tokens):
            return None
        pairs = {"(": ")", "[": "]", "{": "}"}
        if tokens[i] in pairs:
            close = pairs[tokens[i]]
            inner = self._page_sequence(i + 1)
            j, digit = (inner if inner is not None else (i + 1, False))
            if j < len(tokens) and tokens[j] == close:
                return j + 1, digit
            return None
        if tokens[i] in (")", "]", "}"):
            return None
        return self._page_sequence(i)

    def word(self, i: int, first: bool) -> tuple[int, bool] | None:
        """A locator word at ``i``: after the first, led by "," or ";"; then an optional space."""
        tokens = self.tokens
        j = i
        if not first and j < len(tokens) and tokens[j] in (",", ";"):
            j += 1
        if j < len(tokens) and tokens[j] == " ":
            j += 1
        return self._balanced(j)

    # -- the label --------------------------------------------------------------------------------

    def label(self, i: int, stop) -> tuple[int, str] | None:
        """The longest run of tokens from ``i`` that is a locator term, each step ending where
        ``stop`` finds a locator word: (end, label)."""
        tokens = self.tokens
        best = None
        text = ""
        j = i
        while j < len(tokens):
            text += tokens[j]
            j += 1
            while j < len(tokens) and stop(j) is None:
                text += tokens[j]
                j += 1
            if j >= len(tokens) and stop(j) is None:
                break
            found = LOCATOR_TERMS.get(text.strip().casefold())
            if found is not None:
                best = (j, found)
            if len(text.strip()) > _LONGEST_TERM:
                break
        return best


def _is_single_punctuation(token: str) -> bool:
    return len(token) == 1 and token != ":" and _is_punctuation(token)


def _is_locator_punctuation(token: str) -> bool:
    return _is_single_punctuation(token) and token not in "-–"


# Most suffixes: ", p. 12", ", pp. 33-35", ", 4", ", chap. 3", read at once (the same as below).
_SIMPLE = re.compile(r",?[ \t]?(?:([^\W\d][\w.]*\.|[^\W\d]+|§§?|¶¶?)[ \t]?)?([0-9]+(?:[-–][0-9]+)?)[ \t]*")


def parse_locator(suffix: str) -> tuple[str, str, int]:
    """(label, locator, where the rest starts) for a citation's suffix; ("", "", 0) when it holds no
    locator. The label is the style's name for it ("page", "chapter", ...), or "" for a braced
    locator without one ("{passim}")."""
    if not suffix:
        return "", "", 0
    simple = _SIMPLE.fullmatch(suffix)
    if simple is not None:
        written = simple.group(1)
        if written is None:
            return "page", simple.group(2), len(suffix)
        label = LOCATOR_TERMS.get(written.casefold())
        if label is not None:
            return label, simple.group(2), len(suffix)
    tokens = _tokens(suffix)
    words = _Words(tokens)
    i = 0
    if i < len(tokens) and tokens[i][0] == ",":
        i += 1
    if i < len(tokens) and tokens[i][0] == " ":
        i += 1
    found = _delimited(words, tokens, suffix, i) or _integrated(words, tokens, suffix, i)
    if found is None:
        return "", "", 0
    label, locator, end = found
    if not locator:
        return "", "", 0
    return label, locator, end


def _offset(tokens: list[tuple[str, int]], suffix: str, index: int) -> int:
    return tokens[index][1] if index < len(tokens) else len(suffix)


def _delimited(words: _Words, tokens, suffix: str, i: int):
    """"{label locator}": everything to the closing brace (braces and brackets balanced)."""
    toks = words.tokens
    if i >= len(toks) or toks[i] != "{":
        return None
    j = i + 1
    while j < len(toks) and toks[j] == " ":
        j += 1
    close = _closing_brace(toks, j)
    if close is None:
        return None
    label = words.label(j, lambda k: k if k < close else None)
    if label is not None and label[0] <= close:
        start, name = label
    elif j < len(toks) and toks[j][:1].isdigit():
        start, name = j, "page"
    else:
        start, name = j, ""
    value = "".join(toks[start:close])
    return name, value, _offset(tokens, suffix, close + 1)


def _closing_brace(toks: list[str], j: int) -> int | None:
    depth = 0
    while j < len(toks):
        token = toks[j]
        if token in "{[" and token:
            depth += 1
        elif token in "]}" and token:
            if depth == 0:
                return j if token == "}" else None
            depth -= 1
        j += 1
    return None


def _integrated(words: _Words, tokens, suffix: str, i: int):
    """"label locator" or "locator" (a page), the locator running over words that hold a digit
    (or, after an explicit label, a roman numeral)."""
    label = words.label(i, lambda k: _require(words, k, True, digits=False))
    if label is not None:
        start, name, implicit = label[0], label[1], False
    elif _require(words, i, True, digits=True) is not None:
        start, name, implicit = i, "page", True
    else:
        return None
    end = _require(words, start, True, digits=implicit)
    if end is None:
        return None
    while (more := _require(words, end, False, digits=implicit)) is not None:
        end = more
    value = "".join(words.tokens[start:end]).strip()
    return name, value, _offset(tokens, suffix, end)


def _require(words: _Words, i: int, first: bool, digits: bool) -> int | None:
    """The end of a locator word at ``i`` that holds a digit (``digits``), or a digit or a roman
    numeral (citeproc asks for a digit when the label is implied: "passim" is no page)."""
    found = words.word(i, first)
    if found is None:
        return None
    end, digit_like = found
    if digits:
        return end if any(c.isdigit() for token in words.tokens[i:end] for c in token) else None
    return end if digit_like else None
