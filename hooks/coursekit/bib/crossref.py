"""``crossref`` and ``xdata``: an entry takes the fields it lacks from the entries it names.

As biblatex (and pandoc, which reads a .bib file as biblatex) does it: a chapter takes its book's
``title`` as its ``booktitle`` and the book's author as its ``bookauthor`` (and as its own author if
it has none); a paper takes its proceedings' ``title`` as ``booktitle``; an article takes a
periodical's ``title`` as ``journaltitle``; every other field keeps its name, and the entry's own
fields always win. ``@xdata`` entries only lend fields and are never listed.

Parents are looked up in the whole bibliography, across its files (pandoc looks in one file, biber in
all): resolved parents first, without recursion, a cycle reported once.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..diagnostics import Problem
from .checks import missing_field_problems

LINKS = ("crossref", "xdata")
# Fields never inherited (biblatex's list), and the subtitles already joined into their titles.
_NOT_INHERITED = frozenset({"ids", "crossref", "xref", "xdata", "entryset", "entrysubtype", "execute", "label",
                            "options", "presort", "related", "relatedoptions", "relatedstring", "relatedtype",
                            "shorthand", "shorthandintro", "sortkey"})
_TITLES = ("title", "subtitle", "titleaddon", "shorttitle", "sorttitle", "indextitle", "indexsorttitle")
_CHAPTERS = frozenset({"inbook", "bookinbook", "suppbook"})
_IN_COLLECTIONS = frozenset({"incollection", "inreference", "suppcollection"})
_SPLIT_KEYS = re.compile(r"[\s,]+")


def inherited_names(parent_type: str, child_type: str, name: str) -> tuple[str, ...]:
    """What the parent's field ``name`` is called in the child (biblatex's table; pandoc's
    ``transformKey``): none, one or two names."""
    if name in _NOT_INHERITED:
        return ()
    if name == "author" and ((parent_type in ("mvbook", "book") and child_type in _CHAPTERS)
                             or (parent_type == "mvbook" and child_type == "book")):
        return ("bookauthor", "author")
    if name not in _TITLES:
        return (name,)
    if parent_type == "mvbook" and child_type in ("book", *_CHAPTERS):
        return _main(name)
    if parent_type in ("mvcollection", "mvreference") and child_type in ("collection", "reference", *_IN_COLLECTIONS):
        return _main(name)
    if parent_type == "mvproceedings" and child_type in ("proceedings", "inproceedings"):
        return _main(name)
    if ((parent_type == "book" and child_type in _CHAPTERS)
            or (parent_type in ("collection", "reference") and child_type in _IN_COLLECTIONS)
            or (parent_type == "proceedings" and child_type == "inproceedings")):
        return _book(name)
    if parent_type == "periodical" and child_type in ("article", "suppperiodical"):
        return {"title": ("journaltitle",), "subtitle": ("journalsubtitle",)}.get(name, ())
    return (name,)


def _main(name: str) -> tuple[str, ...]:
    return {"title": ("maintitle",), "subtitle": ("mainsubtitle",), "titleaddon": ("maintitleaddon",)}.get(name, ())


def _book(name: str) -> tuple[str, ...]:
    return {"title": ("booktitle",), "subtitle": ("booksubtitle",), "titleaddon": ("booktitleaddon",)}.get(name, ())


def resolve(entries: dict, file_of) -> tuple[dict, list[Problem], set[str]]:
    """Entries with their inherited fields (new objects: the parsed files are never changed), the
    problems (a parent that does not exist, a cycle), and the keys of entries others inherit from."""
    children = [key for key, entry in entries.items() if any(link in entry.fields for link in LINKS)]
    lenders = {key for key, entry in entries.items() if entry.type == "xdata"}
    if not children and not lenders:
        return entries, [], set()
    problems: list[Problem] = []
    resolved: dict = {}
    parents_used: set[str] = set()
    for start in children:
        # Depth first without recursion: parents before children, a cycle reported where it closes.
        path = [start]
        while path:
            key = path[-1]
            if key in resolved:
                path.pop()
                continue
            entry = entries[key]
            pending = [p for p in _parents(entry) if p in entries and p not in resolved
                       and any(link in entries[p].fields for link in LINKS)]
            cycle = next((p for p in pending if p in path), None)
            if cycle is not None:
                problems.append(Problem(file_of(key), entry.line, entry.col,
                                        f"'{key}' inherits from '{cycle}', which inherits from it in turn",
                                        "remove one of the crossref or xdata fields of the cycle", "warning", (key,)))
                resolved[key] = entry
                path.pop()
                continue
            if pending:
                path.append(pending[0])
                continue
            resolved[key], found = _inherit(entry, entries, resolved, file_of(key))
            problems.extend(found)
            parents_used.update(p for p in _parents(entry) if p in entries)
            path.pop()
    out = {key: resolved.get(key, entry) for key, entry in entries.items() if entry.type != "xdata"}
    return out, problems, parents_used


def _parents(entry) -> list[str]:
    keys = []
    for link in LINKS:
        keys.extend(k for k in _SPLIT_KEYS.split(entry.fields.get(link, "")) if k)
    return keys


def _inherit(entry, entries: dict, resolved: dict, shown: str) -> tuple[object, list[Problem]]:
    problems: list[Problem] = []
    fields = dict(entry.fields)
    markup = dict(entry.markup) if entry.markup else None
    authors, editors = entry.authors, entry.editors
    own = set(entry.fields)
    for parent_key in _parents(entry):
        parent = resolved.get(parent_key) or entries.get(parent_key)
        if parent is None:
            problems.append(Problem(shown, entry.line, entry.col,
                                    f"'{entry.key}' inherits from '{parent_key}', which is not in the bibliography",
                                    f"add the entry '{parent_key}', or fix the key in its crossref or xdata field",
                                    "warning", (entry.key,)))
            continue
        for name in sorted(parent.fields):  # the later name wins, as pandoc's Map.fromList has it
            if name.endswith("subtitle") and name[:-len("subtitle")] + "title" in parent.fields:
                continue  # already joined into its title
            for target in inherited_names(parent.source_type, entry.source_type, name):
                if target in own:
                    continue
                fields[target] = parent.fields[name]
                if parent.markup and name in parent.markup:
                    markup = markup if markup is not None else {}
                    markup[target] = parent.markup[name]
                if target == "author" and not authors:
                    authors = parent.authors
                if target == "editor" and not editors:
                    editors = parent.editors
    if markup is not None and not markup:
        markup = None
    child = replace(entry, fields=fields, markup=markup, authors=authors, editors=editors)
    problems.extend(missing_field_problems(child, shown))
    return child, problems

