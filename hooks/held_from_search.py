"""HTML held out of ``page.content`` until Material's search plugin has indexed the page.

The search plugin parses every tag of every page in ``on_page_context``. A chapter's References and
notes lists hold most of its tags, and only repeat works the bibliography page already lists (and
indexes), so they stand in ``page.content`` as an HTML comment, which the parser passes over whole,
until ``put_back`` (called after the search plugin) puts them in place for the theme and every later
plugin. What reads a page's HTML before that and needs all of it reads ``expanded``.

Not a hook: the hooks import it by name (as they do ``build_state``), so they share one copy.
"""

from __future__ import annotations

import secrets

from mkdocs.structure.pages import Page

_NONCE = secrets.token_hex(4)  # no page text can hold a placeholder by chance
_held: dict[str, dict[str, str]] = {}  # page src_uri → {placeholder comment: its HTML}


def reset() -> None:
    _held.clear()  # serve reuses the module: nothing from an earlier build survives


def hold(page: Page, html: str) -> str:
    """The placeholder that stands for ``html`` in ``page``'s HTML until ``put_back``."""
    pieces = _held.setdefault(page.file.src_uri, {})
    placeholder = f"<!--coursekit-held-{_NONCE}-{len(pieces)}-->"
    pieces[placeholder] = html
    return placeholder


def expanded(page: Page, html: str | None = None) -> str:
    """``html`` (by default the page's content) with what the page holds back in place."""
    html = (page.content or "") if html is None else html
    for placeholder, piece in _held.get(page.file.src_uri, {}).items():
        html = html.replace(placeholder, piece, 1)
    return html


def put_back(page: Page) -> None:
    if page.file.src_uri in _held:
        page.content = expanded(page)
        del _held[page.file.src_uri]
