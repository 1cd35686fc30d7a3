"""Glossary abbreviations as hover tooltips on every page (Python-Markdown's ``abbr``).

The definitions come from ``course/glossary.yml``, as the glossary page does, so the two never
disagree. They are appended to each page's Markdown after every other hook has read it, as the
snippets extension's ``auto_append`` would, but without a file: nothing is written, and the snippets
extension is given no folder outside the project to read from.
"""

from __future__ import annotations

import build_state
from coursekit.course.glossary import abbreviations_markdown, load_glossary
from mkdocs.plugins import event_priority

_definitions = [""]  # this build's abbreviation definitions, one line each


@event_priority(90)  # after course_data loads the course, before pages are rendered
def on_config(config):
    course = build_state.course
    _definitions[0] = ""
    if not course.path("glossary").exists():
        return config  # a course without a glossary is fine
    glossary, problems = load_glossary(course.path("glossary"), course.shown("glossary"), course.known_keys)
    course.problems.extend(problems)
    course.glossary = glossary
    if glossary is None:
        return config
    _definitions[0] = abbreviations_markdown(glossary)
    if "abbr" not in config.markdown_extensions:
        config.markdown_extensions.append("abbr")
    return config


@event_priority(-50)  # last: the definitions' lines shift no line another hook reports
def on_page_markdown(markdown: str, page, config, files):
    if not _definitions[0]:
        return markdown
    return f"{markdown}\n\n{_definitions[0]}"
