"""Report what a pull request changes in the course: wording, citations, quotations, works, notes
maps, guides, glossary, new warnings and new scripts, each at its place in the preview.

Compares two builds of the hosted site (the base branch's and the pull request's) page by page, and
the course files of the two checkouts (--base-root, --head-root; the BibTeX files are read with the
head's engine, when it loads). Check outputs and build logs (--base-log, --head-log: ``python -m
coursekit check`` or ``mkdocs build`` output, each option repeatable) give the new warnings and errors.
Writes the pull-request comment (--markdown), the whole comparison (--json) and the report page for
the preview (--page; build with COURSE_CHANGES=FILE, see hooks/changes_page.py).

Usage: python scripts/pr_summary.py BASE_SITE HEAD_SITE [--base-root DIR] [--head-root DIR]
           [--base-log FILE]... [--head-log FILE]... [--markdown FILE] [--json FILE] [--page FILE]
A BASE_SITE without index.html (the base did not build) is reported as such; so is a HEAD_SITE
without one when --head-log says why, else it is an error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from preview_report import course_files, markup, pages, problems, report
from preview_report.site import Site, read_site


def _read(paths: list[Path]) -> list[str]:
    return [p.read_text(encoding="utf-8", errors="replace") if p.is_file() else "" for p in paths]


def _placed_markup(findings: list[dict], head: Site) -> list[dict]:
    """Each finding with the title of its page; a file that is no page of the course (404.html, an
    SVG) is named, not linked."""
    out = []
    for finding in findings:
        page = head.page(finding["url"])
        is_page = finding["page"].endswith("index.html") and finding["page"] != "404.html"
        out.append({**finding, "url": finding["url"] if is_page else "", "anchor": finding["anchor"] if is_page else "",
                    "title": page.title if page else finding["url"] if is_page else finding["page"]})
    return out


def summarise(args: argparse.Namespace) -> dict:
    base_built = (args.base_site / "index.html").is_file()
    head_built = (args.head_site / "index.html").is_file()
    base = read_site(args.base_site) if base_built else Site()
    head = read_site(args.head_site) if head_built else Site()
    summary = {"base_built": base_built, "head_built": head_built,
               "pages": pages.compare(base, head) if base_built and head_built else []}
    summary.update(course_files.compare(args.base_root, args.head_root, base, head))
    if summary["works"]["compared"] == "rendered" and not (base_built and head_built):
        summary["works"].update(added=[], removed=[], changed=[])  # one side's rendering is missing
    summary["problems"] = problems.compare(_read(args.base_log), _read(args.head_log), args.head_root,
                                           head if head_built else None)
    found = markup.compare(args.base_site, args.head_site) if base_built and head_built else []
    summary["markup"] = _placed_markup(found, head)
    summary["counts"] = report.counts(summary)
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_site", type=Path)
    parser.add_argument("head_site", type=Path)
    parser.add_argument("--base-root", type=Path, help="the base branch's checkout (its course files)")
    parser.add_argument("--head-root", type=Path, help="the pull request's checkout (its course files, its engine)")
    parser.add_argument("--base-log", type=Path, action="append", default=[], help="the base's check output or build log")
    parser.add_argument("--head-log", type=Path, action="append", default=[], help="the head's check output or build log")
    parser.add_argument("--markdown", type=Path, help="write the comment's Markdown here (default: stdout)")
    parser.add_argument("--json", type=Path, help="write the whole comparison as JSON here")
    parser.add_argument("--page", type=Path, help="write the report page's Markdown here (for COURSE_CHANGES)")
    args = parser.parse_args(argv)
    if not (args.head_site / "index.html").is_file() and not args.head_log:
        parser.error(f"{args.head_site} holds no built site (no index.html): build it first")
    for root in (args.base_root, args.head_root):
        if root is not None and not root.is_dir():
            parser.error(f"{root} is not a folder: give the checkout of the project")

    summary = summarise(args)
    comment = report.comment_markdown(summary)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.page:
        args.page.write_text(report.page_markdown(summary), encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(comment, encoding="utf-8")
    else:
        sys.stdout.write(comment)
    return 0


if __name__ == "__main__":
    sys.exit(main())
