"""Reading guides, the course path and the key points page, built from the chapters.

Data flows one way: ``course/guides.yml`` (themes, sessions) + chapters (front matter, marked
sections, questions, key points) → validated model → Markdown pages, which the generator renders
like any other page (so their citations and links are checked too).
"""

from __future__ import annotations

import difflib
import html
import json
import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .chapters import WORDS_PER_MINUTE, Chapter, Section, minutes_for, prose_words
from ..diagnostics import Problem
from .glossary import Glossary, citation_problems
from .text import block, inline, link_problems
from ..render.safe import escape, plain_text
from ..yamlpos import LineDict, load_file, position

GUIDES_DIR = "guides"
KEY_POINTS = "key-points.md"
COURSE_PATH = "course-path.md"
# Where a page shows the course's length and first session, and the map of the guides (hooks/guides.py).
START_MARKER = "<!-- course-start -->"
MAP_MARKER = "<!-- course-map -->"
_THEME_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


def is_theme_id(value) -> bool:
    """A theme id names its guide's page (``guides/<id>.md``): a lower-case slug, never a path."""
    return isinstance(value, str) and bool(_THEME_ID.fullmatch(value))


@dataclass
class Work:
    key: str
    note: str
    line: int


@dataclass
class Step:
    chapter: Chapter
    section: Section | None  # None: the whole chapter
    required: bool
    minutes: int = field(init=False)  # once: every guide's and session's total adds it up again

    def __post_init__(self) -> None:
        self.minutes = reading_minutes(self.chapter, self.section)


@dataclass
class Theme:
    id: str
    title: str
    why: str
    line: int
    works: list[Work] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    questions: list[tuple[Chapter, Section]] = field(default_factory=list)
    chapter_uris: set[str] = field(default_factory=set)  # chapters the reading path passes through

    @property
    def src_uri(self) -> str:
        return f"{GUIDES_DIR}/{self.id}.md"

    @property
    def minutes(self) -> int:
        return sum(step.minutes for step in self.steps if step.required)

    @property
    def page_minutes(self) -> int:
        """The guide's own page, read before its path: why it matters and its key works' notes."""
        words = prose_words(self.why) + sum(prose_words(w.note) for w in self.works)
        return minutes_for(words, WORDS_PER_MINUTE)


@dataclass
class Guides:
    path: str
    themes: list[Theme]
    sessions: list = field(default_factory=list)  # course_path.Session, in order
    key_points: bool = False  # whether the course has a key points page, for the guides to link to
    introduced: dict[str, int] = field(default_factory=dict)  # chapter → the session that introduces it

    def theme(self, theme_id: str) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    @property
    def theme_ids(self) -> set[str]:
        return {t.id for t in self.themes}


def reading_minutes(chapter: Chapter, section: Section | None) -> int:
    """The time to read a whole chapter (its own ``reading_time``), or a section with its subsections
    at the chapter's reading speed."""
    if section is None:
        return chapter.reading_time
    return chapter.minutes(sum(s.words for s in with_subsections(chapter, section)))


def with_subsections(chapter: Chapter, section: Section) -> list[Section]:
    """``section`` and the sections under it, up to the next heading of its level or above."""
    # By identity: sections are dataclasses, and == compares every field of every section before it.
    index = next(i for i, s in enumerate(chapter.sections) if s is section)
    out = [section]
    for later in chapter.sections[index + 1:]:
        if later.level <= section.level:
            break
        out.append(later)
    return out


def guess(name: str, options) -> str:
    found = difflib.get_close_matches(str(name), sorted(options), n=1, cutoff=0.5)
    return f"did you mean '{found[0]}'?" if found else ""


