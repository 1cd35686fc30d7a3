"""Two builds of one course compared page by page, as a reader follows them: the same pages, and on
each the same anchors, the same links, the same citations (their target, work and hover text) and the
same backlinks. What a host writes for itself (its ``<meta name="generator">``, its highlighting, a
search dialog's name) is not compared: ids, links and citations are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


BACKLINK_CLASSES = ("cited-in-pages", "listed-in-guides")  # an entry's "Cited in": its pages and its guides


@dataclass
class PageFacts:
    ids: list[str] = field(default_factory=list)
    content_ids: list[str] = field(default_factory=list)  # those of the page's own content (its <article>)
    links: list[str] = field(default_factory=list)  # every <a href>, in order
    citations: list[tuple[str, str, str]] = field(default_factory=list)  # (href, data-cite, data-reference)
    backlinks: list[tuple[str, str]] = field(default_factory=list)  # "Cited in": (href, label)
    text: str = ""  # the article's text, white space folded


class _Facts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.facts = PageFacts()
        self._backlink: list | None = None  # inside a "Cited in" paragraph: the open link, if any
        self._cited_in: list = []  # the "Cited in" list or guides paragraph we are inside: [tag, depth]
        self._article = 0
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self._article += 1
        if attrs.get("id"):
            self.facts.ids.append(attrs["id"])
            if self._article and not attrs["id"].startswith("__"):  # "__skip" and the like: the theme's own
                self.facts.content_ids.append(attrs["id"])
        if self._cited_in and tag == self._cited_in[0]:
            self._cited_in[1] += 1
        elif not self._cited_in and attrs.get("class") in BACKLINK_CLASSES:
            self._cited_in = [tag, 1]
        if tag == "a" and attrs.get("href") is not None:
            self.facts.links.append(attrs["href"])
            if "citation-link" in (attrs.get("class") or "").split():
                self.facts.citations.append((attrs["href"], attrs.get("data-cite", ""), attrs.get("data-reference", "")))
            if self._cited_in:
                self._backlink = [attrs["href"], ""]

    def handle_endtag(self, tag):
        if tag == "a" and self._backlink is not None:
            self.facts.backlinks.append((self._backlink[0], self._backlink[1]))
            self._backlink = None
        if self._cited_in and tag == self._cited_in[0]:
            self._cited_in[1] -= 1
            if not self._cited_in[1]:
                self._cited_in = []
        if tag == "article":
            self._article -= 1

    def handle_data(self, data):
        if self._backlink is not None:
            self._backlink[1] += data
        if self._article:
            self._text.append(data)

    def close(self):
        super().close()
        self.facts.text = " ".join("".join(self._text).split())


def page_facts(path: Path) -> PageFacts:
    parser = _Facts()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.facts


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


EVERYTHING = ("ids", "links", "citations", "backlinks", "text")
CONTENT = ("content_ids", "citations", "backlinks")  # what another theme's pages share with ours


def differences(expected_site: Path, actual_site: Path, facts=EVERYTHING) -> list[str]:
    """Every way ``actual_site`` differs from ``expected_site``, page by page ([] when they agree):
    the same pages, and on each the same ``facts``."""
    expected_pages, actual_pages = html_pages(expected_site), html_pages(actual_site)
    out = [f"{page}: missing" for page in expected_pages if page not in actual_pages]
    out += [f"{page}: not in the expected site" for page in actual_pages if page not in expected_pages]
    for page in sorted(set(expected_pages) & set(actual_pages)):
        want, got = page_facts(expected_site / page), page_facts(actual_site / page)
        for name in facts:
            a, b = getattr(want, name), getattr(got, name)
            if a != b:
                out.append(f"{page}: {name} differ: {_first_difference(a, b)}")
    return out


def _first_difference(a, b) -> str:
    if isinstance(a, str):
        index = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        return f"at {index}: expected …{a[max(0, index - 60):index + 60]!r}… got …{b[max(0, index - 60):index + 60]!r}…"
    for index, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"item {index}: expected {x!r}, got {y!r}"
    return f"expected {len(a)} items, got {len(b)} (first extra: {(a[len(b):] or b[len(a):])[0]!r})"
