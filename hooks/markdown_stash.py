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
        self.inline: dict[str, tuple[Callable[[], str], str, list[str]]] = {}
        self.blocks: dict[str, str] = {}  # put back as they are
        self.deferred: dict[str, tuple[Callable[[], str], list[str], list[str]]] = {}

    def _token(self) -> str:
        return f"coursekitstash{self._NONCE}x{len(self.inline) + len(self.blocks) + len(self.deferred)}x"

    def __call__(self, html: str, keys: list[str], render: Callable[[], str]) -> str:
        """A citation: ``html`` gives the text search indexes; ``render`` its HTML when the page is written."""
        token = self._token()
        self.inline[token] = (render, _TAG.sub("", html), keys)
        return token

    def defer(self, render: Callable[[], str], keys: list[str] = (), ids: list[str] = ()) -> str:
        """A block of HTML made when the page is written (``render``), citing ``keys``, holding ``ids``."""
        token = self._token()
        self.deferred[token] = (render, list(keys), list(ids))
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
        ids: list[str] = []
        replacements = list(self.blocks.items())
        ids.extend(i for block in self.blocks.values() for i in _ID.findall(block))
        for token, (render, keys, block_ids) in self.deferred.items():
            replacements.append((token, deferred_html.block(render, keys, block_ids)))
            ids.extend(block_ids)
        for token, block in replacements:
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
_TAG = re.compile(r"<[^>]+>")
_stashes: dict[str, Stash] = {}  # page src_uri → its stash, until its HTML is ready


def reset() -> None:
    _stashes.clear()


def stash_for(src_uri: str) -> Stash:
    return _stashes.setdefault(src_uri, Stash())


def pop(src_uri: str) -> Stash | None:
    return _stashes.pop(src_uri, None)
