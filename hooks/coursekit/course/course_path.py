"""The course path: the sessions of ``course/guides.yml``, what each asks students to read before
it, for how long and why.

Each session's items (a whole chapter, a section, or a guide with its reading path) become
readings, weighed against the sessions before them: new; *review*, where an earlier session assigned
the same text; *again*, where this session already did (it costs no more time). A chapter belongs
to the session that introduces it: a guide's path is read only as far as the course has come (its
stops in later chapters wait for their sessions), and a section named in an earlier session is a
*preview*, which its item must say it means (``preview: true``, which a guide's item may say too)
or the build warns. A reading's time comes from the words read, at its chapter's own speed
(``Chapter.minutes``); ``minutes:`` on an item is the instructor's figure and wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics import Problem
from ..yamlpos import LineDict, position
from .chapters import Chapter, Section
from .glossary import citation_problems
from .guides import Guides, Theme, guess, reading_minutes, resolve_reading, with_subsections, yaml_list
from .text import link_problems

SESSION_KEYS = ("title", "why", "before", "read")
ITEM_KEYS = ("chapter", "guide", "minutes", "review", "preview", "optional", "note")
NEW, REVIEW, AGAIN, LATER = "new", "review", "again", "later"  # see ``weigh``


@dataclass
class Reading:
    """One text a session sends students to: a whole chapter, or a section with its subsections."""

    chapter: Chapter
    section: Section | None  # None: the whole chapter
    optional: bool
    minutes: int
    status: str = NEW
    since: int = 0  # REVIEW: the session that first assigned it (0: the item says so); LATER: the one to come
    preview_of: int = 0  # the later session that introduces its chapter; 0: none

    def units(self) -> list[tuple[str, str]]:
        """What it assigns, as (chapter, anchor) pairs; "" stands for the text before the first heading."""
        uri = self.chapter.src_uri
        if self.section is None:
            return [(uri, "")] + [(uri, s.anchor) for s in self.chapter.sections]
        return [(uri, s.anchor) for s in with_subsections(self.chapter, self.section)]


@dataclass
class SessionItem:
    kind: str  # "chapter", "section" or "guide"
    readings: list[Reading]
    line: int
    col: int
    written: str  # the item as a mapping's first line ("guide: r2p"), for messages
    mapping: bool = False  # written as a mapping (with options), not as a string
    theme: Theme | None = None
    note: str = ""
    given_minutes: int | None = None  # the item's ``minutes:``
    given_review: bool | None = None  # the item's ``review:``
    preview: bool = False  # the item says it previews chapters of later sessions
    optional: bool = False
    page_minutes: int = 0  # a guide's own page, read before its path

    @property
    def computed_minutes(self) -> int:
        """New required reading, from the words (a guide's page and its new required sections)."""
        return self.page_minutes + sum(r.minutes for r in self.readings if r.status == NEW and not r.optional)

    @property
    def all_review(self) -> bool:
        return bool(self.readings) and not self.page_minutes and all(r.status != NEW for r in self.readings)

    @property
    def minutes(self) -> int:
        """Time of new reading the item asks for: the instructor's ``minutes:``, or the words'."""
        if self.optional or (self.given_minutes is not None and self.all_review):
            return 0
        return self.given_minutes if self.given_minutes is not None else self.computed_minutes

    @property
    def review_minutes(self) -> int:
        if self.optional:
            return 0
        if self.given_minutes is not None:
            return self.given_minutes if self.all_review else 0
        return sum(r.minutes for r in self.readings if r.status == REVIEW and not r.optional)

    @property
    def optional_minutes(self) -> int:
        if self.optional:
            return self.given_minutes if self.given_minutes is not None else self.computed_minutes
        return sum(r.minutes for r in self.readings if r.status == NEW and r.optional)

    def previews(self) -> dict[str, int]:
        """Chapters this item reaches before the later session that introduces each."""
        out: dict[str, int] = {}
        for reading in self.readings:
            if reading.preview_of:
                out.setdefault(reading.chapter.src_uri, reading.preview_of)
        return out


@dataclass
class Session:
    number: int  # 1, 2, …: its place in the path, and its anchor on the course path page
    title: str
    line: int
    why: str = ""
    before: str = ""  # a task for the session besides its reading
    items: list[SessionItem] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"session-{self.number}"

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in self.items)

    @property
    def review_minutes(self) -> int:
        return sum(item.review_minutes for item in self.items)

    @property
    def optional_minutes(self) -> int:
        return sum(item.optional_minutes for item in self.items)


# -- Reading guides.yml ---------------------------------------------------------------------------


