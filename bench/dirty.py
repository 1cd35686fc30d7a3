"""Dirty builds: edit one chapter, ``mkdocs build --dirty`` in a fresh process, time it.

What an author waits for after saving a chapter with ``scripts/serve.sh`` is a dirty build, less the
process start a server does not pay again; a fresh process per build is the stricter measure, and
the one a ``mkdocs build --dirty`` gives. The first dirty build into an empty site renders every page
(and, for ``ours``, keeps each page's record in ``.cache/``); it is not timed. Each timed build
follows an edit that appends a sentence with a citation to the first chapter, as ``bench/serve.py``
edits it; the chapter is restored afterwards, and the site removed.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from . import measure


@dataclass
class DirtyResult:
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    initial_seconds: float = 0.0
    error: str = ""


def rebuild_times(corpus: Path, variant: str, edits: int, logs: Path, timeout: float, chapter: str) -> DirtyResult:
    result = DirtyResult()
    target = corpus / chapter
    original = target.read_text(encoding="utf-8")
    cited = re.search(r"\[@([^\],;\s]+)", original)
    sentence = f" See also [@{cited.group(1)}]." if cited else ""
    site = f"site-{variant}-dirty"
    shutil.rmtree(corpus / site, ignore_errors=True)
    try:
        first = measure.build_once(corpus, variant, logs / f"{variant}-dirty-first.txt", timeout,
                                   options=("--dirty", "-d", site))
        result.initial_seconds = round(first.seconds, 3)
        if first.returncode != 0 or first.timed_out:
            result.error = f"the first dirty build failed (see {first.log})"
            return result
        for number in range(1, edits + 1):
            target.write_text(original.rstrip("\n") + f"\n\nEdit number {number} of this chapter.{sentence}\n",
                              encoding="utf-8")
            run = measure.build_once(corpus, variant, logs / f"{variant}-dirty-{number}.txt", timeout,
                                     options=("--dirty", "-d", site))
            if run.returncode != 0 or run.timed_out:
                result.error = f"dirty build {number} failed (see {run.log})"
                return result
            result.seconds.append(round(run.seconds, 3))
            result.cpu_seconds.append(round(run.cpu_seconds, 3))
            result.peak_mb.append(round(run.peak_mb, 1))
    finally:
        target.write_text(original, encoding="utf-8")
        shutil.rmtree(corpus / site, ignore_errors=True)
    return result
