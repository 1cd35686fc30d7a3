"""Each page's "Last updated" date: the last commit that changed what the page is made from.

A page written in ``docs/`` is made from its file; the bibliography page from its file and the
``.bib`` files too. Pages the hooks generate from many files (guides, glossary, whole course) get
no date. The dates come from git's history (``coursekit.git_dates``), never from the clock, so a
rebuild of the same commit is byte-identical; outside a checkout, and for files a shallow clone
cannot date, there is no date (``--verbose`` says why). Material prints ``revision_date`` at the
foot of the page.
"""

from __future__ import annotations

from pathlib import Path

import build_state
from coursekit import git_dates
from coursekit.course.settings import bibliography_files
from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger(__name__)

_dates: list[git_dates.FileDates] = [git_dates.FileDates()]


def on_config(config):
    dates = git_dates.read(Path(config.config_file_path).parent)
    _dates[0] = dates
    if dates.root is None:
        log.debug("not a git checkout: pages have no last-updated date")
    elif dates.shallow:
        log.info(f"a shallow clone: {len(dates.unknown)} file(s) changed last at or before its first commit "
                 f"have no last-updated date (clone with the full history: fetch-depth: 0)")
    return config


def sources(page) -> list[Path]:
    if page.file.generated_by is not None or not page.file.abs_src_path:
        return []
    made_from = [Path(page.file.abs_src_path)]
    course = build_state.course
    if page.file.src_uri == course.bib_page:
        made_from += [path for path, _ in bibliography_files(course.settings)[0]]
    return made_from


def on_page_context(context, page, config, nav):
    date = git_dates.last_updated(_dates[0], sources(page))
    if date is not None:
        page.meta["revision_date"] = date
    return context
