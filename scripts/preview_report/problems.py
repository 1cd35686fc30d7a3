"""The warnings and errors the pull request brings: read from ``python -m coursekit check`` output
and MkDocs build logs of both sides, compared without their line numbers (an edit above a problem
moves it, it does not make it new), and each placed in the head preview where it can be.

A warning fails ``mkdocs build --strict``, as an error fails any build: every new one is something
the strict build would now reject.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from .course_files import Unreadable, chapters_of_sources, hosted_url, settings
from .site import Site

_LEVEL = re.compile(r"^(WARNING|ERROR)\s+-\s+(?:[\w./-]+: )?")  # MkDocs' log, with a plugin logger's name
_LOCATED = re.compile(r"^\s*(?P<path>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): (?:(?P<warning>warning): )?(?P<message>.+)$")
_DOC_FILE = re.compile(r"Doc file '(?P<src>[^']+)'")
_LINK = re.compile(r"contains (?:a|an unrecognized relative) link '(?P<link>[^']+)'")
_HEADING = re.compile(r"^#{1,6}\s+(?P<text>.*?)\s*(?:\{(?P<attrs>[^}]*)\})?\s*#*\s*$")
_ENTRY = re.compile(r"^\s*@\w+\s*[{(]\s*(?P<key>[^,\s]+)\s*,")
_ITEM_ID = re.compile(r"^\s*-?\s*id:\s*['\"]?(?P<id>[^'\"\s#]+)")
_NOTE = re.compile(r"^\s*['\"]?(?P<number>\d+)['\"]?\s*:")


def parse(text: str) -> list[dict]:
    """Every problem in a check's output or a build's log, in order."""
    found = []
    for raw in text.splitlines():
        line = raw.rstrip()
        level = _LEVEL.match(line)
        body = line[level.end():] if level else line
        located = _LOCATED.match(body)
        if located:
            warning = located.group("warning") or (level and level.group(1) == "WARNING")
            found.append({"severity": "warning" if warning else "error", "path": located.group("path"),
                          "line": int(located.group("line")), "col": int(located.group("col")),
                          "message": located.group("message"), "text": body.strip()})
        elif level and not body.rstrip().endswith(":"):  # "1 problem(s) in the course:" heads the lines below
            doc = _DOC_FILE.search(body)
            found.append({"severity": level.group(1).lower(), "path": f"docs/{doc.group('src')}" if doc else "",
                          "line": 0, "col": 0, "message": body.strip(), "text": body.strip()})
    return found


def _key(problem: dict) -> tuple:
    return problem["severity"], problem["path"], problem["message"]


def _counts(outputs: list[str]) -> tuple[Counter, dict[tuple, list[dict]]]:
    """How often each problem occurs (the most any one output has it: a check and a build report
    the same problem once each) and the occurrences."""
    counts: Counter = Counter()
    seen: dict[tuple, list[dict]] = {}
    for output in outputs:
        here = parse(output)
        for key, n in Counter(_key(p) for p in here).items():
            counts[key] = max(counts[key], n)
        for problem in here:
            seen.setdefault(_key(problem), []).append(problem)
    return counts, seen


def new_problems(base_outputs: list[str], head_outputs: list[str]) -> list[dict]:
    """The head's problems the base does not have, errors first, then in order of path and line."""
    base, _ = _counts(base_outputs)
    head, occurrences = _counts(head_outputs)
    out = []
    for key, count in head.items():
        extra = count - base[key]
        if extra > 0:
            out += occurrences[key][-extra:]
    return sorted(out, key=lambda p: (p["severity"] != "error", p["path"], p["line"], p["message"]))


# -- Where a problem is, in the head preview --------------------------------------------------------

def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


def _last_match(lines: list[str], upto: int, pattern: re.Pattern) -> re.Match | None:
    for text in reversed(lines[: max(upto, 0)]):
        match = pattern.match(text)
        if match:
            return match
    return None


def _markdown_place(head_root: Path, head: Site, problem: dict) -> tuple[str, str]:
    url = hosted_url(problem["path"][len("docs/"):])
    lines = _lines(head_root / problem["path"])
    line = problem["line"]
    link = _LINK.search(problem["message"])
    if not line and link:  # MkDocs names the link, not its line
        line = next((n for n, text in enumerate(lines, 1) if f"({link.group('link')})" in text), 0)
    heading = _last_match(lines, line, _HEADING)
    if heading is None:
        return head.place(url)
    ident = next((a[1:] for a in (heading.group("attrs") or "").split() if a.startswith("#")), "")
    if ident:
        return head.place(url, ident)
    text = re.sub(r"[*_`]", "", heading.group("text")).strip()
    page = head.page(url)
    anchor = next((b.anchor for b in page.blocks if b.kind == "heading" and b.text == text), "") if page else ""
    return head.place(url, anchor)


def place(head_root: Path, head: Site, problem: dict) -> tuple[str, str]:
    """(url, anchor) of the place in the head preview a problem is about, or ("", "")."""
    path = problem["path"]
    if path.startswith("docs/") and path.endswith(".md"):
        return _markdown_place(head_root, head, problem)
    try:
        setting = settings(head_root)
    except Unreadable:
        return "", ""
    lines = _lines(head_root / path)
    if path.endswith(".bib"):
        entry = _last_match(lines, problem["line"], _ENTRY)
        references = head.references()
        if entry and entry.group("key") in references:
            return head.place(references[entry.group("key")][0], entry.group("key"))
        return "", ""
    item = _last_match(lines, problem["line"], _ITEM_ID)
    if path == setting["glossary"] and item:
        return head.find_id(item.group("id"), prefer="glossary")
    if path == setting["guides"] and item:
        return head.place(f"guides/{item.group('id')}/")
    if path.startswith(str(setting["notes"]).rstrip("/") + "/"):
        source = _last_match(lines, len(lines), re.compile(r"^source:\s*['\"]?(?P<key>[^'\"\s#]+)"))
        try:
            chapter = chapters_of_sources(head_root).get(source.group("key"), "") if source else ""
        except Unreadable:
            return "", ""
        note = _NOTE.match(lines[problem["line"] - 1]) if 0 < problem["line"] <= len(lines) else None
        found = head.place(chapter, f"note-{note.group('number')}") if note else ("", "")
        return found if found[1] else head.place(chapter, "notes-in-this-source")
    return "", ""


def compare(base_outputs: list[str], head_outputs: list[str], head_root: Path | None, head: Site | None) -> list[dict]:
    """New problems, each with the place in the head preview it is about (url and anchor)."""
    out = []
    for problem in new_problems(base_outputs, head_outputs):
        url, anchor = place(head_root, head, problem) if head_root and head else ("", "")
        out.append({**problem, "url": url, "anchor": anchor})
    return out
