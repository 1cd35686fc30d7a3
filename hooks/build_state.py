"""The one course of the current build, shared by the hook modules.

MkDocs does not reload hooks between ``serve`` rebuilds, so ``hooks/course_data.py`` builds a new
course in ``on_config``, and nothing from an earlier build survives.
"""

from __future__ import annotations

from coursekit.course import Course

course: Course | None = None
