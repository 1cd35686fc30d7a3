"""Find pandoc-style citations in Markdown: ``[@key, p. 5]``, ``[see @a; @b]``, ``@key``, ``[-@key]``.

Citation-like text that is not a citation is left alone: code (fenced and inline), HTML comments,
URLs, e-mail addresses, link targets and reference definitions, and ``\\@``. The scan is linear in
the size of the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Pandoc: a key starts with a letter, digit or _, and may hold internal punctuation :.#$%&-+?<>~/
KEY = r"[^\W][\w]*(?:[:.#$%&\-+?<>~/][\w]+)*"
_KEY_AT = re.compile(r"(-?)@(?:\{([^{}\n]+)\}|(" + KEY + r"))")
_NARRATIVE = re.compile(r"(?<![\w@\\])@(?:\{([^{}\n]+)\}|(" + KEY + r"))")

# Locator labels as pandoc recognises them (English), long and short, singular and plural.
LOCATOR_TERMS: dict[str, str] = {}
for _label, _forms in {
    "book": ("book", "books", "bk.", "bks."),
    "chapter": ("chapter", "chapters", "chap.", "chaps.", "ch.", "chs."),
    "column": ("column", "columns", "col.", "cols."),
    "figure": ("figure", "figures", "fig.", "figs."),
    "folio": ("folio", "folios", "fol.", "fols."),
    "number": ("number", "numbers", "no.", "nos."),
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
_LABEL = re.compile(
    r"(" + "|".join(re.escape(f) for f in sorted(LOCATOR_TERMS, key=len, reverse=True)) + r")\s*",
    re.IGNORECASE,
)
_ROMAN_OR_DIGIT = re.compile(r"[0-9]|[ivxlcdm]+\b", re.IGNORECASE)
_LOCATOR_END = re.compile(r",\s*(?=[^\d\s])")
_LOCATOR_AFTER = re.compile(r" ?\[([^\[\]@\n]*)\](?![(\[:])")  # "@key [p. 5]"


@dataclass(slots=True)  # held by the thousand for the whole build
class CiteItem:
    key: str
    offset: int  # where the key's "@" stands in the page text
    prefix: str = ""
    suffix: str = ""
    label: str = ""  # "page", "section", ... ("" when there is no locator)
    locator: str = ""
    suppress_author: bool = False


@dataclass(slots=True)
class Citation:
    start: int
    end: int
    mode: str  # "bracket" or "narrative"
    items: list[CiteItem] = field(default_factory=list)


@dataclass
class Malformed:
    """Citation syntax that cannot be what the author meant: reported, never guessed at."""

    offset: int
    message: str
    fix: str


@dataclass
class Parsed:
    citations: list[Citation] = field(default_factory=list)
    malformed: list[Malformed] = field(default_factory=list)


# -- What is never a citation ---------------------------------------------------------------------

_FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})", re.MULTILINE)
_PROTECTED = re.compile(
    r"<!--.*?-->"  # HTML comments
    r"|(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)"  # inline code, any number of backticks
    r"|<(?:[a-z][a-z0-9+.-]*:|www\.)[^\s<>]*>"  # autolinks
    r"|<[^\s<>@]+@[^\s<>]+>"  # e-mail autolinks
    r"|\b(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)[^\s<>\]\)]*"  # bare URLs
    r"|(?<=\])\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\)"  # link targets ](...)
    # reference definitions, one line each (DOTALL is on); a footnote's text is prose, so it can cite
    r"|^[ \t]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*\S+[^\n]*$",
    re.DOTALL | re.MULTILINE | re.IGNORECASE,
)


# Where a _PROTECTED span can start, found with fast searches so that it is tried only there.
_LINE_BRACKET = re.compile(r"\n[ \t]{0,3}\[")  # the line of a reference definition
_URL_WORD = re.compile(r"www\.|mailto:", re.IGNORECASE)
_SCHEME_CHAR = re.compile(r"[\w+.-]")  # every character [a-z0-9+.-] matches under IGNORECASE


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` where citations cannot occur, sorted and non-overlapping."""
    spans: list[tuple[int, int]] = []
    # Fenced code first: line by line, so a fence hides everything until its closing fence.
    pos = 0
    while True:
        match = _next_fence(text, pos)
        if not match:
            break
        fence = match.group(1)
        closing = re.compile(r"^[ \t>]*" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$", re.MULTILINE)
        line_end = text.find("\n", match.end())
        if line_end == -1:
            spans.append((match.start(), len(text)))
            break
        close = closing.search(text, line_end + 1)
        end = close.end() if close else len(text)
        spans.append((match.start(), end))
        pos = end
    fenced = spans[:]
    for start, end in _gaps(fenced, len(text)):
        spans.extend(_protected_between(text, start, end))
    spans.sort()
    return spans


def _next_fence(text: str, pos: int) -> re.Match | None:
    """``_FENCE.search(text, pos)``, begun on the line of the next ``` or ~~~: no line before it opens a fence."""
    found = [i for i in (text.find("```", pos), text.find("~~~", pos)) if i != -1]
    if not found:
        return None
    return _FENCE.search(text, max(pos, text.rfind("\n", 0, min(found)) + 1))


def _protected_between(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of ``_PROTECTED.finditer(text, start, end)``, matching only where one can start:
    at every other position the match would fail, so the spans are the same."""
    spans: list[tuple[int, int]] = []
    floor = start  # as in finditer, no span starts before the end of the last one
    for at in _candidates(text, start, end):
        if at >= floor and (match := _PROTECTED.match(text, at, end)):
            spans.append(match.span())
            floor = match.end()
    return spans


def _candidates(text: str, start: int, end: int) -> list[int]:
    """Every position in [start, end) where a _PROTECTED span can start (and a few more), in order."""
    found = {start}  # a reference definition on the first line
    for needle, shift in (("<", 0), ("`", 0), ("](", 1)):  # comments, autolinks, code; a link's "("
        found.update(at + shift for at in _find_all(text, needle, start, end))
    found.update(line.start() + 1 for line in _LINE_BRACKET.finditer(text, start, end))
    markers = list(_find_all(text, "://", start, end))
    # A quick test first: lower() turns each letter that IGNORECASE takes for "w", "l", "t" or "o"
    # into that letter (not so for "i": "ı", "İ").
    lowered = text[start:end].lower()
    if "www." in lowered or "lto:" in lowered:
        markers.extend(word.start() for word in _URL_WORD.finditer(text, start, end))
    for marker in markers:  # a bare URL starts where its scheme does
        first = marker
        while first > start and _SCHEME_CHAR.match(text, first - 1):
            first -= 1
        found.update(range(first, marker + 1))
    return sorted(found)


def _find_all(text: str, needle: str, start: int, end: int):
    at = text.find(needle, start, end)
    while at != -1:
        yield at
        at = text.find(needle, at + 1, end)


def _gaps(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    gaps, pos = [], 0
    for start, end in spans:
        if start > pos:
            gaps.append((pos, start))
        pos = max(pos, end)
    if pos < length:
        gaps.append((pos, length))
    return gaps


# -- Parsing --------------------------------------------------------------------------------------


def parse_locator(suffix: str) -> tuple[str, str, str]:
    """Split a suffix like ", pp. 33-35, emphasis added" into (label, locator, rest)."""
    text = suffix.lstrip()
    if not text.startswith(","):
        return "", "", suffix
    body = text[1:].lstrip()
    if body.startswith("{"):
        close = body.find("}")
        if close != -1:
            inner = body[1:close]
            match = _LABEL.match(inner)
            label = LOCATOR_TERMS[match.group(1).lower()] if match else "page"
            value = inner[match.end():] if match else inner
            return label, value.strip(), body[close + 1:]
    match = _LABEL.match(body)
    if match:
        label = LOCATOR_TERMS[match.group(1).lower()]
        body = body[match.end():]
    elif _ROMAN_OR_DIGIT.match(body):
        label = "page"
    else:
        return "", "", suffix
    # The locator runs to a comma followed by a non-digit (", emphasis added"), or to the end.
    stop = _LOCATOR_END.search(body)
    value = body[: stop.start()] if stop else body
    rest = body[stop.start():] if stop else ""
    if not value.strip():
        return "", "", suffix
    return label, value.strip(), rest


def _parse_items(text: str, base: int) -> list[CiteItem] | None:
    """Items of a bracketed citation, or None when some part has no key (then it is not one)."""
    items = []
    parts = _split_top_level(text, ";")
    for part, part_start in parts:
        match = _KEY_AT.search(part)
        if not match or (match.start() > 0 and (part[match.start() - 1].isalnum() or part[match.start() - 1] == "\\")):
            return None
        key = match.group(2) or match.group(3)
        prefix = part[: match.start()].strip()
        suffix = part[match.end():]
        label, locator, rest = parse_locator(suffix)
        items.append(
            CiteItem(
                key=key,
                offset=base + part_start + match.start() + len(match.group(1)),
                prefix=prefix,
                suffix=rest.strip() if label else suffix.strip(),
                label=label,
                locator=locator,
                suppress_author=bool(match.group(1)),
            )
        )
    return items


_NESTING = re.compile(r"[\[\]{}]")


def _split_top_level(text: str, sep: str) -> list[tuple[str, int]]:
    """(part, where it starts) for each part of ``text`` between the ``sep`` characters that stand
    outside brackets and braces."""
    if not _NESTING.search(text):  # most often: no need to go character by character
        parts, start = [], 0
        for part in text.split(sep):
            parts.append((part, start))
            start += len(part) + 1
        return parts
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        elif char == sep and depth == 0:
            parts.append((text[start:i], start))
            start = i + 1
    parts.append((text[start:], start))
    return parts


def _matching_bracket(text: str, start: int, limit: int) -> int:
    """Index of the "]" closing the "[" at ``start``, or -1 (nested brackets balance; no blank line)."""
    depth = 0
    i = start
    while i < limit:
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return i
        elif char == "\n" and text.startswith("\n", i + 1):
            return -1
        i += 1
    return -1


def find_citations(text: str) -> list[Citation]:
    """Every citation in a page's Markdown, in order of appearance."""
    return parse(text).citations


def parse(text: str) -> Parsed:
    """Every citation, and every malformed one, in a page's Markdown."""
    parsed = Parsed()
    for start, end in _gaps(protected_spans(text), len(text)):
        _scan(text, start, end, parsed)
    return parsed


def _scan(text: str, start: int, end: int, parsed: Parsed) -> None:
    out = parsed.citations
    unclosed: set[int] = set()
    pos = start
    while pos < end:
        at = text.find("@", pos, end)
        if at == -1:
            return
        bracket = _open_bracket(text, pos, at)
        if bracket != -1:
            close = _matching_bracket(text, bracket, end)
            if close != -1 and close > at:
                after = text[close + 1: close + 2]
                if after in ("(", "[", ":"):
                    pos = close + 1  # a link or a reference definition, not a citation
                    continue
                items = _parse_items(text[bracket + 1: close], bracket + 1)
                if items:
                    out.append(Citation(bracket, close + 1, "bracket", items))
                    parsed.malformed.extend(_nested(text, bracket, close, items))
                    pos = close + 1
                    continue
                parsed.malformed.extend(_empty_items(text, bracket, close))
            elif close == -1 and bracket not in unclosed and _NARRATIVE.match(text, at):
                unclosed.add(bracket)
                parsed.malformed.append(Malformed(
                    bracket, "this '[' opens a citation that is never closed",
                    "add the closing ']' (a citation cannot run past a blank line)"))
        match = _NARRATIVE.match(text, at) if at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "\\@") else None
        if match and match.start() == at:
            key = match.group(1) or match.group(2)
            item = CiteItem(key=key, offset=at)
            stop = match.end()
            # "@key [p. 5]": a locator in brackets right after a narrative citation.
            following = _LOCATOR_AFTER.match(text, stop, end)
            if following:
                label, locator, rest = parse_locator(", " + following.group(1))
                if label:
                    item.label, item.locator, item.suffix = label, locator, rest.strip(" ,")
                    stop = following.end()
            out.append(Citation(at, stop, "narrative", [item]))
            pos = stop
            continue
        pos = at + 1


def _nested(text: str, bracket: int, close: int, items: list[CiteItem]) -> list[Malformed]:
    """A key in an item's prefix or suffix ("[@a, [@b]]"): it would be printed, never cited."""
    cited = {item.offset for item in items}
    found = []
    for match in _KEY_AT.finditer(text, bracket + 1, close):
        at = match.start() + len(match.group(1))
        before = text[match.start() - 1] if match.start() > 0 else ""
        if at in cited or before.isalnum() or before == "\\":
            continue
        key = match.group(2) or match.group(3)
        found.append(Malformed(at, f"'@{key}' stands inside another citation's text and is not cited",
                               "separate the works with ';' ([@a; @b]), or write '\\@' for a literal '@'"))
    return found


def _empty_items(text: str, bracket: int, close: int) -> list[Malformed]:
    """"[@a; ]": every other part is a citation, but one is empty."""
    parts = _split_top_level(text[bracket + 1: close], ";")
    empty = [p for p in parts if not p[0].strip()]
    if not empty or len(empty) == len(parts):
        return []
    if not all(_KEY_AT.search(p) for p, _ in parts if p.strip()):
        return []  # some part is prose: pandoc reads the brackets as text, and so do we
    return [Malformed(bracket + 1 + max(start - 1, 0), "empty item in a citation",
                      "remove the extra ';'") for _, start in empty]


def _open_bracket(text: str, floor: int, at: int) -> int:
    """The unclosed "[" before ``at`` (skipping balanced pairs), or -1; stops at a blank line."""
    depth = 0
    i = at - 1
    while i >= floor:
        char = text[i]
        if char == "]":
            depth += 1
        elif char == "[":
            if depth == 0:
                return -1 if _escaped(text, i) else i
            depth -= 1
        elif char == "\n" and i > 0 and text[i - 1] == "\n":
            return -1
        i -= 1
    return -1


def _escaped(text: str, index: int) -> bool:
    backslashes = 0
    while index > 0 and text[index - 1] == "\\":
        backslashes += 1
        index -= 1
    return backslashes % 2 == 1


def unescape_at(text: str) -> str:
    """``\\@`` is how an author writes a literal "@"; Markdown would keep the backslash."""
    return text.replace("\\@", "@")
