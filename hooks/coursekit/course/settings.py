"""``course/course.yml``: every setting with its default, read once, checked, as one typed object.

A course needs no ``course.yml`` at all: the defaults take any ``.bib`` file in ``bibliography/``, and
every optional feature (notes maps, glossary, reading guides, source texts) is off while its file is
absent. A setting that names a file or folder must name one inside the project, so that nothing from
elsewhere on the machine is ever read into the site; the one exception is ``sources_dir``, the source
texts that only the quotation check reads (reference material kept beside the project, never
published). Every problem is reported at the setting's line and column.
"""

from __future__ import annotations

import difflib
import glob
import os
from dataclasses import dataclass, field, fields
from pathlib import Path, PurePosixPath

from ..diagnostics import Problem
from ..yamlpos import LineDict, LineList, load_file, position

CONFIG_FILE = "course/course.yml"
UNCITED_MODES = ("list", "warn", "error")
_GLOB = frozenset("*?[")


@dataclass(frozen=True)
class Settings:
    root: Path
    # One path, a list of paths, or glob patterns, relative to the project: the .bib files, merged.
    bibliography: tuple[str, ...] = ("bibliography/*.bib",)
    notes: str = "bibliography/notes"  # a folder of notes maps, one per source
    glossary: str = "course/glossary.yml"
    guides: str = "course/guides.yml"
    bibliography_page: str = "bibliography.md"  # pages, relative to docs/
    glossary_page: str = "glossary.md"
    sources_dir: str = ""  # the source texts for the quotation check; may lie beside the project
    source_texts: dict[str, str] = field(default_factory=dict)  # source key → file in sources_dir
    uncited: str = "list"  # a work no page cites: listed in the bibliography ("list"), "warn" or "error"
    style: str = "chicago-author-date-17"  # or chicago-author-date-18, or a .csl file in the project
    # Optional pages and labels, off unless the course asks for them:
    whole_course: bool = False  # a page with every chapter, to read straight through or print
    entry_notes: bool = False  # a bibliography entry's BibTeX ``note`` shown as an "Editor's note"
    # Where each setting was written in course.yml, for messages about its value.
    positions: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False)

    def path(self, name: str) -> Path:
        """The resolved path of a single-path setting (``notes``, ``glossary``, ``guides``, ``sources_dir``)."""
        return (self.root / getattr(self, name)).resolve()

    def position(self, name: str) -> tuple[int, int]:
        return self.positions.get(name, (1, 1))


_TEXT_SETTINGS = ("notes", "glossary", "guides", "bibliography_page", "glossary_page", "sources_dir", "style")
_PAGE_SETTINGS = ("bibliography_page", "glossary_page")
_INSIDE_SETTINGS = ("notes", "glossary", "guides")
KNOWN = tuple(f.name for f in fields(Settings) if f.name not in ("root", "positions"))


def read(root: Path) -> tuple[Settings, list[Problem]]:
    """The course's settings, each checked where it is written; a wrong value keeps its default."""
    root = root.resolve()
    values: dict[str, object] = {}
    positions: dict[str, tuple[int, int]] = {}
    config = root / CONFIG_FILE
    if not config.exists():
        return Settings(root), []
    data, problems = load_file(config, CONFIG_FILE)
    if data is None:
        return Settings(root), problems
    if not isinstance(data, LineDict):
        problems.append(Problem(CONFIG_FILE, 1, 1, "course/course.yml must be a mapping of settings",
                                "write 'setting: value' lines, e.g. 'bibliography: bibliography/references.bib'"))
        return Settings(root), problems
    for key, value in data.items():
        where = data.key_position(key)
        name = str(key)
        if name not in KNOWN:
            guess = difflib.get_close_matches(name, KNOWN, n=1)
            fix = f"did you mean '{guess[0]}'?" if guess else f"use one of: {', '.join(sorted(KNOWN))}"
            problems.append(Problem(CONFIG_FILE, *where, f"unknown setting '{name}'", fix))
            continue
        at = position(value, where)
        checked = _CHECKS[name](root, name, value, at, problems)
        if checked is not None:
            values[name] = checked
            positions[name] = at
    if os.environ.get("COURSE_SOURCES_DIR"):
        values["sources_dir"] = os.environ["COURSE_SOURCES_DIR"]
    return Settings(root, positions=positions, **values), problems


# -- One check per kind of setting: the value to use, or None (a problem said why) ------------------


def _text(root: Path, name: str, value, at, problems: list[Problem]) -> str | None:
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(CONFIG_FILE, *at, f"'{name}' must be a path", f"write {name}: {_example(name)}"))
        return None
    text = value.strip()
    if name in _PAGE_SETTINGS:
        pure = PurePosixPath(text)
        if pure.is_absolute() or ".." in pure.parts or pure.suffix != ".md":
            problems.append(Problem(CONFIG_FILE, *at, f"'{name}' must name a Markdown page under docs/, not '{text}'",
                                    f"write {name}: {_example(name)} (relative to docs/)"))
            return None
        return text
    if name in _INSIDE_SETTINGS and not _inside(root, text):
        problems.append(_outside_problem(name, text, at))
        return None
    return text


