"""The one course of the current build, shared by the hook modules.

MkDocs does not reload hooks between ``serve`` rebuilds, so ``hooks/course_data.py`` sets a new
course in ``on_config``: its loaded parts are reused while their files are unchanged
(``coursekit.reuse``), nothing a page added to the previous one survives.
"""

from __future__ import annotations

from coursekit.course.model import Course

course: Course | None = None
view: str = "learner"  # or "instructor": set from COURSE_VIEW by hooks/audience.py in on_config

# What each page rendered in this build contributed beyond ``course``, by src_uri, which
# hooks/incremental.py keeps for a --dirty build that skips the page (reset with the course).
citing_sections: dict[str, list] = {}  # (Citing, the keys it cites) per citing section, in page order
out_of_view: dict[str, tuple[str, ...]] = {}  # works cited in what this view leaves out
# The whole-course page's section of each chapter (hooks/whole_course.py), with what it was made for:
# those kept from the last build (``known``) and, when hooks/incremental.py keeps them, this build's.
known_sections: dict[str, tuple[str, str]] = {}
made_sections: dict[str, tuple[str, str]] = {}
keep_sections: list[bool] = [False]