def load_guides(path, shown: str, chapters: list[Chapter], known_keys, glossary: Glossary | None
                ) -> tuple[Guides | None, list[Problem]]:
    data, problems = load_file(path, shown)
    if data is None:
        return None, problems
    if not isinstance(data, LineDict) or not isinstance(data.get("themes"), list):
        return None, [Problem(shown, 1, 1, "the guides file needs a 'themes' list",
                              "start it with 'themes:' and one '- id: …' item per guide")]
    by_uri = {c.src_uri: c for c in chapters}
    guides = Guides(shown, [], key_points=has_key_points(chapters))
    seen: set[str] = set()
    for item in data["themes"]:
        line, col = position(item, (data.line, 1))
        if not isinstance(item, dict):
            problems.append(Problem(shown, line, col, "a theme is a mapping", "write '- id: …' then 'title:' and 'why:'"))
            continue
        theme_id = str(item.get("id") or "")
        for needed in ("id", "title", "why"):
            if not item.get(needed):
                problems.append(Problem(shown, line, col, f"theme '{theme_id or '?'}' lacks '{needed}'",
                                        f"add '{needed}:' to the theme"))
        if not theme_id:
            continue
        if not is_theme_id(item.get("id")):
            problems.append(Problem(shown, *position(item.get("id"), (line, col)),
                                    f"theme id '{theme_id}' is not a lower-case slug",
                                    f"use lower-case letters, digits and hyphens: it names the guide's page, "
                                    f"{GUIDES_DIR}/<id>.md"))
            continue
        if theme_id in seen:
            problems.append(Problem(shown, line, col, f"theme '{theme_id}' is defined twice", "keep one definition"))
            continue
        seen.add(theme_id)
        theme = Theme(theme_id, str(item.get("title") or theme_id), str(item.get("why") or ""), line)
        for key in ("title", "why"):
            if item.get(key):
                problems.extend(link_problems(item[key], shown, (line, col)))
        if item.get("why"):
            problems.extend(citation_problems(item["why"], known_keys, shown))
        for work in yaml_list(item, "works", shown, problems):
            wline, wcol = position(work, (line, col))
            key = str(work.get("key", "")) if isinstance(work, dict) else str(work)
            note = str(work.get("note", "")) if isinstance(work, dict) else ""
            if key not in known_keys:
                problems.append(Problem(shown, wline, wcol, f"guide '{theme_id}' lists unknown work '{key}'",
                                        guess(key, known_keys) or "add the work to the bibliography, or fix the key"))
                continue
            if not note:
                problems.append(Problem(shown, wline, wcol, f"guide '{theme_id}': work '{key}' has no annotation",
                                        "add 'note:' with one line on why to read it"))
            else:
                problems.extend(link_problems(work["note"], shown, (wline, wcol)))
            theme.works.append(Work(key, note, wline))
        for term in yaml_list(item, "terms", shown, problems):
            tline, tcol = position(term, (line, col))
            if glossary is not None and str(term) not in glossary.ids:
                problems.append(Problem(shown, tline, tcol, f"guide '{theme_id}' names unknown glossary term '{term}'",
                                        guess(term, glossary.ids) or "add the term to course/glossary.yml"))
                continue
            theme.terms.append(str(term))
        for extra in yaml_list(item, "read", shown, problems):
            step = resolve_reading(extra, by_uri, shown, problems, f"guide '{theme_id}'")
            if step:
                theme.steps.append(Step(step[0], step[1], not str(extra).endswith(" optional")))
        guides.themes.append(theme)

    _collect_marks(guides, chapters)
    for theme in guides.themes:
        theme.chapter_uris = {step.chapter.src_uri for step in theme.steps}
    from .course_path import load_sessions  # it builds on the themes above

    guides.sessions, guides.introduced = load_sessions(yaml_list(data, "sessions", shown, problems), by_uri, guides,
                                                       known_keys, shown, problems)
    return guides, problems


def yaml_list(mapping, key: str, shown: str, problems: list[Problem]) -> list:
    value = mapping.get(key) if isinstance(mapping, dict) else None
    if value is None:
        return []
    if not isinstance(value, list):
        line, col = mapping.key_position(key) if isinstance(mapping, LineDict) else (1, 1)
        problems.append(Problem(shown, line, col, f"'{key}' must be a list", f"write '{key}:' then '- …' items"))
        return []
    return value


def resolve_reading(ref, by_uri: dict[str, Chapter], shown: str, problems: list[Problem], who: str):
    """"chapters/foot.md#beliefs" (optionally followed by " optional") → (chapter, section)."""
    line, col = position(ref)
    text = str(ref).removesuffix(" optional").strip()
    uri, _, anchor = text.partition("#")
    chapter = by_uri.get(uri)
    if chapter is None:
        problems.append(Problem(shown, line, col, f"{who} names unknown chapter '{uri}'",
                                guess(uri, by_uri) or "name a chapter by its path under docs/, e.g. 'chapters/intro.md'"))
        return None
    if not anchor:
        return chapter, None
    section = chapter.section(anchor)
    if section is None:
        anchors = [s.anchor for s in chapter.sections]
        problems.append(Problem(shown, line, col, f"{who} names unknown section '#{anchor}' of '{uri}'",
                                guess(anchor, anchors) or f"use a heading anchor of {uri}"))
        return None
    return chapter, section


