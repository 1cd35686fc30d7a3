"""Script the head site would run that the base site does not: new ``<script>`` elements, event
handler attributes (``onclick=…``) and ``javascript:``/``data:`` URLs, page by page.

Every HTML (and SVG) file of both sites is read, theme included. A page is compared with the same
page of the base (only their articles, when the theme's part around them is the same: a large
course then costs little more than its changed pages); a new page with the base's home page and
the pages beside it (the theme's own scripts are on every page). Relative paths are resolved from
the page, so a script moved with its page is not new. A ``<script>`` of a data type
(``application/json``) runs nothing and is left out.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from .site import ARTICLE

# Attributes that hold a URL a browser may load or follow.
URL_ATTRIBUTES = frozenset("""action background cite classid codebase data dynsrc formaction href icon
longdesc lowsrc manifest ping poster profile src srcset usemap xlink:href""".split())
SCRIPT_TYPES = frozenset({"", "module", "text/javascript", "application/javascript", "application/ecmascript",
                          "text/ecmascript", "text/jscript", "text/livescript", "application/x-javascript"})
SNIPPET = 160  # characters of the offending markup shown to the reviewer
_CONTROL = re.compile(r"[\x00-\x20]+")  # browsers ignore these inside a URL's scheme
_RELATIVE_BASE = re.compile(r"([\"'])\.{1,2}(?:/\.\.)*/?\1")  # Material's "../.." page base in its inline script


class _Scan(HTMLParser):
    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        self.found: list[tuple[str, str, str]] = []  # (what, normalised for comparison, snippet)
        self.anchors: list[str] = []  # the heading anchor each finding stands under
        self._anchor = ""
        self._script: tuple[str, list[str]] | None = None  # start tag, text

    def _add(self, what: str, key: str, snippet: str) -> None:
        self.found.append((what, key, snippet[:SNIPPET] + ("…" if len(snippet) > SNIPPET else "")))
        self.anchors.append(self._anchor)

    def handle_starttag(self, tag, attrs):
        start = self.get_starttag_text() or f"<{tag}>"
        if re.fullmatch(r"h[1-6]", tag):
            self._anchor = dict(attrs).get("id") or self._anchor
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self._add("event handler", f"{tag} {name}={value}", start)
            elif name in URL_ATTRIBUTES or (tag == "meta" and name == "content" and "url=" in value.lower()):
                scheme = _CONTROL.sub("", value).lower()
                scheme = scheme.split("url=", 1)[1] if tag == "meta" and "url=" in scheme else scheme
                if scheme.startswith(("javascript:", "data:", "vbscript:")):
                    self._add(f"{scheme.split(':', 1)[0]}: URL", f"{tag} {name}={value}", start)
        if tag == "script":
            kind = (dict(attrs).get("type") or "").strip().lower()
            if kind in SCRIPT_TYPES:
                src = dict(attrs).get("src")
                if src is not None:
                    self._add("script", "script src=" + self._resolve(src), start)
                else:
                    self._script = (start, [])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            start, text = self._script
            self._script = None
            body = " ".join("".join(text).split())
            self._add("script", "script:" + _RELATIVE_BASE.sub('"."', body), start + body)

    def _resolve(self, src: str) -> str:
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//", src, re.IGNORECASE):
            return src
        return posixpath.normpath(posixpath.join(posixpath.dirname(self.url), src))


def findings(text: str, url: str) -> list[tuple[str, str, str, str]]:
    """What in ``text`` (a page at ``url``) may run: (what, key to compare, snippet, anchor)."""
    parser = _Scan(url)
    parser.feed(text)
    parser.close()
    return [(*found, anchor) for found, anchor in zip(parser.found, parser.anchors)]


def _files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted([*site.rglob("*.html"), *site.rglob("*.svg")])}


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _split(text: str) -> tuple[str, str]:
    """(the page around its article, the article): the theme's part is the same on most pages."""
    match = ARTICLE.search(text)
    return (text[: match.start()] + text[match.end():], match.group(0)) if match else (text, "")


def _new_on_page(old: str | None, new: str, url: str, baseline: Counter) -> list[tuple[str, str, str, str]]:
    """The findings of ``new`` that ``old`` (the same page in the base; None: ``baseline``) has not."""
    if old is not None:
        (old_frame, old_article), (new_frame, new_article) = _split(old), _split(new)
        if old_frame == new_frame:  # only the article changed: the theme's part brings nothing new
            old, new = old_article, new_article
        known = Counter(key for _, key, _, _ in findings(old, url))
    else:
        known = +baseline
    out = []
    for found in findings(new, url):
        if known[found[1]] > 0:
            known[found[1]] -= 1
        else:
            out.append(found)
    return out


def _page_url(path: str) -> str:
    return path[: -len("index.html")] if path.endswith("index.html") else path


def compare(base: Path, head: Path) -> list[dict]:
    """What would run in the head site and does not in the base, per page, with a snippet. A page
    new in the head is compared with the base's home page and the pages beside it."""
    old_files, new_files = _files(base), _files(head)
    baselines: dict[str, Counter] = {}

    def baseline(path: str) -> Counter:
        folder = posixpath.dirname(posixpath.dirname(path))  # chapters/three/index.html: chapters
        if folder not in baselines:
            beside = [p for p in old_files if p.endswith(".html") and posixpath.dirname(posixpath.dirname(p)) == folder]
            known: Counter = Counter()
            for other in sorted({"index.html", *beside[:3]} & old_files.keys()):
                known |= Counter(key for _, key, _, _ in findings(_read(old_files[other]), other))
            baselines[folder] = known
        return baselines[folder]

    out = []
    for path, file in new_files.items():
        new = _read(file)
        old = _read(old_files[path]) if path in old_files else None
        if old == new:
            continue
        for what, _, snippet, anchor in _new_on_page(old, new, path, baseline(path) if old is None else Counter()):
            out.append({"page": path, "url": _page_url(path), "what": what, "snippet": snippet, "anchor": anchor})
    return out
