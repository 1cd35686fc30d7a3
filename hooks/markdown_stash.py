"""HTML kept out of Markdown, as placeholder words, until the page's HTML is ready.

Markdown parses every tag of raw HTML it is given (twice: MkDocs' anchor collector and md_in_html);
the citations, the References and notes lists and the bibliography's entries are rendered already,
so they wait as words and are put back in ``on_page_content`` (hooks/citations.py), either as they
are or as ``deferred_html`` markers. Not a hook: hooks import it by name, so they share one copy.
"""

from __future__ import annotations

import re
import secrets
from typing import Callable

import deferred_html


class Stash:
    """HTML kept out of Markdown: each piece stands in the Markdown as a placeholder word."""

    _NONCE = secrets.token_hex(4)  # no page text can hold a placeholder by chance

    def __init__(self) -> None:
        self.inline: dict[str, tuple[str, list[str]]] = {}
        self.blocks: dict[str, tuple[str, list[str], bool]] = {}

    def _token(self) -> str:
        return f"coursekitstash{self._NONCE}x{len(self.inline) + len(self.blocks)}x"

    def __call__(self, html: str, keys: list[str]) -> str:
        token = self._token()
        self.inline[token] = (html, keys)
        return token

    def blocks_of(self, section: str, keys: list[str] = (), deferred: bool | Callable[[str], bool] = True) -> str:
        """``section`` (Markdown headings and raw HTML blocks) with each HTML block stashed: to be
        ``deferred`` (not indexed by search; a predicate may choose block by block), or put back
        as it is."""
        chunks = section.split("\n\n")
        for index, chunk in enumerate(chunks):
            if chunk.lstrip().startswith("<"):
                token = self._token()
                block = chunk.strip("\n")
                self.blocks[token] = (block, list(keys), deferred(block) if callable(deferred) else deferred)
                chunks[index] = token
        return "\n\n".join(chunks) + "\n"

    def restore(self, html: str) -> tuple[str, list[str]]:
        """``html`` with each placeholder replaced, and the ids its blocks bring."""
        ids: list[str] = []
        for token, (block, keys, deferred) in self.blocks.items():
            ids.extend(_ID.findall(block))
            if deferred:
                block = deferred_html.block(block, keys)
            wrapped = f"<p>{token}</p>"  # a block placeholder is a paragraph of its own
            html = html.replace(wrapped if wrapped in html else token, block, 1)
        if self.inline:
            def put(match: re.Match) -> str:
                found = self.inline.get(match.group(0))
                return deferred_html.inline(*found) if found else match.group(0)

            html = _PLACEHOLDER.sub(put, html)
        return html, ids


_PLACEHOLDER = re.compile(rf"coursekitstash{Stash._NONCE}x\d+x")
_ID = re.compile(r'\sid="([^"]*)"')
_stashes: dict[str, Stash] = {}  # page src_uri → its stash, until its HTML is ready


def reset() -> None:
    _stashes.clear()


def stash_for(src_uri: str) -> Stash:
    return _stashes.setdefault(src_uri, Stash())


def pop(src_uri: str) -> Stash | None:
    return _stashes.pop(src_uri, None)
