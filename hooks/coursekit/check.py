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

Each step below mirrors one hook of the build (named in its comment), so the two report the same.
MkDocs' own warnings (links to missing pages, nav entries) come only with the build.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from .course import audience, bibliography_page
from .course import chapters as coursekit_chapters
from .course import model as coursekit_course
from .course import frontmatter
from .cite.page import relative_target, render_page
from .course.model import Citing
from .course.order import natural_key
from .course.problems import reported
from .diagnostics import Problem, in_ci
from .course.pages import links_out_of, read_page, walk_docs
from .course.snippets import snippets_config
from .render import pandoc_markdown


@dataclass
class Page:
    src_uri: str  # relative to docs/: "chapters/foot.md"
    path: str  # as shown in messages: "docs/chapters/foot.md"
    text: str
    generated: bool = False  # made by the build from the course's files, not written in docs/


@dataclass
class Result:
    problems: list[Problem] = field(default_factory=list)
    pages: int = 0
    notes_maps: int = 0
    chapters: int = 0

    @property
    def errors(self) -> list[Problem]:
        return sorted({p for p in self.problems if p.severity == "error"})

    @property
    def warnings(self) -> list[Problem]:
        return sorted({p for p in self.problems if p.severity == "warning"})


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold ``!!python/name:`` tags; the check needs none of those values."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_config(root: Path, name: str = "mkdocs.yml", depth: int = 0) -> dict:
    """mkdocs.yml as MkDocs reads it: merged over the file it inherits (``INHERIT``), as MkDocs merges."""
    path = root / name
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)  # noqa: S506
    except (OSError, yaml.YAMLError):
        return {}  # MkDocs itself reports an unreadable config; the course can still be checked
    if not isinstance(data, dict):
        return {}
    parent = data.pop("INHERIT", None)
    if isinstance(parent, str) and depth < 10:
        base = mkdocs_config(path.parent, parent, depth + 1)
        return _merged(base, data) if base else data
    return data


def _merged(base: dict, override: dict) -> dict:
    """``override`` over ``base``: mappings key by key, anything else replaced (mergedeep's way)."""
    out = dict(base)
    for key, value in override.items():
        out[key] = _merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _extension_config(config: dict, name: str) -> tuple[bool, dict]:
    for item in config.get("markdown_extensions") or []:
        if item == name:
            return True, {}
        if isinstance(item, dict) and name in item:
            return True, item[name] or {}
    return False, {}


def theme_dirs(config: dict, root: Path) -> list[Path] | None:
    """The theme's template folders, as MkDocs searches them (custom_dir first), found without
    loading MkDocs: from the theme's entry point. None when the theme cannot be found."""
    theme = config.get("theme") or "mkdocs"
    name = theme if isinstance(theme, str) else theme.get("name") if isinstance(theme, dict) else None
    folders = []
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        folders.append(root / theme["custom_dir"])
    if not name:
        return folders
    entry = next((e for e in importlib.metadata.entry_points(group="mkdocs.themes") if e.name == name), None)
    if entry is None:
        return None
    top, *rest = entry.value.split(".")
    spec = importlib.util.find_spec(top)  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    folders.append(Path(spec.submodule_search_locations[0], *rest))
    return folders


def _nav_order(nav) -> list[str]:
    order: list[str] = []
    for item in nav or []:
        value = next(iter(item.values())) if isinstance(item, dict) and item else item
        if isinstance(value, list):
            order.extend(_nav_order(value))
        elif isinstance(value, str):
            order.append(value)
    return order


