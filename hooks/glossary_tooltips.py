"""Glossary abbreviations as hover tooltips on every page (``abbr`` + pymdownx.snippets auto-append).

The snippet is generated from ``course/glossary.yml`` into a temporary folder (never into docs/),
so the tooltips and the glossary page come from one file.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import build_state
from coursekit.course.glossary import abbreviations_markdown, load_glossary
from mkdocs.plugins import event_priority

_folder = tempfile.TemporaryDirectory(prefix="coursekit-")
SNIPPET = "coursekit-abbreviations.md"


@event_priority(90)  # after course_data loads the course, before pages are rendered
def on_config(config):
    course = build_state.course
    if not course.path("glossary").exists():
        return config  # a course without a glossary is fine
    glossary, problems = load_glossary(course.path("glossary"), course.shown("glossary"), course.known_keys)
    course.problems.extend(problems)
    course.glossary = glossary
    if glossary is None:
        return config
    snippet = Path(_folder.name) / SNIPPET
    snippet.write_text(abbreviations_markdown(glossary), encoding="utf-8")
    snippets = config.mdx_configs.setdefault("pymdownx.snippets", {})
    snippets["base_path"] = [*_as_list(snippets.get("base_path", ["."])), _folder.name]
    snippets["auto_append"] = [*_as_list(snippets.get("auto_append", [])), SNIPPET]
    if "pymdownx.snippets" not in config.markdown_extensions:
        config.markdown_extensions.append("pymdownx.snippets")
    return config


def _as_list(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]
