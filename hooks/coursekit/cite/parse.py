"""Find pandoc-style citations in Markdown, as pandoc's own Markdown reader finds them.

``[@key, p. 5]``, ``[see @a; -@b]``, ``@key``, ``@key [p. 5]``, ``-@key``, ``@{key}``; a citation
inside another's prefix or suffix (``[see @a and @b]``: pandoc cites both), inside a link's text, an
image's description or an inline note ``^[...]``. pandoc's reader is the oracle
(``tests/test_pandoc_oracle.py``); where the engine reads differently on purpose, the README says so.

Never a citation: code, math, URLs, e-mail addresses, HTML tags and comments, raw LaTeX commands,
link targets and reference definitions (``spans.py``), an escaped ``\\@``, a word's ``@`` (``a@b``),
and an example list's ``(@label)``. The scan is linear in the size of the page: it looks only at
each ``@`` outside those spans and at the brackets around it.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

from .locator import LOCATOR_TERMS, parse_locator as _split_locator
from .spans import (_ATTRIBUTES, _FENCE, _PROTECTED, _protected_between, gaps as _gaps,  # noqa: F401
                    protected_spans, spans_and_definitions)

# A key as pandoc reads it: a letter, digit, "_" (or "*", nocite's wildcard) first, then letters,
# digits, "_" and internal punctuation :.#$%&-+?<>~/ (one before a letter or digit, or ":" and "/"
# before "/"). Combining marks belong to the letter before them: "mu\u0308ller" is one key (pandoc
# would stop at the mark), compared in NFC.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
KEY = rf"[\w*](?:[\w{_MARKS}]|[:.#$%&\-+?<>~/](?=[\w{_MARKS}])|[:/](?=/))*"
_KEY = re.compile(KEY)
# @{...}: braces balanced, no space inside
_BRACED = re.compile(r"\{((?:[^\s{}]|\{(?:[^\s{}]|\{[^\s{}]*\})*\})+)\}")
_EMAIL_PUNCTUATION = frozenset("!\"#$%&'*+-/=?^_{|}~;")
_MAILBOX = re.compile(r"[^\W_][\w!\"#$%&'*+\-/=?^{|}~;]*(?:\.[^\W_][\w!\"#$%&'*+\-/=?^{|}~;]*)*")
_DOMAIN = re.compile(r"(?:[^\W_]|-(?=[^\W_]))+(?:\.(?:[^\W_]|-(?=[^\W_]))+)*")
# An example list's item: "(@label)", "@label)" or "@label." opening a paragraph or a list's line
_EXAMPLE_MARKER = re.compile(r"^[ \t]*(\(@[\w-]*\)|@[\w-]*[.)])(?=[ \t]|$)", re.MULTILINE)
_LINE_AT = re.compile(r"\n[ \t]*\(?@")  # a literal "\n" first: searched fast
_FIRST_AT = re.compile(r"[ \t]*\(?@")
_BRACKETS = re.compile(r"[\[\]\\\n]")
_SQUARE = re.compile(r"[\[\]]")
_PART_SIGNS = re.compile(r"[;\[\]\\]")
# What only the full grammar reads in a citation: brackets, escapes, code, math, tags and autolinks,
# notes, braces, URLs' ":", lines
_HARD = re.compile(r"[\[\\`$<>^{}:\n]")
_AFTER_LINK = frozenset("([{")
_ENTITY_BEFORE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);\Z")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")

__all__ = ["KEY", "LOCATOR_TERMS", "CiteItem", "Citation", "Malformed", "Parsed", "parse", "find_citations",
           "every_citation", "parse_items", "parse_locator", "protected_spans", "unescape_at"]


@dataclass(slots=True)  # held by the thousand for the whole build
class CiteItem:
    key: str
    offset: int  # where the key's "@" stands in the page text
    prefix: str = ""  # Markdown, as written (trimmed)
    suffix: str = ""  # Markdown after the locator (or the whole suffix when there is none), as written
    label: str = ""  # "page", "section", ... ("" when there is no locator)
    locator: str = ""
    suppress_author: bool = False
    written_locator: str = ""  # the suffix as written is written_locator + suffix
    # citations inside the prefix or suffix: ("prefix" or "suffix", where in it, the citation)
    inner: tuple = ()


@dataclass(slots=True)
class Citation:
    start: int
    end: int
    mode: str  # "bracket" or "narrative" (its first item; any more are bracketed: "@a [@b]")
    items: list[CiteItem] = field(default_factory=list)
    # "link": in a link's text (it gets no link of its own); "image": in an image's description
    # (plain text); "" elsewhere
    context: str = ""


@dataclass
class Malformed:
    """Citation syntax that reads as something the author cannot have meant: reported, with how
    pandoc reads it."""

    offset: int
    message: str
    fix: str
    severity: str = "warning"


@dataclass
class Parsed:
    citations: list[Citation] = field(default_factory=list)  # in order, apart; inner ones in their items
    malformed: list[Malformed] = field(default_factory=list)
    notes: list[tuple[int, int]] = field(default_factory=list)  # inline notes "^[...]": (at "^", after "]")


def parse_locator(suffix: str) -> tuple[str, str, str]:
    """Split a suffix like ", pp. 33-35, emphasis added" into (label, locator, rest), as citeproc does."""
    label, locator, end = _split_locator(suffix)
    return (label, locator, suffix[end:]) if locator else ("", "", suffix)


def find_citations(text: str) -> list[Citation]:
    """Every citation in a page's Markdown, in order of appearance (inner ones in their items)."""
    return parse(text).citations