def item_target(ref) -> tuple[str, str] | None:
    """("guide", theme id) or ("chapter", "chapters/x.md#anchor") for an item as written; None for
    an item that is neither (reported by ``load_sessions``). Read before the chapters are, for the nav."""
    if isinstance(ref, dict):
        kinds = [kind for kind in ("chapter", "guide") if kind in ref]
        if len(kinds) != 1 or not isinstance(ref[kinds[0]], str):
            return None
        kind, text = kinds[0], ref[kinds[0]]
    elif isinstance(ref, str):
        kind, text = ("guide", ref.removeprefix("guide:")) if ref.startswith("guide:") else ("chapter", ref)
    else:
        return None
    return kind, text.removesuffix(" optional").strip()


def load_sessions(items: list, by_uri: dict[str, Chapter], guides: Guides, known_keys, shown: str,
                  problems: list[Problem]) -> tuple[list[Session], dict[str, int]]:
    """The sessions, weighed against each other, and the session that introduces each chapter."""
    sessions = [_session(number, item, by_uri, guides, known_keys, shown, problems)
                for number, item in enumerate(items, 1)]
    introduced = introductions(sessions)
    weigh(sessions, introduced)
    problems.extend(preview_problems(sessions, shown))
    return sessions, introduced


def _session(number: int, item, by_uri, guides: Guides, known_keys, shown: str, problems: list[Problem]) -> Session:
    line, col = position(item)
    if not isinstance(item, dict) or not item.get("title"):
        problems.append(Problem(shown, line, col, "a session needs a 'title' and a 'read' list",
                                "write '- title: …' then 'read:' with chapters, sections or guides"))
        return Session(number, "?", line)
    session = Session(number, str(item["title"]), line)
    who = f"session '{session.title}'"
    problems.extend(_unknown_keys(item, SESSION_KEYS, who, shown))
    problems.extend(link_problems(item["title"], shown, (line, col)))
    for key in ("why", "before"):
        value = item.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            problems.append(Problem(shown, *item.key_position(key), f"{who}: '{key}' must be text",
                                    f"write '{key}: >-' and the text on the lines below it"))
            continue
        problems.extend(link_problems(value, shown, (line, col)))
        problems.extend(citation_problems(value, known_keys, shown))
        setattr(session, key, str(value))
    for ref in yaml_list(item, "read", shown, problems):
        found = _item(ref, who, by_uri, guides, known_keys, shown, problems)
        if found is not None:
            session.items.append(found)
    return session


def _unknown_keys(mapping: dict, known: tuple[str, ...], who: str, shown: str) -> list[Problem]:
    out = []
    for key in mapping:
        if key not in known:
            line, col = mapping.key_position(key) if isinstance(mapping, LineDict) else (1, 1)
            out.append(Problem(shown, line, col, f"{who} has an unknown key '{key}'",
                               guess(key, known) or "use one of: " + ", ".join(known)))
    return out


def _item(ref, who: str, by_uri, guides: Guides, known_keys, shown: str, problems: list[Problem]
          ) -> SessionItem | None:
    line, col = position(ref)
    target = item_target(ref)
    if target is None:
        problems.append(Problem(shown, line, col, f"{who}: a reading item names {_what_it_names(ref)}",
                                "write a chapter's path ('chapters/x.md', 'chapters/x.md#section'), 'guide:<id>', "
                                "or a mapping: '- chapter: chapters/x.md' or '- guide: <id>', with its options"))
        return None
    kind, text = target
    options = ref if isinstance(ref, dict) else {}
    written = options.get(kind, ref)
    if options:
        problems.extend(_unknown_keys(options, ITEM_KEYS, f"{who}: the item '{text}'", shown))
    item = SessionItem(kind, [], line, col, f"{kind}: {text}", isinstance(ref, dict))
    if not _options(item, options, f"{who}: the item '{text}'", known_keys, shown, problems):
        return None
    item.optional = item.optional or (isinstance(ref, str) and ref.endswith(" optional"))
    if kind == "guide":
        theme = guides.theme(text)
        if theme is None:
            wline, wcol = position(written, (line, col))
            problems.append(Problem(shown, wline, wcol, f"{who} names unknown guide '{text}'",
                                    guess(text, guides.theme_ids) or "use a theme id defined above"))
            return None
        item.theme, item.page_minutes = theme, theme.page_minutes
        item.readings = [Reading(s.chapter, s.section, not s.required, s.minutes) for s in theme.steps]
        return item
    found = resolve_reading(written if isinstance(written, str) else text, by_uri, shown, problems, who)
    if found is None:
        return None
    chapter, section = found
    item.kind = "chapter" if section is None else "section"
    item.readings = [Reading(chapter, section, False, reading_minutes(chapter, section))]
    return item


def _what_it_names(ref) -> str:
    if isinstance(ref, dict):
        named = [k for k in ("chapter", "guide") if k in ref]
        if len(named) == 2:
            return "both a chapter and a guide"
        if named:
            return f"a '{named[0]}' that is not text"
    return "neither a chapter nor a guide"


