"""A built site as a reader sees it: each page's blocks of text, the citations in them, its ids.

Only the stable surfaces of the build are read: a page's ``<article>``, its headings and their ids,
``<span class="citation">`` with the ``data-cite`` keys of its links, and the bibliography's
``div.csl-entry[id]``. A reference list's entries (``.csl-entry``) are not blocks of text: a work's
change is reported once, as a work, not on every page that lists it.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.DOTALL)
WHOLE_COURSE = 'class="whole-course-chapter"'  # repeats every chapter: each change would show twice
REPORT_MARK = "course-changes-report"  # the report page itself (scripts/preview_report/report.py)
# The instructor's view (hooks/audience.py), the same pages again: each change would show twice. Its
# markup is still checked for scripts (markup.py reads every file).
INSTRUCTOR_VIEW = "instructor"

KINDS = {"p": "paragraph", "li": "list item", "tr": "table row", "dt": "term", "dd": "definition",
         "summary": "summary", "figcaption": "caption", "caption": "caption", "pre": "code block",
         **{f"h{n}": "heading" for n in range(1, 7)}}
HEADINGS = frozenset(f"h{n}" for n in range(1, 7))
VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
UNREAD = frozenset({"script", "style", "template", "svg"})  # no text a reader reads
_SPACE = re.compile(r"\s+")
_ID = re.compile(r'\sid="([^"]*)"')
_ENTRY = '<div class="csl-entry" id="'
_REFERENCE = re.compile(r'<div class="csl-entry" id="([^"]+)"><p class="reference">(.*?)</p>', re.DOTALL)
_CSL_ENTRY = re.compile(r'<(div|li) class="csl-entry"[^>]*>.*?</\1>', re.DOTALL)  # neither nests its own tag
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Citation:
    keys: tuple[str, ...]
    text: str  # as the reader sees it: "(Foot and Walter 2011, 6)"
    start: int  # where it begins in its block's text
    anchor: str
    section: str


@dataclass
class Block:
    kind: str  # "paragraph", "list item", …
    text: str
    anchor: str  # the block's own id, else the id of the heading it stands under ("" before any)
    section: str  # that heading's text
    citations: list[Citation] = field(default_factory=list)


@dataclass
class Page:
    url: str  # as hosted: "chapters/two/" ("" is the home page)
    title: str
    blocks: list[Block]
    ids: set[str]
    references: dict[str, str]  # the bibliography's entries on this page: key → reference text


class Site:
    """The pages of a built site, each read only when asked for: an unchanged page of a large course
    is hashed, never parsed."""

    def __init__(self, folder: Path | None = None) -> None:
        self.files: dict[str, Path] = {}  # URL → its HTML file
        self.digests: dict[str, bytes] = {}  # URL → digest of its article
        self.bibliographies: list[str] = []  # URLs of the pages with bibliography entries
        self._pages: dict[str, Page | None] = {}
        self._ids: dict[str, set[str]] = {}
        if folder is not None:
            self._index(folder)

    def _index(self, folder: Path) -> None:
        for path in sorted(folder.rglob("*.html")):
            if path.name == "404.html" or path.relative_to(folder).parts[0] == INSTRUCTOR_VIEW:
                continue
            article = _article(path.read_text(encoding="utf-8", errors="replace"))
            if article is None:
                continue
            url = page_url(folder, path)
            self.files[url] = path
            self.digests[url] = hashlib.blake2b(article.encode(), digest_size=16).digest()
            if _ENTRY in article:
                self.bibliographies.append(url)

    @property
    def urls(self) -> set[str]:
        return set(self.files)

    def page(self, url: str) -> Page | None:
        if url not in self._pages:
            path = self.files.get(url)
            self._pages[url] = read_page(path.read_text(encoding="utf-8", errors="replace"), url) if path else None
        return self._pages[url]

    def ids(self, url: str) -> set[str]:
        """The ids on a page (without parsing it)."""
        if url not in self._ids:
            path = self.files.get(url)
            article = _article(path.read_text(encoding="utf-8", errors="replace")) if path else None
            self._ids[url] = {html.unescape(i) for i in _ID.findall(article or "")}
        return self._ids[url]

    def references(self) -> dict[str, tuple[str, str]]:
        """Every bibliography entry: key → (URL of its page, reference text)."""
        return {key: (url, text) for url in self.bibliographies for key, text in self.page(url).references.items()}

    def place(self, url: str, anchor: str = "") -> tuple[str, str]:
        """(url, anchor) of a page of this site, the anchor kept only where the page has that id."""
        if url not in self.files:
            return "", ""
        return url, anchor if anchor and anchor in self.ids(url) else ""

    def find_id(self, ident: str, prefer: str = "") -> tuple[str, str]:
        """The page that has ``ident`` (one whose URL starts with ``prefer`` first)."""
        for url in sorted(self.files, key=lambda u: (not u.startswith(prefer), u)):
            if ident in self.ids(url):
                return url, ident
        return "", ""

    def heading(self, text: str, prefer: str = "") -> tuple[str, str]:
        """The page and id of the heading that reads ``text``: on a page whose URL starts with
        ``prefer``, or else on any."""
        preferred = sorted(u for u in self.files if u.startswith(prefer))
        for urls in (preferred, sorted(self.files.keys() - set(preferred))):
            for url in urls:
                page = self.page(url)
                anchor = next((b.anchor for b in page.blocks if b.kind == "heading" and b.text == text and b.anchor),
                              "") if page else ""
                if anchor:
                    return url, anchor
        return "", ""


class _Reader(HTMLParser):
    """One article: its blocks in document order, with their citations, and the ids of the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[int, Block]] = []
        self.ids: set[str] = set()
        self.title = ""
        self._stack: list[tuple[str, bool, bool, str]] = []  # tag, hides its text, opened a block, role
        self._hidden = 0
        self._open: list[tuple[int, str, str, list[str], list[Citation]]] = []  # order, tag, id, text, citations
        self._order = 0
        self._anchor, self._section = "", ""
        self._citation: tuple[list[str], list[str], int] | None = None  # keys, text, start

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        ident, classes = attrs.get("id") or "", (attrs.get("class") or "").split()
        if ident:
            self.ids.add(ident)
        if tag in VOID:
            if tag == "br":
                self._text(" ")
            return
        role = ""
        if tag == "span" and "citation" in classes and not self._hidden and self._citation is None:
            role, self._citation = "citation", ([], [], self._length())
        hides = tag in UNREAD or "headerlink" in classes
        self._hidden += hides
        opens = tag in KINDS and not self._hidden
        self._stack.append((tag, hides, opens, role))
        if opens:
            self._order += 1
            self._open.append((self._order, tag, ident, [], []))
        if tag in ("td", "th") and self._open and self._open[-1][1] == "tr" and "".join(self._open[-1][3]).strip():
            self._text(" | ")
        if self._citation is not None and tag == "a" and attrs.get("data-cite"):
            keys = self._citation[0]
            if attrs["data-cite"] not in keys:  # a narrative citation links its work twice
                keys.append(attrs["data-cite"])

    def handle_endtag(self, tag):
        if not any(open_tag == tag for open_tag, *_ in self._stack):
            return  # a stray end tag
        while self._stack:
            open_tag, hides, opens, role = self._stack.pop()
            self._hidden -= hides
            if opens:
                self._close_block()
            if role == "citation":
                self._close_citation()
            if open_tag == tag:
                return

    def handle_data(self, data):
        if self._hidden:
            return
        self._text(data)
        if self._citation is not None:
            self._citation[1].append(data)

    def _text(self, data: str) -> None:
        if self._open:
            self._open[-1][3].append(data)

    def _length(self) -> int:
        """Where the next text will begin in the current block's final text."""
        return len(_SPACE.sub(" ", "".join(self._open[-1][3])).lstrip()) if self._open else 0

    def _close_citation(self) -> None:
        keys, text, start = self._citation
        self._citation = None
        if keys and self._open:
            self._open[-1][4].append(Citation(tuple(keys), _normal("".join(text)), start, "", ""))

    def _close_block(self) -> None:
        order, tag, ident, text, citations = self._open.pop()
        joined = _normal("".join(text))
        if tag in HEADINGS:
            if tag == "h1" and not self.title:
                self.title = joined
            if ident:
                self._anchor, self._section = ident, joined
        if not joined:
            return
        anchor = ident or self._anchor
        section = joined if tag in HEADINGS and ident else self._section
        placed = [Citation(c.keys, c.text, c.start, anchor, section) for c in citations]
        self.blocks.append((order, Block(KINDS[tag], joined, anchor, section, placed)))


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def page_url(site: Path, path: Path) -> str:
    relative = path.relative_to(site).as_posix()
    return relative[: -len("index.html")] if relative.endswith("index.html") else relative


def _article(text: str) -> str | None:
    match = ARTICLE.search(text)
    if not match or WHOLE_COURSE in match.group(1) or REPORT_MARK in match.group(1):
        return None
    return match.group(1)


def _text_of(fragment: str) -> str:
    return _normal(html.unescape(_TAG.sub("", fragment)))


def read_page(text: str, url: str) -> Page | None:
    article = _article(text)
    if article is None:
        return None
    references = {html.unescape(key): _text_of(reference) for key, reference in _REFERENCE.findall(article)}
    entry_ids = {html.unescape(i) for entry in _CSL_ENTRY.finditer(article) for i in _ID.findall(entry.group(0))}
    reader = _Reader()
    reader.feed(_CSL_ENTRY.sub("", article))  # read as works, not as text: thousands of them on the bibliography
    reader.close()
    blocks = [block for _, block in sorted(reader.blocks, key=lambda pair: pair[0])]
    return Page(url, reader.title or url or "Home", blocks, reader.ids | entry_ids, references)


def read_site(site: Path) -> Site:
    return Site(site)
