"""Where a citation can never be, as pandoc's Markdown reader sees a page.

Code (fenced and inline), math, HTML comments, tags and the verbatim elements (script, style, pre,
textarea), raw LaTeX commands with their arguments, autolinks and bare URLs, link targets and
reference definitions. The spans are found with fast searches for where one can start, so that the
regular expression is tried only there: the scan stays linear in the size of the page.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})", re.MULTILINE)

# The URI schemes read as bare URLs and autolinks (pandoc knows more; these are the ones books use).
SCHEMES = frozenset((
    "http https ftp ftps sftp file mailto doi urn isbn issn pmid arxiv data tel fax sms news nntp irc ircs git "
    "ssh svn gopher gemini magnet xmpp sip sips geo ws wss ldap ldaps rtsp smb telnet webcal feed spotify skype "
    "steam bitcoin javascript about chrome view-source zotero").split())
_SCHEMES = "(?:" + "|".join(sorted(SCHEMES, key=len, reverse=True)) + ")"
_URL_WORD = r"[\w#$%+/@\\&=-]"
_URL_CHUNK = rf"(?:{_URL_WORD}+|%[0-9a-f]+|&#?\w+;|(?:,+|[^\s<>])(?={_URL_WORD}|%[0-9a-f]))"
_URL_BODY = rf"(?:\({_URL_CHUNK}\)|\{{{_URL_CHUNK}\}}|\[{_URL_CHUNK}\]|{_URL_CHUNK})+/?"

_PROTECTED = re.compile(
    r"<!--.*?-->"  # HTML comments
    # the verbatim elements, whose text is never Markdown
    r"|<(script|style|pre|textarea)(?=[\s>])[^>]*>.*?</(?i:\1)\s*>"
    # inline code, any number of backticks, within a paragraph
    r"|(?<!\\)(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\2(?!`)"
    # math: $$...$$, or $...$ opening before a non-space and closing after one, not before a digit
    r"|(?<!\\)\$\$(?:(?!\n[ \t]*\n)[^$]|\$(?!\$))+?\$\$"
    r"|(?<![\\$])\$(?![\s$])(?:\\.|(?!\n[ \t]*\n)[^$\\])+?(?<!\s)\$(?!\d)"
    r"|<" + _SCHEMES + r":[^\s<>]*>"  # autolinks
    r"|<[^\s<>@]+@[^\s<>]+>"  # e-mail autolinks
    r"|</?[a-z][a-z0-9-]*(?:\s+[a-z_:][\w:.-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>"  # tags
    # raw LaTeX: a command with its arguments ("\index{key@entry}"); "\@" is an escaped "@"
    r"|(?<!\\)\\[a-z]+\*?(?:\[[^\[\]\n]*\]|\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\})+"
    # bare URLs, where a word starts: a scheme, ":", then chunks as pandoc reads them (sentence
    # punctuation inside, not at the end; balanced brackets; an "@" is part of the address)
    r"|(?<![^\W_])(?<![.@])" + _SCHEMES + r":(?![*_\]])" + _URL_BODY +
    # a link's target, spaces and one level of parentheses allowed, and its title: ](target "title")
    r"|(?<=\])\((?:<[^<>\n]*>|[^()\n]*(?:\([^()\n]*\)[^()\n]*)*)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)",
    re.DOTALL | re.IGNORECASE,
)
# A reference definition's start: "[" at a line's start, not a footnote's "[^1]:" (its text is
# prose, so it can cite)
_DEFINITION_START = re.compile(r"\n[ ]{0,3}\[(?!\^)")  # a literal "\n" first: searched fast
_FIRST_DEFINITION = re.compile(r"[ ]{0,3}\[(?!\^)")
_TITLE = re.compile(r"[ \t]*(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\))[ \t]*(?:\{[^{}\n]*\})?[ \t]*$")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_CODE = re.compile(r"(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.DOTALL)
# pandoc's attributes: {#id .class key=value}
_ATTRIBUTES = re.compile(
    r"\{[ \t\n]*(?:(?:[#.][\w:.-]+|[\w:.-]+=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s\"'{}]+)|-)[ \t\n]*)*\}")
_ATX_OR_FENCE = re.compile(r"[ ]{0,3}(?:#{1,6}(?:[ \t]|$)|`{3,}|~{3,})")

# Where a _PROTECTED span can start, found with fast searches so that it is tried only there.
_SCHEME_LENGTHS = sorted({len(name) for name in SCHEMES})
_LONGEST_SCHEME = max(_SCHEME_LENGTHS)
_SPACES = frozenset(" \t\n\r")


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` where citations cannot occur, sorted and non-overlapping."""
    return spans_and_definitions(text)[0]


