"""Each source's notes map: note number → the works it cites (``bibliography/notes/<key>.yml``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..cite.parse import CiteItem, _parse_items
from ..cite.page import keys_in, unknown_key_problem
from ..diagnostics import Problem
from ..yamlpos import LineDict, load_file, position


@dataclass(slots=True)  # held by the thousand for the whole build
class Note:
    number: int
    items: list[CiteItem] = field(default_factory=list)
    none: str = ""  # why the note cites no new work ("See footnote 4")
    line: int = 0
    col: int = 1


@dataclass
class NotesMap:
    path: str
    sources: list[str]
    notes: list[Note] = field(default_factory=list)
    mentions: list[CiteItem] = field(default_factory=list)
    source_position: tuple[int, int] = (1, 1)  # where 'source:' names the source(s)

    @property
    def keys(self) -> list[str]:
        keys: list[str] = []
        for item in [i for n in self.notes for i in n.items] + self.mentions:
            if item.key not in keys:
                keys.append(item.key)
        return keys


def _items(text, shown: str, known, problems: list[Problem]) -> list[CiteItem]:
    line, col = position(text)
    body = str(text).strip()
    items = _parse_items(body, 0) if "@" in body else None
    if not items:
        problems.append(Problem(shown, line, col, f"'{body}' is not a list of citations",
                                "write it as \"@key, p. 5; @other\" (pandoc syntax without brackets)"))
        return []
    # The item offsets count from the text; a quoted scalar's text starts after its quote.
    start = col + (1 if getattr(text, "quoted", False) else 0) + (len(str(text)) - len(str(text).lstrip()))
    keys = keys_in(known)
    for item in items:
        stored = keys(item.key)
        if stored is None:
            problems.append(unknown_key_problem(item.key, known, shown, line, start + item.offset))
        else:
            item.key = stored  # as the bibliography writes it, in whichever Unicode form
    return items


def load_notes_map(path: Path, shown: str, known) -> tuple[NotesMap | None, list[Problem]]:
    data, problems = load_file(path, shown)
    if data is None:
        return None, problems
    if not isinstance(data, LineDict):
        return None, [Problem(shown, 1, 1, "a notes map is a mapping", "start it with 'source:' and 'notes:'")]
    source = data.get("source")
    sources = list(source) if isinstance(source, list) else [source] if source else []
    if not sources:
        problems.append(Problem(shown, data.line, 1, "the notes map names no source",
                                "add 'source: <key of the source document>'"))
    for key in sources:
        if key not in known:
            line, col = position(key, (data.line, 1))
            problems.append(unknown_key_problem(str(key), known, shown, line, col))
    notes_map = NotesMap(shown, [str(s) for s in sources])
    notes_map.source_position = position(source, data.key_position("source"))
    notes = data.get("notes") or {}
    if not isinstance(notes, dict):
        line, col = data.key_position("notes")
        problems.append(Problem(shown, line, col, "'notes' must map note numbers to citations",
                                "write '1: \"@key, p. 5\"', one line per note"))
        notes = {}
    for number, value in notes.items():
        line, col = position(number, (notes.line, 1))
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            problems.append(Problem(shown, line, col, f"note number '{number}' is not a positive whole number",
                                    "number the notes 1, 2, 3 … as the source does"))
            continue
        if isinstance(value, dict):
            why = value.get("none")
            if not why:
                problems.append(Problem(shown, line, col, f"note {number} is a mapping without 'none'",
                                        "write {none: \"what the note says instead\"} for a note citing no work"))
            notes_map.notes.append(Note(number, none=str(why or ""), line=line, col=col))
        elif isinstance(value, str):
            notes_map.notes.append(Note(number, _items(value, shown, known, problems), line=line, col=col))
        else:
            problems.append(Problem(shown, line, col, f"note {number} has neither citations nor a 'none' marker",
                                    "write \"@key, p. 5\" or {none: \"See footnote 4\"}"))
    notes_map.notes.sort(key=lambda n: n.number)
    expected = 1
    for note in notes_map.notes:
        if note.number > expected:
            missing = ", ".join(str(n) for n in range(expected, note.number))
            problems.append(Problem(shown, note.line, note.col, f"note(s) {missing} missing before note {note.number}",
                                    "map every note 1..N of the source, in order"))
        expected = note.number + 1
    problems.extend(_count_problems(data, notes_map, shown))
    mentions = data.get("mentions") or []
    if not isinstance(mentions, list):
        line, col = data.key_position("mentions")
        problems.append(Problem(shown, line, col, "'mentions' must be a list", "write - \"@key\" items"))
        mentions = []
    for value in mentions:
        notes_map.mentions.extend(_items(value, shown, known, problems))
    return notes_map, problems


def _count_problems(data: LineDict, notes_map: NotesMap, shown: str) -> list[Problem]:
    """``count`` says how many notes the source prints, so a map that stops early is caught too."""
    count = data.get("count")
    if count is None:
        return []  # without it, only gaps between mapped notes can be caught
    line, col = data.key_position("count")
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        return [Problem(shown, line, col, f"'count' must be a whole number, not '{count}'",
                        "write the number of the source's last note, e.g. 'count: 37'")]
    numbers = {note.number for note in notes_map.notes}
    last = max(numbers, default=0)
    if last > count:
        extra = next(n for n in notes_map.notes if n.number == last)
        return [Problem(shown, extra.line, extra.col, f"note {last} is beyond the source's {count} notes",
                        "fix the note number, or 'count'")]
    if last < count:
        missing = ", ".join(str(n) for n in range(last + 1, count + 1))
        return [Problem(shown, line, col, f"note(s) {missing} of {count} not mapped",
                        "map every note 1..N of the source")]
    return []


def load_notes_dir(directory: Path, root: Path, known) -> tuple[dict[str, NotesMap], list[Problem]]:
    """All notes maps, by each source key they describe."""
    by_source: dict[str, NotesMap] = {}
    problems: list[Problem] = []
    if not directory.is_dir():
        return by_source, problems
    for path in sorted(directory.glob("*.y*ml")):
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        # The folder is in the project (course/settings.py); a file in it may be a link out, never read:
        # its text would reach the messages.
        if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
            problems.append(Problem(shown, 1, 1, f"this file is a link to '{path.resolve()}', outside the project",
                                    "copy the file into the project instead of linking to it"))
            continue
        notes_map, found = load_notes_map(path, shown, known)
        problems.extend(found)
        if notes_map:
            for key in notes_map.sources:
                if key in by_source:
                    problems.append(Problem(shown, *notes_map.source_position,
                                            f"'{key}' already has a notes map: {by_source[key].path}",
                                            "keep one notes map per source: merge the two files"))
                    continue
                by_source[key] = notes_map
    return by_source, problems