def _bibliography(root: Path, name: str, value, at, problems: list[Problem]) -> tuple[str, ...] | None:
    items = list(value) if isinstance(value, LineList) else [value]
    if not items or not all(isinstance(item, str) and item.strip() for item in items):
        problems.append(Problem(CONFIG_FILE, *at, "'bibliography' must be a path, a glob or a list of them",
                                "write bibliography: bibliography/references.bib, or bibliography/*.bib"))
        return None
    patterns = []
    for item in items:
        text = item.strip()
        if _inside(root, _folder_of(text) if _GLOB & set(text) else text):
            patterns.append(text)
        else:
            problems.append(_outside_problem(name, text, position(item, at)))
    return tuple(patterns) if len(patterns) == len(items) else None


def _uncited(root: Path, name: str, value, at, problems: list[Problem]) -> str | None:
    if value in UNCITED_MODES:
        return str(value)
    if isinstance(value, list) and not value:
        return "error"  # the former 'uncited: []': no work may go uncited
    problems.append(Problem(CONFIG_FILE, *at, f"'uncited' must be one of {', '.join(UNCITED_MODES)}",
                            "'list' shows uncited works in the bibliography quietly, 'warn' warns, 'error' fails"))
    return None


def _flag(root: Path, name: str, value, at, problems: list[Problem]) -> bool | None:
    if isinstance(value, bool):
        return value
    problems.append(Problem(CONFIG_FILE, *at, f"'{name}' must be true or false, not '{value}'",
                            f"write {name}: true, or {name}: false"))
    return None


def _source_texts(root: Path, name: str, value, at, problems: list[Problem]) -> dict[str, str] | None:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        problems.append(Problem(CONFIG_FILE, *at, "'source_texts' must map source keys to file names",
                                "write one 'sourceKey: file.txt' line per source, indented under it"))
        return None
    out = {}
    for key, file_name in value.items():
        pure = PurePosixPath(file_name)
        if pure.is_absolute() or ".." in pure.parts:
            problems.append(Problem(CONFIG_FILE, *position(file_name, at),
                                    f"the source text of '{key}' must be a file in sources_dir, not '{file_name}'",
                                    "name the file relative to sources_dir, without '..'"))
            continue
        out[str(key)] = str(file_name)
    return out


_CHECKS = {name: _text for name in _TEXT_SETTINGS}
_CHECKS.update(bibliography=_bibliography, uncited=_uncited, source_texts=_source_texts,
               whole_course=_flag, entry_notes=_flag)


_EXAMPLES = {"notes": "bibliography/notes", "glossary": "course/glossary.yml", "guides": "course/guides.yml",
             "bibliography_page": "bibliography.md", "glossary_page": "glossary.md", "sources_dir": "../sources",
             "style": "chicago-author-date-18"}


def _example(name: str) -> str:
    return _EXAMPLES.get(name, "…")


def _folder_of(pattern: str) -> str:
    """The fixed folder a glob pattern searches: "bibliography/*.bib" → "bibliography"."""
    fixed = min((pattern.index(c) for c in _GLOB if c in pattern), default=len(pattern))
    return pattern[:fixed].rsplit("/", 1)[0] if "/" in pattern[:fixed] else "."


def _inside(root: Path, text: str) -> bool:
    """Whether ``text``, relative to the project, stays in it once symlinks are followed."""
    if Path(text).is_absolute():
        return False
    return (root / text).resolve().is_relative_to(root)


def _outside_problem(name: str, text: str, at) -> Problem:
    return Problem(CONFIG_FILE, *at, f"'{name}' names '{text}', which is outside the project",
                   "name a file inside the project (copy it in): nothing outside the project is read into the site")


# -- The bibliography's files ---------------------------------------------------------------------


def bibliography_files(settings: Settings) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """Each .bib file the ``bibliography`` setting names, once, in order: (path, path as shown).

    A path that names no file is a problem at the setting, unless it is the default glob (a course may
    have no bibliography yet); a file that is a link out of the project is a problem naming it.
    """
    root = settings.root
    at = settings.position("bibliography")
    files: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    problems: list[Problem] = []
    for pattern in settings.bibliography:
        if _GLOB & set(pattern):
            matches = sorted(Path(p) for p in glob.glob(str(root / pattern), recursive=True))
            if not matches and "bibliography" in settings.positions:
                problems.append(Problem(CONFIG_FILE, *at, f"no file matches '{pattern}'",
                                        "put the .bib files there, or fix the pattern"))
        else:
            matches = [root / pattern]
            if not matches[0].is_file():
                problems.append(Problem(CONFIG_FILE, *at, f"the bibliography '{pattern}' is not a file",
                                        "check the path in course/course.yml (relative to the project)"))
                continue
        for path in matches:
            resolved = path.resolve()
            shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
            if not resolved.is_relative_to(root):
                problems.append(Problem(shown, 1, 1, f"this file is a link to '{resolved}', outside the project",
                                        "copy the file into the project instead of linking to it"))
                continue
            if resolved.is_file() and resolved not in seen:
                seen.add(resolved)
                files.append((resolved, shown))
    return files, problems


def bibliography_folders(settings: Settings) -> list[Path]:
    """The folders whose listing decides what a glob matches (a new .bib file there changes the course)."""
    return [settings.root / _folder_of(p) for p in settings.bibliography if _GLOB & set(p)]
