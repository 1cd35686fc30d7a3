"""Load a BibTeX file into plain entries, reporting every problem with its line and column.

bibtexparser's splitter cuts the text into blocks; ``bibsyntax`` places each block and field,
expands @string macros and ``#`` and reports malformed blocks. The rest of the stack is pinned:
enclosing braces are removed, then names are split into parts *before* LaTeX is decoded, so that
a braced corporate author (``{International Crisis Group}``) is still recognisable as one literal
name, and ``{\\"u}`` becomes ``ü`` only afterwards.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import bibtexparser.middlewares as mw
from bibtexparser.library import Library
from bibtexparser.middlewares.middleware import BlockMiddleware
from bibtexparser.middlewares.names import NameParts
from bibtexparser.model import DuplicateFieldKeyBlock, Entry as RawEntry, MiddlewareErrorBlock
from bibtexparser.splitter import Splitter

from .. import diskcache
from . import syntax as bibsyntax
from ..diagnostics import Problem, decode_utf8

# Fields an entry of each type cannot do without. "author|editor" means either will do.
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal"),
    "book": ("author|editor", "title"),
    "incollection": ("author", "title", "booktitle"),
    "inbook": ("author|editor", "title", "booktitle"),
    "inproceedings": ("author", "title", "booktitle"),
    "report": ("author|institution", "title"),
    "techreport": ("author|institution", "title"),
    "online": ("title", "url|note"),
    "misc": ("title",),
    "unpublished": ("author", "title"),
    "thesis": ("author", "title", "school|institution"),
    "phdthesis": ("author", "title", "school"),
    "mastersthesis": ("author", "title", "school"),
}
KNOWN_TYPES = frozenset(REQUIRED_FIELDS)
YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)$")


@dataclass(frozen=True, slots=True)  # slots: a large bibliography holds tens of thousands of these
class Name:
    family: str
    given: str = ""
    particle: str = ""  # "de la", "van"
    suffix: str = ""  # "Jr."
    literal: bool = False  # a corporate author, written whole


@dataclass(slots=True)
class Entry:
    key: str
    type: str
    fields: dict[str, str]
    authors: list[Name] = field(default_factory=list)
    editors: list[Name] = field(default_factory=list)
    line: int = 0
    col: int = 1

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)

    @property
    def year(self) -> str:
        year = self.fields.get("year") or self.fields.get("date", "")[:4]
        return year.strip()


@dataclass
class Bibliography:
    path: str
    entries: dict[str, Entry]
    problems: list[Problem]
    digest: str = ""
    sources: dict[str, str] = field(default_factory=dict)  # key → its file, where several are merged
    readable: bool = True  # False when a file could not be read at all: its keys are unknown, not missing

    def __contains__(self, key: str) -> bool:
        return key in self.entries


# -- LaTeX decoding -------------------------------------------------------------------------------

# URLs are verbatim: "%20" is not a LaTeX comment.
VERBATIM_FIELDS = frozenset({"url", "doi", "eprint", "file"})
_NEEDS_DECODING = re.compile(r"[\\{}~$&%]|--|``|''")
# Text whose only LaTeX is plain braced groups ("{UN} and the {R2P}") decodes to itself: pylatexenc
# is needed only for commands, special characters, ligatures, nested or empty groups.
_NEEDS_PYLATEXENC = re.compile(r"[\\~$&%`]|--|''|\{[^{}\w]*\}|\{\s|\s\}|\{\{|\}\}")


@lru_cache(maxsize=1)
def _decoder():
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    context = get_default_latex_context_db()
    context.add_context_category(
        "coursekit", prepend=True, macros=[MacroTextSpec("url", simplify_repl="%s")]
    )
    # Braced groups are kept: they protect case ("{UN}") and mark corporate names.
    return LatexNodes2Text(latex_context=context, keep_braced_groups=True, math_mode="verbatim")


@lru_cache(maxsize=1)
def _walker_context():
    # Built once: pylatexenc would rebuild its default macro table for every string (most of the
    # time spent on a large file).
    from pylatexenc.latexwalker import get_default_latex_context_db

    return get_default_latex_context_db()


@lru_cache(maxsize=1 << 16)  # names, journals and publishers recur across entries
def decode_latex(text: str) -> str:
    """LaTeX to Unicode, keeping protective braces. Plain text (the common case) skips pylatexenc."""
    if not _NEEDS_DECODING.search(text):
        return text
    if not _NEEDS_PYLATEXENC.search(text):
        return re.sub(r"\{(\w)\}", r"\1", text)
    decoded = _decoder().latex_to_text(text, latex_context=_walker_context())
    # pylatexenc keeps "{ü}" for "{\\"u}": a brace around a single decoded letter protects nothing.
    return re.sub(r"\{(\w)\}", r"\1", decoded)


def strip_braces(text: str) -> str:
    return text.replace("{", "").replace("}", "")


class DecodeLatexMiddleware(BlockMiddleware):
    """Decodes LaTeX in every field and in every part of every (already split) name."""

    def __init__(self):
        super().__init__(allow_inplace_modification=True, allow_parallel_execution=True)

    @classmethod
    def metadata_key(cls) -> str:
        return "coursekit_decode_latex"

    def transform_entry(self, entry: RawEntry, library) -> RawEntry:
        for fld in entry.fields:
            value = fld.value
            if fld.key.lower() in VERBATIM_FIELDS:
                continue
            if isinstance(value, str):
                fld.value = decode_latex(value)
            elif isinstance(value, list):
                for parts in value:
                    if isinstance(parts, NameParts):
                        for attr in ("first", "von", "last", "jr"):
                            setattr(parts, attr, [decode_latex(p) for p in getattr(parts, attr)])
        return entry


def parse_stack() -> list:
    """What runs after ``bibsyntax`` has expanded @string macros and ``#`` into braced values."""
    return [
        mw.RemoveEnclosingMiddleware(True),
        mw.SeparateCoAuthors(True),
        mw.SplitNameParts(True),
        DecodeLatexMiddleware(),
    ]


