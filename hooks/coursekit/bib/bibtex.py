"""Load a BibTeX file into plain entries, reporting every problem with its line and column.

bibtexparser's splitter cuts the text into blocks; ``syntax`` places each block and field, expands
@string macros and ``#`` and reports malformed blocks; ``names`` splits name lists (before LaTeX is
read: braces decide where a name ends), ``latex`` reads every other value; ``types`` gives the style
the type and fields as pandoc reads them; ``checks`` warns about what an entry lacks.

A problem is tied to the keys of the entries it concerns (``Problem.keys``): when the pages have
been read, ``settle`` makes it an error only where a page cites one of them. An entry that cannot be
read at all is remembered in ``Bibliography.unreadable``, so that a page citing it is told that,
never that the key is unknown.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry as RawEntry
from bibtexparser.splitter import Splitter

from .. import diskcache
from . import checks, latex, names as bibnames, types
from . import syntax as bibsyntax
from ..diagnostics import Problem, decode_utf8
from .names import Name

__all__ = ["Bibliography", "Entry", "Name", "load", "parse_bytes", "parse_text"]


@dataclass(slots=True)
class Entry:
    """One work. ``fields`` holds readable text by lower-case field name: LaTeX read, @strings
    expanded. Only titles and journals keep braces, around words whose case must not change
    (``{UN}``): the style strips them; no other field has any. ``type`` is the type as written, in
    lower case (``style/item.py`` maps it as pandoc does), or ``misc`` for a type nobody knows.

    ``markup`` holds, for the few fields whose LaTeX has emphasis, bold, small capitals,
    superscripts or subscripts, the same text as CSL-JSON rich text: HTML-escaped, with ``<i>``,
    ``<b>``, ``<sup>``, ``<sub>`` and ``<span style="font-variant:small-caps;">``, links from ``\\url``
    and ``\\href`` as ``<a href>``, braces as in ``fields``. None for an entry without any.
    """

    key: str
    type: str
    fields: dict[str, str]
    authors: list[Name] = field(default_factory=list)
    editors: list[Name] = field(default_factory=list)
    line: int = 0
    col: int = 1
    markup: dict[str, str] | None = None
    source_type: str = ""  # the type as written (lower case), even when nobody knows it: for messages

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
    # Keys of entries that exist but cannot be read → the problem that says why.
    unreadable: dict[str, Problem] = field(default_factory=dict)
    # Works entered under several keys (same title and year), each group in the bibliography's order.
    same_work: list[tuple[str, ...]] = field(default_factory=list)

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def file_of(self, key: str) -> str:
        return self.sources.get(key, self.path)


def strip_braces(text: str) -> str:
    return text.replace("{", "").replace("}", "")


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def normalised_title(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", ascii_fold(strip_braces(title)).lower()).strip()


# -- Loading ---------------------------------------------------------------------------------------

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
    _cache[shown] = bibliography  # one per file of the course: a serve rebuild reads none again
    return bibliography


# -- The parsed file on disk, per content: a build in a fresh process skips the parse -----------

# What shapes a parsed Bibliography: every module of bib/, and the problems' class.
_CODE = (*sorted(f"bib/{p.name}" for p in Path(__file__).parent.glob("*.py")), "diagnostics.py")


def _disk_cache_place(path: Path, shown: str, digest: str) -> tuple[Path | None, str, str]:
    """(folder, name, key) in ``<project>/.cache/coursekit/``, when the project is known: ``shown``
    is the file's path relative to the project, as course/course.yml gives it."""
    parts = Path(shown).parts
    if Path(shown).is_absolute() or ".." in parts or path.parts[-len(parts):] != parts:
        return None, "", ""
    root = path.parents[len(parts) - 1]
    # Named by the path as shown, hashed: two files of a course never take each other's place.
    name = "bibliography-" + hashlib.blake2b(shown.encode(), digest_size=6).hexdigest()
    return diskcache.folder(root), name, diskcache.key(digest, diskcache.code_version(*_CODE), shown)


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
    text = _MASKED_TYPES.sub(_mask_type, text)
    source = bibsyntax.Source(text, shown)
    library = Splitter(text).split()
    for block in library.entries + [b.ignore_error_block for b in library.failed_blocks
                                    if isinstance(getattr(b, "ignore_error_block", None), RawEntry)]:
        if block.entry_type[:1] in _UNMASK:
            block.entry_type = _UNMASK[block.entry_type[0]] + block.entry_type[1:]

    raw_entries = list(library.entries)
    unreadable: dict[str, Problem] = {}
    for block in library.failed_blocks:
        if isinstance(block, DuplicateFieldKeyBlock):
            raw_entries.append(block.ignore_error_block)  # read whole: syntax reports the repeated field
            continue
        if isinstance(block, DuplicateBlockKeyBlock) and isinstance(block.ignore_error_block, RawEntry):
            raw_entries.append(block.ignore_error_block)  # a key defined twice: both read, the later used
            continue
        problem = bibsyntax.failed_block_problem(source, block, library.strings_dict)
        problems.append(problem)
        for key in problem.keys:
            unreadable.setdefault(key, problem)
    problems.extend(bibsyntax.stray_field_problems(source, library.blocks))
    macros = bibsyntax.Macros(source, library.strings, problems)

    entries: dict[str, Entry] = {}
    folded: dict[str, str] = {}
    for raw in sorted(raw_entries, key=lambda e: e.start_line or 0):
        prepared = bibsyntax.prepare_entry(source, raw, macros, problems)
        if prepared is None:
            continue
        entry, positions = _convert(raw, prepared, source, problems)
        earlier = entries.get(entry.key)
        if earlier is not None:
            problems.append(_repeated_key_problem(entry, earlier, shown))
        elif folded.get(entry.key.lower(), entry.key) != entry.key:
            other = entries[folded[entry.key.lower()]]
            problems.append(Problem(shown, entry.line, entry.col,
                                    f"key '{entry.key}' differs only in case from '{other.key}' (line {other.line})",
                                    "keys are compared without case by many tools: rename one", "warning",
                                    (entry.key, other.key)))
        folded.setdefault(entry.key.lower(), entry.key)
        # An entry that inherits (crossref, xdata) is checked for missing fields once it has.
        inherits = "crossref" in entry.fields or "xdata" in entry.fields
        problems.extend(checks.entry_problems(entry, positions, shown, not inherits))
        entries[entry.key] = entry  # a key defined twice: the later, as pandoc reads it
    for key in entries:
        unreadable.pop(key, None)
    return Bibliography(shown, entries, problems, unreadable=unreadable)


