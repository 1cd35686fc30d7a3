"""The course as data: its settings, bibliography, notes maps and what each page cites.

One ``Course`` is built per build (``load``); adapters fill in what pages cite as they render.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..bib import bibtex, merge
from ..bib.checks import reader_note_problem
from ..diagnostics import Problem, Problems
from ..style.choose import StyleError, make_style
from ..style.formatted import Style
from . import settings as course_settings
from .notes import NotesMap, load_notes_dir
from .settings import CONFIG_FILE, Settings  # noqa: F401  (CONFIG_FILE: where adapters look for settings)


@dataclass(slots=True)  # held by the thousand for the whole build
class Citing:
    """One place that cites a work: a page, the section (heading anchor) and its title."""

    page: str  # source path of the page, e.g. "chapters/foot.md"
    anchor: str
    title: str


@dataclass
class Course:
    root: Path
    settings: Settings
    bibliography: bibtex.Bibliography
    style: Style  # or a CslStyle: the same surface
    notes: dict[str, NotesMap]
    source_texts: dict[str, Path]
    problems: Problems = field(default_factory=Problems)
    cited_by: dict[str, list[Citing]] = field(default_factory=dict)
    page_keys: dict[str, list[str]] = field(default_factory=dict)
    glossary: object = None  # coursekit.glossary.Glossary, once loaded
    guides: object = None  # coursekit.guides.Guides, once loaded
    chapters: list = field(default_factory=list)  # coursekit.chapters.Chapter, in course order
    chapter_by_uri: dict = field(default_factory=dict)
    # Works cited only in text this build's view leaves out (the instructors' notes, in the learner's
    # view): cited all the same, with no place here to link back to.
    cited_out_of_view: set[str] = field(default_factory=set)
    # key → (page, anchor, guide title) of each reading guide that lists the work
    listed_in: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    # The page the bibliography is on, this build: the setting's, or the one a pandoc book keeps
    # for it (coursekit.course.bibliography_page, chosen by hooks/bibliography_page.py)
    bibliography_page: str = ""

    @property
    def bib_page(self) -> str:
        return self.bibliography_page or self.settings.bibliography_page

    def path(self, name: str) -> Path:
        return self.settings.path(name)

    @property
    def known_keys(self):
        """The keys a citation, notes map, guide or front matter may name (see ``known_keys``)."""
        return known_keys(self.bibliography)

    def shown(self, name: str) -> str:
        return getattr(self.settings, name)

    def reset_pages(self) -> None:
        self.cited_by.clear()
        self.page_keys.clear()
        self.listed_in.clear()
        self.cited_out_of_view.clear()


def load(root: str | Path) -> Course:
    root = Path(root).resolve()
    problems = Problems()
    settings, found = course_settings.read(root)
    problems.extend(found)
    files, found = course_settings.bibliography_files(settings)
    problems.extend(found)
    bibliography = load_bibliographies(files)
    if found:  # a file the settings name is missing: its keys are not known to be wrong
        bibliography = replace(bibliography, readable=False)  # a copy: the parsed file is cached
    problems.extend(bibliography.problems)
    try:
        style = make_style(bibliography, settings.style, root, [path for path, _ in files])
    except StyleError as exc:
        problems.error(CONFIG_FILE, *settings.position("style"), str(exc), exc.fix)
        style = Style(bibliography)  # the build fails; the native style lets it report everything else
    if settings.entry_notes:
        problems.extend(reader_note_problems(bibliography, files))
    notes, found = load_notes_dir(settings.path("notes"), root, known_keys(bibliography))
    problems.extend(found)
    sources_dir = settings.path("sources_dir")
    source_texts = {key: sources_dir / name for key, name in settings.source_texts.items()}
    return Course(root, settings, bibliography, style, notes, source_texts, problems)


def reader_note_problems(bibliography: bibtex.Bibliography, files: list[tuple[Path, str]]) -> list[Problem]:
    """Notes readers would see that speak to maintainers (``entry_notes``), each at its ``note`` line."""
    problems = []
    paths = {shown: path for path, shown in files}
    for key, entry in bibliography.entries.items():
        if "note" not in entry.fields:
            continue
        shown = bibliography.file_of(key)
        problem = reader_note_problem(entry, shown, entry.line)
        if problem is not None:
            line = _field_line(paths.get(shown), entry.line, "note")
            problems.append(replace(problem, line=line) if line else problem)
    return problems


def _field_line(path: Path | None, entry_line: int, name: str) -> int:
    """The line of the field ``name`` of the entry starting at ``entry_line`` (0 where it is not found);
    read only for a problem: entries keep no field positions."""
    if path is None:
        return 0
    field_start = re.compile(rf"^\s*{re.escape(name)}\s*=", re.IGNORECASE)
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    for number in range(entry_line, len(lines) + 1):
        if field_start.match(lines[number - 1]):
            return number
        if number > entry_line and lines[number - 1].lstrip().startswith("@"):
            return 0
    return 0


class _AnyKey:
    """The keys of a bibliography whose file could not be read: any key may be among them, so none is
    reported as unknown (the unreadable file is reported once, instead of at every citation)."""

    def __contains__(self, key) -> bool:
        return True

    def __iter__(self):
        return iter(())


def known_keys(bibliography: bibtex.Bibliography):
    return bibliography.entries if bibliography.readable else _AnyKey()


def load_bibliographies(files: list[tuple[Path, str]]) -> bibtex.Bibliography:
    """The .bib files as one bibliography (``bib/merge.py``: a key in two files is an error at both
    places; inheritance and works entered twice are resolved across files)."""
    return merge.load_all(files)


def cited_keys(course: Course) -> set[str]:
    """The works the course cites: in a page (in either view), a notes map or a guide's key works."""
    cited = set(course.cited_by) | set(course.listed_in) | course.cited_out_of_view
    for notes_map in course.notes.values():
        cited.update(notes_map.keys)
        cited.update(notes_map.sources)
    return cited


def unused_entry_problems(course: Course) -> list[Problem]:
    """A work nobody cites (in a page, a notes map or a guide's key works): a warning or an error
    where the ``uncited`` setting asks for one; by default it is simply listed in the bibliography."""
    mode = course.settings.uncited
    if mode == "list":
        return []
    cited = cited_keys(course)
    problems = []
    for key in course.style.order:
        if key in cited:
            continue
        entry = course.bibliography.entries[key]
        problems.append(Problem(entry_path(course, key), entry.line, 1, f"'{key}' is cited nowhere",
                                f"cite it, or remove it (course/course.yml has 'uncited: {mode}')",
                                "warning" if mode == "warn" else "error"))
    return problems


def entry_path(course: Course, key: str) -> str:
    """The .bib file that holds ``key``, as shown in messages."""
    return course.bibliography.file_of(key)
