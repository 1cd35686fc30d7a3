"""Where a page of the site is, and a link from one page to another, as MkDocs writes them.

The render writes HTML (a citation's link, a backlink) into Markdown that the host will not rewrite,
so it computes the address the host would: a page ``foo.md`` is ``foo/`` with directory URLs (the
hosted site) and ``foo.html`` without (the offline pack); ``index.md`` (or ``README.md``) is its
folder's ``index.html``; any other file keeps its path. A link is relative to the page it is on.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote

_INDEX_NAMES = ("index", "README")


def is_page(src_uri: str) -> bool:
    return src_uri.endswith(".md")


def dest_uri(src_uri: str, directory_urls: bool) -> str:
    """The file the site holds for ``src_uri``."""
    if not is_page(src_uri):
        return src_uri
    parent, filename = posixpath.split(src_uri)
    name = filename[: -len(".md")]
    if not directory_urls or name in _INDEX_NAMES:
        return posixpath.join(parent, ("index" if name in _INDEX_NAMES else name) + ".html")
    return posixpath.join(parent, name, "index.html")


def url(src_uri: str, directory_urls: bool) -> str:
    """The URL of ``src_uri``'s page (or file), relative to the site's root."""
    address = dest_uri(src_uri, directory_urls)
    folder, filename = posixpath.split(address)
    if directory_urls and filename == "index.html":
        address = (folder or ".") + "/"
    return quote(address)


def _parts(path: str) -> list[str]:
    path = posixpath.normpath("/" + path)[1:]
    return path.split("/") if path else []


def relative_url(to_url: str, from_url: str) -> str:
    """``to_url`` as a link on the page at ``from_url`` (both relative to the site's root)."""
    folder, _, name = from_url.rpartition("/")
    if "." in name:
        from_url = folder
    here, there = _parts(from_url), _parts(to_url)
    common = 0
    for a, b in zip(here, there):
        if a != b:
            break
        common += 1
    relative = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    return relative + "/" if to_url.endswith("/") else relative


def link(from_src: str, to_src: str, fragment: str = "", directory_urls: bool = True) -> str:
    """The link on page ``from_src`` to ``to_src`` (and its ``fragment``), as the host writes it."""
    address = relative_url(url(to_src, directory_urls), url(from_src, directory_urls))
    return f"{address}#{fragment}" if fragment else address