def _options(item: SessionItem, options: dict, who: str, known_keys, shown: str, problems: list[Problem]) -> bool:
    """The item's options into ``item``; False where one cannot be read (reported)."""
    readable = True
    for key in ("review", "preview", "optional"):
        if key not in options:
            continue
        if not isinstance(options[key], bool):
            problems.append(Problem(shown, *options.key_position(key), f"{who}: '{key}' must be true or false, "
                                    f"not '{options[key]}'", f"write '{key}: true'"))
            readable = False
        elif key == "review":
            item.given_review = options[key]
        else:
            setattr(item, key, options[key])
    if "minutes" in options:
        value = options["minutes"]
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            problems.append(Problem(shown, *options.key_position("minutes"),
                                    f"{who}: 'minutes' must be a whole number of minutes, not '{value}'",
                                    "write 'minutes: 20', or leave it out to take the time from the words read"))
            readable = False
        else:
            item.given_minutes = int(value)
    if "note" in options:
        note = options["note"]
        if not isinstance(note, str):
            problems.append(Problem(shown, *options.key_position("note"), f"{who}: 'note' must be text",
                                    "write 'note: ' and one line for students"))
            readable = False
        else:
            problems.extend(link_problems(note, shown, position(note)))
            problems.extend(citation_problems(note, known_keys, shown))
            item.note = str(note)
    return readable


# -- Weighing the sessions against each other -----------------------------------------------------


def introductions(sessions: list[Session]) -> dict[str, int]:
    """The session that introduces each chapter: the first to assign it whole, else the first to
    assign one of its sections directly (a guide's path introduces nothing)."""
    whole: dict[str, int] = {}
    part: dict[str, int] = {}
    for session in sessions:
        for item in session.items:
            if item.kind in ("chapter", "section") and item.readings:
                uri = item.readings[0].chapter.src_uri
                (whole if item.kind == "chapter" else part).setdefault(uri, session.number)
    return {**part, **whole}


def weigh(sessions: list[Session], introduced: dict[str, int]) -> None:
    """Each reading's status: new, review (an earlier session assigned all of it), again (this
    session did), or later (a guide's stop in a chapter a later session introduces, which the item
    does not preview); and the later session a reading previews, if any. Only required reading
    counts as assigned; an item's ``review:`` decides for it."""
    first: dict[tuple[str, str], int] = {}  # unit → the session that first assigned it
    units_of: dict[tuple[int, int], list[tuple[str, str]]] = {}  # a guide's steps recur in every session naming it
    for session in sessions:
        now: set[tuple[str, str]] = set()  # units this session has assigned so far
        for item in session.items:
            for reading in item.readings:
                key = (id(reading.chapter), id(reading.section))
                units = units_of.get(key)
                if units is None:
                    units = units_of[key] = reading.units()
                _status(reading, units, item, session.number, first, now)
                later = introduced.get(reading.chapter.src_uri, 0)
                if later > session.number and reading.status == NEW:
                    if item.theme is not None and not item.preview:
                        reading.status = LATER  # the guide's path, read as far as the course has come
                        reading.since = later
                    else:
                        reading.preview_of = later
            if item.optional:
                continue
            for reading in item.readings:
                if not reading.optional and reading.status != LATER:
                    now.update(units_of[(id(reading.chapter), id(reading.section))])
        for unit in now:
            first.setdefault(unit, session.number)


def _status(reading: Reading, units, item: SessionItem, number: int, first: dict, now: set) -> None:
    if units and all(u in first or u in now for u in units):
        reading.status = AGAIN if any(u in now for u in units) else REVIEW
        reading.since = min((first[u] for u in units if u in first), default=number)
    if item.given_review is not None:
        reading.status = REVIEW if item.given_review else NEW
        reading.since = min((first[u] for u in units if u in first), default=0) if item.given_review else 0


def preview_problems(sessions: list[Session], shown: str) -> list[Problem]:
    """A warning for each section a session assigns in a chapter that a later session introduces,
    unless its item says it means to (``preview: true``). A guide's path stops short of such
    chapters unless its item previews them, so only a section named directly can do this."""
    out = []
    for session in sessions:
        for item in session.items:
            later = item.previews()
            if not later or item.preview:
                continue
            (uri, number), = later.items()
            if item.mapping:
                how = "add 'preview: true' to the item"
            else:
                how = f"write the item as '- {item.written}' with 'preview: true' under it"
            out.append(Problem(shown, item.line, item.col,
                               f"session {session.number} ('{session.title}') sends students into '{uri}' "
                               f"before session {number} introduces it",
                               f"{how} if that is meant, or move it to session {number}", "warning"))
    return out


