"""Text written in a course file (YAML, front matter) as it reaches a generated page's Markdown.

Each value goes through ``render/safe.py``: a title or a term on one line (``inline``), a "why" or a
definition as paragraphs (``block``), with its citations kept as written so that the citation hook
renders (and checks) them. A link whose address is refused is left as its text; ``link_problems``
reports it where the value is written, for the loaders to call with the same text the pages use.
"""

from __future__ import annotations

from functools import lru_cache

from ..cite.parse import parse
from ..diagnostics import Problem
from ..render.safe import Refused, block_markdown, inline_markdown
from ..yamlpos import position

LINK_FIX = "link to an http(s) address or a page of the course"


def _citations(text: str) -> list[tuple[int, int]]:
    """The spans of ``text``'s citations, for the renderer to keep as written."""
    if "@" not in text:
        return []
    return [(citation.start, citation.end) for citation in parse(text).citations]


def inline(value) -> str:
    """A value on one line: a title, a term, a note."""
    return _inline(str(value))


def block(value) -> str:
    """A value as paragraphs: a reason to read a guide, a definition."""
    return _block(str(value))


@lru_cache(maxsize=1 << 14)  # a guide names each chapter's title once for each of its sections
def _inline(text: str) -> str:
    return inline_markdown(text, _citations(text))


@lru_cache(maxsize=1 << 10)
def _block(text: str) -> str:
    return block_markdown(text, _citations(text))


def link_problems(value, shown: str, where: tuple[int, int] = (1, 1)) -> list[Problem]:
    """A problem for each link in ``value`` that the pages would not publish, at the value's place."""
    text = str(value)
    if "](" not in text:
        return []
    refused = Refused()
    block_markdown(text, _citations(text), refused)
    line, col = position(value, where)
    return [Problem(shown, line, col, f"a link to '{_shorter(url)}' is not allowed", LINK_FIX)
            for url in dict.fromkeys(refused.urls)]


def _shorter(url: str) -> str:
    return url if len(url) <= 60 else url[:59] + "…"
