"""``python -m coursekit check``: the build's checks without the build, in seconds.

For a pre-commit hook and quick pull-request feedback: loads the course (settings, bibliography,
notes maps, glossary), then reads every page under ``docs/`` as the build does (encoding, snippet
includes, front matter, citations), the chapters and the reading guides, and the quotations where
the source texts are at hand. It prints every problem in the build's own words, one per line:

    path:line:col: what is wrong — how to fix it
    path:line:col: warning: what is wrong — how to fix it

Exit status: 0 when there is no error (warnings are printed; ``--strict`` makes them fail too),
1 when there is any, 2 when the command itself is misused. It writes nothing but the parsed
bibliography's cache (``.cache/``), which the build shares.

Each step mirrors one hook of the build (named in its comment, here and in ``course/site.py``, which
the render shares), so the two report the same.
MkDocs' own warnings (links to missing pages, nav entries) come only with the build.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from .course import model as coursekit_course
from .course import site as course_site
from .course.model import Citing
from .course.problems import reported
from .diagnostics import Outcome, Problem, in_ci


@dataclass
class Result(Outcome):
    pages: int = 0
    notes_maps: int = 0
    chapters: int = 0


def run(root: Path) -> Result:
    site = course_site.load(root)
    course = site.course
    result = Result(list(site.problems), len(site.pages), len({id(m) for m in course.notes.values()}),
                    len(site.chapters))
    # hooks/front_matter.py, hooks/pandoc_markdown.py and hooks/citations.py: each page's front
    # matter, its pandoc Markdown, and its citations.
    for page in site.pages + site.generated:
        done = course_site.page_markdown(site, page, lambda key: "#" + key,
                                         course_site.link_in_site(site, page.src_uri))
        result.problems.extend(done.problems)
        for key in done.rendered.cited:
            course.cited_by.setdefault(key, []).append(Citing(page.src_uri, "", ""))

    # hooks/report.py: works cited nowhere (a guide listing a work counts as citing it), and the
    # bibliography's problems weighed by what the pages cite.
    result.problems = reported(course, result.problems)
    return result


def format_problem(problem: Problem) -> str:
    if problem.severity != "warning":
        return str(problem)
    text = f"{problem.path}:{problem.line}:{problem.col}: warning: {problem.message}"
    return f"{text} — {problem.fix}" if problem.fix else text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m coursekit check",
        description="Check citations, front matter, notes maps, guides and the bibliography without building.")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the project folder (default: here)")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too, as 'mkdocs build --strict'")
    args = parser.parse_args(argv)
    if not (args.root / "mkdocs.yml").exists() and not (args.root / coursekit_course.CONFIG_FILE).exists():
        parser.error(f"{args.root} holds neither mkdocs.yml nor {coursekit_course.CONFIG_FILE}: pass --root")

    result = run(args.root)
    problems = sorted(result.errors + result.warnings)
    for problem in problems:
        print(format_problem(problem))
        if in_ci():
            print(problem.github_annotation())
    errors, warnings = len(result.errors), len(result.warnings)
    print(f"check: {errors} error(s), {warnings} warning(s) in {result.pages} page(s), "
          f"{result.notes_maps} notes map(s) and the bibliography", file=sys.stderr)
    return 1 if errors or (args.strict and warnings) else 0