def spans_and_definitions(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
    """``protected_spans``, and every reference definition ``[label]: target "title"`` outside
    fenced code as (start, end, label). A definition whose label holds an "@" may be a citation
    ("[@key]: text"), which pandoc reads first: the spans leave those to the citation parser."""
    spans = fenced_code(text)
    definitions = _definitions_between(text, spans) if "]:" in text else []
    if definitions:
        spans += [(start, end) for start, end, label in definitions if "@" not in label]
        spans.sort()
    blocks = spans[:]
    for start, end in gaps(blocks, len(text)):
        spans.extend(_protected_between(text, start, end))
    spans.sort()
    return spans, definitions


def _definitions_between(text: str, fences: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Definitions as pandoc reads them: each opens a block (the page's start, after a blank line,
    a heading, a fence or another definition), never in the middle of a paragraph; its label may
    run over lines, its target may stand on the next line, and nothing but a title follows it."""
    out: list[tuple[int, int, str]] = []
    previous_end = -1
    starts = [m.end() for m in [_FIRST_DEFINITION.match(text)] if m]
    starts += [m.end() for m in _DEFINITION_START.finditer(text)]
    for bracket_end in starts:
        bracket = bracket_end - 1
        start = text.rfind("\n", 0, bracket) + 1
        if any(s <= start < e for s, e in fences):
            continue
        if not (start == 0 or start == previous_end + 1 or _block_starts_after(text, start)):
            continue
        close = _label_end(text, bracket)
        if close == -1 or not text.startswith("]:", close):
            continue
        end = _target_end(text, close + 2)
        if end == -1:
            continue
        out.append((start, end, text[bracket + 1: close]))
        previous_end = end
    return out


def _label_end(text: str, bracket: int) -> int:
    """The "]" closing a label's "[" (brackets balanced, escapes skipped, no blank line), or -1."""
    depth, i, n = 0, bracket, len(text)
    while i < n:
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "`":  # a code span is one piece (when it closes; else its first backtick is text)
            code = _CODE.match(text, i)
            i = code.end() if code else i + 1
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return i
        elif char == "\n" and _BLANK_LINE.match(text, i):
            return -1
        i += 1
    return -1


def _target_end(text: str, pos: int) -> int:
    """The end of a definition's target and title after its "]:" (on this line or the next), or -1
    when something else follows on the line (then it is a paragraph)."""
    line_end = text.find("\n", pos)
    line_end = len(text) if line_end == -1 else line_end
    rest = text[pos:line_end]
    if not rest.strip() and line_end < len(text):  # the target on the next line
        pos = line_end + 1
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end == -1 else line_end
        rest = text[pos:line_end]
    stripped = rest.lstrip()
    if stripped.startswith("["):
        return -1
    for word in re.finditer(r"\S+", rest):  # the target's words, up to a title or attributes
        if _TITLE.match(rest, word.start()):
            return line_end
        if word.group(0).startswith("[") and _label_end(rest, word.start()) != -1:
            return -1
        if word.group(0).startswith("{") and (attributes := _ATTRIBUTES.match(rest, word.start())):
            return line_end if not rest[attributes.end():].strip() else -1
    return line_end


def _block_starts_after(text: str, start: int) -> bool:
    """Whether a new block may start at the line at ``start``: a blank line, a heading line or a
    fence line ends the block before it."""
    line_start = text.rfind("\n", 0, start - 1) + 1
    before = text[line_start: start - 1]
    return not before.strip() or bool(_ATX_OR_FENCE.match(before))


def fenced_code(text: str) -> list[tuple[int, int]]:
    """Fenced code blocks, line by line: a fence hides everything until its closing fence. A fence
    that is never closed is no code block (pandoc reads it as text), so it hides nothing."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while True:
        match = _next_fence(text, pos)
        if not match:
            return spans
        fence = match.group(1)
        closing = re.compile(r"^[ \t>]*" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$", re.MULTILINE)
        line_end = text.find("\n", match.end())
        close = closing.search(text, line_end + 1) if line_end != -1 else None
        if close is None:
            pos = line_end + 1 if line_end != -1 else len(text)
            if line_end == -1:
                return spans
            continue
        spans.append((match.start(), close.end()))
        pos = close.end()


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
            if match.end() > match.start():
                spans.append(match.span())
                floor = match.end()
    return spans


def _candidates(text: str, start: int, end: int) -> list[int]:
    """Every position in [start, end) where a _PROTECTED span can start (and a few more), in order."""
    found = set()
    # comments, tags, autolinks; code; math; LaTeX; a link's "(" (str.find is faster than one expression)
    for needle, shift in (("<", 0), ("`", 0), ("$", 0), ("\\", 0), ("](", 1)):
        found.update(at + shift for at in _find_all(text, needle, start, end))
    for marker in _find_all(text, ":", start, end):  # a bare URL starts where its scheme does
        if marker + 1 >= end or text[marker + 1] in _SPACES:  # most colons: prose, "title: ..."
            continue
        word = text[max(start, marker - _LONGEST_SCHEME): marker]
        if not word.isascii():  # IGNORECASE takes "İ" for "i", "ſ" for "s": let the expression judge
            found.update(range(marker - len(word), marker))
            continue
        word = word.lower()
        for length in _SCHEME_LENGTHS:
            if len(word) >= length and word[-length:] in SCHEMES:
                found.add(marker - length)
    return sorted(found)


def _find_all(text: str, needle: str, start: int, end: int):
    at = text.find(needle, start, end)
    while at != -1:
        yield at
        at = text.find(needle, at + 1, end)


def gaps(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """The stretches of [0, length) between sorted ``spans``."""
    out, pos = [], 0
    for start, end in spans:
        if start > pos:
            out.append((pos, start))
        pos = max(pos, end)
    if pos < length:
        out.append((pos, length))
    return out
