"""Summarise what a pull request changes in the hosted site: pages, citations and works.

Compares two builds of the hosted site (the base branch's and the pull request's) page by page: a
page's reading content (its <article>) changed, appeared or went; which citations in the text each
page gained or lost; which works entered or left the bibliography. The whole-course page repeats the chapters,
so it is left out. Standard library only, so it runs before any set-up.

Usage: python scripts/pr_summary.py BASE_SITE HEAD_SITE [--markdown FILE] [--json FILE]
A BASE_SITE that does not exist (the base branch did not build) is reported as such.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

MARKER = "<!-- course-preview -->"  # lets the comment job find and update its own comment
MAX_ROWS = 40  # per list, so a sweeping change still makes a readable comment

_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.DOTALL)
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.DOTALL)
_CITATION = re.compile(r'<span class="citation">(.*?)</span>', re.DOTALL)  # one citation as written
_CITE = re.compile(r'data-cite="([^"]+)"')
_WORK = re.compile(r'<div class="csl-entry" id="([^"]+)"><p class="reference">(.*?)</p>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
WHOLE_COURSE = 'class="whole-course-chapter"'


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", _HEADERLINK.sub("", fragment))).split())


@dataclass
class PageData:
    title: str
    content: str
    citations: Counter = field(default_factory=Counter)


@dataclass
class SiteData:
    pages: dict[str, PageData] = field(default_factory=dict)  # URL path → page
    works: dict[str, str] = field(default_factory=dict)  # key → reference text


def citations_in(article: str) -> Counter:
    """How often each work is cited in the text: once per citation, though a narrative one has two links."""
    counts: Counter = Counter()
    for citation in _CITATION.findall(article):
        counts.update({html.unescape(key) for key in _CITE.findall(citation)})
    return counts


def page_url(site: Path, path: Path) -> str:
    relative = path.relative_to(site).as_posix()
    return relative[: -len("index.html")] if relative.endswith("index.html") else relative


def read_site(site: Path) -> SiteData:
    data = SiteData()
    for path in sorted(site.rglob("*.html")):
        if path.name == "404.html":
            continue
        match = _ARTICLE.search(path.read_text(encoding="utf-8"))
        if not match or WHOLE_COURSE in match.group(1):
            continue
        article = match.group(1)
        url = page_url(site, path) or "/"
        heading = _H1.search(article)
        title = text_of(heading.group(1)) if heading else url
        data.pages[url] = PageData(title, article, citations_in(article))
        for key, reference in _WORK.findall(article):
            data.works[html.unescape(key)] = text_of(reference)
    return data


def summarise(base: SiteData | None, head: SiteData) -> dict:
    """The change from ``base`` to ``head`` as plain data (``base`` None: the base did not build)."""
    if base is None:
        return {"base_built": False, "pages": {"added": [], "removed": [], "changed": []},
                "citations": {"added": [], "removed": []}, "works": {"added": [], "removed": []}}

    def page_row(url: str, site: SiteData) -> dict:
        return {"url": url, "title": site.pages[url].title}

    pages = {
        "added": [page_row(u, head) for u in sorted(head.pages.keys() - base.pages.keys())],
        "removed": [page_row(u, base) for u in sorted(base.pages.keys() - head.pages.keys())],
        "changed": [page_row(u, head) for u in sorted(head.pages.keys() & base.pages.keys())
                    if head.pages[u].content != base.pages[u].content],
    }
    added, removed = [], []
    for url in sorted(head.pages.keys() | base.pages.keys()):
        before = base.pages[url].citations if url in base.pages else Counter()
        after = head.pages[url].citations if url in head.pages else Counter()
        for key in sorted(before.keys() | after.keys()):
            delta = after[key] - before[key]
            row = {"url": url, "key": key, "count": abs(delta)}
            if delta > 0:
                added.append(row)
            elif delta < 0:
                removed.append(row)
    works = {
        "added": [{"key": k, "reference": head.works[k]} for k in sorted(head.works.keys() - base.works.keys())],
        "removed": [{"key": k, "reference": base.works[k]} for k in sorted(base.works.keys() - head.works.keys())],
    }
    return {"base_built": True, "pages": pages, "citations": {"added": added, "removed": removed}, "works": works}


def _rows(items: list, line) -> list[str]:
    out = [line(item) for item in items[:MAX_ROWS]]
    if len(items) > MAX_ROWS:
        out.append(f"- … and {len(items) - MAX_ROWS} more")
    return out


def _code(text: str) -> str:
    return "`" + text.replace("`", "'") + "`"


def to_markdown(summary: dict) -> str:
    lines = [MARKER, "### What this pull request changes in the course", ""]
    if not summary["base_built"]:
        lines += ["The base branch did not build, so there is nothing to compare with.", ""]
        return "\n".join(lines)
    pages, citations, works = summary["pages"], summary["citations"], summary["works"]
    if not any([*pages.values(), *citations.values(), *works.values()]):
        lines += ["No change to any page, citation or work.", ""]
        return "\n".join(lines)

    lines.append(f"**Pages:** {len(pages['changed'])} changed, {len(pages['added'])} added, "
                 f"{len(pages['removed'])} removed")
    for kind in ("changed", "added", "removed"):
        lines += _rows(pages[kind], lambda p, kind=kind: f"- {kind}: {p['title']} ({_code(p['url'])})")
    lines += ["", f"**Citations:** {sum(c['count'] for c in citations['added'])} added, "
                  f"{sum(c['count'] for c in citations['removed'])} removed"]
    for kind, sign in (("added", "+"), ("removed", "−")):
        lines += _rows(citations[kind], lambda c, sign=sign: f"- {sign}{c['count']} {_code('@' + c['key'])} "
                                                              f"on {_code(c['url'])}")
    lines += ["", f"**Works in the bibliography:** {len(works['added'])} added, {len(works['removed'])} removed"]
    for kind in ("added", "removed"):
        lines += _rows(works[kind], lambda w, kind=kind: f"- {kind}: {_code(w['key'])}: {w['reference']}")
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_site", type=Path)
    parser.add_argument("head_site", type=Path)
    parser.add_argument("--markdown", type=Path, help="write the comment's Markdown here (default: stdout)")
    parser.add_argument("--json", type=Path, help="write the summary as JSON here")
    args = parser.parse_args(argv)
    if not (args.head_site / "index.html").is_file():
        parser.error(f"{args.head_site} holds no built site (no index.html): build it first")
    base = read_site(args.base_site) if (args.base_site / "index.html").is_file() else None
    summary = summarise(base, read_site(args.head_site))
    markdown = to_markdown(summary)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(markdown, encoding="utf-8")
    else:
        sys.stdout.write(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
