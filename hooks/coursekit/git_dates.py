"""When each file last changed: the time of the last commit that touched it, from git's history.

One ``git log`` for the whole history, read once per build: the date depends on the commits alone,
so two builds of the same commit print the same dates, and no network is asked. A file git does
not know (uncommitted, or no checkout at all) has no date.

In a shallow clone (CI checks out one commit unless told ``fetch-depth: 0``) the history stops at
the boundary commit, which git shows as adding every file it holds: a file whose last change git
finds is that commit may have changed long before, so it gets no date rather than a wrong one.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

_COMMIT = "\x1e"  # starts each commit's record: record separator, never in a path git prints with -z


@dataclass
class FileDates:
    """Each file's last commit time (epoch seconds), by its path relative to the repository's root."""

    root: Path | None = None  # the repository's top folder; None: no git history here
    changed: dict[str, int] = field(default_factory=dict)
    unknown: set[str] = field(default_factory=set)  # last seen at a shallow clone's boundary
    shallow: bool = False

    def epoch(self, path: Path) -> int | None:
        """The last commit time of ``path`` (absolute), or None where git cannot tell it."""
        if self.root is None:
            return None
        try:
            relative = path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None
        return self.changed.get(relative)


def _git(folder: Path, *args: str) -> str | None:
    try:
        proc = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None


def read(folder: Path) -> FileDates:
    """The dates of every file in the history of the checkout that holds ``folder``."""
    top = _git(folder, "rev-parse", "--show-toplevel")
    if top is None:
        return FileDates()
    root = Path(top.strip()).resolve()
    log = _git(root, "-c", "core.quotePath=false", "log", "-z", "--no-renames", "--name-only",
               f"--format={_COMMIT}%H %ct")
    if log is None:  # a repository with no commit yet
        return FileDates(root)
    boundary = set(_shallow_commits(root))
    dates = FileDates(root, shallow=bool(boundary))
    for record in log.split(_COMMIT)[1:]:  # "<hash> <time>\0\n<path>\0<path>\0…"
        header, _, names = record.partition("\0")
        commit, _, epoch = header.partition(" ")
        for name in names.split("\0"):
            name = name.strip("\n")
            if not name or name in dates.changed or name in dates.unknown:
                continue  # newest first: the first commit that names a file is its last change
            if commit in boundary:
                dates.unknown.add(name)
            else:
                dates.changed[name] = int(epoch)
    return dates


def _shallow_commits(root: Path) -> list[str]:
    """The commits where a shallow clone's history is cut (none in a full clone)."""
    path = _git(root, "rev-parse", "--git-path", "shallow")
    if path is None:
        return []
    shallow = (root / path.strip())
    return shallow.read_text(encoding="ascii").split() if shallow.is_file() else []


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def day(epoch: int) -> tuple[str, str]:
    """The UTC day of ``epoch``: (ISO date, "May 2, 2025"), the same whatever the machine's locale."""
    moment = datetime.fromtimestamp(epoch, tz=timezone.utc)
    return moment.date().isoformat(), f"{MONTHS[moment.month - 1]} {moment.day}, {moment.year}"


def last_updated(dates: FileDates, made_from: list[Path]) -> str | None:
    """What the theme prints as a page's ``revision_date``: the newest of the dates of the files the
    page is made from; None where one of them has no date (or the page is made from none)."""
    epochs = [dates.epoch(path) for path in made_from]
    if not epochs or None in epochs:  # one undated source: the page's date is not known
        return None
    iso, shown = day(max(epochs))
    return f'Last updated <time datetime="{iso}">{shown}</time>'
