"""BibTeX syntax that bibtexparser's splitter leaves to us, each problem at its exact place.

The splitter cuts the text into blocks and fields but keeps each value raw; this module finds
where every block and field stands, expands ``@string`` macros and ``#`` concatenation (reporting
undefined macros and cycles), and turns a failed block into the place of the unclosed brace or
the missing comma. Everything is linear in the size of the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bibtexparser.model import (
    DuplicateBlockKeyBlock, Entry as RawEntry, ImplicitComment, ParsingFailedBlock, String as RawString,
)

from ..diagnostics import LineIndex, Problem
from .latex import BRACE_MARK, closing_brace
from .types import FIELD_ALIASES

# The macros every BibTeX style defines.
MONTH_MACROS = {m[:3].lower(): m for m in (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December")}
# A citable key, as pandoc reads one: a letter, digit or _ first; internal punctuation allowed.
CITABLE_KEY = re.compile(r"[^\W][\w]*(?:[:.#$%&\-+?<>~/][\w]+)*")
_MACRO_NAME = re.compile(r"[^\s\"#%'(),={}0-9][^\s\"#%'(),={}]*")
_NUMBER = re.compile(r"\d+")
_FIELD_START = re.compile(r"([A-Za-z][\w-]*)\s*=\s*")
_FIELD_LINE = re.compile(r"^[ \t]*([A-Za-z][\w-]*)[ \t]*=", re.MULTILINE)
_NAME_EQUALS = re.compile(r"(?<![^\s,{(])([^\s=,{}()\"#]+)\s*=\s*")  # a field's name, where it starts
# Braces deeper than this are surely a mistake (a word needs one pair): a located error, not a crash.
MAX_DEPTH = 100
_ENTRY_HEAD = re.compile(r"@\s*(\w+)\s*[{(]\s*([^,\s{}()=\"#]+)\s*,")
_NOT_ENTRIES = frozenset({"string", "comment", "preamble"})
_BLOCK_HEAD = re.compile(r"@\s*(\w*)\s*[{(]\s*([^,\s{}()=\"#]*)")


class Source:
    """The text of a .bib file, turning offsets into ``path:line:col`` problems."""

    def __init__(self, text: str, shown: str):
        self.text = text
        self.shown = shown
        self.index = LineIndex(text)

    def problem(self, offset: int, message: str, fix: str, severity: str = "error",
                keys: tuple[str, ...] = ()) -> Problem:
        line, col = self.index(max(0, min(offset, len(self.text))))
        return Problem(self.shown, line, col, message, fix, severity, keys)

    def position(self, offset: int) -> tuple[int, int]:
        return self.index(offset)

    def block_offset(self, block) -> int:
        """Where ``block`` (an entry, @string or failed block) starts: its ``@``."""
        line = block.start_line or 0
        start = self.index.starts[min(line, len(self.index.starts) - 1)]
        raw = block.raw or ""
        found = self.text.find(raw[:64], start) if raw else -1
        return found if found != -1 else start


@dataclass
class Part:
    kind: str  # "text" (braced or quoted), "number" or "macro"
    text: str
    offset: int  # in the raw value


def value_parts(raw: str) -> tuple[list[Part], int | None]:
    """The parts of a value joined by ``#``, and the offset of unexpected text after them (or None)."""
    parts: list[Part] = []
    i, n = 0, len(raw)
    while True:
        i = _skip_space(raw, i)
        if i >= n:
            return parts, (i if parts else None)  # a dangling "#", or an empty value
        char = raw[i]
        if char == "{":
            end = closing_brace(raw, i)
            if end == -1:
                return parts, i
            parts.append(Part("text", raw[i + 1:end], i))
            i = end + 1
        elif char == '"':
            end = _closing_quote(raw, i)
            if end == -1:
                return parts, i
            parts.append(Part("text", raw[i + 1:end], i))
            i = end + 1
        elif match := _NUMBER.match(raw, i):
            parts.append(Part("number", match.group(), i))
            i = match.end()
        elif match := _MACRO_NAME.match(raw, i):
            parts.append(Part("macro", match.group(), i))
            i = match.end()
        else:
            return parts, i
        i = _skip_space(raw, i)
        if i >= n:
            return parts, None
        if raw[i] != "#":
            return parts, i
        i += 1


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


_QUOTE_MARK = re.compile(r'\\.|[{}"]', re.DOTALL)