def every_citation(citations) -> list[Citation]:
    """``citations`` and, after each, the citations in its prefixes and suffixes, in reading order."""
    out: list[Citation] = []
    for citation in citations:
        out.append(citation)
        for item in citation.items:
            if item.inner:
                out.extend(every_citation([c for _, _, c in item.inner]))
    return out


def unescape_at(text: str) -> str:
    """``\\@`` is how an author writes a literal "@"; Markdown would keep the backslash."""
    return text.replace("\\@", "@")


def normal_key(key: str) -> str:
    """A key as compared: in NFC, whichever form the author's editor wrote."""
    return key if key.isascii() else unicodedata.normalize("NFC", key)


def parse(text: str) -> Parsed:
    """Every citation, inline note and malformed citation in a page's Markdown."""
    parsed = Parsed()
    if "@" not in text and "^[" not in text:
        return parsed
    scanner = _Scanner(text, parsed)
    scanner.scan(0, len(text), "")
    scanner.finish()
    return parsed


def parse_items(text: str, base: int = 0) -> list[CiteItem] | None:
    """The items of a citation list written without brackets ("@a, p. 5; @b"), as in a notes map
    (or with them: "[@a, p. 5]"); None when some part holds no key."""
    parsed = Parsed()
    scanner = _Scanner(text, parsed)
    if text.startswith("[") and scanner.match(0, len(text)) == len(text) - 1:
        items = scanner.citation_items(0, len(text) - 1, "")
        shift = 0
    else:
        scanner = _Scanner(f"[{text}]", parsed)
        items = scanner.citation_items(0, len(text) + 1, "")
        shift = -1
    if items is None:
        return None
    for item in items:
        item.offset += base + shift
    return items


_parse_items = parse_items  # its former name


