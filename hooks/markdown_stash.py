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
        self.inline: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {}  # text, keys, HTML parts
        self.blocks: dict[str, str] = {}  # put back as they are
        self.deferred: dict[str, tuple[Callable[[], str], list[str], list[str], tuple]] = {}

    @property
    def empty(self) -> bool:
        return not (self.inline or self.blocks or self.deferred)

    def _token(self) -> str:
        return f"coursekitstash{self._NONCE}x{len(self.inline) + len(self.blocks) + len(self.deferred)}x"

    def __call__(self, text: str, keys: tuple[str, ...], parts: tuple[str, ...]) -> str:
        """A citation: its ``text`` (what search indexes), its ``keys`` and its HTML as ``parts``."""
        token = self._token()
        self.inline[token] = (text, keys, parts)
        return token

    def defer(self, render: Callable[[], str], keys: list[str] = (), ids: list[str] = (), recipe: tuple = ()) -> str:
        """A block of HTML made when the page is written (``render``), citing ``keys``, holding ``ids``
        (``recipe``: how a later build makes ``render`` again, ``deferred_html.Piece``)."""
        token = self._token()
        self.deferred[token] = (render, list(keys), list(ids), recipe)
        return token

    def blocks_of(self, section: str, deferred: Callable[[str], bool] = lambda block: False) -> str:
        """``section`` (Markdown headings and raw HTML blocks) with each HTML block stashed: put back
        as it is, or, where ``deferred`` says so, not indexed by search."""
        chunks = section.split("\n\n")
        for index, chunk in enumerate(chunks):
            if chunk.lstrip().startswith("<"):
                block = chunk.strip("\n")
                if deferred(block):
                    chunks[index] = self.defer(block.__str__, ids=_ID.findall(block))
                else:
                    chunks[index] = token = self._token()
                    self.blocks[token] = block
        return "\n\n".join(chunks) + "\n"

    def restore(self, html: str) -> tuple[str, list[str]]:
        """``html`` with each placeholder replaced, and the ids its blocks bring."""
        ids = [i for block in self.blocks.values() for i in _ID.findall(block)]
        pieces = {token: (block, None) for token, block in self.blocks.items()}
        for token, (render, keys, block_ids, recipe) in self.deferred.items():
            pieces[token] = (deferred_html.block(render, keys, block_ids, recipe), None)
            ids.extend(block_ids)
        for token, found in self.inline.items():
            pieces[token] = (None, found)

        def put(match: re.Match) -> str:
            # One pass over the page: a replace() per block rescanned the whole page for each (4,000
            # blocks on a 2000-chapter bibliography page). A block placeholder is a paragraph of its own.
            block, found = pieces.get(match.group(1) or match.group(2), (None, None))
            if block is not None:
                return block
            if found is not None:  # a citation alone in its paragraph keeps the paragraph
                text, keys, parts = found
                cited = deferred_html.inline(parts, text, keys)
                return f"<p>{cited}</p>" if match.group(1) else cited
            return match.group(0)

        return _PLACEHOLDER.sub(put, html) if pieces else html, ids


_TOKEN = rf"coursekitstash{Stash._NONCE}x\d+x"
_PLACEHOLDER = re.compile(rf"<p>({_TOKEN})</p>|({_TOKEN})")
_ID = re.compile(r'\sid="([^"]*)"')
_stashes: dict[str, Stash] = {}  # page src_uri → its stash, until its HTML is ready


def reset() -> None:
    _stashes.clear()


def stash_for(src_uri: str) -> Stash:
    return _stashes.setdefault(src_uri, Stash())


def pop(src_uri: str) -> Stash | None:
    return _stashes.pop(src_uri, None)