def _collect_marks(guides: Guides, chapters: list[Chapter]) -> None:
    """Marked sections join their themes' reading paths, in course order; questions likewise."""
    themes = {theme.id: theme for theme in guides.themes}
    placed = {(theme.id, id(step.section)) for theme in guides.themes for step in theme.steps}
    for chapter in chapters:
        for section in chapter.sections:
            for mark in section.marks:
                theme = themes.get(mark.theme)
                if theme is None:
                    continue  # reported by the front matter check
                if section.parent == "discussion-questions":
                    theme.questions.append((chapter, section))
                elif (theme.id, id(section)) not in placed:
                    placed.add((theme.id, id(section)))
                    theme.steps.append(Step(chapter, section, mark.required))


# -- Markdown for the generated pages -------------------------------------------------------------


def rel(from_uri: str, to_uri: str, anchor: str = "") -> str:
    link = _relpath(to_uri, posixpath.dirname(from_uri) or ".")
    return f"{link}#{anchor}" if anchor else link


@lru_cache(maxsize=1 << 14)  # a guide links to each of thousands of sections of the same chapters
def _relpath(to_uri: str, from_dir: str) -> str:
    return posixpath.relpath(to_uri, from_dir)


def _minutes(n: int) -> str:
    return f"{n} min"


def guide_markdown(theme: Theme, guides: Guides, glossary: Glossary | None, settings: dict,
                   reference_html) -> str:
    here = theme.src_uri
    bib = settings.bibliography_page
    # The page's title, set here: taken from the heading, the theme would print it with its entities
    # decoded ("&lt;/title&gt;" into "</title>", Material's base.html), so it is given escaped.
    out = [f"---\ntitle: {json.dumps(escape(plain_text(theme.title)), ensure_ascii=False)}\n---\n\n",
           f"# {inline(theme.title)}\n", f"\n## Why it matters {{#why-it-matters}}\n\n{block(theme.why)}\n"]
    out.append(f"\n## Reading path {{#reading-path}}\n\nAbout {_minutes(theme.minutes)} of required reading.\n\n")
    if theme.steps:
        # Four columns, the chapter under its section rather than in a column of its own, so that the
        # table fits a phone's width.
        out.append("| # | Read | Status | Time |\n| --- | --- | --- | --- |\n")
        for number, step in enumerate(theme.steps, 1):
            chapter = step.chapter
            if step.section is None:
                target = f"[{inline(chapter.title)}]({rel(here, chapter.src_uri)})"
            else:
                target = (f"[{inline(step.section.title)}]({rel(here, chapter.src_uri, step.section.anchor)})"
                          f"<br>in *{inline(chapter.title)}*")
            status = "required" if step.required else "optional"
            out.append(f"| {number} | {target} | {status} | {_minutes(step.minutes)} |\n")
    if theme.works:
        out.append("\n## Key works {#key-works}\n\n")
        for work in theme.works:
            out.append(f"- {reference_html(work.key)} [↗]({rel(here, bib, work.key)} \"In the bibliography\")  \n"
                       f"  {inline(work.note)}\n")
    if theme.terms and glossary is not None:
        out.append("\n## Key terms {#key-terms}\n\n")
        for term_id in theme.terms:
            term = glossary.term(term_id)
            out.append(f"- [{inline(term.term)}]({rel(here, settings.glossary_page, term.id)}): "
                       f"{inline(term.expansion or term.short)}\n")
    if theme.questions:
        out.append("\n## Discussion questions {#discussion-questions}\n\n")
        for chapter, question in theme.questions:
            out.append(f"- [{inline(question.title)}]({rel(here, chapter.src_uri, question.anchor)}) "
                       f"(*{inline(chapter.title)}*)\n")
    see_also = []  # only the pages this course has
    if guides.key_points:
        see_also.append(f"- [Key points of every chapter]({rel(here, KEY_POINTS)})\n")
    if glossary is not None:
        see_also.append(f"- [Glossary]({rel(here, settings.glossary_page)})\n")
    see_also.append(f"- [Course path]({rel(here, COURSE_PATH)})\n")
    out.append("\n## See also {#see-also}\n\n" + "".join(see_also))
    return "".join(out)


