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

import html
import posixpath
import re
from collections import Counter
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


# A page read as a browser tokenises it, as far as running code goes: comments and raw-text elements
# hold no tags, a <script> holds its code, every other start tag its attributes. A regular expression
# rather than html.parser: a large course's bibliography page is megabytes of tags, read 30 times faster.
_TOKEN = re.compile(
    r"<!--.*?-->"
    r"|<(?P<raw>style|textarea|title|xmp|noscript)\b[^>]*>.*?</(?P=raw)\s*>"
    r"|<script\b(?P<script>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>(?P<code>.*?)(?:</script\s*>|\Z)"
    r"|<(?P<tag>[a-zA-Z][^\s/>]*)(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.DOTALL | re.IGNORECASE)
_ATTRIBUTE = re.compile(r"([^\s/>\"'=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
_MAYBE = re.compile(r"[:&]|(?:^|[\s\"'/])on", re.IGNORECASE)  # attributes worth a closer look
_HEADING = re.compile(r"h[1-6]", re.IGNORECASE)


def _attributes(text: str) -> list[tuple[str, str]]:
    out = []
    for name, value in _ATTRIBUTE.findall(text):
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        out.append((name.lower(), html.unescape(value)))
    return out


def _resolve(src: str, url: str) -> str:
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//", src, re.IGNORECASE):
        return src
    return posixpath.normpath(posixpath.join(posixpath.dirname(url), src))


def _snippet(text: str) -> str:
    return text[:SNIPPET] + ("…" if len(text) > SNIPPET else "")


def _scheme(tag: str, name: str, value: str) -> str:
    """The scheme a URL attribute's value has, as a browser reads it ("" for none)."""
    if name not in URL_ATTRIBUTES and not (tag == "meta" and name == "content"):
        return ""
    value = _CONTROL.sub("", value).lower()
    if tag == "meta":  # <meta http-equiv="refresh" content="0; url=…">
        value = value.split("url=", 1)[1] if "url=" in value else ""
    return value.split(":", 1)[0] if value.startswith(("javascript:", "data:", "vbscript:")) else ""


def findings(text: str, url: str) -> list[tuple[str, str, str, str]]:
    """What in ``text`` (a page at ``url``) may run: (what, key to compare, snippet, anchor)."""
    out = []
    anchor = ""  # the id of the last heading: where a finding stands
    for token in _TOKEN.finditer(text):
        if token.group("script") is not None:
            attrs = dict(_attributes(token.group("script")))
            if (attrs.get("type") or "").strip().lower() not in SCRIPT_TYPES:
                continue
            start = token.group(0)[: token.start("code") - token.start()]
            if "src" in attrs:
                out.append(("script", "script src=" + _resolve(attrs["src"], url), _snippet(start), anchor))
            else:
                code = " ".join(token.group("code").split())
                out.append(("script", "script:" + _RELATIVE_BASE.sub('"."', code), _snippet(start + code), anchor))
            continue
        tag, attrs = token.group("tag"), token.group("attrs")
        if not tag or not attrs or not (_MAYBE.search(attrs) or _HEADING.fullmatch(tag)):
            continue
        tag = tag.lower()
        for name, value in _attributes(attrs):
            if name == "id" and _HEADING.fullmatch(tag):
                anchor = value
            elif name.startswith("on"):
                out.append(("event handler", f"{tag} {name}={value}", _snippet(token.group(0)), anchor))
            elif scheme := _scheme(tag, name, value):
                out.append((f"{scheme}: URL", f"{tag} {name}={value}", _snippet(token.group(0)), anchor))
    return out


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
