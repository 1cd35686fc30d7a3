"""A page's text as the build reads it, and which files under ``docs/`` it may publish.

Both hosts read every page through ``read_page`` (``hooks/page_sources.py`` in the build, ``coursekit
check``), so they see the same text and report the same problems, each at its line and column:

- bytes that are not UTF-8 (U+FFFD in their place); line ends as MkDocs reads them;
- control characters other than tab and line ends (NUL, ESC, …): invisible in an editor, they would
  be published into the page, its search entry and the whole-course page (U+FFFD in their place);
- snippet includes that are missing or would read from outside the project (the line blanked);
- front matter that MkDocs' own YAML reader cannot survive (aliases beyond their budget, nesting that
  overflows libyaml's stack): replaced by an empty mapping on the same lines, so MkDocs never reads it.

``links_out_of`` finds the files and folders under ``docs/`` that are links out of the project:
MkDocs follows them, and would publish (and index) whatever they point to; and broken links, which
it would stop on with a traceback.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..diagnostics import Problem, decode_utf8
from ..yamlpos import load, may_be_costly
from .snippets import Snippets, snippet_problems

# C0 controls but tab, line feed and carriage return; DEL; C1 controls (U+0085 and others split lines
# for some readers and not for others).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0B: "VT", 0x0C: "FF", 0x1B: "ESC", 0x7F: "DEL",
                  0x85: "NEL"}
# MkDocs' own pattern (mkdocs/utils/meta.py): front matter ends at a '---' or '...' line and a newline.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def read_page(raw: bytes, shown: str, snippets: Snippets | None) -> tuple[str, list[Problem]]:
    """The text the build renders for a page's bytes, and every problem found in reading it."""
    text, problems = decode_utf8(raw, shown)
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as MkDocs reads it
    if _CONTROL.search(text):
        text = _control_problems(text, shown, problems)
    if snippets is not None and "8<" in text:
        text, found = snippet_problems(text, shown, snippets)
        problems.extend(found)
    text, found = defuse_front_matter(text, shown)
    problems.extend(found)
    return text, problems


def _control_problems(text: str, shown: str, problems: list[Problem]) -> str:
    """One problem per line holding control characters, at the first; U+FFFD in place of each."""
    reported_line = 0
    for match in _CONTROL.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if line == reported_line:
            continue
        reported_line = line
        code = ord(match.group())
        name = f"U+{code:04X}" + (f" {_CONTROL_NAMES[code]}" if code in _CONTROL_NAMES else "")
        col = match.start() - text.rfind("\n", 0, match.start())
        problems.append(Problem(shown, line, col, f"the control character {name} is not text",
                                "delete it (an editor may show it as a box, or not at all)"))
    return _CONTROL.sub("\ufffd", text)


def defuse_front_matter(text: str, shown: str) -> tuple[str, list[Problem]]:
    """``text`` with front matter too costly to read replaced by ``{}`` and blank lines, and why."""
    match = _FRONT_MATTER.match(text)
    if not match or not may_be_costly(match.group(1)):
        return text, []
    data, problems = load(match.group(1), shown, first_line=2)
    if data is not None:
        return text, []
    # Refused (or not YAML at all, which MkDocs would show as text): MkDocs reads nothing of it now.
    empty = "{}" + "\n" * match.group(1).count("\n")
    return text[: match.start(1)] + empty + text[match.end(1):], problems


def links_out_of(docs: Path, root: Path, paths) -> tuple[set[Path], list[Problem]]:
    """Of ``paths`` (files under ``docs``, as MkDocs lists them), those that lie outside ``root`` once
    links are followed, or that a broken link names; and one problem per link (a linked folder is
    reported once, not for each of its files)."""
    root = root.resolve()
    left_out: set[Path] = set()
    links: dict[Path, Path] = {}
    for path in paths:
        target = Path(os.path.realpath(path))
        if target.is_relative_to(root) and target.exists():
            continue
        left_out.add(path)
        link = _outermost_link(Path(path), docs)
        links.setdefault(link, Path(os.path.realpath(link)))
    problems = []
    for link, target in sorted(links.items()):
        shown = "/".join(("docs", *link.relative_to(docs).parts))
        if not target.exists():
            problems.append(Problem(shown, 1, 1, f"this file is a link to '{target}', which does not exist",
                                    "fix the link, or remove it"))
            continue
        kind = "folder" if target.is_dir() else "file"
        problems.append(Problem(shown, 1, 1, f"this {kind} is a link to '{target}', outside the project",
                                f"copy the {kind} into the project instead of linking to it: "
                                "nothing from outside the project is published"))
    return left_out, problems


def _outermost_link(path: Path, docs: Path) -> Path:
    """The first link on the way from ``docs`` down to ``path`` (``docs`` itself if it is one)."""
    current = docs
    if current.is_symlink():
        return current
    for part in path.relative_to(docs).parts:
        current = current / part
        if current.is_symlink():
            return current
    return path


def walk_docs(docs: Path) -> list[Path]:
    """Every file under ``docs`` that MkDocs reads by default, following links as it does
    (``os.walk``): not those whose name, or a folder's, starts with '.', nor ``templates/``."""
    found = []
    for folder, dirs, files in os.walk(docs, followlinks=True):
        top = Path(folder) == docs
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (top and d == "templates"))
        found.extend(Path(folder) / name for name in sorted(files) if not name.startswith("."))
    return found
