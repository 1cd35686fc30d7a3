"""A title as citeproc handles it: words, protected groups, emphasis, quotations, links.

pandoc's BibTeX reader hands a title to citeproc as inline text, not as a string: ``{UN}`` is a
group whose case no transformation touches, ``\\emph{…}`` is emphasis, ````…''`` a quotation
(printed with double or single marks by how deep it stands, so that a quotation inside a quoted
title takes single ones). Both of pandoc's case changes, the reader's sentence case and the style's
title case, walk that text word by word with a small state machine (the start of a sentence, after a
word, before the last word). This module parses an entry's text and markup (``Entry.markup``) into
the same shape once, applies those two changes with the same rules, and prints the result as HTML
or text. One deliberate difference from pandoc, kept in ``sentence_case``: a lone capital ("R",
"S", "I") is a name, not a capitalised word, and keeps its case (``tests/test_pandoc_faults.py``).
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

NOCASE = "nocase"  # braces: no case change reaches inside
MATH = "math"  # TeX math: no case change, and citeproc's walk does not even see its words
GROUP = "group"  # braces that protect nothing (their words have no lower-case start): transformed
QUOTE = "quote"
LINK = "link"
_SKIPPED = frozenset({NOCASE, "sc", "sup", "sub"})  # citeproc does not change case inside these

# The words citeproc's title case leaves in lower case (its own list, particles included).
STOP_WORDS = frozenset(
    "a an and as at but by down for from in into nor of on onto or over so the till to up via with yet "
    "about van von de d l".split()
)


class Span:
    __slots__ = ("kind", "children", "href")

    def __init__(self, kind: str, children: list | None = None, href: str = ""):
        self.kind = kind
        self.children: list = [] if children is None else children
        self.href = href

    def __repr__(self) -> str:  # for test failures
        return f"Span({self.kind!r}, {self.children!r})"


# -- Parsing ----------------------------------------------------------------------------------------

_TAGS = {"<i>": "i", "<b>": "b", "<sup>": "sup", "<sub>": "sub", '<span style="font-variant:small-caps;">': "sc",
         '<span class="math">': MATH}
_RICH_TOKEN = re.compile(
    r'<(?:i|b|sup|sub|span style="font-variant:small-caps;"|span class="math")>|</(?:i|b|sup|sub|span)>|<a href="[^"]*">|</a>'
    r"|&(?:[a-z]+|#\d+|#x[0-9a-fA-F]+);|[{}“”‘’\"']|[^<&{}“”‘’\"']+|[<&]"
)
_PLAIN_TOKEN = re.compile(r"[{}“”‘’\"']|[^{}“”‘’\"']+")
_NEEDS_PARSING = re.compile(r"[{}“”‘’\"']")
_CLOSERS = {"</i>": "<i>", "</b>": "<b>", "</sup>": "<sup>", "</sub>": "<sub>",
            "</span>": '<span style="font-variant:small-caps;">', "</a>": "<a>"}


def parse(text: str, markup: str | None = None) -> list:
    """``text`` (braces kept) or, where the entry has it, its ``markup`` (CSL-JSON rich text) as nodes:
    strings and ``Span``s. Quotation marks that pair become ``QUOTE`` spans; an apostrophe stays a
    character."""
    if markup is None:
        if not _NEEDS_PARSING.search(text):
            return [text] if text else []
        tokens = _PLAIN_TOKEN.findall(text)
    else:
        tokens = _RICH_TOKEN.findall(markup)
    root = Span("root")
    stack: list[tuple[Span, str]] = [(root, "")]  # open spans and what opened each

    def add(piece: str) -> None:
        children = stack[-1][0].children
        if children and isinstance(children[-1], str):
            children[-1] += piece
        else:
            children.append(piece)

    def push(kind: str, opener: str, href: str = "") -> None:
        span = Span(kind, href=href)
        stack[-1][0].children.append(span)
        stack.append((span, opener))

    def close(opener: str) -> None:
        """Close up to the innermost span ``opener`` opened; quotations still open inside it were no
        quotations: their marks print as characters."""
        if not any(o == opener for _, o in stack[1:]):
            return  # a stray closing brace or tag
        while True:
            span, top = stack.pop()
            if top == opener:
                return
            _flatten(stack[-1][0], span, top)

    for index, token in enumerate(tokens):
        top = stack[-1][1]
        if token == "{":
            push(NOCASE, "{")
        elif token == "}":
            close("{")
        elif token in _TAGS:
            push(_TAGS[token], token)
        elif token.startswith("<a href="):
            push(LINK, "<a>", html.unescape(token[9:-2]))
        elif token == "</span>":  # small capitals or math, whichever is open inside
            close(next((o for _, o in reversed(stack) if o.startswith("<span")), _CLOSERS[token]))
        elif token in _CLOSERS:
            close(_CLOSERS[token])
        elif token.startswith("&") and len(token) > 1:
            add(html.unescape(token))
        elif token == "“" or token == "‘":
            push(QUOTE, token)
        elif token == "”" and top in ("“", '"'):
            stack.pop()
        elif token == '"':
            if top == '"':
                stack.pop()
            elif not _after_word(stack[-1][0]):
                push(QUOTE, '"')
            else:
                add('"')
        elif token in ("’", "'") and top == "‘" and not _word_follows(tokens, index):
            stack.pop()
        elif token == "'":
            # An apostrophe, or a quotation mark pandoc's reader does not pair ('openEO'): a
            # character, curled as it opens or closes.
            add("‘" if not _after_word(stack[-1][0]) and _letter_follows(tokens, index) else "’")
        else:
            add(token)
    while len(stack) > 1:
        span, top = stack.pop()
        if span.kind == QUOTE:
            _flatten(stack[-1][0], span, top)
    return root.children



def _flatten(parent: Span, span: Span, opener: str) -> None:
    """An unclosed quotation: its mark and contents go back to the text around it."""
    if span.kind != QUOTE:
        return  # a brace or tag left open inside another: kept as it stands
    parent.children.remove(span)
    pieces = [opener, *span.children]
    for piece in pieces:
        if isinstance(piece, str) and parent.children and isinstance(parent.children[-1], str):
            parent.children[-1] += piece
        else:
            parent.children.append(piece)


def _after_word(span: Span) -> bool:
    """Whether the text so far ends with a letter or digit ("{Humboldt}'s": an apostrophe)."""
    node = span
    while isinstance(node, Span):
        if not node.children:
            return False
        node = node.children[-1]
    return bool(node) and node[-1].isalnum()


def _letter_follows(tokens: list[str], index: int) -> bool:
    """An opening mark comes before a letter; before a digit it is an apostrophe ("PEPM ’99")."""
    following = tokens[index + 1] if index + 1 < len(tokens) else ""
    return bool(following) and following[0].isalpha()


def _word_follows(tokens: list[str], index: int) -> bool:
    following = tokens[index + 1] if index + 1 < len(tokens) else ""
    return bool(following) and following[0].isalnum()


# -- Case changes ----------------------------------------------------------------------------------

START, START_SENTENCE, AFTER_WORD_END, AFTER_WORD_CHAR, AFTER_SENTENCE_END, BEFORE_LAST_WORD = range(6)
_CHUNK = re.compile(r"[^\W_]+|\s+|(?:[^\w\s]|_)+")
_WORD_BREAKS = frozenset("-/–—")
_SENTENCE_ENDS = frozenset(".?!:")


_ASCII_PUNCTUATION = frozenset("!\"#%&'()*,-./:;?@[\\]_{}")


def _is_punctuation(char: str) -> bool:
    return char in _ASCII_PUNCTUATION or (not char.isascii() and unicodedata.category(char)[0] == "P")


def _chunks(text: str) -> list[str]:
    """citeproc's pieces of a text: runs of letters and digits, of spaces, of punctuation; any other
    symbol ("+", "$", "|") stands alone."""
    out = []
    for chunk in _CHUNK.findall(text):
        if len(chunk) == 1 or chunk[0].isalnum() or chunk[0].isspace() or all(map(_is_punctuation, chunk)):
            out.append(chunk)
            continue
        run = ""
        for char in chunk:
            if _is_punctuation(char):
                run += char
                continue
            if run:
                out.append(run)
                run = ""
            out.append(char)
        if run:
            out.append(run)
    return out


def _next_state(state: int, chunk: str) -> int:
    last = chunk[-1]
    if last in _SENTENCE_ENDS:
        return AFTER_SENTENCE_END
    if last.isalnum():
        return AFTER_WORD_CHAR
    if last.isspace() and state == AFTER_SENTENCE_END:
        return START_SENTENCE
    if last.isspace() or last in _WORD_BREAKS:
        return AFTER_WORD_END
    return state


def _all_lower(word: str) -> bool:
    """Every character a lower-case letter ("2nd" is not)."""
    if word.isascii():
        return word.isalpha() and word.islower()
    return all(c.islower() for c in word)


def _capitalized(word: str) -> bool:
    if word.isascii():  # the common case, without a loop
        rest = word[1:]
        return word[0].isupper() and (not rest or (rest.isalpha() and rest.islower()))
    return word[0].isupper() and _all_lower(word[1:])


def _capitalize(word: str) -> str:
    return word[0].upper() + word[1:]


def _sentence_word(state: int, word: str) -> str:
    at_start = state in (START, START_SENTENCE)
    if _capitalized(word):
        if at_start:
            return word
        # A lone capital is a name ("R", "S", "I"): kept. pandoc lower-cases it, but not "A".
        return word.lower() if len(word) > 1 or word == "A" else word
    if at_start and _all_lower(word):
        return _capitalize(word)
    return word


def _title_word(state: int, word: str) -> str:
    if not word.islower():
        return word  # a capital anywhere ("iPhone", "UN"), or no letter with a case: as written
    if state in (START, START_SENTENCE):
        return _capitalize(word)
    if len(word) > 1 and (state == BEFORE_LAST_WORD or (state == AFTER_WORD_END and word not in STOP_WORDS)):
        return _capitalize(word)
    return word


@lru_cache(maxsize=1 << 15)  # a title is cased for its reference, its citation and its sort key
def _changed(change, state: int, text: str) -> tuple[str, int]:
    out = []
    append = out.append
    for chunk in _CHUNK.findall(text):
        first = chunk[0]
        if first.isalnum():
            append(change(state, chunk))
            state = AFTER_WORD_CHAR
        elif first.isspace():
            append(chunk)
            state = START_SENTENCE if state == AFTER_SENTENCE_END else AFTER_WORD_END
        else:
            append(chunk)
            for piece in _chunks(chunk):  # punctuation runs, and any other symbol alone
                state = _next_state(state, piece)
    return "".join(out), state


class _Transform:
    """One walk over a title with citeproc's state, changing each word with ``change``."""

    __slots__ = ("change", "state")

    def __init__(self, change):
        self.change = change
        self.state = START

    def text(self, text: str) -> str:
        out, self.state = _changed(self.change, self.state, text)
        return out

    def skip(self, span: Span) -> None:
        """A span no case change enters still moves the state, as its words would."""
        text = "".join(_strings(span.children).split())
        if text:
            self.state = _next_state(self.state, text)

    def nodes(self, nodes: list) -> list:
        out = []
        for node in nodes:
            if isinstance(node, str):
                out.append(self.text(node))
            elif node.kind == MATH:
                out.append(node)
            elif node.kind in _SKIPPED:
                self.skip(node)
                out.append(node)
            else:
                out.append(Span(node.kind, self.nodes(node.children), node.href))
        return out

    def top(self, nodes: list, last_word: bool) -> list:
        """The whole title: citeproc treats its last word apart when it stands alone at the end."""
        if not last_word or not nodes or not isinstance(nodes[-1], str):
            return self.nodes(nodes)
        tail = nodes[-1]
        cut = max(tail.rfind(" "), tail.rfind("\t"), tail.rfind("\n"), tail.rfind("\u00a0"))
        word = tail[cut + 1:]
        if not word or any(c in _WORD_BREAKS for c in word) or (cut < 0 and len(nodes) == 1):
            return self.nodes(nodes)
        out = self.nodes(nodes[:-1])
        head = self.text(tail[: cut + 1]) if cut >= 0 else ""
        if self.state in (AFTER_WORD_END, START_SENTENCE, START):
            self.state = BEFORE_LAST_WORD
        out.append(head + self.text(word))
        return out


