"""Snippet includes (``--8<-- "file.md"``) whose file is missing.

pymdownx.snippets with ``check_paths`` stops the build with a traceback on the first missing file;
finding them beforehand reports every one at its line, and blanking the line lets the build go on
to report everything else in the same pass.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..diagnostics import Problem

# The two forms pymdownx.snippets reads: one line with a quoted path, or a block of paths
# between two marker lines. A leading ';' escapes the marker.
_INLINE = re.compile(
    r"""^[ \t]*(;*)-+8<-+[ \t]+(?:"((?:\\"|[^"\n])+?)"|'((?:\\'|[^'\n])+?)')[ \t]*$""")
_BLOCK = re.compile(r"^[ \t]*(;*)-+8<-+[ \t]*$")
# "file.md:3:5" (lines) or "file.md:section" name a part of the file.
_PART = re.compile(r"(?i)(.*?)(?:((?::-?[0-9]*){1,2}(?:(?:,(?=[-0-9:])-?[0-9]*)(?::-?[0-9]*)?)*)|(:[a-z][-_0-9a-z]*))?$")


def base_paths(mdx_config: dict | None, root: Path) -> list[Path] | None:
    """The folders snippets are looked up in, or None when missing files are not checked."""
    config = mdx_config or {}
    if not config.get("check_paths", False):
        return None
    bases = config.get("base_path", ["."])
    bases = bases if isinstance(bases, (list, tuple)) else [bases]
    return [(root / str(base)).resolve() for base in bases]


def _exists(name: str, bases: list[Path]) -> bool:
    if re.match(r"https?://", name):
        return True  # downloaded, not looked up
    for candidate in (name, _PART.match(name).group(1)):
        for base in bases:
            path = Path(os.path.abspath(base / candidate))
            if (path == base or base in path.parents) and path.exists():
                return True
    return False


def missing_snippets(text: str, path: str, bases: list[Path]) -> tuple[str, list[Problem]]:
    """``text`` with each line naming a missing snippet blanked, and a problem for each."""
    lines = text.split("\n")
    problems = []
    in_block = False
    for index, line in enumerate(lines):
        if (block := _BLOCK.match(line)) and not block.group(1):
            in_block = not in_block
            continue
        name, col = None, 1
        if in_block:
            if line.strip() and not line.lstrip().startswith(";"):
                name, col = line.strip(), len(line) - len(line.lstrip()) + 1
        elif (inline := _INLINE.match(line)) and not inline.group(1):
            name = inline.group(2) or inline.group(3)
            col = line.index(name) + 1
        if name is None or _exists(name.strip(), bases):
            continue
        problems.append(Problem(path, index + 1, col, f"the snippet '{name.strip()}' does not exist",
                                "fix the path (relative to the snippets base_path in mkdocs.yml) or create the file"))
        lines[index] = ""
    return "\n".join(lines), problems
