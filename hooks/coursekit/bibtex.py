"""Load a BibTeX file into plain entries, reporting every problem with its line.

The parse stack is pinned: strings are resolved and enclosing braces removed, then names are split
into parts *before* LaTeX is decoded, so that a braced corporate author (``{International Crisis
Group}``) is still recognisable as one literal name, and ``{\\"u}`` becomes ``ü`` only afterwards.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import bibtexparser
import bibtexparser.middlewares as mw
from bibtexparser.middlewares.middleware import BlockMiddleware
from bibtexparser.middlewares.names import NameParts
from bibtexparser.model import DuplicateBlockKeyBlock, Entry as RawEntry, MiddlewareErrorBlock, ParsingFailedBlock

from .diagnostics import Problem

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
CURRENT_YEAR_LIMIT = 2100


@dataclass(frozen=True)
class Name:
    family: str
    given: str = ""
    particle: str = ""  # "de la", "van"
    suffix: str = ""  # "Jr."
    literal: bool = False  # a corporate author, written whole


@dataclass
class Entry:
    key: str
    type: str
    fields: dict[str, str]
    authors: list[Name] = field(default_factory=list)
    editors: list[Name] = field(default_factory=list)
    line: int = 0
    field_lines: dict[str, int] = field(default_factory=dict)

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

    def __contains__(self, key: str) -> bool:
        return key in self.entries


# -- LaTeX decoding -------------------------------------------------------------------------------

# URLs are verbatim: "%20" is not a LaTeX comment.
VERBATIM_FIELDS = frozenset({"url", "doi", "eprint", "file"})
_NEEDS_DECODING = re.compile(r"[\\{}~$&%]|--|``|''")


@lru_cache(maxsize=1)
def _decoder():
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    context = get_default_latex_context_db()
    context.add_context_category(
        "coursekit", prepend=True, macros=[MacroTextSpec("url", simplify_repl="%s")]
    )
    # Braced groups are kept: they protect case ("{UN}") and mark corporate names.
    return LatexNodes2Text(latex_context=context, keep_braced_groups=True, math_mode="verbatim")


def decode_latex(text: str) -> str:
    """LaTeX to Unicode, keeping protective braces. Plain text (the common case) skips pylatexenc."""
    if not _NEEDS_DECODING.search(text):
        return text
    decoded = _decoder().latex_to_text(text)
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
    return [
        mw.ResolveStringReferencesMiddleware(True),
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
        return Bibliography(shown, {}, [problem])
    digest = hashlib.sha256(raw).hexdigest()
    cached = _cache.get(shown)
    if cached is not None and cached.digest == digest:
        return cached
    bibliography = parse_bytes(raw, shown)
    bibliography.digest = digest
    _cache.clear()
    _cache[shown] = bibliography
    return bibliography


def parse_bytes(raw: bytes, shown: str) -> Bibliography:
    problems: list[Problem] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a BOM is harmless; bibtexparser would take it for text
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(Problem(shown, line, col, "the file is not valid UTF-8",
                                "save it as UTF-8 (your editor's 'Save with encoding')"))
        text = raw.decode("utf-8", errors="replace")
    if not text.strip():
        problems.append(Problem(shown, 1, 1, "the bibliography is empty",
                                "add the BibTeX entries of the works the course cites"))
        return Bibliography(shown, {}, problems)
    return parse_text(text, shown, problems)


def parse_text(text: str, shown: str, problems: list[Problem] | None = None) -> Bibliography:
    problems = problems if problems is not None else []
    # bibtexparser logs each failed block; we report them ourselves, with a fix.
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    library = bibtexparser.parse_string(text, parse_stack=parse_stack())
    lines = text.splitlines()

    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            first = library.entries_dict.get(block.key)
            where = f" (first defined on line {first.start_line + 1})" if first else ""
            problems.append(Problem(shown, line, 1, f"duplicate key '{block.key}'{where}",
                                    "merge the two entries or give this one its own key"))
        elif isinstance(block, ParsingFailedBlock):
            reason = _reason(block.error)
            problems.append(Problem(shown, line, 1, f"cannot parse this block: {reason}",
                                    _parse_hint(block.raw)))
        elif isinstance(block, MiddlewareErrorBlock):
            problems.append(Problem(shown, line, 1, f"cannot decode this entry: {block.error}",
                                    "check its LaTeX commands and braces"))
        else:
            problems.append(Problem(shown, line, 1, "cannot read this block", "check its syntax"))

    entries: dict[str, Entry] = {}
    folded: dict[str, str] = {}
    for raw_entry in library.entries:
        line = (raw_entry.start_line or 0) + 1
        entry = _convert(raw_entry, line, lines)
        if entry.key.lower() in folded and folded[entry.key.lower()] != entry.key:
            other = entries[folded[entry.key.lower()]]
            problems.append(Problem(shown, line, 1,
                                    f"key '{entry.key}' differs only in case from '{other.key}' (line {other.line})",
                                    "keys are compared without case by many tools: rename one"))
        folded[entry.key.lower()] = entry.key
        problems.extend(_check_entry(entry, shown))
        entries[entry.key] = entry
    problems.extend(_check_duplicate_works(entries, shown))
    return Bibliography(shown, entries, problems)


def _reason(error: Exception | None) -> str:
    text = getattr(error, "abort_reason", None) or getattr(error, "message", None) or str(error or "")
    text = text.strip().splitlines()[0] if text.strip() else "syntax error"
    return text.replace("`", "'")


def _parse_hint(raw: str) -> str:
    if raw.count("{") != raw.count("}"):
        return f"its braces do not balance ({raw.count('{')} '{{' against {raw.count('}')} '}}')"
    return "each field is 'name = {value},' and the entry starts '@type{key,'"


def _convert(raw: RawEntry, line: int, lines: list[str]) -> Entry:
    fields: dict[str, str] = {}
    authors: list[Name] = []
    editors: list[Name] = []
    field_lines: dict[str, int] = {}
    for fld in raw.fields:
        name = fld.key.lower()
        field_lines[name] = (fld.start_line or raw.start_line or 0) + 1
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
    return Entry(raw.key, raw.entry_type.lower(), fields, authors, editors, line, field_lines)


def _check_entry(entry: Entry, shown: str) -> list[Problem]:
    problems: list[Problem] = []
    if entry.type not in KNOWN_TYPES:
        known = ", ".join(sorted(KNOWN_TYPES))
        problems.append(Problem(shown, entry.line, 1, f"unknown entry type '@{entry.type}' for '{entry.key}'",
                                f"use one of: {known}"))
        return problems
    for need in REQUIRED_FIELDS[entry.type]:
        options = need.split("|")
        if not any(entry.fields.get(o) for o in options):
            wanted = " or ".join(f"'{o}'" for o in options)
            problems.append(Problem(shown, entry.line, 1, f"@{entry.type} '{entry.key}' lacks {wanted}",
                                    f"add {wanted} as the source prints it"))
    year = entry.fields.get("year", "")
    if year and not YEAR.match(year):
        problems.append(Problem(shown, entry.field_lines.get("year", entry.line), 1,
                                f"impossible year '{year}' in '{entry.key}'",
                                "write the four-digit year as the source prints it"))
    elif year and int(year) > CURRENT_YEAR_LIMIT:
        problems.append(Problem(shown, entry.field_lines.get("year", entry.line), 1,
                                f"impossible year '{year}' in '{entry.key}'", "check the year"))
    if not year and not entry.fields.get("date") and not entry.fields.get("note"):
        problems.append(Problem(shown, entry.line, 1, f"'{entry.key}' has no year and no note saying why",
                                "add the year as printed, or a note that the source prints none"))
    return problems


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
            problems.append(Problem(shown, entry.line, 1,
                                    f"'{entry.key}' is the same work as '{first.key}' (line {first.line}): "
                                    "same title and year",
                                    f"keep one entry and cite '{first.key}' everywhere"))
        else:
            seen[ident] = entry
    return problems