def sentence_case(nodes: list) -> list:
    """pandoc's reading of an English BibTeX title: capitalised words lower-cased except at the start
    of a sentence; braces protect during the change, then keep protecting only words that start in
    lower case ("{iPhone}"), so that title case later reaches "{GeoSpark}" as any word."""
    return unprotect(_Transform(_sentence_word).top(nodes, last_word=True))


def unprotect(nodes: list) -> list:
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
            continue
        children = unprotect(node.children)
        kind = node.kind
        if kind == NOCASE and not _has_lower_case_word(children):
            kind = GROUP
        out.append(Span(kind, children, node.href))
    return out


_WORD_STARTS = re.compile(r"(?:^|[\s\W_])([^\W\d_])")


def _has_lower_case_word(children: list) -> bool:
    return any(isinstance(c, str) and any(m.group(1).islower() for m in _WORD_STARTS.finditer(c)) for c in children)


def title_case(nodes: list, last_word: bool = True) -> list:
    """citeproc's title case. ``last_word``: the last word is capitalised even if it is a small
    one ("A Page to Look Up"); citeproc does not do so in an italic title, which it formats first."""
    return _Transform(_title_word).top(nodes, last_word)


def capitalize_first(text: str) -> str:
    """CSL's capitalize-first: the first word, if all in lower case ("(in progress)" → "(In
    progress)"; "arXiv" stays)."""
    for chunk in _chunks(text):
        if chunk.isalnum():
            if _all_lower(chunk):
                index = text.index(chunk)
                return text[:index] + _capitalize(chunk) + text[index + len(chunk):]
            return text
    return text


