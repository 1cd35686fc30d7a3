"""Chapters as data: front matter, headings with their anchors, guide marks, questions, key points.

Read straight from the Markdown files (no generator needed), so the guides, the course path and
the ``check`` command all see the same chapters.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from dataclasses import dataclass, field

from . import audience
from ..cite.parse import protected_spans
from ..diagnostics import Problem
from ..yamlpos import LineDict, load

WORDS_PER_MINUTE = 200  # a student's study reading where the chapter gives no time of its own
REQUIRED_PARTS = {
    "learning-objectives": "Learning objectives",
    "summary": "Summary",
    "key-arguments": "Key arguments",
    "key-figures": "Key figures",
    "key-terms": "Key terms",
    "discussion-questions": "Discussion questions",
    "connections": "Connections to other chapters",
    "key-points": "Key points",
}
KEPT_BODIES = {"key-points"}  # sections whose text is read after parsing (with every question's)
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)?(?:\.{3}|-{3})[ \t]*(?:\n|\Z)", re.DOTALL)
# Closing hashes only where they end the line, as Python-Markdown reads them ("## C# " is about C#).
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*$", re.MULTILINE)
_ATTR_LIST = re.compile(r"\s*\{:?\s*([^{}]*)\}\s*$")
_ATTR = re.compile(r'#([\w.:-]+)|\.([\w-]+)|([\w-]+)=(?:"([^"]*)"|\'([^\']*)\'|(\S+))')
_NOT_SLUG = re.compile(r"[^\w\s-]")
_SLUG_SEPARATORS = re.compile(r"[-\s]+")
_TITLE_MARKUP = re.compile(r"<[^>]+>|[*_`]")
_CITATION = re.compile(r"\[[^\]]*@[^\]]*\]")
# Each alternative starts with one character, so the regex engine skips ahead to the next of them.
_MARKUP = re.compile(r"<[^>]+>|\([^)]*\.md[^)]*\)|#|\*|_|>|\||`|-")
_WORD = re.compile(r"\w+")


def slugify(text: str) -> str:
    """Python-Markdown's default heading id, so anchors can be known without rendering."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = _NOT_SLUG.sub("", text).strip().lower()
    return _SLUG_SEPARATORS.sub("-", text)


@dataclass(slots=True)
class Mark:
    theme: str
    required: bool


@dataclass(slots=True)  # held by the thousand for the whole build
class Section:
    level: int
    title: str
    anchor: str
    line: int
    col: int
    marks: list[Mark] = field(default_factory=list)
    words: int = 0
    body: str = ""  # the Markdown under the heading, kept only where it is read (see KEPT_BODIES)
    parent: str = ""  # anchor of the enclosing level-2 section


@dataclass
class Chapter:
    path: str  # as shown in messages: "docs/chapters/foot.md"
    src_uri: str  # relative to docs/: "chapters/foot.md"
    meta: dict
    title: str
    sections: list[Section]
    body_line: int
    lead_words: int = 0  # the text before the first heading, which a reader of the whole chapter reads too

    @property
    def sources(self) -> list[str]:
        source = self.meta.get("source")
        if isinstance(source, list):
            return [str(s) for s in source]
        return [str(source)] if source else []

    @property
    def themes(self) -> list[str]:
        themes = self.meta.get("themes") or []
        # The YAML strings keep their line and column, for messages that point at them.
        return [t for t in themes if isinstance(t, str)] if isinstance(themes, list) else []

    @property
    def words(self) -> int:
        return self.lead_words + sum(s.words for s in self.sections)

    @property
    def given_time(self) -> int | None:
        """The front matter's ``reading_time``, where it is a whole number of minutes."""
        value = self.meta.get("reading_time")
        return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None

    @property
    def reading_time(self) -> int:
        """Minutes to read the whole chapter: the front matter's, else its words at the default speed."""
        return self.given_time or minutes_for(self.words, WORDS_PER_MINUTE)

    @property
    def words_per_minute(self) -> float:
        """The chapter's own reading speed: its words over the time its front matter gives, so that
        its sections' times add up to the chapter's (a dense source is read slower)."""
        given = self.given_time
        return self.words / given if given and self.words else WORDS_PER_MINUTE

    def minutes(self, words: int) -> int:
        """Whole minutes to read ``words`` of this chapter: rounded up (a plan that runs short is no
        plan), and at least one."""
        return minutes_for(words, self.words_per_minute)

    def section(self, anchor: str) -> Section | None:
        return next((s for s in self.sections if s.anchor == anchor), None)

    @property
    def questions(self) -> list[Section]:
        return [s for s in self.sections if s.parent == "discussion-questions" and s.level == 3]


def minutes_for(words: int, per_minute: float) -> int:
    return max(1, math.ceil(words / per_minute - 1e-9))