# bibtexparser takes any "@comment…", "@string…" or "@preamble…" for those blocks, and so would drop
# biblatex's @commentary: their first letter is masked (same length, every position kept) while splitting.
_MASKED_TYPES = re.compile(r"(?<=@)(?:comment|string|preamble)(?=\w+\s*[{(])", re.IGNORECASE)
_MASKS = {"c": "ǂ", "s": "ǁ", "p": "ǀ"}
_UNMASK = {mask: letter for letter, mask in _MASKS.items()}


def _mask_type(match: re.Match) -> str:
    word = match.group()
    return _MASKS[word[0].lower()] + word[1:]


def _repeated_key_problem(entry: Entry, earlier: Entry, shown: str) -> Problem:
    if same_entry(entry, earlier):
        return Problem(shown, entry.line, entry.col,
                       f"'{entry.key}' is defined twice, the same both times (first on line {earlier.line})",
                       "remove one of them", "warning", (entry.key,))
    return Problem(shown, entry.line, entry.col,
                   f"duplicate key '{entry.key}' (first defined on line {earlier.line}): this later entry is used",
                   "merge the two entries or give one its own key (pandoc uses the later, BibTeX the first)",
                   "warning", (entry.key,))


def same_entry(a: Entry, b: Entry) -> bool:
    return (a.type, a.fields, a.authors, a.editors) == (b.type, b.fields, b.authors, b.editors)


