"""Problems found in the course's input, each with its location and a likely fix."""

from __future__ import annotations

import os
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    message: str
    fix: str = ""
    severity: str = "error"  # "error" fails every build; "warning" fails --strict
    # The bibliography entries the problem is about. A reading problem of entries that no page cites
    # is only a warning (``bib/settle.py`` decides, once the pages are read); not part of its identity.
    keys: tuple[str, ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.message}"
        return f"{text} — {self.fix}" if self.fix else text

    def github_annotation(self) -> str:
        # GitHub's workflow command syntax: newlines and % must be escaped in the message.
        message = str(self).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{self.severity} file={self.path},line={self.line},col={self.col}::{message}"


def of_severity(problems, severity: str) -> list[Problem]:
    """The problems of one severity, each once, in the order they are printed (path, line, column)."""
    return sorted({p for p in problems if p.severity == severity})


@dataclass
class Outcome:
    """What a run over the whole course found (the check's, the render's): its problems by severity."""

    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return of_severity(self.problems, "error")

    @property
    def warnings(self) -> list[Problem]:
        return of_severity(self.problems, "warning")


@dataclass
class Problems:
    """Collects every problem of a run, so one pass reports them all."""

    items: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int, col: int, message: str, fix: str = "") -> None:
        self.items.append(Problem(path, line, col, message, fix, "error"))

    def warning(self, path: str, line: int, col: int, message: str, fix: str = "") -> None:
        self.items.append(Problem(path, line, col, message, fix, "warning"))

    def extend(self, problems) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return of_severity(self.items, "error")

    @property
    def warnings(self) -> list[Problem]:
        return of_severity(self.items, "warning")

    def clear(self) -> None:
        self.items.clear()


def in_ci() -> bool:
    return bool(os.environ.get("CI")) or bool(os.environ.get("GITHUB_ACTIONS"))


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


class LineIndex:
    """Line and column lookup for many offsets in one text, in O(log n) each."""

    def __init__(self, text: str, first_line: int = 1):
        self.starts = [0]
        self.first_line = first_line
        pos = text.find("\n")
        while pos != -1:
            self.starts.append(pos + 1)
            pos = text.find("\n", pos + 1)

    def __call__(self, offset: int) -> tuple[int, int]:
        from bisect import bisect_right

        index = bisect_right(self.starts, offset) - 1
        return index + self.first_line, offset - self.starts[index] + 1


def decode_utf8(raw: bytes, shown: str) -> tuple[str, list[Problem]]:
    """The text of a file (a leading BOM dropped), and one problem per line holding bytes that are
    not UTF-8, at the first such byte; the text then has U+FFFD in their place."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    problems = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as exc:
            col = len(line[: exc.start].decode("utf-8", errors="replace")) + 1
            problems.append(Problem(shown, number, col, f"byte 0x{line[exc.start]:02x} is not UTF-8",
                                    "save the file as UTF-8 (your editor's 'Save with encoding')"))
    return raw.decode("utf-8", errors="replace"), problems