def _to_name(parts: NameParts) -> Name:
    last = " ".join(parts.last)
    if not parts.first and not parts.von and not parts.jr and last.startswith("{") and last.endswith("}"):
        return Name(family=strip_braces(last), literal=True)
    return Name(
        family=strip_braces(last),
        given=strip_braces(" ".join(parts.first)),
        particle=strip_braces(" ".join(parts.von)),
        suffix=strip_braces(" ".join(parts.jr)),
    )


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def normalised_title(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", ascii_fold(strip_braces(title)).lower()).strip()


# -- Loading --------------------------------------------------------------------------------------

_cache: dict[str, Bibliography] = {}


def load(path: str | Path, display_path: str | None = None) -> Bibliography:
    """Parse ``path`` once per content: an unchanged file (e.g. on a ``serve`` rebuild) is free."""
    path = Path(path)
    shown = display_path or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problem = Problem(shown, 1, 1, f"cannot read the bibliography ({exc.strerror})",
                          "check the path in course/course.yml")
        return Bibliography(shown, {}, [problem], readable=False)
    digest = hashlib.sha256(raw).hexdigest()
    cached = _cache.get(shown)
    if cached is not None and cached.digest == digest:
        return cached
    on_disk = _disk_cache_place(path, shown, digest)
    bibliography = _read_disk_cache(on_disk, digest)
    if bibliography is None:
        bibliography = parse_bytes(raw, shown)
        bibliography.digest = digest
        _write_disk_cache(on_disk, bibliography)
    _cache.clear()
    _cache[shown] = bibliography
    return bibliography


# -- The parsed file on disk, per content: a build in a fresh process skips the parse -----------

_CODE = ("bib/bibtex.py", "bib/syntax.py", "diagnostics.py")  # what shapes a parsed Bibliography


def _disk_cache_place(path: Path, shown: str, digest: str) -> tuple[Path | None, str, str]:
    """(folder, name, key) in ``<project>/.cache/coursekit/``, when the project is known: ``shown``
    is the file's path relative to the project, as course/course.yml gives it."""
    parts = Path(shown).parts
    if Path(shown).is_absolute() or ".." in parts or path.parts[-len(parts):] != parts:
        return None, "", ""
    root = path.parents[len(parts) - 1]
    return diskcache.folder(root), "bibliography-" + Path(shown).stem, diskcache.key(digest, diskcache.code_version(*_CODE), shown)


def _read_disk_cache(place: tuple[Path | None, str, str], digest: str) -> Bibliography | None:
    bibliography = diskcache.read(*place)
    return bibliography if isinstance(bibliography, Bibliography) and bibliography.digest == digest else None


def _write_disk_cache(place: tuple[Path | None, str, str], bibliography: Bibliography) -> None:
    diskcache.write(*place, bibliography)


def parse_bytes(raw: bytes, shown: str) -> Bibliography:
    text, problems = decode_utf8(raw, shown)  # a BOM is harmless; bibtexparser would take it for text
    if not text.strip():
        problems.append(Problem(shown, 1, 1, "the bibliography is empty",
                                "add the BibTeX entries of the works the course cites"))
        return Bibliography(shown, {}, problems)
    return parse_text(text, shown, problems)


def parse_text(text: str, shown: str, problems: list[Problem] | None = None) -> Bibliography:
    problems = problems if problems is not None else []
    # bibtexparser logs each failed block; we report them ourselves, with a fix.
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    source = bibsyntax.Source(text, shown)
    library = Splitter(text).split()

    raw_entries = list(library.entries)
    for block in library.failed_blocks:
        if isinstance(block, DuplicateFieldKeyBlock):
            raw_entries.append(block.ignore_error_block)  # kept, with its first value of each field
            continue
        problems.append(bibsyntax.failed_block_problem(source, block, library.entries_dict, library.strings_dict))
    problems.extend(bibsyntax.stray_field_problems(source, library.blocks))
    macros = bibsyntax.Macros(source, library.strings, problems)

    places: dict[str, tuple[int, dict[str, int]]] = {}
    usable = []
    for raw_entry in sorted(raw_entries, key=lambda e: e.start_line or 0):
        place = bibsyntax.prepare_entry(source, raw_entry, macros, problems)
        if place is not None:
            places.setdefault(raw_entry.key, place)
            usable.append(raw_entry)

    library = Library(blocks=usable, fail_on_duplicate_key=False)
    for middleware in parse_stack():
        library = middleware.transform(library)
    for block in library.failed_blocks:
        if isinstance(block, MiddlewareErrorBlock):
            problems.append(_middleware_problem(source, block, places))
        else:
            problems.append(bibsyntax.failed_block_problem(source, block, {}, {}))

    entries: dict[str, Entry] = {}
    folded: dict[str, str] = {}
    for raw_entry in library.entries:
        start, fields_at = places[raw_entry.key]
        entry, positions = _convert(raw_entry, source, start, fields_at)
        if entry.key.lower() in folded and folded[entry.key.lower()] != entry.key:
            other = entries[folded[entry.key.lower()]]
            problems.append(Problem(shown, entry.line, entry.col,
                                    f"key '{entry.key}' differs only in case from '{other.key}' (line {other.line})",
                                    "keys are compared without case by many tools: rename one"))
        folded[entry.key.lower()] = entry.key
        problems.extend(_check_entry(entry, positions, shown))
        entries[entry.key] = entry
    problems.extend(_check_duplicate_works(entries, shown))
    return Bibliography(shown, entries, problems)


_NAME_ERROR = re.compile(r"Cannot split the following name `(.*)` into parts: (.*)", re.DOTALL)


def _middleware_problem(source: bibsyntax.Source, block: MiddlewareErrorBlock, places) -> Problem:
    """A name bibtexparser cannot split ("Foo, Bar, Baz"): at its field, with how names are written."""
    entry = block.ignore_error_block
    start, fields_at = places.get(entry.key, (source.block_offset(entry), {}))
    match = _NAME_ERROR.match(str(block.error))
    if not match:
        return source.problem(start, f"cannot read the entry '{entry.key}': {block.error}",
                              "check its braces and LaTeX commands")
    name, reason = match.groups()
    field_name = next((f.key.lower() for f in entry.fields
                       if isinstance(f.value, list) and name in f.value), "author")
    return source.problem(fields_at.get(field_name, start),
                          f"cannot read the name '{name}' in the {field_name} of '{entry.key}' "
                          f"({reason.rstrip('.').lower()})",
                          "write each person as 'Family, Given', join people with ' and ', "
                          "and brace a corporate name: {United Nations}")


def _convert(raw: RawEntry, source: bibsyntax.Source, start: int,
             fields_at: dict[str, int]) -> tuple[Entry, dict[str, tuple[int, int]]]:
    """The entry, and where each of its fields stands (for messages only: not kept with it)."""
    fields: dict[str, str] = {}
    authors: list[Name] = []
    editors: list[Name] = []
    line, col = source.position(start)
    positions: dict[str, tuple[int, int]] = {}
    for fld in raw.fields:
        name = fld.key.lower()
        positions[name] = source.position(fields_at[name]) if name in fields_at else (line, col)
        value = fld.value
        if isinstance(value, list):
            names = [_to_name(v) if isinstance(v, NameParts) else Name(family=str(v)) for v in value]
            if name == "author":
                authors = names
            elif name == "editor":
                editors = names
            fields[name] = " and ".join(n.family for n in names)
        else:
            fields[name] = re.sub(r"\s+", " ", str(value)).strip()
    return Entry(raw.key, raw.entry_type.lower(), fields, authors, editors, line, col), positions


def _check_entry(entry: Entry, positions: dict[str, tuple[int, int]], shown: str) -> list[Problem]:
    problems: list[Problem] = []

    def at(name: str, message: str, fix: str) -> None:
        line, col = positions.get(name, (entry.line, entry.col))  # the field, or the entry without it
        problems.append(Problem(shown, line, col, message, fix))

    if entry.type not in KNOWN_TYPES:
        known = ", ".join(sorted(KNOWN_TYPES))
        at("", f"unknown entry type '@{entry.type}' for '{entry.key}'", f"use one of: {known}")
        return problems
    for need in REQUIRED_FIELDS[entry.type]:
        options = need.split("|")
        if not any(entry.fields.get(o) for o in options):
            wanted = " or ".join(f"'{o}'" for o in options)
            at("", f"@{entry.type} '{entry.key}' lacks {wanted}", f"add {wanted} as the source prints it")
    for role in ("author", "editor"):
        names = getattr(entry, role + "s")
        if names and all(n.family == "others" and not n.given and not n.literal for n in names):
            at(role, f"the {role} list of '{entry.key}' names only 'others'",
               f"name the first {role} as the source prints it")
            setattr(entry, role + "s", [])  # no one to print: never rendered
            del entry.fields[role]
    year = entry.fields.get("year", "")
    if year and not YEAR.match(year):
        at("year", f"impossible year '{year}' in '{entry.key}'",
           "write the four-digit year as the source prints it, or leave 'year' out and say why in 'note'")
    elif year and int(year) > date.today().year + 1:
        at("year", f"the year {year} of '{entry.key}' is in the future", "write the year as the source prints it")
    for name, valid, fix in _DATE_PARTS:
        value = entry.fields.get(name, "")
        if value and not valid(value):
            at(name, f"impossible {name} '{value}' in '{entry.key}'", fix)
            del entry.fields[name]  # never rendered: a month 13 has no name
    for name, pattern, fix in _LINK_FIELDS:
        value = entry.fields.get(name, "")
        if value and not pattern.fullmatch(value):
            at(name, f"the {name} of '{entry.key}' is not {_LINK_KINDS[name]}: '{value[:60]}'", fix)
            del entry.fields[name]  # never published as a link
    if not year and not entry.fields.get("date") and not entry.fields.get("note"):
        at("", f"'{entry.key}' has no year and no note saying why",
           "add the year as printed, or a note that the source prints none")
    return problems


def _valid_month(value: str) -> bool:
    if value.isdigit():
        return 1 <= int(value) <= 12
    text = value.strip().rstrip(".").lower()
    return any(len(text) >= 3 and name.lower().startswith(text) for name in bibsyntax.MONTH_MACROS.values())


def _valid_date(value: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD, or a range of two of them (biblatex: 2014-03/2014-04)."""
    return all(_valid_day(part) for part in value.split("/", 1))


def _valid_day(value: str) -> bool:
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not match:
        return False
    month, day = int(match.group(2) or 1), int(match.group(3) or 1)
    return YEAR.match(match.group(1)) is not None and 1 <= month <= 12 and 1 <= day <= 31


# Only http(s) addresses and DOIs become links: a "javascript:" URL is refused, not escaped.
_LINK_FIELDS = (
    ("url", re.compile(r"https?://[^\s<>\"'`{}]+", re.IGNORECASE),
     "write the full address, starting with https:// (only http and https links are published)"),
    ("doi", re.compile(r"(?:https?://(?:dx\.)?doi\.org/)?10\.\d{4,9}/[^\s<>\"'`{}]+", re.IGNORECASE),
     "write the DOI as 10.1234/abcd, or as https://doi.org/10.1234/abcd"),
)
_LINK_KINDS = {"url": "an http(s) address", "doi": "a DOI"}

_DATE_PARTS = (
    ("month", _valid_month, "write the month as a number 1-12 or its name (month = {February})"),
    ("day", lambda v: v.isdigit() and 1 <= int(v) <= 31, "write the day of the month, 1-31"),
    ("date", _valid_date, "write the date as YYYY, YYYY-MM or YYYY-MM-DD, or a range: 2014-03/2014-04"),
)


def _check_duplicate_works(entries: dict[str, Entry], shown: str) -> list[Problem]:
    """The same work under two keys: same normalised title and year."""
    seen: dict[tuple[str, str], Entry] = {}
    problems = []
    for entry in entries.values():
        title = normalised_title(entry.get("title"))
        if not title:
            continue
        ident = (title, entry.year)
        if ident in seen:
            first = seen[ident]
            problems.append(Problem(shown, entry.line, entry.col,
                                    f"'{entry.key}' is the same work as '{first.key}' (line {first.line}): "
                                    "same title and year",
                                    f"keep one entry and cite '{first.key}' everywhere"))
        else:
            seen[ident] = entry
    return problems
