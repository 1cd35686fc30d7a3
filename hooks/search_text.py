"""What Material's search reads of a page: the same text, with less markup around it.

The search parses each page's HTML in Python, one call per tag, comment and run of text. Two kinds
of markup on our pages add nothing to its index:

- the held pieces' markers: a citation stands as ``<!--ck-…-7-->(Foot 2011, 5)<!--/ck-…-->``
  (``deferred_html``), a list as a marker alone, an entry's "Cited in" as a comment;
- inside a bibliography entry, the tags the index leaves out (the entry's ``div``, its ``em``, ``a``
  and ``strong``): their text stays, and the tags it keeps (``p``, ``code``, ``sub``…) stay too.

Just before the search reads a page (``on_page_context``, priority 10) the page's content is that
lighter HTML (regular expressions, in C); just after (-90), it gets its own HTML back, for the hooks
that put the pieces in place. The index holds the same text: only a run of white space can differ,
where a comment stood between a line break and a citation, which neither the search (it splits words
on it) nor its results (shown as HTML) show.
"""

from __future__ import annotations

import re

import bibliography_page
import deferred_html
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.pages import Page

_MARKERS = re.compile(rf"{deferred_html.ANY_MARKER}|{bibliography_page.SLOT_PATTERN}")
_ENTRY = re.compile(r'<div class="csl-entry"[^>]*>.*?</div>', re.DOTALL)  # hooks/coursekit/render/sections.py's
# What Material's search keeps of the markup (its Parser.keep); any other tag only splits the text.
_TAG_NOT_INDEXED = re.compile(r"<(?!/?(?:p|code|pre|li|ol|ul|sub|sup)[\s/>])[^>]*>")
_SEARCH_PLUGINS = ("search", "material/search")
_aside: dict[int, tuple[str, str]] = {}  # id(page) → (its HTML, what the search got), for one event


def on_config(config):
    _aside.clear()
    return config


def for_search(html: str) -> str:
    """``html`` as the search needs it: no markers, and entries without the tags it leaves out."""
    html = _MARKERS.sub("", html)
    if 'class="csl-entry"' in html:
        html = _ENTRY.sub(lambda entry: _TAG_NOT_INDEXED.sub("", entry.group(0)), html)
    return html


@event_priority(10)  # just before the search plugin (0)
def _lighten(context, page: Page, config, nav):
    own = page.content
    if not own or not any(name in config.plugins for name in _SEARCH_PLUGINS):
        return context
    if (page.meta.get("search") or {}).get("exclude"):
        return context
    light = for_search(own)
    if len(light) == len(own):  # nothing to take out
        return context
    page.content = light
    _aside[id(page)] = (own, light)
    return context


@event_priority(-90)  # after the search, before the bibliography page holds its entries (-100)
def _restore(context, page: Page, config, nav):
    aside = _aside.pop(id(page), None)
    if aside is None:
        return context
    own, light = aside
    if page.content is not light and page.content != light:
        # That change cannot be carried over to the page's own HTML, and without its markers the
        # page would be published with its citations unlinked and its lists missing.
        raise PluginError(f"docs/{page.file.src_uri}: a plugin changed the page's HTML while the search was reading "
                          f"it (on_page_context, between priorities 10 and -90) — give that plugin's "
                          f"on_page_context a priority above 10 or below -90")
    page.content = own
    return context


on_page_context = CombinedEvent(_lighten, _restore)  # one event, two priorities: a module has one name
