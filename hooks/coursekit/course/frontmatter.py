"""A page's front matter, read as MkDocs reads it, and checked.

MkDocs silently ignores front matter it cannot read (invalid YAML, a list instead of a mapping, a
closing ``---`` with no line break after it): the page then loses its title and source without a
word. Here each of those is a problem at its line and column, and so is every value the hooks rely
on: ``title`` (text), ``source`` (a bibliography key or a list of keys), ``themes`` (theme ids from
``course/guides.yml``) and ``reading_time`` (whole minutes).

So is every value the theme uses. MkDocs' templates escape nothing: Material prints ``subtitle``
as HTML, ``status`` into a class attribute, includes the file ``icon`` names (``.icons/<icon>.svg``)
and renders the ``template`` named, and its templates and our hooks test ``hide`` and ``search`` as
a list and a mapping. A value of the wrong kind, markup, a status that is not a name, or an icon or
template the theme does not have would inject into the page or stop the build with a traceback.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..cite.page import unknown_key_problem
from ..diagnostics import Problem
from .text import link_problems
from ..yamlpos import LineDict, load, position

# MkDocs' own pattern (mkdocs/utils/meta.py): front matter ends at a '---' or '...' line and a newline.
MKDOCS_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_OPENING = re.compile(r"^-{3}[ \t]*\n")
_CLOSING_AT_END = re.compile(r"\n(?:\.{3}|-{3})[ \t]*\Z")
_YAML_KEY_LINE = re.compile(r"^[A-Za-z_][\w-]*:(?:\s|$)")
_HTML = re.compile(r"<\s*[A-Za-z!/?][^>]*>?")

CHAPTER_KEYS = ("title", "source", "themes", "reading_time")
# Keys MkDocs and Material read; a near miss of one of these or ours is likely a typo.
KNOWN_KEYS = frozenset({*CHAPTER_KEYS, "description", "author", "template", "hide", "icon", "status",
                        "subtitle", "tags", "search", "comments"})
# Material prints these inside HTML attributes without escaping them (base.html: <meta content="…">).
ATTRIBUTE_KEYS = ("description", "author")
_NAME = re.compile(r"[A-Za-z0-9_-]+")
_ICON = re.compile(r"[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*")


@dataclass(frozen=True)
class Context:
    """What a page's values are checked against."""

    known_keys: object  # the bibliography's keys
    theme_ids: set[str] | None = None  # the reading guides' themes; None: no course/guides.yml
    theme_dirs: tuple[Path, ...] | None = None  # the theme's template folders; None: not known


@dataclass
class FrontMatter:
    data: dict  # {} when the page has none, or MkDocs could not read it
    body: str  # the Markdown MkDocs renders
    body_line: int  # the file line on which ``body`` starts
    problems: list[Problem] = field(default_factory=list)
    invalid: set[str] = field(default_factory=set)  # keys ``check`` found wrong: never to be used


def read(text: str, path: str) -> FrontMatter:
    """Split ``text`` as MkDocs does, reporting front matter that MkDocs would drop."""
    match = MKDOCS_FRONT_MATTER.match(text)
    if not match:
        return FrontMatter({}, text, 1, _unclosed_problems(text, path))
    data, problems = load(match.group(1), path, first_line=2)
    if data is None:
        return FrontMatter({}, text, 1, problems)  # MkDocs renders the front matter as text
    if not isinstance(data, dict):
        problems.append(Problem(path, 2, 1, "the front matter is not a mapping",
                                "write 'key: value' lines between the two '---' lines"))
        return FrontMatter({}, text, 1, problems)
    rest = text[match.end():]
    body = rest.lstrip("\n")
    body_line = text.count("\n", 0, match.end()) + (len(rest) - len(body)) + 1
    return FrontMatter(data, body, body_line, problems)


def _unclosed_problems(text: str, path: str) -> list[Problem]:
    if not _OPENING.match(text):
        return []
    if _CLOSING_AT_END.search(text):
        line = text.count("\n") + 1
        return [Problem(path, line, 1, "the front matter's closing '---' is the file's last line",
                        "end the file with a line break after it, or write the page's text below it")]
    second = text.split("\n", 2)[1] if text.count("\n") >= 1 else ""
    if _YAML_KEY_LINE.match(second):
        return [Problem(path, 1, 1, "the front matter opened here is never closed",
                        "end it with a line '---' before the page's text")]
    return []


