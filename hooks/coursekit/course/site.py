"""The course as the build reads it, without the build: its pages, chapters, guides and the pages the
build adds. Shared by the hosts that run without MkDocs (``coursekit check``, ``coursekit render``).

Each step mirrors one hook of the build (named in its comment), so that every host reads the same
pages and reports the same problems; ``page_markdown`` is the per-page step (front matter, pandoc's
Markdown, citations), which each host finishes in its own way.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import yaml

from . import audience, bibliography_page, course_nav, navigation
from . import chapters as coursekit_chapters
from . import frontmatter
from . import guides as coursekit_guides
from . import model as coursekit_course
from ..cite.page import RenderedPage, relative_target, render_page
from ..diagnostics import Problem
from ..render import pandoc_markdown
from .order import natural_key
from .pages import links_out_of, read_page, walk_docs
from .snippets import snippets_config

WHOLE_COURSE = "whole-course.md"  # hooks/whole_course.py's page, made where course.yml asks for it


@dataclass
class Page:
    src_uri: str  # relative to docs/: "chapters/foot.md"
    path: str  # as shown in messages: "docs/chapters/foot.md"
    text: str
    generated: bool = False  # made by the build from the course's files, not written in docs/


@dataclass
class Site:
    root: Path
    config: dict  # mkdocs.yml as MkDocs merges it (INHERIT)
    docs: Path
    course: coursekit_course.Course
    pages: list[Page]  # written in docs/, in the order MkDocs lists them
    generated: list[Page]  # made by the build (guides, course path, key points, glossary)
    files: set[str]  # every file of the site, by its path under docs/: what a link may open
    other_files: list[Path]  # the files under docs/ that are not pages (images, stylesheets…)
    chapters: list  # coursekit.course.chapters.Chapter, in course order
    guides: object  # coursekit.course.guides.Guides, or None
    targets: dict  # the labels pandoc cross-references may name
    theme_folders: list[Path] | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def theme_ids(self) -> set[str] | None:
        return self.guides.theme_ids if self.guides is not None else None


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold ``!!python/name:`` tags; the engine needs none of those values."""


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


def extension_config(config: dict, name: str) -> tuple[bool, dict]:
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


nav_order = navigation.nav_order


def _walk_order(src_uri: str) -> tuple:
    """MkDocs lists a folder's files with its index (or README) first, then by name."""
    parts = src_uri.split("/")
    stem = parts[-1].rsplit(".", 1)[0]
    return tuple(parts[:-1]), stem not in ("index", "README"), parts[-1]


def load(root: Path) -> Site:
    root = root.resolve()
    problems: list[Problem] = []
    config = mkdocs_config(root)
    docs = root / str(config.get("docs_dir") or "docs")

    # hooks/course_data.py: settings, bibliography, notes maps.
    course = coursekit_course.load(root)
    problems.extend(course.problems.items)

    # hooks/glossary_tooltips.py
    if course.path("glossary").exists():
        from .glossary import load_glossary

        course.glossary, found = load_glossary(course.path("glossary"), course.shown("glossary"),
                                               course.known_keys)
        problems.extend(found)

    # hooks/page_sources.py: links out of the project, encoding, control characters, snippet
    # includes, costly front matter.
    paths = walk_docs(docs)
    left_out, found = links_out_of(docs, root, paths)
    problems.extend(found)
    enabled, snippet_config = extension_config(config, "pymdownx.snippets")
    snippets = snippets_config(snippet_config, root) if enabled else None
    kept = [p for p in paths if p not in left_out]
    files = {f.relative_to(docs).as_posix() for f in kept}
    pages = []
    for file in sorted((f for f in kept if f.suffix == ".md"), key=lambda f: _walk_order(f.relative_to(docs).as_posix())):
        src_uri = file.relative_to(docs).as_posix()
        shown = f"docs/{src_uri}"
        text, found = read_page(file.read_bytes(), shown, snippets)
        problems.extend(found)
        pages.append(Page(src_uri, shown, text))
    other_files = [f for f in kept if f.suffix != ".md"]

    # hooks/guides.py: chapters (pages with a source), in course order (the nav's, the sessions in
    # it), and the guides.
    _, sessions = course_nav.read(course, lambda src_uri: src_uri in files)
    rank = navigation.course_rank(config.get("nav"), sessions)
    chapters = []
    for page in pages:
        if not page.text.lstrip().startswith("---"):
            continue
        chapter, found = coursekit_chapters.parse_chapter(page.text, page.path, page.src_uri)
        if chapter.sources:
            problems.extend(found)
            chapters.append(chapter)
    chapters.sort(key=lambda c: (rank(c.src_uri), natural_key(c.src_uri)))
    course.chapters = chapters
    course.chapter_by_uri = {c.src_uri: c for c in chapters}
    guides = None
    if course.path("guides").exists():
        guides, found = coursekit_guides.load_guides(course.path("guides"), course.shown("guides"), chapters,
                                                     course.known_keys, course.glossary)
        problems.extend(found)
        course.guides = guides
    theme_ids = guides.theme_ids if guides is not None else None
    for chapter in chapters:
        problems.extend(coursekit_chapters.structure_problems(chapter, course.known_keys, theme_ids))

    # hooks/quote_check.py: quotations against the source texts, where they are at hand.
    if course.source_texts:
        from .quotes import check_chapter, read_sources

        by_uri = {p.src_uri: p for p in pages}
        for chapter in chapters:
            sources_paths = [course.source_texts[k] for k in chapter.sources if k in course.source_texts]
            sources = read_sources(sources_paths) if sources_paths else None
            if sources is not None:
                problems.extend(check_chapter(by_uri[chapter.src_uri].text, chapter.path, sources))

    # hooks/bibliography_page.py: the page the guides' key works link to, made where the docs have none.
    written = {page.src_uri for page in pages}
    course.bibliography_page, made = bibliography_page.choose(course.settings, {p.src_uri: p.text for p in pages})
    generated: list[Page] = []
    if made and course.bibliography.entries:
        generated.append(Page(course.bib_page, f"docs/{course.bib_page}", bibliography_page.GENERATED_PAGE, True))
    # hooks/guides.py generates pages (key points, guides, course path, glossary) from the chapters
    # and course files; hooks/citations.py checks their citations as any page's.
    settings = replace(course.settings, bibliography_page=course.bib_page)
    texts, listed_in = coursekit_guides.generated_pages(chapters, guides, course.glossary, course.style, settings)
    course.listed_in.update(listed_in)
    generated.extend(Page(src_uri, f"docs/{src_uri}", text, generated=True)
                     for src_uri, text in texts.items() if src_uri not in written)
    files.update(page.src_uri for page in generated)  # the build links to them as to any file
    if course.settings.whole_course:
        files.add(WHOLE_COURSE)  # hooks/whole_course.py makes it: a page may link to it

    # hooks/pandoc_markdown.py: the labels cross-references may name, where a page names one.
    targets: dict = {}
    if any(pandoc_markdown.needs_targets(page.text) for page in pages):
        for page in pages:
            for label, target in pandoc_markdown.targets_of(page.text, page.src_uri).items():
                targets.setdefault(label, target)

    return Site(root, config, docs, course, pages, generated, files, other_files, chapters, guides, targets,
                theme_dirs(config, root), problems)


