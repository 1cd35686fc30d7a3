"""Every problem of a run, as it is reported once the pages have been read.

Shared by the build (``hooks/report.py``) and ``coursekit check``, so that both say the same: works
cited nowhere (per the ``uncited`` setting), and the bibliography's problems weighed by what the
pages cite (``bib/settle.py``).
"""

from __future__ import annotations

from ..bib.settle import settle
from ..diagnostics import Problem
from .model import Course, cited_keys, unused_entry_problems


def reported(course: Course, problems: list[Problem]) -> list[Problem]:
    return settle([*problems, *unused_entry_problems(course)], course.bibliography, cited_keys(course))
