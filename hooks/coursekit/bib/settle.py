"""The bibliography's problems as the course reports them, once every page has been read.

A problem found while reading an entry is tied to its key (``Problem.keys``). Only now is it known
which entries the pages cite (``cited``: pages, notes maps, guides), and so how much each problem
matters:

- a reading error of entries no page cites is a warning: it cannot break a page;
- a page citing an entry that exists but cannot be read is not told "unknown key": the entry's own
  error (now an error, since it is cited) says what is wrong, at the entry;
- the same work under two keys is pointed out at the key the pages do not use.

The build (``hooks/report.py``) and ``coursekit check`` both report through ``settle``, so they agree.
"""

from __future__ import annotations

from dataclasses import replace

from .bibtex import Bibliography
from ..diagnostics import Problem


def settle(problems: list[Problem], bibliography: Bibliography, cited: set[str]) -> list[Problem]:
    own = set(bibliography.problems)
    cited = set(cited)
    kept = []
    for problem in problems:
        if problem not in own and problem.keys and all(k in bibliography.unreadable for k in problem.keys):
            cited.update(problem.keys)  # cites an entry that cannot be read: that entry's error says why
            continue
        kept.append(problem)
    out = [_by_citation(p, cited) if p in own else p for p in kept]
    out.extend(same_work_problems(bibliography, cited))
    return out


def _by_citation(problem: Problem, cited: set[str]) -> Problem:
    if problem.severity != "error" or not problem.keys or cited.intersection(problem.keys):
        return problem
    return replace(problem, severity="warning")


def same_work_problems(bibliography: Bibliography, cited: set[str]) -> list[Problem]:
    """A warning for each extra entry of a work entered twice or more, at that entry: the one kept is
    the first the pages cite (or the first, when they cite none)."""
    problems = []
    entries = bibliography.entries
    for group in bibliography.same_work:
        keep = next((key for key in group if key in cited), group[0])
        kept = entries[keep]
        for other in group:
            if other == keep:
                continue
            entry = entries[other]
            where = f"line {kept.line}"
            if bibliography.file_of(keep) != bibliography.file_of(other):
                where = f"{bibliography.file_of(keep)}:{kept.line}"
            if other in cited:
                fix = f"keep one entry and cite its key everywhere: pages cite both '{keep}' and '{other}'"
            elif keep in cited:
                fix = f"remove '{other}': the pages cite '{keep}'"
            else:
                fix = f"keep one entry and cite '{keep}' everywhere"
            problems.append(Problem(bibliography.file_of(other), entry.line, entry.col,
                                    f"'{other}' is the same work as '{keep}' ({where}): same title and year", fix,
                                    "warning", group))
    return problems
