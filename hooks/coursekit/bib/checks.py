"""What is wrong with an entry that was read: each a warning at its field, tied to the entry's key.

None of these stops a page from rendering the entry, as pandoc renders it: a missing field is
left out, an impossible month or a link that is not one is never printed, an unusual year is
printed as written. So they are warnings, which ``--strict`` (and our own course) turns into failures.
"""

from __future__ import annotations

import re
from datetime import date

from . import syntax as bibsyntax
from . import types
from ..diagnostics import Problem
from .names import Name

YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)$")

# Only http(s) addresses and DOIs become links: a "javascript:" URL is refused, not escaped.
URL = re.compile(r"https?://[^\s<>\"'`{}]+", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/|info:doi/)", re.IGNORECASE)
# A DOI's suffix may hold any printable character: old Wiley DOIs carry "<" and ">"
# (10.1002/(SICI)1097-4571(199101)42:1<7::AID-ASI2>3.0.CO;2-P); the style escapes what it prints.
DOI = re.compile(r"10\.\d{4,9}/[^\s\"'`{}]+|10/[A-Za-z0-9]+")


def normal_doi(value: str) -> str | None:
    """A DOI in any form people write it (``doi:10.…``, ``https://doi.org/10.…``, a shortDOI
    ``10/abcd``) as the DOI itself, or None when it is not one."""
    value = _DOI_PREFIX.sub("", value.strip())
    return value if DOI.fullmatch(value) else None


def entry_problems(entry, positions, shown: str, required: bool = True) -> list[Problem]:
    """The warnings of one entry. Fields that must never be printed (an impossible month, a link
    that is not one) are removed from ``entry`` as it is checked."""
    problems: list[Problem] = []

    def warn(name: str, message: str, fix: str) -> None:
        line, col = positions.get(name, (entry.line, entry.col))  # the field, or the entry without it
        problems.append(Problem(shown, line, col, message, fix, "warning", keys=(entry.key,)))

    if types.family(entry.source_type) is None:
        warn("", f"unknown entry type '@{entry.source_type}' for '{entry.key}': formatted as @misc",
             "use a BibTeX or biblatex type, e.g. @book, @article, @incollection, @report, @online or @misc")
    if required:
        problems.extend(missing_field_problems(entry, shown))
    for role in ("author", "editor"):
        names: list[Name] = getattr(entry, role + "s")
        if names and all(n.family == "others" and not n.given and not n.literal for n in names):
            warn(role, f"the {role} list of '{entry.key}' names only 'others'",
                 f"name the first {role} as the source prints it")
            setattr(entry, role + "s", [])  # no one to print: never rendered
            del entry.fields[role]
    year = entry.fields.get("year", "")
    if year and not YEAR.match(year):
        warn("year", f"unusual year '{year}' in '{entry.key}': printed as written",
             "write the four-digit year as the source prints it, or leave 'year' out and say why in 'note'")
    elif year and int(year) > date.today().year + 1:
        warn("year", f"the year {year} of '{entry.key}' is in the future", "write the year as the source prints it")
    for name, valid, fix in _DATE_PARTS:
        value = entry.fields.get(name, "")
        if value and not valid(value):
            warn(name, f"impossible {name} '{value}' in '{entry.key}': left out", fix)
            del entry.fields[name]  # never rendered: a month 13 has no name
    url = entry.fields.get("url", "")
    if url and not URL.fullmatch(url):
        warn("url", f"the url of '{entry.key}' is not an http(s) address: '{url[:60]}': left out",
             "write the full address, starting with https:// (only http and https links are published)")
        del entry.fields["url"]
    doi = entry.fields.get("doi", "")
    if doi:
        normal = normal_doi(doi)
        if normal is None:
            warn("doi", f"the doi of '{entry.key}' is not a DOI: '{doi[:60]}': left out",
                 "write the DOI as 10.1234/abcd, doi:10.1234/abcd or https://doi.org/10.1234/abcd")
            del entry.fields["doi"]
        else:
            entry.fields["doi"] = normal
    return problems


def missing_field_problems(entry, shown: str) -> list[Problem]:
    """What the entry lacks; for one that inherits (crossref, xdata), once it has inherited."""
    problems = []
    for need in types.required(entry.source_type):
        options = need.split("|")
        if not any(entry.fields.get(o) for o in options):
            wanted = " or ".join(f"'{o}'" for o in options)
            problems.append(Problem(shown, entry.line, entry.col, f"@{entry.source_type} '{entry.key}' lacks {wanted}",
                                    f"add {wanted} as the source prints it", "warning", keys=(entry.key,)))
    fields = entry.fields
    if entry.type != "xdata" and not (fields.get("year") or fields.get("date") or fields.get("note")):
        problems.append(Problem(shown, entry.line, entry.col, f"'{entry.key}' has no year and no note saying why",
                                "add the year as printed, or a note that the source prints none", "warning",
                                keys=(entry.key,)))
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


_DATE_PARTS = (
    ("month", _valid_month, "write the month as a number 1-12 or its name (month = {February})"),
    ("day", lambda v: v.isdigit() and 1 <= int(v) <= 31, "write the day of the month, 1-31"),
    ("date", _valid_date, "write the date as YYYY, YYYY-MM or YYYY-MM-DD, or a range: 2014-03/2014-04"),
)


# Words a note for readers has no use for: our key scheme, our transcription and its repairs, the
# notes maps. Where the course shows each entry's ``note`` to readers (``entry_notes``), a note
# speaking of them belongs in ``comment``, which no style prints (CONTRIBUTING.md, "BibTeX entries").
_MAINTAINERS_WORDS = re.compile(r"\b(?:keys?|transcri(?:ption|bed|pt)s?|extraction|extracted|notes\s+maps?)\b",
                                re.IGNORECASE)


def reader_note_problem(entry, shown: str, line: int) -> Problem | None:
    """A warning where the ``note`` of ``entry`` (at ``line`` of ``shown``) speaks to maintainers."""
    found = _MAINTAINERS_WORDS.search(entry.fields.get("note", ""))
    if found is None:
        return None
    return Problem(shown, line, 1, f"the note of '{entry.key}' speaks of '{found.group(0)}', which is for "
                                   f"maintainers: readers see every note as an editor's note",
                   "keep in 'note' what a reader needs (what the source lacks, a repaired address, a doubt "
                   "about the work) and move the rest to 'comment', which no style prints", "warning",
                   keys=(entry.key,))

