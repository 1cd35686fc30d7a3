"""The citations' HTML, held out of every page until the page is written.

Each citation's link (with the full reference it shows on hover), each References and notes list,
is most of a chapter's markup but only repeats the bibliography. Held in ``page.content`` until then:

- Material's search plugin parses every tag of a page, and MkDocs keeps every page's HTML until the
  end of the build; a citation stands there as an HTML comment and its plain text, e.g.
  ``<!--ck-…-7-->(Foot 2011, 5)<!--/ck-…-->``, which the search indexes as text (a list as a comment
  alone: the bibliography page indexes the works);
- Material's privacy plugin parses each written page for external assets; this HTML has none (links
  only), so it goes in after it (``on_post_page``).

A citation is kept as its HTML in parts whose long link tags are shared by every citation of the
same work (as whole strings, the held HTML was most of the build's memory), a list as the means to
render it. Both hold ``BIB`` where the bibliography page's URL goes, so they serve any page (the
whole-course page puts the chapters' pieces on its own). Not a hook: hooks import it by name
(as they do ``build_state``), so they share one copy.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Callable

BIB = "\x00"  # stands for the bibliography page's URL, relative to the page a piece lands on
_NONCE = secrets.token_hex(4)  # no page text can hold a marker by chance
MARKER_START = rf"<!--ck-{_NONCE}-(\d+)-->"  # its group: the piece's number
_MARKER = re.compile(MARKER_START + rf"(?:[^<]*<!--/ck-{_NONCE}-->)?")
ANY_MARKER = rf"<!--/?ck-{_NONCE}(?:-\d+)?-->"  # a marker or a citation's close, without what they hold


@dataclass(frozen=True)
class Piece:
    render: Callable[[], str]  # its HTML, with BIB for the bibliography's URL: made when a page is written
    keys: tuple[str, ...]  # the works it cites, for the bibliography's "Cited in"
    ids: tuple[str, ...] = ()  # the ids its HTML holds, for anchor checks
    recipe: tuple = ()  # how to make ``render`` again in another build (``stored``), e.g. ("references", keys)


# A marker's number is its index here, unique across the build. A citation is held as (its HTML
# as parts to join, its keys): tuples of strings shared with its works' other citations, which
# the garbage collector stops scanning; a list is held as a Piece.
_pieces: list[Piece | tuple[tuple[str, ...], tuple[str, ...]]] = []


def reset() -> None:
    _pieces.clear()  # serve reuses the module: nothing from an earlier build survives


def inline(parts: tuple[str, ...], text: str, keys: tuple[str, ...]) -> str:
    """A citation's stand-in: a marker around its ``text`` (HTML without tags: what search indexes)."""
    _pieces.append((parts, keys))
    if not text.isascii():
        # One character beyond Latin-1 (an "ő", an en dash) and Python stores the whole page at two
        # or four bytes a character; as a character reference it keeps one. Search reads the character.
        text = text.encode("latin-1", "xmlcharrefreplace").decode("latin-1")
    return f"<!--ck-{_NONCE}-{len(_pieces) - 1}-->{text}<!--/ck-{_NONCE}-->"


def block(render: Callable[[], str], keys=(), ids=(), recipe: tuple = ()) -> str:
    """A list's stand-in: a marker alone (the works are indexed on the bibliography page)."""
    _pieces.append(Piece(render, tuple(keys), tuple(ids), recipe))
    return f"<!--ck-{_NONCE}-{len(_pieces) - 1}-->"


def keys_of(number: int) -> tuple[str, ...]:
    held = _pieces[number]
    return held[1] if type(held) is tuple else held.keys


def ids_in(html: str) -> list[str]:
    """The ids the lists marked in ``html`` will bring (a citation brings none)."""
    ids: list[str] = []
    for match in _MARKER.finditer(html):
        held = _pieces[int(match.group(1))]
        if type(held) is not tuple:
            ids.extend(held.ids)
    return ids


def _html(number: int) -> str:
    held = _pieces[number]
    return "".join(held[0]) if type(held) is tuple else held.render()


def expand(html: str, bib_url: str, adapt: Callable[[str], str] | None = None) -> str:
    """``html`` with every piece in place, linking to the bibliography at ``bib_url`` (may be "").

    ``adapt`` rewrites each piece before the bibliography's URL is in it (the whole-course page
    prefixes its ids and moves its other links)."""
    first = html.find(f"<!--ck-{_NONCE}-")
    if first == -1:
        return html
    # The markers lie in the page's content: the regular expression scans only from the first to
    # the end of the last (a close, or a list's marker). The written page around them is mostly the
    # navigation, one entry per page, so scanning all of it on every page grew as pages squared.
    end = html.index("-->", html.rindex(_NONCE)) + len("-->")

    def put(match: re.Match) -> str:
        piece = _html(int(match.group(1)))
        return (adapt(piece) if adapt else piece).replace(BIB, bib_url)

    return html[:first] + _MARKER.sub(put, html[first:end]) + html[end:]


def stored(html: str) -> tuple[tuple[str | int, ...], tuple[tuple, ...]]:
    """``html`` as plain data a later build can put back (``restored``): its text with each marker
    as the index of its piece, and the pieces (a citation's parts, keys and text; a list's recipe,
    or its HTML where it has none)."""
    parts: list[str | int] = []
    pieces: list[tuple] = []
    last = 0
    for match in _MARKER.finditer(html):
        parts.append(html[last:match.start()])
        parts.append(len(pieces))
        last = match.end()
        held = _pieces[int(match.group(1))]
        if type(held) is tuple:
            whole = match.group(0)
            text = whole[whole.index("-->") + 3: whole.rindex("<!--/ck-")] if "<!--/ck-" in whole else ""
            pieces.append(("cite", held[0], held[1], text))
        else:
            recipe = held.recipe or ("html", held.render())
            pieces.append(("list", recipe, held.keys, held.ids))
    parts.append(html[last:])
    return tuple(parts), tuple(pieces)


def restored(parts: tuple[str | int, ...], pieces: tuple[tuple, ...],
             remake: Callable[[tuple], Callable[[], str]]) -> str:
    """The HTML ``stored`` made, its pieces held again in this build (``remake``: a recipe's render)."""
    markers = []
    for piece in pieces:
        if piece[0] == "cite":
            _, held_parts, keys, text = piece
            markers.append(inline(held_parts, text, keys))
        else:
            _, recipe, keys, ids = piece
            render = (lambda html=recipe[1]: html) if recipe[0] == "html" else remake(recipe)
            markers.append(block(render, keys, ids, recipe))
    return "".join(part if type(part) is str else markers[part] for part in parts)