NAME_FIELDS = ("author", "editor")
# The fields whose case a style may change (pandoc's titles, and journals, which CSL title-cases): their
# braces, which protect a word's case, are kept. Every other field is given without braces.
CASE_FIELDS = frozenset({"title", "subtitle", "titleaddon", "shorttitle", "booktitle", "booksubtitle",
                         "booktitleaddon", "maintitle", "mainsubtitle", "maintitleaddon", "series", "eventtitle",
                         "origtitle", "issuetitle", "issuesubtitle", "journal", "journaltitle", "journalsubtitle"})
# URLs, DOIs and file names are verbatim: "%20" is not a LaTeX comment, "_" not a subscript.
VERBATIM_FIELDS = frozenset({"url", "doi", "eprint", "file", "pdf", "urlraw", "isbn", "issn"})
# Fields no style prints: an unknown LaTeX command there is no one's concern.
UNPRINTED_FIELDS = frozenset({"abstract", "annote", "annotation", "keywords", "comment", "review", "file",
                              "mendeley-tags", "groups", "owner", "timestamp", "note_private"})
_SPACES = re.compile(r"[ \t\r\n]+")  # not the no-break space that "~" makes


class _Positions:
    """Line and column of each field, worked out only for the few a problem points at."""

    __slots__ = ("source", "offsets")

    def __init__(self, source: bibsyntax.Source, offsets: dict[str, int]):
        self.source = source
        self.offsets = offsets

    def get(self, name: str, default: tuple[int, int]) -> tuple[int, int]:
        offset = self.offsets.get(name)
        return default if offset is None else self.source.position(offset)


def _convert(raw: RawEntry, prepared: bibsyntax.Prepared, source: bibsyntax.Source,
             problems: list[Problem]) -> tuple[Entry, _Positions]:
    """The entry, and where each of its fields stands (for messages only: not kept with it)."""
    key = raw.key
    line, col = source.position(prepared.start)
    positions = _Positions(source, prepared.positions)
    fields: dict[str, str] = {}
    markup: dict[str, str] | None = None
    people: dict[str, list[Name]] = {}

    def warn(name: str, message: str, fix: str) -> None:
        where = positions.get(name, (line, col))
        problems.append(Problem(source.shown, *where, message, fix, "warning", (key,)))

    for name, value in prepared.values.items():
        if name in VERBATIM_FIELDS:
            fields[name] = latex.read_verbatim(value)
            continue
        read = latex.read(value)
        if read.unknown and name not in UNPRINTED_FIELDS:
            commands = ", ".join(f"'{c}'" for c in read.unknown)
            warn(name, f"unknown LaTeX command {commands} in the {name} of '{key}': left out, its text kept",
                 "write the text plainly, or use \\emph{…}, \\textbf{…}, \\textsc{…}")
        if name in NAME_FIELDS:
            found, complaints = bibnames.split(value)
            for complaint in complaints:
                warn(name, f"{complaint} in the {name} of '{key}'",
                     "write each person as 'Family, Given', join people with ' and ', "
                     "and brace a corporate name: {United Nations}")
            people[name] = found
            fields[name] = " and ".join(n.family for n in found)
            continue
        text, rich = read.text, read.markup
        if name not in CASE_FIELDS:  # braces only protect a title's case: elsewhere they mean nothing
            text = strip_braces(text)
            rich = None if rich is None else strip_braces(rich)
        fields[name] = _SPACES.sub(" ", text).strip()
        if name == "type":
            fields[name] = types.TYPE_STRINGS.get(fields[name], fields[name])
        if rich is not None:
            markup = markup if markup is not None else {}
            markup[name] = _SPACES.sub(" ", rich).strip()
    source_type = raw.entry_type.lower()
    known = types.family(source_type) is not None
    entry = Entry(key, source_type if known else types.UNKNOWN_TYPE, fields, people.get("author", []),
                  people.get("editor", []), line, col, markup, source_type)
    return entry, positions
