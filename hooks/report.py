"""Report every problem of the build in one pass; errors stop the build, warnings fail --strict.

Runs last in ``on_env``: every page has been rendered by then, nothing has been written yet, so a
page with a broken citation is never published.
"""

from __future__ import annotations

import build_state
from coursekit.course.problems import reported
from coursekit.diagnostics import in_ci
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

log = get_plugin_logger(__name__)


@event_priority(-100)
def on_env(env, config, files):
    course = build_state.course
    course.problems.items[:] = reported(course, course.problems.items)
    if in_ci():
        for problem in course.problems.errors + course.problems.warnings:
            print(problem.github_annotation(), flush=True)
    for problem in course.problems.warnings:
        log.warning(str(problem))
    errors = course.problems.errors
    if errors:
        listing = "\n".join(f"  {p}" for p in errors)
        raise PluginError(f"{len(errors)} problem(s) in the course:\n{listing}")
    return env