def guides_index_markdown(guides: Guides) -> str:
    here = f"{GUIDES_DIR}/index.md"
    out = ["# Reading guides\n\nEach guide follows one theme across the chapters: why it matters, a reading path "
           "through the chapter sections in order, the key works, key terms and discussion questions.\n\n"
           "| Guide | Sections | Required reading |\n| --- | --- | --- |\n"]
    for theme in guides.themes:
        out.append(f"| [{inline(theme.title)}]({rel(here, theme.src_uri)}) | {len(theme.steps)} | "
                   f"{_minutes(theme.minutes)} |\n")
    out.append("\n## The guides on one map {#course-map}\n\nEach line is a guide; each stop on it, a chapter section "
               f"the guide walks through.\n\n{MAP_MARKER}\n")
    return "".join(out)


def has_key_points(chapters: list[Chapter]) -> bool:
    """Whether any chapter has a "Key points" section: the key points page is made only then."""
    return any(chapter.section("key-points") is not None for chapter in chapters)


def key_points_markdown(chapters: list[Chapter]) -> str:
    here = KEY_POINTS
    # Out of the search index: each list is indexed already, in its chapter's "Key points" section.
    out = ["---\nsearch:\n  exclude: true\n---\n\n"
           "# Key points\n\nThe key points of every chapter, in course order. Each list links back to its chapter.\n"]
    used: set[str] = set()
    for chapter in chapters:
        section = chapter.section("key-points")
        if section is None:
            continue
        anchor = base = "kp-" + chapter.src_uri.rsplit("/", 1)[-1].removesuffix(".md")
        number = 1
        while anchor in used:  # chapters of one name in two folders
            number += 1
            anchor = f"{base}-{number}"
        used.add(anchor)
        out.append(f"\n## {inline(chapter.title)} {{#{anchor}}}\n\n{section.body}\n\n"
                   f"[Read the chapter]({rel(here, chapter.src_uri)})\n")
    return "".join(out)


def chapter_guides_box(chapter: Chapter, guides: Guides) -> str:
    """The "In these reading guides" box at the top of a chapter."""
    here = chapter.src_uri
    listed = []
    for theme in guides.themes:
        if theme.id in chapter.themes or chapter.src_uri in theme.chapter_uris:
            listed.append(f"[{inline(theme.title)}]({rel(here, theme.src_uri)})")
    if not listed:
        return ""
    minutes = chapter.reading_time
    return (f'\n!!! info "In these reading guides"\n\n    {" · ".join(listed)}\n\n'
            f"    Reading time: about {minutes} min.\n\n")


def with_guides_box(markdown: str, chapter: Chapter, guides: Guides) -> str:
    """The chapter's Markdown with its "In these reading guides" box under its title (or first)."""
    box = chapter_guides_box(chapter, guides)
    if not box:
        return markdown
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("# "):
            return "\n".join(lines[: index + 1] + [box] + lines[index + 1:])
    return box + "\n" + markdown


def generated_pages(chapters: list[Chapter], guides: Guides | None, glossary: Glossary | None, style,
                    settings: dict) -> tuple[dict[str, str], dict[str, list[tuple[str, str, str]]]]:
    """Every page the course generates, by source path, and for each work the guides listing it
    as (guide page, anchor, guide title). One place, for the build and the ``check`` command."""
    from .course_path_pages import course_path_markdown
    from .glossary import glossary_markdown

    pages: dict[str, str] = {}
    listed_in: dict[str, list[tuple[str, str, str]]] = {}
    if has_key_points(chapters):
        pages[KEY_POINTS] = key_points_markdown(chapters)
    if guides is not None:
        pages[f"{GUIDES_DIR}/index.md"] = guides_index_markdown(guides)
        pages[COURSE_PATH] = course_path_markdown(guides)
        for theme in guides.themes:
            pages[theme.src_uri] = guide_markdown(theme, guides, glossary, settings, lambda key: _reference(style, key))
            for work in theme.works:
                listed_in.setdefault(work.key, []).append((theme.src_uri, "key-works", theme.title))
    if glossary is not None:
        page = settings.glossary_page
        pages[page] = glossary_markdown(glossary, page, lambda term: guides_for_term(term, guides))
    return pages, listed_in


def _reference(style, key: str) -> str:
    """A key work's reference; its key alone where the bibliography could not be read (reported once)."""
    formatted = style.formatted.get(key)
    return formatted.html if formatted is not None else html.escape(key)


def guides_for_term(term, guides: Guides | None) -> list[tuple[str, str]]:
    if guides is None:
        return []
    return [(t.src_uri, t.title) for t in guides.themes if term.id in t.terms or t.id in term.themes]
