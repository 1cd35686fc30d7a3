"""Render what bookdown and Quarto books write in pandoc's Markdown (``coursekit.render.pandoc_markdown``).

``on_files`` learns every page's labels (headings, figures, R chunks), where some page
cross-references one; ``on_page_markdown``, before the citations are read, rewrites each page's
pandoc extensions line for line, and reports a cross-reference to a label the course lacks. What
could not be shown as the book shows it (R code that nothing runs) is summed up once, in one line.
"""

from __future__ import annotations

from collections import Counter

import build_state
from citations import body_first_line
from coursekit.render import pandoc_markdown
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

_pages: set[str] = set()  # the pages that may hold pandoc's extensions (src_uri)
_targets: dict[str, pandoc_markdown.Target] = {}
_counts: Counter = Counter()
_first: dict[str, str] = {}  # kind → "docs/page.md:line:col" of its first occurrence


def on_config(config):
    _pages.clear()
    _targets.clear()
    _counts.clear()
    _first.clear()
    return config


@event_priority(80)  # after hooks/page_sources.py has made every page readable
def on_files(files: Files, config):
    pages = [f for f in files.documentation_pages() if f.generated_by is None]
    _pages.update(f.src_uri for f in pages if pandoc_markdown.uses_pandoc_markdown(f.content_string))
    if any(pandoc_markdown.needs_targets(f.content_string) for f in pages if f.src_uri in _pages):
        for file in pages:
            for label, target in pandoc_markdown.targets_of(file.content_string, file.src_uri).items():
                _targets.setdefault(label, target)
    return files


@event_priority(20)  # before hooks/citations.py reads the citations
def on_page_markdown(markdown: str, page: Page, config, files: Files):
    if page.file.src_uri not in _pages:  # tested once, in on_files
        return markdown
    course = build_state.course
    path = f"docs/{page.file.src_uri}"
    adapted = pandoc_markdown.adapt(markdown, path, page.file.src_uri, body_first_line(page, markdown), _targets,
                                    course.bibliography.entries)
    if page.file.generated_by is None:
        course.problems.extend(adapted.problems)
    _counts.update(adapted.counts)
    for kind, (line, col) in adapted.first.items():
        _first.setdefault(kind, f"{path}:{line}:{col}")
    return adapted.markdown


def on_env(env, config, files):
    if _counts:
        listing = "; ".join(f"{count} {kind} (first at {_first[kind]})" for kind, count in sorted(_counts.items()))
        log.info("pandoc Markdown that MkDocs cannot run or show: %s — to keep what R makes, render the book "
                 "to Markdown first (quarto render --to gfm, or bookdown's md_document) and use that", listing)
    return env
