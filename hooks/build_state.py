"""The one course of the current build, shared by the hook modules.

MkDocs does not reload hooks between ``serve`` rebuilds, so ``hooks/course_data.py`` sets a new
course in ``on_config``: its loaded parts are reused while their files are unchanged
(``coursekit.reuse``), nothing a page added to the previous one survives.
"""

from __future__ import annotations

from coursekit.course.model import Course

course: Course | None = None
view: str = "learner"  # or "instructor": set from COURSE_VIEW by hooks/audience.py in on_config