# -- Output ----------------------------------------------------------------------------------------

_QUOTES = (("“", "”"), ("‘", "’"))
_OPEN_TAGS = {"i": "<em>", "b": "<strong>", "sup": "<sup>", "sub": "<sub>",
              "sc": '<span style="font-variant:small-caps">'}
_CLOSE_TAGS = {"i": "</em>", "b": "</strong>", "sup": "</sup>", "sub": "</sub>", "sc": "</span>"}


def to_html(nodes: list, level: int = 0) -> str:
    """HTML, escaped. ``level``: how many quotations stand around the title (1 in a quoted title),
    so that its own quotations alternate double and single marks from there."""
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(html.escape(node, quote=False))
        elif node.kind == QUOTE:
            opening, closing = _QUOTES[level % 2]
            out.append(f"{opening}{to_html(node.children, level + 1)}{closing}")
        elif node.kind == LINK:
            out.append(f'<a href="{html.escape(node.href)}">{to_html(node.children, level)}</a>')
        elif node.kind in _OPEN_TAGS:
            out.append(f"{_OPEN_TAGS[node.kind]}{to_html(node.children, level)}{_CLOSE_TAGS[node.kind]}")
        else:
            out.append(to_html(node.children, level))
    return "".join(out)


def _strings(nodes: list) -> str:
    """The words of some nodes without the quotation marks around them (they are no text to citeproc)."""
    return "".join(node if isinstance(node, str) else _strings(node.children) for node in nodes)