def check(front: FrontMatter, path: str, known_keys, theme_ids: set[str] | None,
          theme_dirs=None) -> list[Problem]:
    """Every problem of a page's front matter (the reading problems of ``read`` included)."""
    context = Context(known_keys, theme_ids, tuple(Path(d) for d in theme_dirs) if theme_dirs is not None else None)
    problems = list(front.problems)
    data = front.data
    if "source" in data:  # a chapter: the summary of a source document
        for key in CHAPTER_KEYS:
            if key not in data:
                problems.append(Problem(path, 1, 1, f"the chapter's front matter lacks '{key}'",
                                        f"add '{key}:' to the front matter (see CONTRIBUTING.md, 'Chapters')"))
    for key, value in data.items():
        line, col = data.key_position(key) if isinstance(data, LineDict) else (2, 1)
        checker = _CHECKS.get(str(key))
        if checker:
            found = checker(value, path, (line, col), context)
            if found:
                front.invalid.add(str(key))
            problems.extend(found)
        elif str(key) not in KNOWN_KEYS:
            guess = difflib.get_close_matches(str(key), sorted(KNOWN_KEYS), n=1, cutoff=0.75)
            if guess:
                problems.append(Problem(path, line, col, f"unknown front matter key '{key}'",
                                        f"did you mean '{guess[0]}'?", "warning"))
        markup = _html_problems(key, value, path, (line, col)) if str(key) not in front.invalid else []
        if markup:
            front.invalid.add(str(key))
        problems.extend(markup)
    return problems


def _check_title(value, path, where, context: Context) -> list[Problem]:
    if isinstance(value, str) and value.strip():
        return link_problems(value, path, where)  # the generated pages render it as Markdown
    line, col = position(value, where)
    return [Problem(path, line, col, "'title' must be text", 'write title: "The chapter\'s title" (in quotes)')]


def _check_source(value, path, where, context: Context) -> list[Problem]:
    known_keys = context.known_keys
    keys = value if isinstance(value, list) else [value]
    if not keys or not all(isinstance(k, str) and k for k in keys):
        line, col = position(value, where)
        return [Problem(path, line, col, "'source' must be a bibliography key or a list of keys",
                        "write source: footChinaInternationalHuman, or one '- key' line per source")]
    problems = []
    for key in keys:
        if key not in known_keys:
            line, col = position(key, where)
            problems.append(unknown_key_problem(key, known_keys, path, line, col))
    return problems


def _check_themes(value, path, where, context: Context) -> list[Problem]:
    theme_ids = context.theme_ids
    if not isinstance(value, list) or not all(isinstance(t, str) and t for t in value):
        line, col = position(value, where)
        return [Problem(path, line, col, "'themes' must be a list of theme ids",
                        "write themes: [sovereignty, r2p]")]
    if theme_ids is None:
        return []  # no course/guides.yml to check them against
    problems = []
    for theme in value:
        if theme not in theme_ids:
            line, col = position(theme, where)
            guess = difflib.get_close_matches(theme, sorted(theme_ids), n=1, cutoff=0.6)
            fix = f"did you mean '{guess[0]}'?" if guess else \
                "define it in course/guides.yml, or use one of: " + ", ".join(sorted(theme_ids))
            # A warning (fails --strict): the page promises a guide that does not exist yet.
            problems.append(Problem(path, line, col, f"theme '{theme}' has no reading guide", fix, "warning"))
    return problems


def _check_reading_time(value, path, where, context: Context) -> list[Problem]:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return []
    line, col = position(value, where)
    return [Problem(path, line, col, f"'reading_time' must be a whole number of minutes, not '{value}'",
                    "write reading_time: 20")]


# -- What the theme reads ------------------------------------------------------------------------

_TEXT_EXAMPLES = {"description": "One sentence on what the page holds", "author": "Ada Lovelace",
                  "subtitle": "A few words under the title in the navigation"}


