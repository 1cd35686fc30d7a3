"""The course's .bib files, read one by one (each parsed once per content) and joined into one.

A key defined in two files is an error at both places, each naming the other, unless the two
entries are the same. Then entries inherit what they lack (``crossref``, ``xdata``), across files,
and works that appear under two keys are found, for ``settle`` to point at the key the pages use.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import bibtex, crossref
from .bibtex import Bibliography, normalised_title, same_entry
from ..diagnostics import Problem


def load_all(files: list[tuple[Path, str]]) -> Bibliography:
    """``files``: (path, path as shown in messages), in the order the settings give them."""
    parts = [bibtex.load(path, shown) for path, shown in files]
    if not parts:
        return Bibliography("bibliography", {}, [])
    entries: dict[str, bibtex.Entry] = {}
    sources: dict[str, str] = {}
    problems: list[Problem] = []
    unreadable: dict[str, Problem] = {}
    for part in parts:
        problems.extend(part.problems)  # a copy: the parsed file, cached, is never changed
        for key, problem in part.unreadable.items():
            unreadable.setdefault(key, problem)
        for key, entry in part.entries.items():
            first = entries.get(key)
            if first is None:
                entries[key] = entry
                sources[key] = part.path
            elif not same_entry(first, entry):
                problems.extend(_key_in_two_files(key, first, sources[key], entry, part.path))
    for key in entries:
        unreadable.pop(key, None)
    single = len(parts) == 1
    path = parts[0].path

    def file_of(key: str) -> str:
        return sources.get(key, path)

    entries, found, _ = crossref.resolve(entries, file_of)
    problems.extend(found)
    digest = parts[0].digest if single else hashlib.sha256("".join(p.digest for p in parts).encode()).hexdigest()
    return Bibliography(path, entries, problems, digest, sources={} if single else sources,
                        readable=all(p.readable for p in parts), unreadable=unreadable, same_work=same_works(entries))


def _key_in_two_files(key: str, first, first_file: str, second, second_file: str) -> list[Problem]:
    """One error at each place, naming the other (a warning when no page cites the key: ``settle``
    decides). The first file's entry is the one used meanwhile."""
    return [
        Problem(second_file, second.line, second.col, f"the key '{key}' is also defined in {first_file}:{first.line}",
                "keep one entry, or give this one its own key", "error", (key,)),
        Problem(first_file, first.line, first.col, f"the key '{key}' is also defined in {second_file}:{second.line}",
                "keep one entry, or give the other its own key", "error", (key,)),
    ]


def same_works(entries: dict) -> list[tuple[str, ...]]:
    """Groups of keys (in the bibliography's order) whose entries have the same title and year."""
    groups: dict[tuple[str, str], list[str]] = {}
    for key, entry in entries.items():
        title = normalised_title(entry.get("title"))
        if title:
            groups.setdefault((title, entry.year), []).append(key)
    return [tuple(keys) for keys in groups.values() if len(keys) > 1]