def _closing_quote(text: str, start: int) -> int:
    depth = 0
    for match in _QUOTE_MARK.finditer(text, start + 1):
        mark = match.group()
        if mark == "{":
            depth += 1
        elif mark == "}":
            depth -= 1
        elif mark == '"' and depth == 0:
            return match.start()
    return -1


# -- @string macros -------------------------------------------------------------------------------


class Macros:
    """The file's @string definitions, resolved once, in any order, with cycles reported."""

    def __init__(self, source: Source, strings: list[RawString], problems: list[Problem]):
        self.source = source
        self.problems = problems
        self.defs: dict[str, tuple[RawString, int, list[Part]]] = {}
        for string in strings:
            name = string.key.lower()
            if name in self.defs:
                continue  # the splitter reports the duplicate
            raw = string.raw or ""
            equals = raw.find("=")
            value_at = self.source.block_offset(string) + equals + 1
            value_at += len(raw[equals + 1:]) - len(raw[equals + 1:].lstrip())
            value = string.value
            too_deep = nesting_beyond(value, MAX_DEPTH)
            if too_deep is not None:
                problems.append(source.problem(
                    value_at + too_deep, f"braces nested more than {MAX_DEPTH} deep in @string '{string.key}'",
                    "remove the extra braces: one pair protects a word, more are never needed", "warning"))
                value = "{" + value.replace("{", "").replace("}", "") + "}"  # its words, for the entries using it
            parts, rest = value_parts(value)
            if rest is not None:
                problems.append(source.problem(value_at + rest, f"unexpected text in @string '{string.key}'",
                                               "write @string{name = {value}}, joining parts with '#'", "warning"))
            self.defs[name] = (string, value_at, parts)
        self.values: dict[str, str] = {}
        for name in self.defs:
            self._resolve(name)

    def _resolve(self, first: str) -> None:
        """Depth-first without recursion, so a long chain of @strings cannot overflow the stack."""
        path: list[str] = [first]
        while path:
            name = path[-1]
            if name in self.values:
                path.pop()
                continue
            _, _, parts = self.defs[name]
            pending = [p.text.lower() for p in parts
                       if p.kind == "macro" and p.text.lower() in self.defs and p.text.lower() not in self.values]
            if not pending:
                self.values[name] = self.expand(parts, self.defs[name][1], f"@string '{self.defs[name][0].key}'")
                path.pop()
                continue
            nxt = pending[0]
            if nxt in path:
                cycle = path[path.index(nxt):] + [nxt]
                string, _, _ = self.defs[nxt]
                shown = " → ".join(self.defs[c][0].key for c in cycle)
                self.problems.append(self.source.problem(
                    self.source.block_offset(string), f"@string '{string.key}' is defined in terms of itself: {shown}",
                    "give one of these @strings a literal value in braces", "warning"))
                for member in cycle:
                    self.values.setdefault(member, self.defs[member][0].key)
                continue
            path.append(nxt)

    def expand(self, parts: list[Part], base: int, where: str, key: str = "") -> str:
        """The parts joined, each macro replaced by its value. An undefined one prints its own
        name, as in pandoc: a warning, tied to the entry that uses it."""
        out = []
        for part in parts:
            if part.kind != "macro":
                out.append(part.text)
                continue
            name = part.text.lower()
            if name in self.values:
                out.append(self.values[name])
            elif name in MONTH_MACROS:
                out.append(MONTH_MACROS[name])
            else:
                self.problems.append(self.source.problem(
                    base + part.offset, f"undefined @string '{part.text}' in {where}: printed as '{part.text}'",
                    f"define it (@string{{{part.text} = {{…}}}}) or put literal text in braces: {{{part.text}}}",
                    "warning", (key,) if key else ()))
                out.append(part.text)
        return "".join(out)


# -- Entries --------------------------------------------------------------------------------------


@dataclass
class Prepared:
    """An entry's fields, @strings expanded (by lower-case name), and where it and each field start."""

    start: int
    values: dict[str, str]
    positions: dict[str, int]