def run(root: Path) -> Result:
    root = root.resolve()
    result = Result()
    config = mkdocs_config(root)
    docs = root / str(config.get("docs_dir") or "docs")

    # hooks/course_data.py: settings, bibliography, notes maps.
    course = coursekit_course.load(root)
    result.problems.extend(course.problems.items)
    result.notes_maps = len({id(m) for m in course.notes.values()})

    # hooks/glossary_tooltips.py
    if course.path("glossary").exists():
        from .course.glossary import load_glossary

        course.glossary, found = load_glossary(course.path("glossary"), course.shown("glossary"),
                                               course.known_keys)
        result.problems.extend(found)

    # hooks/page_sources.py: links out of the project, encoding, control characters, snippet
    # includes, costly front matter.
    files = walk_docs(docs)
    left_out, found = links_out_of(docs, root, files)
    result.problems.extend(found)
    enabled, snippet_config = _extension_config(config, "pymdownx.snippets")
    snippets = snippets_config(snippet_config, root) if enabled else None
    site = {f.relative_to(docs).as_posix() for f in files if f not in left_out}
    pages = []
    for file in sorted(f for f in files if f.suffix == ".md" and f not in left_out):
        src_uri = file.relative_to(docs).as_posix()
        shown = f"docs/{src_uri}"
        text, found = read_page(file.read_bytes(), shown, snippets)
        result.problems.extend(found)
        pages.append(Page(src_uri, shown, text))
    result.pages = len(pages)

    # hooks/guides.py: chapters (pages with a source), in navigation order, and the guides.
    rank = {uri: i for i, uri in enumerate(_nav_order(config.get("nav")))}
    chapters = []
    for page in pages:
        if not page.text.lstrip().startswith("---"):
            continue
        chapter, found = coursekit_chapters.parse_chapter(page.text, page.path, page.src_uri)
        if chapter.sources:
            result.problems.extend(found)
            chapters.append(chapter)
    chapters.sort(key=lambda c: (rank.get(c.src_uri, len(rank)), natural_key(c.src_uri)))
    course.chapters = chapters
    result.chapters = len(chapters)
    guides = None
    if course.path("guides").exists():
        from .course import guides as coursekit_guides

        guides, found = coursekit_guides.load_guides(course.path("guides"), course.shown("guides"), chapters,
                                                     course.known_keys, course.glossary)
        result.problems.extend(found)
        course.guides = guides
    theme_ids = guides.theme_ids if guides is not None else None
    for chapter in chapters:
        result.problems.extend(coursekit_chapters.structure_problems(chapter, course.known_keys, theme_ids))

    # hooks/quote_check.py: quotations against the source texts, where they are at hand.
    if course.source_texts:
        from .course.quotes import check_chapter, read_sources

        by_uri = {p.src_uri: p for p in pages}
        for chapter in chapters:
            paths = [course.source_texts[k] for k in chapter.sources if k in course.source_texts]
            sources = read_sources(paths) if paths else None
            if sources is not None:
                result.problems.extend(check_chapter(by_uri[chapter.src_uri].text, chapter.path, sources))

    # hooks/guides.py generates pages (key points, guides, course path, glossary) from the chapters
    # and course files; hooks/citations.py checks their citations as any page's.
    written = {page.src_uri for page in pages}
    from .course import guides as coursekit_guides

    # hooks/bibliography_page.py: the page the guides' key works link to.
    course.bibliography_page, made = bibliography_page.choose(course.settings, {p.src_uri: p.text for p in pages})
    if made and course.bibliography.entries:
        site.add(course.bib_page)  # the build makes it, as hooks/whole_course.py makes the whole-course page:
    if course.settings.whole_course:
        site.add("whole-course.md")  # a page may link to either
    settings = replace(course.settings, bibliography_page=course.bib_page)
    texts, listed_in = coursekit_guides.generated_pages(chapters, guides, course.glossary, course.style, settings)
    course.listed_in.update(listed_in)
    generated = [Page(src_uri, f"docs/{src_uri}", text, generated=True)
                 for src_uri, text in texts.items() if src_uri not in written]
    site.update(page.src_uri for page in generated)  # the build links to them as to any file

    # hooks/pandoc_markdown.py: the labels cross-references may name, where a page names one.
    targets: dict = {}
    if any(pandoc_markdown.needs_targets(page.text) for page in pages):
        for page in pages:
            for label, target in pandoc_markdown.targets_of(page.text, page.src_uri).items():
                targets.setdefault(label, target)

    # hooks/front_matter.py, hooks/pandoc_markdown.py and hooks/citations.py: each page's front
    # matter, its pandoc Markdown, and its citations.
    folders = theme_dirs(config, root)
    for page in pages + generated:
        front = frontmatter.read(page.text, page.path)
        if not page.generated:
            result.problems.extend(frontmatter.check(front, page.path, course.known_keys, theme_ids, folders))
        adapted = pandoc_markdown.adapt(front.body, page.path, page.src_uri, front.body_line, targets,
                                        course.bibliography.entries)
        if not page.generated:
            result.problems.extend(adapted.problems)
            # hooks/audience.py: the marks that keep text for instructors, and their near misses.
            result.problems.extend(audience.find(adapted.markdown, page.path, front.body_line).problems)
        rendered = render_page(adapted.markdown, course.style, lambda key: "#" + key, page.path, front.body_line,
                               report_unknown=course.bibliography.readable,
                               link_for=_link_for(page.src_uri, site))
        if not page.generated:  # reported where the text comes from (see hooks/citations.py)
            result.problems.extend(rendered.problems)
        for key in rendered.cited:
            course.cited_by.setdefault(key, []).append(Citing(page.src_uri, "", ""))

    # hooks/report.py: works cited nowhere (a guide listing a work counts as citing it), and the
    # bibliography's problems weighed by what the pages cite.
    result.problems = reported(course, result.problems)
    return result


def _link_for(src_uri: str, site: set[str]):
    """hooks/citations.py: a relative link in a citation's prefix or suffix must open a file of the
    site (``site``: the files MkDocs reads, by their path under docs/)."""

    def link_for(url: str) -> str | None:
        target, _ = relative_target(src_uri, url)
        return url if target in site else None

    return link_for


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