class _Scanner:
    """pandoc's inline grammar, as far as citations depend on it, run from each "@" outward."""

    def __init__(self, text: str, parsed: Parsed):
        self.text = text
        self.parsed = parsed
        spans, self.definitions = spans_and_definitions(text)
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        self.examples = self._example_labels()
        self.labels = self._reference_labels()
        self.links = self._html_links() if "<a" in text or "<A" in text else []
        self._blank_ends: list[int] | None = None  # where each paragraph starts, when first needed
        self.warned: set[int] = set()
        self.key_ends: set[int] = set()  # after a key no word stands: "@a@b" is two citations
        if "@" in text and self.definitions:
            self._definitions_with_at()
        if "^[" in text:
            self._notes()

    # -- the page's own definitions ---------------------------------------------------------------

    def _example_labels(self) -> set[str]:
        """pandoc's example lists: "(@good) text" (or "@good. text") numbers an item, and "@good"
        elsewhere refers to it. Their "@" are left out of the scan (``markers``)."""
        labels: set[str] = set()
        self.markers: set[int] = set()
        text = self.text
        if not (_FIRST_AT.match(text) or _LINE_AT.search(text)):
            return labels
        for match in _EXAMPLE_MARKER.finditer(text):
            at = match.start(1) + (1 if text[match.start(1)] == "(" else 0)
            if self.protected(at) or not self._opens_block(match.start()):
                continue
            self.markers.add(at)
            labels.add(text[at + 1: match.end(1) - 1])
        return labels

    def _opens_block(self, line_start: int) -> bool:
        """A list item opens a paragraph: the page's start or after a blank line (or another item)."""
        if line_start == 0:
            return True
        previous = self.text.rfind("\n", 0, line_start - 1) + 1
        before = self.text[previous: line_start - 1]
        return not before.strip() or bool(_EXAMPLE_MARKER.match(self.text, previous))

    def _reference_labels(self) -> set[str]:
        return {_label(label) for _, _, label in self.definitions}

    def _definitions_with_at(self) -> None:
        """Reference definitions whose label holds an "@": a citation when the label reads as one
        ("[@key]: text"), else a definition, protected whole as the others are."""
        for start, end, label in self.definitions:
            if "@" not in label:
                continue
            bracket = self.text.index("[", start)
            if self.citation_items(bracket, bracket + len(label) + 1, "") is not None:
                continue
            self._protect(start, end)

    def _protect(self, start: int, end: int) -> None:
        """Add the span [start, end) to the protected ones, in place of those inside it."""
        first = bisect.bisect_left(self.starts, start)
        last = first
        while last < len(self.starts) and self.starts[last] < end:
            last += 1
        if first > 0 and self.ends[first - 1] > start:  # one reaching into it: keep the longer
            first -= 1
            start, end = self.starts[first], max(end, self.ends[first])
        end = max([end] + self.ends[first:last])
        self.starts[first:last] = [start]
        self.ends[first:last] = [end]

    def _html_links(self) -> list[tuple[int, int]]:
        """The stretches inside raw ``<a ...>…</a>`` elements: a citation there gets no link of its own."""
        out, opened = [], None
        for match in re.finditer(r"<(/?)a(?=[\s>/])[^>]*>", self.text, re.IGNORECASE):
            if match.group(1):
                if opened is not None:
                    out.append((opened, match.start()))
                    opened = None
            elif opened is None:
                opened = match.end()
        return out

    # -- protected spans --------------------------------------------------------------------------

    def protected(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]

    def _span_end(self, pos: int) -> int:
        """The end of the protected span holding ``pos``, or ``pos`` itself."""
        i = bisect.bisect_right(self.starts, pos) - 1
        return self.ends[i] if i >= 0 and pos < self.ends[i] else pos

    def _span_start(self, pos: int) -> int:
        i = bisect.bisect_right(self.starts, pos) - 1
        return self.starts[i] if i >= 0 and pos < self.ends[i] else pos

    def _next_at(self, pos: int, hi: int) -> int:
        """The next "@" in [pos, hi) outside the protected spans, or -1."""
        text = self.text
        while True:
            at = text.find("@", pos, hi)
            if at == -1:
                return -1
            end = self._span_end(at)
            if end == at:
                return at
            pos = end

    # -- brackets ---------------------------------------------------------------------------------

    def match(self, bracket: int, hi: int) -> int:
        """The "]" closing the "[" at ``bracket`` before ``hi``, brackets balanced, escapes and
        protected spans skipped, within the paragraph; or -1."""
        text = self.text
        depth, pos = 0, bracket
        while True:
            found = _BRACKETS.search(text, pos, hi)
            if found is None:
                return -1
            at = found.start()
            end = self._span_end(at)
            if end != at:
                pos = end
                continue
            char = text[at]
            if char == "\\":
                pos = at + 2
                continue
            if char == "\n":
                if _BLANK_LINE.match(text, at):
                    return -1
                pos = at + 1
                continue
            if char == "[":
                depth += 1
            else:
                depth -= 1
                if depth == 0:
                    return at
            pos = at + 1

    def _paragraph_start(self, pos: int) -> int:
        if self._blank_ends is None:
            self._blank_ends = [m.end() for m in _BLANK_LINE.finditer(self.text)]
        i = bisect.bisect_right(self._blank_ends, pos) - 1
        return self._blank_ends[i] if i >= 0 else 0

    def _enclosing(self, floor: int, at: int) -> list[int]:
        """The unclosed "[" before ``at`` back to ``floor`` or the paragraph's start, innermost first."""
        text = self.text
        lo = max(floor, self._paragraph_start(at))
        last = text.rfind("[", lo, at)
        if last == -1:
            return []
        if text.find("]", lo, at) == -1 and text.find("[", lo, last) == -1:  # most often: "[see @key"
            return [] if self.protected(last) or _escaped(text, last) else [last]
        out, depth = [], 0
        found = [m.start() for m in _SQUARE.finditer(text, lo, at)]
        for i in reversed(found):
            if self.protected(i) or _escaped(text, i):
                continue
            if text[i] == "]":
                depth += 1
            elif depth == 0:
                out.append(i)
            else:
                depth -= 1
        return out

    def following(self, close: int, hi: int) -> str:
        """What follows a "]" at ``close`` that keeps it from closing a citation: "source" (a link's
        "(target)"), "reference" (a reference link's "[label]"), "attributes" (a span's "{.class}")
        or ""."""
        text = self.text
        nxt = text[close + 1: close + 2] if close + 1 < hi else ""
        if nxt == "(" and self._source_end(close + 1, hi) != -1:
            return "source"
        if nxt == "[" and not text.startswith("[^", close + 1) and self.match(close + 1, hi) != -1:
            return "reference"
        if nxt == "{" and _ATTRIBUTES.match(text, close + 1):
            return "attributes"
        return ""

    def _source_end(self, paren: int, hi: int) -> int:
        """The end of a link's "(target "title")" at ``paren``, parentheses balanced, or -1."""
        end = self._span_end(paren)
        if end != paren:  # the target is a protected span already
            return end
        text, depth, i = self.text, 0, paren
        while i < hi:
            char = text[i]
            if char == "\\":
                i += 2
                continue
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    return i + 1
            elif char == "\n" and _BLANK_LINE.match(text, i):
                return -1
            i += 1
        return -1

    # -- the scan ---------------------------------------------------------------------------------

    def scan(self, lo: int, hi: int, context: str, into: list[Citation] | None = None) -> None:
        """Every citation in [lo, hi), an inline run of the page (or of a link's text, a note, a
        citation's suffix), appended to ``into`` (the page's list by default)."""
        out = self.parsed.citations if into is None else into
        text = self.text
        pos = lo
        while pos < hi:
            at = self._next_at(pos, hi)
            if at == -1:
                return
            enclosing = self._enclosing(pos, at)
            if len(enclosing) == 1 and (simple := self._simple(enclosing[0], at, hi, context)) is not None:
                out.append(simple)
                pos = simple.end
                continue
            bracket = close = -1
            for candidate in reversed(enclosing):  # the outermost that closes after the "@"
                end = self.match(candidate, hi)
                if end > at:
                    bracket, close = candidate, end
                    break
            if bracket != -1:
                pos = self.bracket(bracket, close, hi, context, out)
                continue
            if enclosing and text[enclosing[0] - 1: enclosing[0]] != "!":
                self._warn_unclosed(enclosing[0], at)
            pos = self.narrative(at, hi, context, out)

    def _simple(self, bracket: int, at: int, hi: int, context: str) -> Citation | None:
        """The citation at ``bracket`` when it is as most are, "[see @a, p. 5; @b]" on one line with
        nothing in it that needs the full grammar: read at once, as ``bracket`` would read it; else None."""
        text = self.text
        close = text.find("]", at, hi)
        if close == -1 or _HARD.search(text, bracket + 1, close) or text[close + 1: close + 2] in _AFTER_LINK \
                or (bracket > 0 and text[bracket - 1] in "!^"):
            return None
        items = []
        start = bracket + 1
        while start <= close:
            end = text.find(";", start, close)
            end = close if end == -1 else end
            sign = text.find("@", start, end)
            if sign == -1 or text.find("@", sign + 1, end) != -1:
                return None
            suppress = sign > start and text[sign - 1] == "-"
            key = _KEY.match(text, sign + 1)
            if key is None or text[sign - 1 - suppress] not in " \t[;" or key.end() > end:
                return None
            item = CiteItem(normal_key(key.group(0)), sign, suppress_author=suppress)
            self.key_ends.add(key.end())
            prefix_lo, prefix_hi = _trimmed(text, start, sign - suppress)
            item.prefix = text[prefix_lo:prefix_hi]
            self._suffix(item, key.end(), end, context)
            items.append(item)
            start = end + 1
        if self.starts and bisect.bisect_left(self.starts, close) != bisect.bisect_left(self.starts, bracket):
            return None  # a protected span inside (an e-mail address's "@" is not alone, a URL needs ":")
        return Citation(bracket, close + 1, "bracket", items, context)

    def _notes(self) -> None:
        """The inline notes "^[...]", which become footnotes (``finish`` keeps the outermost, and none
        inside a citation)."""
        text = self.text
        at = text.find("^[")
        while at != -1:
            if not self.protected(at) and not _escaped(text, at):
                close = self.match(at + 1, len(text))
                if close != -1 and self._note_ends(close):
                    self.parsed.notes.append((at, close + 1))
            at = text.find("^[", at + 2)

    def _note_ends(self, close: int) -> bool:
        nxt = self.text[close + 1: close + 2]
        return nxt not in ("(", "[") and not (nxt == "{" and _ATTRIBUTES.match(self.text, close + 1))

    def bracket(self, bracket: int, close: int, hi: int, context: str, out: list[Citation]) -> int:
        """The bracketed stretch [bracket, close]: a citation, or text (a link's, a span's, a note's)
        whose citations are found inside. Returns where the scan goes on."""
        text = self.text
        before = text[bracket - 1: bracket] if bracket > 0 and not _escaped(text, bracket - 1) else ""
        if text.startswith("[^", bracket):  # a footnote's reference
            return close + 1
        if before == "^" and self._note_ends(close):  # an inline note
            self.scan(bracket + 1, close, context, out)
            return close + 1
        follows = self.following(close, hi)
        if before == "!" and self._is_image(bracket, close, follows, hi):
            self.scan(bracket + 1, close, "image", out)  # its description is text, never HTML
            if follows == "source":
                return self._source_end(close + 1, hi)
            return self.match(close + 1, hi) + 1 if follows == "reference" else close + 1
        if not follows:
            items = self.citation_items(bracket, close, context)
            if items is not None:
                out.append(Citation(bracket, close + 1, "bracket", items, context))
                return close + 1
            self._warn_empty_item(bracket, close)
        # Text: a link's when a target follows or a reference label names a definition.
        inner = context
        after = close + 1
        if follows == "source":
            inner, after = "link" if context != "image" else context, self._source_end(close + 1, hi)
        elif follows == "reference":
            label_close = self.match(close + 1, hi)
            label = text[close + 2: label_close] or text[bracket + 1: close]
            if _label(label) in self.labels:
                inner, after = "link" if context != "image" else context, label_close + 1
            else:  # pandoc prints both brackets as text, and reads the second on its own
                self.scan(bracket + 1, close, inner, out)
                self._alone(close + 1, label_close, context, out)
                return label_close + 1
        elif follows == "" and _label(text[bracket + 1: close]) in self.labels and context != "image":
            inner = "link"
        self.scan(bracket + 1, close, inner, out)
        return after

    def _alone(self, bracket: int, close: int, context: str, out: list[Citation]) -> None:
        """The bracketed stretch [bracket, close] read on its own, as if nothing followed it."""
        if self.text.startswith("[^", bracket):
            return
        items = self.citation_items(bracket, close, context)
        if items is not None:
            out.append(Citation(bracket, close + 1, "bracket", items, context))
        else:
            self.scan(bracket + 1, close, context, out)

    def _is_image(self, bracket: int, close: int, follows: str, hi: int) -> bool:
        """"![...](src)", or "![...][label]" and "![label]" with the label defined; else the "!"
        is text and the brackets are read on their own (a citation, maybe)."""
        if follows == "source":
            return True
        if follows == "reference":
            label_close = self.match(close + 1, hi)
            label = self.text[close + 2: label_close] or self.text[bracket + 1: close]
            return _label(label) in self.labels
        return not follows and _label(self.text[bracket + 1: close]) in self.labels

    def citation_items(self, bracket: int, close: int, context: str) -> list[CiteItem] | None:
        """The items of "[...]" between ``bracket`` and ``close`` when it is a citation: every part
        between top-level ";" holds a key (after its prefix); else None."""
        parts = self._parts(bracket + 1, close)
        items = []
        for start, end in parts:
            key = self._first_key(start, end)
            if key is None:
                return None
            items.append((start, end, key))
        return [self._item(start, end, key, context) for start, end, key in items]

    def _parts(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """[lo, hi) cut at the ";" outside nested brackets and protected spans."""
        text = self.text
        if ";" not in text[lo:hi]:
            return [(lo, hi)]
        parts, start, depth, pos = [], lo, 0, lo
        while (found := _PART_SIGNS.search(text, pos, hi)) is not None:
            i = found.start()
            end = self._span_end(i)
            if end != i:
                pos = end
                continue
            char = text[i]
            pos = i + 1
            if char == "\\":
                pos = i + 2
            elif char == "[":
                depth += 1
            elif char == "]":
                depth -= 1
            elif depth == 0:
                parts.append((start, i))
                start = i + 1
        parts.append((start, hi))
        return parts

    def _first_key(self, lo: int, hi: int):
        """The first key of [lo, hi) outside nested brackets, as ``_key_at`` gives it, or None."""
        text = self.text
        pos = lo
        while True:
            at = self._next_at(pos, hi)
            if at == -1:
                return None
            nested = self._enclosing(lo, at)
            if nested:  # inside a nested bracket: skip past it
                close = self.match(nested[-1], hi)
                pos = close + 1 if close != -1 else at + 1
                continue
            # pandoc looks for a key before reading the part's first word: "@b" in "[@a;@b]" is one
            key = self._key_at(at, at_start=not self.text[lo:at].strip(" \t\n-"))
            if key is not None:
                return key
            pos = at + 1

    def _item(self, start: int, end: int, key, context: str) -> CiteItem:
        cite_start, name, key_end, suppress = key
        item = CiteItem(normal_key(name), cite_start + suppress, suppress_author=bool(suppress))
        self.key_ends.add(key_end)
        prefix_lo, prefix_hi = _trimmed(self.text, start, cite_start)
        item.prefix = self.text[prefix_lo:prefix_hi]
        self._suffix(item, key_end, end, context)
        inner: list = []
        if "@" in item.prefix:
            found: list[Citation] = []
            self.scan(prefix_lo, prefix_hi, context, found)
            inner.extend(("prefix", c.start - prefix_lo, c) for c in found)
        if item.inner:
            inner.extend(item.inner)
        item.inner = tuple(inner)
        return item

    def _suffix(self, item: CiteItem, lo: int, hi: int, context: str) -> None:
        """The suffix [lo, hi): its locator, the rest, and the citations in it."""
        text = self.text
        written = text[lo:hi]
        label, locator, split = _split_locator(written)
        rest_lo = lo + split if locator else lo
        rest_hi = _trimmed(text, rest_lo, hi)[1]
        if locator:
            item.label, item.locator = label, locator
            item.written_locator = text[lo:rest_lo]
        # as written, but for the space at its end: a space at its start is printed (pandoc keeps it)
        item.suffix = text[rest_lo:rest_hi] if text[rest_lo:rest_hi].strip() else ""
        if "@" in item.suffix or "^[" in item.suffix:
            found: list[Citation] = []
            self.scan(rest_lo, rest_hi, context, found)
            item.inner = tuple(("suffix", c.start - rest_lo, c) for c in found)

    def narrative(self, at: int, hi: int, context: str, out: list[Citation]) -> int:
        """A citation in the text ("@key"), with a locator or more works in brackets after it."""
        if at in self.markers:
            return at + 1
        key = self._key_at(at)
        if key is None or key[1] in self.examples:
            return at + 1
        cite_start, name, key_end, suppress = key
        item = CiteItem(normal_key(name), cite_start + suppress, suppress_author=bool(suppress))
        self.key_ends.add(key_end)
        citation = Citation(cite_start, key_end, "narrative", [item], context)
        out.append(citation)
        text = self.text
        # "@key [p. 5]" or "@key [@other]": brackets after it, on its line or the next
        j = key_end
        while j < hi and text[j] in " \t":
            j += 1
        if j < hi and text[j] == "\n":
            j += 1
            while j < hi and text[j] in " \t":
                j += 1
        if j >= hi or text[j] != "[" or text.startswith("[^", j) or self.protected(j):
            return key_end
        close = self.match(j, hi)
        if close == -1 or _label(text[j + 1: close]) in self.labels:
            return key_end
        if not self.following(close, hi):
            items = self.citation_items(j, close, context)
            if items is not None:
                citation.items.extend(items)
                citation.end = close + 1
                return close + 1
        nxt = text[close + 1: close + 2]
        if nxt and nxt in "[({":
            return key_end
        parts = self._parts(j + 1, close)
        more = []
        for start, end in parts[1:]:
            found = self._first_key(start, end)
            if found is None:
                return key_end
            more.append((start, end, found))
        first_lo, first_hi = parts[0]
        self._suffix(item, first_lo, first_hi, context)
        citation.items.extend(self._item(start, end, found, context) for start, end, found in more)
        citation.end = close + 1
        return close + 1

    def _key_at(self, at: int, at_start: bool = False):
        """(where the citation starts, key, where it ends, 1 with "-@" else 0) for the "@" at ``at``
        when pandoc reads a citation there, else None. ``at_start``: the "@" (or "-@") opens an item
        of a bracketed citation, where no word before it is read."""
        text = self.text
        if _escaped(text, at):
            return None
        if text.startswith("{", at + 1):
            braced = _BRACED.match(text, at + 1)
            if braced is None:
                return None
            name, end = braced.group(1), braced.end()
        else:
            match = _KEY.match(text, at + 1)
            if match is None:
                return None
            name, end = match.group(0), match.end()
        if at > 0 and text[at - 1] == "-" and not _escaped(text, at - 1) and (at_start or self._free(at - 1, at)):
            self._read_key(at, end)
            return at - 1, name, end, 1
        if at_start or self._free(at, at):
            self._read_key(at, end)
            return at, name, end, 0
        return None

    def _read_key(self, at: int, end: int) -> None:
        """A key is read before what it holds: a protected span starting inside it ("@x>https://...")
        gives way, and what follows the key is looked at afresh."""
        i = bisect.bisect_right(self.starts, end - 1) - 1
        if i < 0 or not at < self.starts[i] < end < self.ends[i]:
            return
        old_end = self.ends[i]
        del self.starts[i], self.ends[i]
        for span_start, span_end in _protected_between(self.text, end, old_end):
            self._protect(span_start, span_end)

    def _free(self, start: int, at: int) -> bool:
        """Whether a citation may start at ``start`` (its "@" at ``at``): not right after a word
        (pandoc's "not after a string"), nor an e-mail address's mailbox."""
        if start == 0 or start in self.key_ends:
            return True
        text = self.text
        char = text[start - 1]
        if char == ";" and _ENTITY_BEFORE.search(text, max(0, start - 34), start):
            return True  # "&amp;@key": a character reference is read whole
        if (char.isalnum() or char in _EMAIL_PUNCTUATION) and text[at + 1: at + 2].isalnum() \
                and self._mailbox_before(start):
            # an e-mail address ("me@example.org"): after it, as after a key, no word stands
            self.key_ends.add(_DOMAIN.match(text, at + 1).end())
            return False
        if char.isalnum():
            word = start - 1
            while word > 0 and text[word - 1].isalpha():
                word -= 1
            # "\\foo@key": a LaTeX command is read whole, as no word
            return text[word:start].isalpha() and word > 0 and text[word - 1] == "\\" and not _escaped(text, word - 1)
        if char == ".":
            dots = start
            while dots > 0 and text[dots - 1] == ".":
                dots -= 1
            return (start - dots) % 3 == 0  # "..." is an ellipsis, "x." a word
        if char in "*_" and start >= 2:
            run = start - 1
            while run > 0 and text[run - 1] == char:
                run -= 1
            if run > 0 and not text[run - 1].isspace() and text[run - 1] not in "([{\"'":
                return False  # the end of emphasis counts as a word
        return True

    def _mailbox_before(self, end: int) -> bool:
        """Whether an e-mail address's mailbox ends at ``end`` (pandoc reads "x-@y" as an address)."""
        text = self.text
        first = end
        while first > 0 and first not in self.key_ends and (
                text[first - 1].isalnum() or text[first - 1] in _EMAIL_PUNCTUATION or text[first - 1] == "."):
            first -= 1
        for start in range(first, end):
            if start == first and first > 0 and text[first - 1] == "@":
                continue  # a key's first letter, read with the key: no word starts there
            if start != first and text[start - 1] not in _EMAIL_PUNCTUATION:
                continue
            if text[start].isalnum() and _MAILBOX.fullmatch(text, start, end):
                return True
        return False

    # -- problems ---------------------------------------------------------------------------------

    def _warn_unclosed(self, bracket: int, at: int) -> None:
        """"[@a, p. 5" with no "]": pandoc reads a "[" and a citation in the text."""
        if bracket in self.warned or self.text.startswith("[^", bracket) or self._key_at(at) is None:
            return
        self.warned.add(bracket)
        self.parsed.malformed.append(Malformed(
            bracket, "this '[' opens a citation that is never closed",
            "add the closing ']' (a citation cannot run past a blank line)"))

    def _warn_empty_item(self, bracket: int, close: int) -> None:
        """"[@a; ]": every other part is a citation, but one is empty (pandoc reads text then)."""
        parts = self._parts(bracket + 1, close)
        empty = [(s, e) for s, e in parts if not self.text[s:e].strip()]
        if not empty or len(empty) == len(parts):
            return
        if any(self._first_key(s, e) is None for s, e in parts if self.text[s:e].strip()):
            return  # some part is prose: pandoc reads the brackets as text, and so do we
        for start, _ in empty:
            self.parsed.malformed.append(Malformed(
                max(start - 1, bracket + 1), "empty item in a citation",
                "remove the extra ';' (pandoc reads the brackets as text)"))

    def finish(self) -> None:
        """Inline notes that stand inside a citation stay text there; the rest become footnotes."""
        notes = sorted(set(self.parsed.notes))
        kept, floor = [], -1
        citations = self.parsed.citations
        starts = [c.start for c in citations]
        for start, end in notes:
            if start < floor:
                continue  # inside an earlier note
            i = bisect.bisect_right(starts, start) - 1
            if i >= 0 and citations[i].start <= start < citations[i].end:
                continue
            kept.append((start, end))
            floor = end
        self.parsed.notes = kept
        if self.links:
            for citation in citations:
                if citation.context == "" and any(s <= citation.start < e for s, e in self.links):
                    citation.context = "link"


def _escaped(text: str, index: int) -> bool:
    backslashes = 0
    while index > 0 and text[index - 1] == "\\":
        backslashes += 1
        index -= 1
    return backslashes % 2 == 1


def _trimmed(text: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def _label(text: str) -> str:
    """A reference label as Markdown compares it: any case, white space collapsed."""
    return " ".join(text.split()).casefold()