def _check_text(key: str, many: bool = False):
    """Text; with ``many``, a list of texts too (pandoc's and bookdown's ``author: [A, B]``)."""
    def check(value, path, where, context: Context) -> list[Problem]:
        if isinstance(value, str) or (many and isinstance(value, list) and value
                                      and all(isinstance(v, str) and v.strip() for v in value)):
            return []
        also = " or a list of texts" if many else ""
        return [Problem(path, *position(value, where), f"'{key}' must be text{also}",
                        f'write {key}: "{_TEXT_EXAMPLES[key]}" (in quotes)')]
    return check


def attribute_text(value) -> str | None:
    """A value the theme prints into an attribute, as one text: a list of authors joined, as pandoc
    prints them; None for anything else (it is reported, and never printed)."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return ", ".join(v.strip() for v in value)
    return None


def _check_status(value, path, where, context: Context) -> list[Problem]:
    if isinstance(value, str) and _NAME.fullmatch(value):
        return []
    return [Problem(path, *position(value, where), f"'status' must be a status name, not '{_brief(value)}'",
                    "write status: new, or deprecated, or a name set under extra.status in mkdocs.yml")]


def _check_icon(value, path, where, context: Context) -> list[Problem]:
    if isinstance(value, str) and _ICON.fullmatch(value) and _in_theme(f".icons/{value}.svg", context):
        return []
    return [Problem(path, *position(value, where), f"'icon' names no icon of the theme: '{_brief(value)}'",
                    "name an icon as the theme lists it, e.g. icon: material/book-open-variant")]


def _check_template(value, path, where, context: Context) -> list[Problem]:
    parts = PurePosixPath(value).parts if isinstance(value, str) else ()
    if parts and not value.startswith("/") and ".." not in parts and _in_theme(value, context):
        return []
    return [Problem(path, *position(value, where), f"'template' names no template of the theme: '{_brief(value)}'",
                    "name a template of the theme or of its custom_dir, e.g. template: main.html")]


def _in_theme(relative: str, context: Context) -> bool:
    if context.theme_dirs is None:
        return True  # the theme's folders are not known: the shape of the name is all there is to check
    return any((folder / relative).is_file() for folder in context.theme_dirs)


def _check_hide(value, path, where, context: Context) -> list[Problem]:
    if isinstance(value, list) and all(isinstance(item, str) and _NAME.fullmatch(item) for item in value):
        return []
    return [Problem(path, *position(value, where), "'hide' must be a list of what to hide",
                    "write hide: [navigation, toc]")]


def _check_tags(value, path, where, context: Context) -> list[Problem]:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return []
    return [Problem(path, *position(value, where), "'tags' must be a list of tags", "write tags: [sovereignty, r2p]")]


def _check_search(value, path, where, context: Context) -> list[Problem]:
    if isinstance(value, dict) and set(value) <= {"exclude", "boost"} \
            and isinstance(value.get("exclude", False), bool) \
            and isinstance(value.get("boost", 1), (int, float)) and not isinstance(value.get("boost"), bool):
        return []
    return [Problem(path, *position(value, where), "'search' must be a mapping with 'exclude' or 'boost'",
                    "write search: {exclude: true} (out of the search), or search: {boost: 2} (ranked higher)")]


def _check_comments(value, path, where, context: Context) -> list[Problem]:
    if isinstance(value, bool):
        return []
    return [Problem(path, *position(value, where), "'comments' must be true or false", "write comments: true")]


def _brief(value) -> str:
    text = str(value) if isinstance(value, (str, int, float)) else type(value).__name__
    return text if len(text) <= 40 else text[:39] + "…"


_CHECKS = {"title": _check_title, "source": _check_source, "themes": _check_themes,
           "reading_time": _check_reading_time, "description": _check_text("description"),
           "author": _check_text("author", many=True), "subtitle": _check_text("subtitle"), "status": _check_status,
           "icon": _check_icon, "template": _check_template, "hide": _check_hide, "tags": _check_tags,
           "search": _check_search, "comments": _check_comments}


def _html_problems(key, value, path: str, where: tuple[int, int]) -> list[Problem]:
    """HTML in front matter: Material prints titles and descriptions without escaping them."""
    texts = value if isinstance(value, list) else [value]
    for text in texts:
        if isinstance(text, str) and (markup := _HTML.search(text)):
            line, col = position(text, where)
            return [Problem(path, line, col, f"'{key}' holds HTML markup '{markup.group()[:40]}'",
                            "write plain text: the theme would print front matter as raw HTML")]
    return []