def plain_text(nodes: list, level: int = 0) -> str:
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif node.kind == QUOTE:
            opening, closing = _QUOTES[level % 2]
            out.append(f"{opening}{plain_text(node.children, level + 1)}{closing}")
        else:
            out.append(plain_text(node.children, level))
    return "".join(out)


def join(parts: list[list], separator: str) -> list:
    """pandoc's joining of a title and its subtitle: "Title: Subtitle", no colon after a "?"."""
    out: list = []
    for part in parts:
        if not part:
            continue
        if out:
            out.append(" " if plain_text(out)[-1:] in "!?.,:;" else f"{separator} ")
        out.extend(part)
    return _merged(out)


def up_to_colon(nodes: list) -> list:
    """The title before its first colon ("Spatial Data Science: With Applications" → "Spatial Data
    Science"), or nothing when it has none at its top level."""
    for index, node in enumerate(nodes):
        if isinstance(node, str) and ":" in node:
            return _merged([*nodes[:index], node[: node.index(":")].rstrip()])
    return []


def _merged(nodes: list) -> list:
    out: list = []
    for node in nodes:
        if isinstance(node, str) and out and isinstance(out[-1], str):
            out[-1] += node
        elif node != "":
            out.append(node)
    return out


_TERMINAL = re.compile(r"[.?!][”’\"']*$")


def ends_sentence(text: str) -> bool:
    """Whether text ends with a full stop, question or exclamation mark, inside quotation marks or not:
    citeproc adds no full stop after it."""
    return bool(_TERMINAL.search(text))
