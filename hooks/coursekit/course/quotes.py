"""The quotation check: every quotation in a chapter occurs verbatim in its source's text.

Verbatim allowing for what typesetting changes: whitespace, straight or typographic quotation marks
and apostrophes, and Markdown emphasis. An ellipsis or a [bracketed insertion] splits a quotation
into parts, each of which must occur.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .chapters import split_front_matter
from ..cite.parse import protected_spans
from ..diagnostics import LineIndex, Problem

_QUOTE_MARKS = "\"'“”„‟‘’‚‛`´«»"
_MARKS_TABLE = {ord(c): None for c in _QUOTE_MARKS + "*_"}
_SUPERSCRIPTS = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_CURLY = re.compile(r"“([^”\n]+(?:\n(?!\s*\n)[^”\n]+)*)”")
_STRAIGHT = re.compile(r'(?<![=\w])"([^"\n]+(?:\n(?!\s*\n)[^"\n]+)*)"')
_BLOCKQUOTE = re.compile(r"^(?:>[ \t]?(.*)\n?)+", re.MULTILINE)
# Admonition titles and heading attribute lists hold quotation marks that quote nothing.
_NOT_PROSE = re.compile(r"^[ \t]*(?:\?\?\?\+?|!!!)[^\n]*$|\{[^{}\n]*\}[ \t]*$", re.MULTILINE)
_SPLIT = re.compile(r"\s*(?:\.\.\.|…|\[[^\]]*\])\s*")
_CITATION = re.compile(r"\[[^\[\]]*@[^\[\]]*\]")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", _SUPERSCRIPTS.sub(" ", text))
    text = text.translate(_MARKS_TABLE)
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Quotation:
    text: str
    offset: int


def quotations(body: str) -> list[Quotation]:
    """Quotations in a chapter's Markdown, outside code, citations, headings' attributes and
    admonition titles."""
    hidden = protected_spans(body)
    masked = list(body)
    for start, end in hidden:
        masked[start:end] = " " * (end - start)
    text = "".join(masked)
    text = _CITATION.sub(lambda m: " " * len(m.group(0)), text)
    text = _NOT_PROSE.sub(lambda m: " " * len(m.group(0)), text)
    found = []
    for pattern in (_CURLY, _STRAIGHT):
        for match in pattern.finditer(text):
            inner = match.group(1)
            if re.search(r"[A-Za-z]", inner):
                found.append(Quotation(inner, match.start()))
    for match in _BLOCKQUOTE.finditer(text):
        lines = re.findall(r"^>[ \t]?(.*)$", match.group(0), re.MULTILINE)
        quote = " ".join(lines).strip()
        if quote and not quote.startswith(("!", "?")):
            found.append(Quotation(re.sub(r"\(\s*\)|\s+", " ", quote), match.start()))
    return sorted(found, key=lambda q: q.offset)


def check_chapter(text: str, path: str, source_texts: list[tuple[str, str]]) -> list[Problem]:
    """Problems for every quotation of ``text`` found in none of the (name, text) sources."""
    if not source_texts:
        return []
    _, body, first_line = split_front_matter(text)
    haystacks = [normalise(source) for _, source in source_texts]
    names = ", ".join(name for name, _ in source_texts)
    where = LineIndex(body, first_line)
    problems = []
    for quotation in quotations(body):
        parts = [normalise(p) for p in _SPLIT.split(quotation.text) if normalise(p)]
        if all(any(part in hay for hay in haystacks) for part in parts):
            continue
        line, col = where(quotation.offset)
        shown = quotation.text if len(quotation.text) <= 70 else quotation.text[:67] + "…"
        shown = re.sub(r"\s+", " ", shown)
        problems.append(Problem(path, line, col, f"quotation not found verbatim in the source text ({names}): “{shown}”",
                                "copy the words exactly as the source prints them, or paraphrase without quotation marks"))
    return problems


def read_sources(paths: list[Path]) -> list[tuple[str, str]] | None:
    """The source texts, or None when any is missing (a student's clone has none: no check)."""
    out = []
    for path in dict.fromkeys(paths):
        if not path.is_file():
            return None
        out.append((path.name, path.read_text(encoding="utf-8", errors="replace")))
    return out
