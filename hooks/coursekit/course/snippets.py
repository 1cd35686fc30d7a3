"""Snippet includes (``--8<-- "file.md"``) that would fail the build or read from outside the project.

pymdownx.snippets reads any file its ``base_path`` reaches, follows links out of the project, reads
the includes of an included file, downloads a web address when allowed, and (with ``check_paths``)
stops the build with a traceback on the first file it cannot find. Finding these beforehand reports
every one at its line, and blanking the including line of the page keeps the file out of the site
and lets the build go on to report everything else in the same pass. An include inside an included
file is reported where it is written.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Problem

# The two forms pymdownx.snippets reads: one line with a quoted path, or a block of paths
# between two marker lines. A leading ';' escapes the marker.
_INLINE = re.compile(
    r"""^[ \t]*(;*)-+8<-+[ \t]+(?:"((?:\\"|[^"\n])+?)"|'((?:\\'|[^'\n])+?)')[ \t]*$""")
_BLOCK = re.compile(r"^[ \t]*(;*)-+8<-+[ \t]*$")
# "file.md:3:5" (lines) or "file.md:section" name a part of the file.
_PART = re.compile(r"(?i)(.*?)(?:((?::-?[0-9]*){1,2}(?:(?:,(?=[-0-9:])-?[0-9]*)(?::-?[0-9]*)?)*)|(:[a-z][-_0-9a-z]*))?$")
_WEB = re.compile(r"(?i)https?://")
_MAX_DEPTH = 20  # includes of includes: pymdownx stops near Python's recursion limit; a course needs few


@dataclass(frozen=True)
class Snippets:
    root: Path  # the project: no included file may lie outside it
    bases: tuple[Path, ...]  # the folders snippets are looked up in
    check_paths: bool  # whether a missing file fails the build


def snippets_config(mdx_config: dict | None, root: Path) -> Snippets:
    config = mdx_config or {}
    bases = config.get("base_path", ["."])
    bases = bases if isinstance(bases, (list, tuple)) else [bases]
    root = root.resolve()
    return Snippets(root, tuple(Path(os.path.abspath(root / str(base))) for base in bases),
                    bool(config.get("check_paths", False)))


def _includes(text: str):
    """(line index, name, column) of each include in ``text``, as pymdownx.snippets reads them."""
    in_block = False
    for index, line in enumerate(text.split("\n")):
        if (block := _BLOCK.match(line)) and not block.group(1):
            in_block = not in_block
            continue
        if in_block:
            if line.strip() and not line.lstrip().startswith(";"):
                yield index, line.strip(), len(line) - len(line.lstrip()) + 1
        elif (inline := _INLINE.match(line)) and not inline.group(1):
            name = inline.group(2) or inline.group(3)
            yield index, name.strip(), line.index(name) + 1


def _problem(name: str, snippets: Snippets) -> tuple[str, str] | Path | None:
    """What is wrong with including ``name`` (message, fix); else the file it reads (None: nothing)."""
    if _WEB.match(name):
        return (f"the snippet '{name}' is a web address",
                "copy the file into the project and include it from there: a build never downloads")
    found_outside = None
    for candidate in dict.fromkeys((name, _PART.match(name).group(1))):
        for base in snippets.bases:
            path = Path(os.path.abspath(base / candidate))
            if not path.exists():
                continue
            if not path.is_relative_to(base) or path == base:
                found_outside = path
                continue
            real = path.resolve()
            if not real.is_relative_to(snippets.root):
                return (f"the snippet '{name}' is a link to '{real}', outside the project",
                        "copy the file into the project instead of linking to it")
            return real
    if found_outside is not None:
        return (f"the snippet '{name}' lies outside the snippet folders",
                "include only files under the snippets base_path of mkdocs.yml, inside the project")
    if snippets.check_paths:
        return (f"the snippet '{name}' does not exist",
                "fix the path (relative to the snippets base_path in mkdocs.yml) or create the file")
    return None


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def snippet_problems(text: str, path: str, snippets: Snippets) -> tuple[str, list[Problem]]:
    """``text`` with each line whose include is wrong (here or in the files it includes) blanked,
    and a problem for each wrong include, where it is written."""
    lines = text.split("\n")
    problems: list[Problem] = []
    for index, name, col in _includes(text):
        found = _check(name, path, index + 1, col, snippets, problems, seen=set(), depth=0)
        if not found:
            lines[index] = ""
    return "\n".join(lines), problems


def _check(name: str, path: str, line: int, col: int, snippets: Snippets, problems: list[Problem],
           seen: set[Path], depth: int) -> bool:
    """Whether including ``name`` (written at path:line:col) is fine, with everything it includes."""
    found = _problem(name, snippets)
    if isinstance(found, tuple):
        problems.append(Problem(path, line, col, *found))
        return False
    if found is None or found in seen or depth >= _MAX_DEPTH or found.is_dir():
        return True  # pymdownx skips a missing file (without check_paths) and an include of itself
    try:
        nested = found.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    except OSError:
        return True  # unreadable: pymdownx reports it in its own words
    shown = _shown(found, snippets.root)
    fine = True
    for index, inner, inner_col in _includes(nested):
        fine &= _check(inner, shown, index + 1, inner_col, snippets, problems, seen | {found}, depth + 1)
    return fine