def prepare_entry(source: Source, entry: RawEntry, macros: Macros, problems: list[Problem]) -> Prepared | None:
    """Expand the entry's values; ``None`` when the entry cannot be used at all (it has no key).

    A problem that changes what the entry says (a value that is not one, a missing comma, braces
    nested beyond reason) is an error tied to the entry's key: a warning when no page cites it.
    """
    start = source.block_offset(entry)
    raw = entry.raw or ""
    key = entry.key
    if not key:
        problems.append(source.problem(start, f"this @{entry.entry_type} has no key",
                                       "write the key after the brace: @book{authorTitleWords2011,", "warning"))
        return None
    if not CITABLE_KEY.fullmatch(key):
        problems.append(source.problem(start, f"the key '{key}' cannot be cited",
                                       "use letters and digits only, as in authorTitleWords2011", "warning", (key,)))
    keys = (key,)
    positions: dict[str, int] = {}
    values: dict[str, str] = {}
    search_from = raw.find(",") + 1 if "," in raw else 0
    queue: list[tuple[str, str, int, int]] = []
    for fld in entry.fields:
        match = _NAME_EQUALS.search(raw, search_from)
        while match and match.group(1) != fld.key:
            match = _NAME_EQUALS.search(raw, match.end())
        key_at = start + (match.start(1) if match else 0)
        value_at = start + (match.end() if match else 0)
        if match:
            search_from = match.end() + len(fld.value)
        queue.append((fld.key, fld.value, key_at, value_at))
    while queue:
        name, value, key_at, value_at = queue.pop(0)
        too_deep = nesting_beyond(value, MAX_DEPTH)
        if too_deep is not None:
            problems.append(source.problem(
                value_at + too_deep, f"braces nested more than {MAX_DEPTH} deep in the field '{name}' of '{key}'",
                "remove the extra braces: one pair protects a word, more are never needed", "error", keys))
            value = "{" + value.replace("{", "").replace("}", "") + "}"  # its words, for what else is checked
        parts, rest = value_parts(value)
        if rest is not None:
            following = _FIELD_START.match(value, rest)
            if following and parts:
                end = value_at + _end_of(value, parts[-1])
                problems.append(source.problem(
                    end, f"missing ',' between the fields '{name}' and '{following.group(1)}' of '{key}'",
                    f"end the '{name}' field with a comma", "error", keys))
                queue.insert(0, (following.group(1), value[following.end():].strip(),
                                 value_at + following.start(), value_at + following.end()))
            else:
                problems.append(source.problem(
                    value_at + (rest if parts else 0), f"the value of '{name}' in '{key}' is not one value",
                    f"put it in braces: {name} = {{…}}, joining parts with '#'", "error", keys))
                parts = [Part("text", value, 0)]
        lowered = name.lower()
        lowered = FIELD_ALIASES.get(lowered, lowered)
        text = macros.expand(parts, value_at, f"the field '{name}' of '{key}'", key)
        if lowered in values:
            same = values[lowered] == text
            problems.append(source.problem(
                key_at, f"the field '{name}' appears twice in '{key}'" + ("" if same else ": the later is used"),
                "remove one of them" if same else "keep the one you mean (pandoc uses the later, BibTeX the first)",
                "warning", keys))
        positions[lowered] = key_at
        values[lowered] = text
    return Prepared(start, values, positions)


def nesting_beyond(value: str, limit: int) -> int | None:
    """The offset of the first brace nested deeper than ``limit``, or None. Counted without
    recursion: a value nested thousands deep must cost a scan, not the stack."""
    if value.count("{") <= limit:
        return None
    depth = 0
    for match in BRACE_MARK.finditer(value):
        mark = match.group()
        if mark == "{":
            depth += 1
            if depth > limit:
                return match.start()
        elif mark == "}":
            depth -= 1
    return None


def _end_of(value: str, part: Part) -> int:
    if part.kind == "text":
        closer = "}" if value[part.offset] == "{" else '"'
        return value.find(closer, part.offset + len(part.text)) + 1
    return part.offset + len(part.text)


# -- Failed blocks --------------------------------------------------------------------------------


def failed_block_problem(source: Source, block: ParsingFailedBlock, strings_dict) -> Problem:
    """Where and why a block could not be read, tied to the keys of the entries it holds: an error
    when a page cites one of them (it cannot be rendered), else a warning."""
    problem = _describe_failed_block(source, block, strings_dict)
    keys = tuple(block_keys(block.raw or ""))
    if len(keys) > 1:
        hidden = ", ".join(f"'{k}'" for k in keys[1:])
        problem = replace(problem, message=f"{problem.message} (and hides the entries {hidden} after it)")
    return replace(problem, severity="error" if keys else "warning", keys=keys)


def block_keys(raw: str) -> list[str]:
    """The keys of the entries a block holds: its own, and any it swallowed."""
    keys = []
    head = _BLOCK_HEAD.match(raw)
    if head and head.group(2) and head.group(1).lower() not in _NOT_ENTRIES:
        keys.append(head.group(2))
    for match in _ENTRY_HEAD.finditer(raw, head.end() if head else 0):
        if match.group(1).lower() not in _NOT_ENTRIES:
            keys.append(match.group(2))
    return list(dict.fromkeys(keys))


