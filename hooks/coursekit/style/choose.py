"""The citation style a course names in course/course.yml: Chicago 17th or 18th (native), or a CSL file.

``style: chicago-author-date-17`` (the default), ``style: chicago-author-date-18``, or the path of a
.csl file inside the project (``style: styles/apa.csl``), formatted by pandoc's citeproc.
"""

from __future__ import annotations

from pathlib import Path

from . import chicago
from ..bib.bibtex import Bibliography
from .formatted import Style

NATIVE = {"chicago-author-date-17": chicago.SEVENTEENTH, "chicago-author-date-18": chicago.EIGHTEENTH}
DEFAULT = "chicago-author-date-17"


class StyleError(Exception):
    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.fix = fix


def make_style(bibliography: Bibliography, name: str, root: Path, bib_paths: list[Path]):
    """The ``Style`` (or ``CslStyle``) for ``name``; ``StyleError`` says what is wrong with it."""
    if name in NATIVE:
        return Style(bibliography, NATIVE[name])
    if not name.endswith(".csl"):
        raise StyleError(f"unknown style '{name}'",
                         f"use {' or '.join(NATIVE)}, or the path of a .csl file in the project")
    path = (root / name).resolve()
    if not path.is_relative_to(root.resolve()):
        raise StyleError(f"the style '{name}' is outside the project", "copy the .csl file into the project and name its path")
    if not path.is_file():
        raise StyleError(f"no style file '{name}'", "put the .csl file at that path, or fix the path")
    from .csl import CslError, CslStyle  # pandoc is needed only for a CSL style

    try:
        return CslStyle(bibliography, path, name, root, bib_paths)
    except CslError as exc:
        raise StyleError(str(exc), exc.fix) from exc
