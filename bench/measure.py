"""One full build in a fresh process: its wall time and its peak memory, as the kernel counts them.

Each build is ``python -m mkdocs build`` in a new process, so nothing is warm but the file cache;
``os.wait4`` gives that one child's own peak resident set (not the largest of all children so far),
or that of a process it started (mkdocs-bibtex-csl's pandoc) if larger, and CPU time with theirs.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system: less moved than wall time by other work on the machine
    peak_mb: float
    returncode: int
    log: str  # path of the build's output
    timed_out: bool = False


def build_env() -> dict[str, str]:
    # CI variables would make the hooks print GitHub annotations: a cost a developer's build has not.
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def build_once(corpus: Path, variant: str, log: Path, timeout: float, options: tuple[str, ...] = ("--clean",)) -> Run:
    """``mkdocs build --clean`` (or with ``options``) of one variant; the output goes to ``log`` (a pipe
    would cost time)."""
    command = [sys.executable, "-m", "mkdocs", "build", *options, "-f", f"mkdocs-{variant}.yml"]
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=corpus, env=build_env(), stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, expire)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
    # Linux reports ru_maxrss in KiB.
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode, str(log),
               expired.is_set())


# Chicago author-date as pandoc's citeproc writes it: "(Souza and Cohen 1973, 13)" before the footnote
# mark, and a reference with the year after the names: "Souza, Ana de, and Olga Cohen. 1973. …".
_CHICAGO_IN_TEXT = re.compile(r'\([^()<>]*? (?:1[5-9]\d\d|20\d\d|n\.d\.)[a-z]?(?:, [^()<>]*)?\)<sup id="fnref')
_CHICAGO_REFERENCE = re.compile(r"\. (?:1[5-9]\d\d|20\d\d|n\.d\.)[a-z]?\. ")
# Pages the hooks generate: plain-pages must have them as ours does.
GENERATED = ("course-path", "key-points", "glossary", "guides", "whole-course")


def output_check(corpus: Path, variant: str) -> dict:
    """What the first chapter's HTML holds: proof that each variant did what it claims."""
    site = corpus / f"site-{variant}"
    page = site / "chapters" / "ch0001" / "index.html"
    if not page.exists():
        return {"ok": False, "why": f"{page.name} was not written"}
    text = page.read_text(encoding="utf-8", errors="replace")
    left_as_text = len(re.findall(r"\[@\w", text))
    ours = text.count('data-cite="')
    peer = text.count('class="footnote-ref"')
    found = {"citations_left_as_text": left_as_text, "linked_citations": ours, "footnote_refs": peer,
             "pages": sum(1 for _ in site.rglob("index.html"))}
    if variant.startswith("mkdocs-bibtex"):
        found["chicago_in_text"] = len(_CHICAGO_IN_TEXT.findall(text))
        found["chicago_references"] = len(_CHICAGO_REFERENCE.findall(text))
    if variant == "plain":
        ok = left_as_text > 0 and ours == 0
    elif variant == "plain-pages":  # the render's tree: the citations are ours' HTML already
        found["generated_pages"] = sum((site / name / "index.html").exists() for name in GENERATED)
        ok = ours > 0 and left_as_text == 0 and found["generated_pages"] == len(GENERATED)
    elif variant == "ours":
        ok = ours > 0 and left_as_text == 0
    elif variant == "mkdocs-bibtex-csl":
        ok = peer > 0 and left_as_text == 0 and found["chicago_in_text"] > 0 and found["chicago_references"] > 0
    else:
        ok = peer > 0 and left_as_text == 0
    return {"ok": ok, **found}