def _describe_failed_block(source: Source, block: ParsingFailedBlock, strings_dict) -> Problem:
    start = source.block_offset(block)
    if isinstance(block, DuplicateBlockKeyBlock):  # an @string: entries are merged by the caller
        first = strings_dict.get(block.key)
        where = f" (first defined on line {first.start_line + 1})" if first is not None else ""
        return source.problem(start, f"duplicate @string '{block.key}'{where}: the first is used",
                              "keep one definition", "warning")
    raw = block.raw or ""
    head = _BLOCK_HEAD.match(raw)
    key = head.group(2) if head else ""
    what = f"the entry '{key}'" if key else "this entry"
    reason = _reason(block.error)
    if reason.startswith("Expected comma after entry key"):
        after_key = head.end() if head else len(raw)
        return source.problem(start + after_key, f"missing ',' after the key '{key}'",
                              "write '@type{key,' and then the fields")
    if reason.startswith("Expected a '=' after entry key"):
        # The splitter stopped at the mark after the name: the name is the last word before it.
        name = re.search(r"([^\s,{}()=\"#]+)\s*[})]?\s*$", raw)
        if name:
            return source.problem(start + name.start(1), f"the field '{name.group(1)}' in {what} has no '='",
                                  f"write {name.group(1)} = {{…}},")
    unclosed = _unclosed(raw)
    if unclosed is not None:
        offset, kind = unclosed
        if kind == "entry":
            return source.problem(start + offset, f"{what} is never closed",
                                  "add '}' after its last field")
        closer = "}" if kind == "{" else '"'
        return source.problem(start + offset, f"the '{kind}' opened here in {what} is never closed",
                              f"close the value with '{closer}' before the next field")
    # Anything else: point at where the parser stopped reading.
    return source.problem(start + max(len(raw) - 1, 0), f"cannot read {what}: {reason}",
                          "each field is 'name = {value},' and the entry starts '@type{key,'")


def _reason(error) -> str:
    text = getattr(error, "abort_reason", None) or getattr(error, "message", None) or str(error or "")
    text = text.strip().splitlines()[0] if text.strip() else "syntax error"
    return text.replace("`", "'")


def _unclosed(raw: str) -> tuple[int, str] | None:
    """The brace or quote of ``raw`` that is never closed: (offset, "{", '"' or "entry"), or None.

    A value still open when the next line starts a field (``name =``) is the culprit; failing
    that, the innermost value open at the end, or else the entry's own brace.
    """
    depth = 0
    value_open = quote_open = -1
    entry_open = -1
    i = 0
    while i < len(raw):
        char = raw[i]
        if char == "\\":
            i += 2
            continue
        if char == "\n":
            starts_field = _FIELD_LINE.match(raw, i + 1)
            if starts_field and quote_open != -1:
                return quote_open, '"'
            if starts_field and depth >= 2:
                return value_open, "{"
        elif quote_open != -1 and depth == 1:
            if char == '"':
                quote_open = -1
            elif char == "{":
                depth += 1
        elif char in "{(" and depth == 0:
            depth, entry_open = 1, i
        elif char == "{":
            depth += 1
            if depth == 2:
                value_open = i
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 1:
            quote_open = i
        i += 1
    if quote_open != -1:
        return quote_open, '"'
    if depth >= 2:
        return value_open, "{"
    if depth == 1:
        return entry_open, "entry"
    return None


def stray_field_problems(source: Source, blocks) -> list[Problem]:
    """A field line outside every entry: an extra '}' closed the entry above it too early, and
    that entry lost the fields after it (an error if a page cites it)."""
    problems = []
    previous = None
    for block in blocks:
        before, previous = previous, block
        if not isinstance(block, ImplicitComment) or isinstance(before, ParsingFailedBlock):
            continue  # the rest of a block that failed is reported with it
        start = source.block_offset(block)
        keys = (before.key,) if isinstance(before, RawEntry) and before.key else ()
        for match in _FIELD_LINE.finditer(block.raw or ""):
            problems.append(source.problem(
                start + match.start(1), f"the field '{match.group(1)}' stands outside any entry",
                "an extra '}' above closes the entry too early: remove it", "error" if keys else "warning", keys))
            break  # one per stray run: the rest follow from the same brace
    return problems