@dataclass
class PageMarkdown:
    front: frontmatter.FrontMatter
    rendered: RenderedPage  # the body, its citations rendered
    problems: list[Problem]


def page_markdown(site: Site, page: Page, href_for: Callable[[str], str], link_for: Callable[[str], str | None],
                  stash=None) -> PageMarkdown:
    """hooks/front_matter.py, hooks/pandoc_markdown.py and hooks/citations.py on one page: its front
    matter checked, its pandoc Markdown rewritten, its citations rendered (``stash``: see ``render_page``).
    A generated page's problems are reported where its text comes from, not here."""
    course = site.course
    front = frontmatter.read(page.text, page.path)
    problems: list[Problem] = []
    if not page.generated:
        problems.extend(frontmatter.check(front, page.path, course.known_keys, site.theme_ids, site.theme_folders))
    adapted = pandoc_markdown.adapt(front.body, page.path, page.src_uri, front.body_line, site.targets,
                                    course.bibliography.entries)
    if not page.generated:
        problems.extend(adapted.problems)
    markdown = _in_view(site, page, adapted.markdown, front.body_line, link_for, problems)
    rendered = render_page(markdown, course.style, href_for, page.path, front.body_line, stash=stash,
                           report_unknown=course.bibliography.readable, link_for=link_for)
    if not page.generated:
        problems.extend(rendered.problems)
    return PageMarkdown(front, rendered, problems)


def _in_view(site: Site, page: Page, markdown: str, first_line: int, link_for, problems: list[Problem]) -> str:
    """hooks/audience.py: the page as the learner's view shows it (the only view hosts other than the
    hooks' build make): the blocks kept for instructors left out, every line kept in place. What is
    left out is still read: its problems are reported and the works it cites count as cited."""
    found = audience.find(markdown, page.path, first_line)
    if not page.generated:
        problems.extend(found.problems)
    if not found.blocks:
        return markdown
    course = site.course
    hidden = render_page(audience.left_out(markdown, found.blocks), course.style, lambda key: "#" + key, page.path,
                         first_line, report_unknown=course.bibliography.readable, link_for=link_for)
    if not page.generated:
        problems.extend(hidden.problems)
    course.cited_out_of_view.update(hidden.cited)
    return audience.for_learners(markdown, found.blocks)


def link_in_site(site: Site, src_uri: str) -> Callable[[str], str | None]:
    """hooks/citations.py: a relative link in a citation's prefix or suffix must open a file of the
    site; the link as written where it does, None where it does not."""

    def link_for(url: str) -> str | None:
        target, _ = relative_target(src_uri, url)
        return url if target in site.files else None

    return link_for