def split_front_matter(text: str) -> tuple[str, str, int]:
    """(front matter YAML, body, line where the body starts)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return "", text, 1
    return match.group(1) or "", text[match.end():], text.count("\n", 0, match.end()) + 1


def parse_chapter(text: str, path: str, src_uri: str, all_bodies: bool = False) -> tuple[Chapter, list[Problem]]:
    """The chapter's front matter and sections; a section's ``body`` only where the build reads it
    (key points, questions), or everywhere with ``all_bodies``."""
    problems: list[Problem] = []
    yaml_text, body, body_line = split_front_matter(text)
    meta: dict = {}
    if yaml_text:
        data, found = load(yaml_text, path, first_line=2)
        problems.extend(found)
        if isinstance(data, LineDict):
            meta = data
        elif data is not None:
            problems.append(Problem(path, 2, 1, "the front matter is not a mapping",
                                    "write 'key: value' lines between the two '---' lines"))
    sections, lead_words = _sections(body, body_line, path, problems, all_bodies)
    title = str(meta.get("title") or next((s.title for s in sections if s.level == 1), src_uri))
    return Chapter(path, src_uri, meta, title, sections, body_line, lead_words), problems


def _sections(body: str, first_line: int, path: str, problems: list[Problem], all_bodies: bool
              ) -> tuple[list[Section], int]:
    """The chapter's sections, and the words before the first of them."""
    hidden = protected_spans(body)
    headings = [m for m in _HEADING.finditer(body) if not _inside(m.start(), hidden)]
    lead = body[: headings[0].start()] if headings else body
    lead_words = len(_WORD.findall(_prose(lead)))
    sections: list[Section] = []
    used: dict[str, int] = {}
    parent = ""
    line, counted = first_line, 0  # the line of body[counted], counted up from one heading to the next
    for index, match in enumerate(headings):
        level = len(match.group(1))
        raw = match.group(2)
        anchor, marks, title = "", [], raw
        attrs = _ATTR_LIST.search(raw)
        if attrs:
            title = raw[: attrs.start()].strip()
            for attr in _ATTR.finditer(attrs.group(1)):
                if attr.group(1):
                    anchor = attr.group(1)
                elif attr.group(3) == "data-guide":
                    value = attr.group(4) or attr.group(5) or attr.group(6) or ""
                    for word in value.split():
                        theme, _, flag = word.partition(":")
                        marks.append(Mark(theme, flag != "optional"))
        if not anchor:
            anchor = slugify(_TITLE_MARKUP.sub("", title))
            if anchor in used:
                used[anchor] += 1
                anchor = f"{anchor}_{used[anchor]}"
        used.setdefault(anchor, 0)
        line += body.count("\n", counted, match.start())
        counted = match.start()
        end = headings[index + 1].start() if index + 1 < len(headings) else len(body)
        text = body[match.end(): end]
        if level == 2:
            parent = anchor
        in_part = parent if level > 2 else ""
        # A chapter's whole text, section by section, would be held for the build; only these are read.
        kept = all_bodies or anchor in KEPT_BODIES or (level == 3 and in_part == "discussion-questions")
        section = Section(level, title, anchor, line, 1, marks, len(_WORD.findall(_prose(text))),
                          text.strip() if kept else "", in_part)
        sections.append(section)
    return sections, lead_words


def prose_words(text: str) -> int:
    """The words a reader reads in ``text``: citations and markup left out."""
    return len(_WORD.findall(_prose(text)))


def _prose(text: str) -> str:
    """Words a reader reads: citations and markup out."""
    return _MARKUP.sub(" ", _CITATION.sub("", text))


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``offset`` is in one of ``spans`` (sorted and apart: only the last to start before it can hold it)."""
    index = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return index >= 0 and offset < spans[index][1]


def structure_problems(chapter: Chapter, known_keys, known_themes: set[str] | None) -> list[Problem]:
    """A chapter (a page with ``source`` in its front matter) has every required part."""
    problems: list[Problem] = []
    path = chapter.path
    anchors = {s.anchor for s in chapter.sections}
    for anchor, title in REQUIRED_PARTS.items():
        if anchor not in anchors:
            problems.append(Problem(path, chapter.body_line, 1, f"the chapter has no '{title}' section",
                                    f"add '## {title} {{#{anchor}}}'"))
    for question in chapter.questions:
        if not audience.has_block(question.body):  # a box the learner's view would show is no note for instructors
            problems.append(Problem(path, question.line, 1, f"question '{question.title}' has no notes for instructors",
                                    "follow it with '??? note \"Notes for instructors\"' and an indented answer"))
    if known_themes is not None:
        for section in chapter.sections:
            for mark in section.marks:
                if mark.theme not in known_themes:
                    problems.append(Problem(path, section.line, 1,
                                            f"section '{section.title}' is marked for unknown theme '{mark.theme}'",
                                            _theme_fix(mark.theme, known_themes)))
    return problems


def _theme_fix(theme: str, known: set[str]) -> str:
    import difflib

    guess = difflib.get_close_matches(theme, sorted(known), n=1)
    if guess:
        return f"did you mean '{guess[0]}'?"
    return "use a theme id from course/guides.yml: " + ", ".join(sorted(known))
