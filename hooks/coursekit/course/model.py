"""The course as data: its settings, bibliography, notes maps and what each page cites.

One ``Course`` is built per build (``load``); adapters fill in what pages cite as they render.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..bib import bibtex
from ..diagnostics import Problem, Problems
from .notes import NotesMap, load_notes_dir
from ..style.formatted import Style
from ..yamlpos import LineDict, load_file, position

CONFIG_FILE = "course/course.yml"
DEFAULTS = {
    "bibliography": "bibliography/references.bib",
    "notes": "bibliography/notes",
    "glossary": "course/glossary.yml",
    "guides": "course/guides.yml",
    "bibliography_page": "bibliography.md",
    "glossary_page": "glossary.md",
    "sources_dir": "../shared/sources",
}


@dataclass(slots=True)  # held by the thousand for the whole build
class Citing:
    """One place that cites a work: a page, the section (heading anchor) and its title."""

    page: str  # source path of the page, e.g. "chapters/foot.md"
    anchor: str
    title: str


@dataclass
class Course:
    root: Path
    settings: dict
    bibliography: bibtex.Bibliography
    style: Style
    notes: dict[str, NotesMap]
    uncited: dict[str, tuple[int, int]]
    source_texts: dict[str, Path]
    problems: Problems = field(default_factory=Problems)
    cited_by: dict[str, list[Citing]] = field(default_factory=dict)
    page_keys: dict[str, list[str]] = field(default_factory=dict)
    glossary: object = None  # coursekit.glossary.Glossary, once loaded
    guides: object = None  # coursekit.guides.Guides, once loaded
    chapters: list = field(default_factory=list)  # coursekit.chapters.Chapter, in course order
    chapter_by_uri: dict = field(default_factory=dict)
    # key → (page, anchor, guide title) of each reading guide that lists the work
    listed_in: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)

    def path(self, name: str) -> Path:
        return (self.root / self.settings[name]).resolve()

    def shown(self, name: str) -> str:
        return self.settings[name]

    def reset_pages(self) -> None:
        self.cited_by.clear()
        self.page_keys.clear()
        self.listed_in.clear()


def load(root: str | Path) -> Course:
    root = Path(root).resolve()
    problems = Problems()
    settings = dict(DEFAULTS)
    uncited: dict[str, tuple[int, int]] = {}
    source_files: dict = {}
    config_path = root / CONFIG_FILE
    if config_path.exists():
        data, found = load_file(config_path, CONFIG_FILE)
        problems.extend(found)
        if data is not None and not isinstance(data, LineDict):
            problems.error(CONFIG_FILE, 1, 1, "course/course.yml must be a mapping of settings",
                           "write 'setting: value' lines, e.g. 'bibliography: bibliography/references.bib'")
        if isinstance(data, LineDict):
            for key, value in data.items():
                if key in DEFAULTS:
                    settings[key] = str(value)
                elif key == "uncited":
                    for item in value or []:
                        uncited[str(item)] = position(item)
                elif key == "source_texts":
                    source_files = dict(value or {})
                else:
                    line, col = data.key_position(key)
                    known = sorted([*DEFAULTS, "uncited", "source_texts"])
                    guess = difflib.get_close_matches(str(key), known, n=1)
                    fix = f"did you mean '{guess[0]}'?" if guess else f"use one of: {', '.join(known)}"
                    problems.error(CONFIG_FILE, line, col, f"unknown setting '{key}'", fix)
    if os.environ.get("COURSE_SOURCES_DIR"):
        settings["sources_dir"] = os.environ["COURSE_SOURCES_DIR"]

    bib_path = root / settings["bibliography"]
    bibliography = bibtex.load(bib_path, settings["bibliography"])
    problems.extend(bibliography.problems)
    style = Style(bibliography)
    notes, found = load_notes_dir(root / settings["notes"], root, bibliography.entries)
    problems.extend(found)
    for key, (line, col) in uncited.items():
        if key not in bibliography.entries:
            problems.error(CONFIG_FILE, line, col, f"'{key}' is listed as uncited but is not in the bibliography",
                           "remove it from 'uncited', or fix the key")
    sources_dir = (root / settings["sources_dir"]).resolve()
    source_texts = {str(k): sources_dir / str(v) for k, v in source_files.items()}
    return Course(root, settings, bibliography, style, notes, uncited, source_texts, problems)


def unused_entry_problems(course: Course) -> list[Problem]:
    """A work nobody cites (in a page, a notes map or a guide's key works) is a warning, unless
    listed as uncited."""
    cited = set(course.cited_by) | set(course.listed_in)
    for notes_map in course.notes.values():
        cited.update(notes_map.keys)
        cited.update(notes_map.sources)
    problems = []
    for key in course.style.order:
        if key in cited or key in course.uncited:
            continue
        entry = course.bibliography.entries[key]
        problems.append(Problem(course.bibliography.path, entry.line, 1, f"'{key}' is cited nowhere",
                                "cite it, or list it under 'uncited' in course/course.yml",
                                "warning"))
    return problems
