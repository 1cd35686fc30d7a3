"""YAML that remembers where each value stands, so a problem can name its line and column."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .diagnostics import Problem, decode_utf8


YAML_FIX = "check the indentation, and quote values that start with '@', '[' or '{' or hold ': ' or ' #'"


class LineStr(str):
    line: int = 0
    col: int = 0
    quoted: bool = False  # written in quotes: its text starts one column after ``col``


class LineInt(int):
    line: int = 0
    col: int = 0


class LineDict(dict):
    line: int = 0
    col: int = 0

    def key_position(self, key) -> tuple[int, int]:
        for k in self:
            if k == key:
                return getattr(k, "line", self.line), getattr(k, "col", self.col)
        return self.line, self.col


class LineList(list):
    line: int = 0
    col: int = 0


def position(value, default: tuple[int, int] = (1, 1)) -> tuple[int, int]:
    return (getattr(value, "line", 0) or default[0], getattr(value, "col", 0) or default[1])


class _Positions:
    """Records where each value stands, and every key a mapping repeats (YAML keeps only the last)."""

    def __init__(self, stream):
        super().__init__(stream)
        self.text = stream
        self.duplicates: list[tuple[object, int, int, int]] = []  # key, line, col, first line

    def get_single_data(self):
        node = self.get_single_node()
        if node is None:
            return None
        self.vet(node)
        return self.construct_document(node)

    def vet(self, root) -> None:
        """Refuse, before any value is built, a document whose aliases cost too much (see _expansion)."""
        found = _expansion(root) if "*" in self.text else None  # no alias without one
        if found is None:
            return
        if found.recursive:
            self.recursive(found)
        found.mark = found.node.start_mark
        found.name = _anchor_at(self.text, found.mark)
        raise _Costly(found)

    def recursive(self, found) -> None:
        raise _Differs  # libyaml does not say where the alias stands: PyYAML reads it again to tell

    def construct_object(self, node, deep=False):
        # A value its tag cannot take ("!!int x", "!!bool ?") makes PyYAML's constructors raise plain
        # Python errors, which would reach the author as a traceback: make each a YAML error at the value.
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, IndexError, KeyError, AttributeError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"the value cannot be read as its tag {node.tag!r} says", node.start_mark) from exc


class _Loader(_Positions, yaml.SafeLoader):
    """PyYAML's pure-Python parser: its error messages are the ones a course author sees. It also
    notes where each alias stands, which its nodes do not keep, to report one inside its anchor."""

    def __init__(self, stream):
        super().__init__(stream)
        self.alias_marks: list[tuple[object, yaml.Mark]] = []  # (the node an alias names, where it stands)

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) and event.anchor in self.anchors:
            self.alias_marks.append((self.anchors[event.anchor], event.start_mark))
        return super().compose_node(parent, index)

    def recursive(self, found) -> None:
        found.mark = next((m for target, m in self.alias_marks if target is found.node), found.node.start_mark)
        found.name = _anchor_at(self.text, found.node.start_mark)
        raise _Costly(found)


def _mark(obj, node):
    obj.line = node.start_mark.line + 1
    obj.col = node.start_mark.column + 1
    return obj


def _construct_str(loader, node):
    value = _mark(LineStr(loader.construct_scalar(node)), node)
    value.quoted = node.style in ("'", '"')
    return value


def _construct_int(loader, node):
    return _mark(LineInt(yaml.SafeLoader.construct_yaml_int(loader, node)), node)


def _construct_map(loader, node):
    written = node.value
    loader.flatten_mapping(node)
    # Merge keys ('<<: *base') put the pairs they bring first, in a new list; the written ones follow.
    brought = len(node.value) - len(written) if node.value is not written else 0
    result = _mark(LineDict(), node)
    for key_node, value_node in node.value[:brought]:  # of two mappings merged, the first listed wins
        result[_key(loader, key_node)] = loader.construct_object(value_node, deep=True)
    merged = set(result)
    for key_node, value_node in node.value[brought:] if brought else node.value:
        key = _key(loader, key_node)
        if key in result:
            if key in merged:  # overrides what a merge key brought: YAML's merge, not a repetition
                merged.discard(key)
                del result[key]  # the written key, with its place, replaces the merged one
            else:
                first = result.key_position(key)[0]
                loader.duplicates.append((key, key_node.start_mark.line + 1, key_node.start_mark.column + 1, first))
        result[key] = loader.construct_object(value_node, deep=True)
    return result


def _key(loader, key_node):
    key = loader.construct_object(key_node, deep=True)
    try:
        hash(key)
    except TypeError:
        raise yaml.constructor.ConstructorError(None, None, "a list or mapping cannot be a key",
                                                key_node.start_mark) from None
    return key


def _construct_seq(loader, node):
    return _mark(LineList(loader.construct_object(n, deep=True) for n in node.value), node)


_CONSTRUCTORS = {
    "tag:yaml.org,2002:str": _construct_str,
    "tag:yaml.org,2002:int": _construct_int,
    "tag:yaml.org,2002:map": _construct_map,
    "tag:yaml.org,2002:seq": _construct_seq,
}
for _tag, _constructor in _CONSTRUCTORS.items():
    _Loader.add_constructor(_tag, _constructor)


# -- libyaml, where it reads a text as PyYAML does ----------------------------------------------------
#
# PyYAML's C parser (libyaml) gives the same nodes and marks several times faster; the constructors
# above are shared, so the values are the same. Where the two parsers part (found by comparing them
# on generated texts, tests/test_yamlpos.py), and on any error, PyYAML reads the text again.

_C_DEPTH = 2000  # nesting allowed to libyaml's composer, which recurses in C (about 250 bytes a level)
_BLOCK_HEADER_COMMENT = re.compile(r"[|>][-+0-9]*#")  # "|#": libyaml reads a comment, PyYAML an error
_TAG = re.compile(r"(?:\A|[\s\[{,:?])!")  # "[!!null,]": PyYAML keeps the comma in the tag, libyaml does not


class _Differs(Exception):
    """The text holds a construct libyaml reads differently from PyYAML."""


if yaml.__with_libyaml__:
    class _FastLoader(_Positions, yaml.CSafeLoader):
        """libyaml's parser, with the constructors above."""

        def __init__(self, stream):
            super().__init__(stream)
            self.question = "?" in stream  # what _fast_enough lets through can differ only at a '?'

        def vet(self, root) -> None:
            if self.question:
                _vet(root)
            super().vet(root)

    for _tag, _constructor in _CONSTRUCTORS.items():
        _FastLoader.add_constructor(_tag, _constructor)
else:
    _FastLoader = None


def _fast_enough(text: str) -> bool:
    """Whether libyaml may read ``text``: none of what the two parsers count or scan differently
    (a tab, a byte-order mark, a block scalar's header running into a comment, a tag), and a nesting
    depth libyaml's recursion survives: at most two levels a column of the longest line (a mapping
    and its unindented sequence) and two a bracket."""
    if "\t" in text or "\ufeff" in text or _BLOCK_HEADER_COMMENT.search(text) or _TAG.search(text):
        return False
    return _fast_enough_depth(text)


def _fast_enough_depth(text: str) -> bool:
    longest = max(map(len, text.split("\n")))
    return 2 * (longest + text.count("[") + text.count("{")) + 4 < _C_DEPTH


def may_be_costly(text: str) -> bool:
    """Whether ``text`` may hold aliases, or nest deeper than libyaml's recursion survives: PyYAML,
    used with no bound (MkDocs reads front matter so), may then take minutes or crash on it, where
    ``load`` refuses it at once."""
    return ("*" in text and "&" in text) or not _fast_enough_depth(text)


def _vet(root) -> None:
    """PyYAML ends a plain scalar at a '?' inside brackets, libyaml does not."""
    stack, seen = [(root, False)], set()
    while stack:
        node, in_flow = stack.pop()
        if id(node) in seen:  # an alias, or a recursive one
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if in_flow and not node.style and "?" in node.value:
                raise _Differs
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, node.flow_style) for child in node.value)
        else:
            stack.extend((child, node.flow_style) for pair in node.value for child in pair)


# -- Aliases, within a budget ---------------------------------------------------------------------
#
# An alias repeats what its anchor holds. The parser shares it (a few nodes), but every walk over
# the values (ours, MkDocs', the theme's printing them) pays for each repetition: nine aliases of nine
# aliases of … ("billion laughs") make a kilobyte a billion values, and ten thousand aliases of one
# long text make a megabyte ten gigabytes once printed. So a document, its aliases written out, may be
# at most ten times as long as it is written (counted in characters of its scalars, and one for each
# value), and 100,000 whatever its length: reusing a block of settings, a list of themes or a long
# text a few times stays free, and no walk costs more than ten readings of the file. An alias inside
# its own anchor would make a value that holds itself, which no walk ends: refused too.

EXPANSION_FACTOR = 10
EXPANSION_FLOOR = 100_000


@dataclass
class _Expansion:
    node: object  # the value to blame: the first too long once written out, or one holding itself
    recursive: bool = False
    size: int = 0  # its length, written out
    budget: int = 0
    name: str = ""  # its anchor's name, if it has one
    mark: object = None  # where to report it


class _Costly(yaml.YAMLError):
    def __init__(self, found: _Expansion):
        super().__init__("the document's aliases cost too much")
        self.found = found


def _costly_problem(found: _Expansion, path: str, first_line: int) -> Problem:
    line, col = found.mark.line + first_line, found.mark.column + 1
    if found.recursive:
        anchor_line = found.node.start_mark.line + first_line
        return Problem(path, line, col, f"the alias '*{found.name}' stands inside its own anchor '&{found.name}' "
                                        f"(line {anchor_line}): the value would hold itself",
                       "write the value out instead of the alias")
    what = f"'&{found.name}'" if found.name else "this value"
    return Problem(path, line, col, f"{what}, its aliases written out, would be {found.size:,} characters long, "
                                    f"over this file's limit of {found.budget:,}",
                   "repeat less, or write the values out: each alias copies everything its anchor holds")


def _children(node) -> list:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    return []


def _expansion(root) -> _Expansion | None:
    """What is wrong with a document that expands beyond its budget or holds itself, else None.
    One pass over the nodes as written, each counted once."""
    size: dict[int, int] = {}  # id(node) → its length, written out
    nodes: dict[int, object] = {}
    entered: set[int] = set()
    written = 0  # the document's length as written
    stack = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            written += _length(node)
            size[key] = _length(node) + sum(size[id(child)] for child in _children(node))
            continue
        if key in size:
            continue
        if key in entered:  # entered and not finished: an ancestor of itself
            return _Expansion(node, recursive=True)
        entered.add(key)
        nodes[key] = node
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node))
    budget = max(EXPANSION_FACTOR * written, EXPANSION_FLOOR)
    if size[id(root)] <= budget:
        return None
    # The innermost value over the budget (the anchor where nine aliases of nine … first add up), the
    # first in the text among equals; a value is as long as its text, so only aliases take it there.
    blamed = min((key for key in size if size[key] > budget),
                 key=lambda key: (size[key], nodes[key].start_mark.index))
    return _Expansion(nodes[blamed], size=size[blamed], budget=budget)


def _anchor_at(text: str, mark) -> str:
    """The name of the anchor written at ``mark`` ("&name"), or "" if the value there has none."""
    lines = text.split("\n")
    found = re.match(r"&([^\s,\[\]{}]+)", lines[mark.line][mark.column:]) if mark.line < len(lines) else None
    return found.group(1) if found else ""


def _length(node) -> int:
    """A node's own share of the document's length: its text, or one for a list or mapping."""
    return 1 + len(node.value) if isinstance(node, yaml.ScalarNode) else 1


def _read(loader_class, text: str) -> tuple[object, list]:
    loader = loader_class(text)
    try:
        return loader.get_single_data(), loader.duplicates
    finally:
        loader.dispose()


def _parse(text: str) -> tuple[object, list]:
    """(data, duplicate keys): from libyaml where it reads ``text`` as PyYAML does, else from PyYAML."""
    if _FastLoader is not None and _fast_enough(text):
        try:
            return _read(_FastLoader, text)
        except _Costly:
            raise  # the same in both: refused before any value is built
        except Exception:  # an error, or a construct read differently: PyYAML decides, in its own words
            pass
    return _read(_Loader, text)


def load(text: str, path: str, first_line: int = 1) -> tuple[object, list[Problem]]:
    """Parse ``text``; on a syntax error return (None, [problem at its line and column])."""
    try:
        data, duplicates = _parse(text)
    except _Costly as exc:
        return None, [_costly_problem(exc.found, path, first_line)]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = (mark.line + first_line) if mark else first_line
        col = (mark.column + 1) if mark else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [Problem(path, line, col, f"invalid YAML: {reason}", YAML_FIX)]
    except RecursionError:
        return None, [Problem(path, first_line, 1, "the YAML nests too deeply", "flatten the structure")]
    shift = first_line - 1
    problems = [
        Problem(path, line + shift, col, f"the key '{key}' appears twice (first on line {first + shift})",
                "keep one: YAML would silently keep only the last")
        for key, line, col, first in duplicates
    ]
    if first_line != 1:
        _shift(data, first_line - 1)
    return data, problems


def _shift(value, by: int) -> None:
    if hasattr(value, "line"):
        try:
            value.line += by
        except AttributeError:
            pass
    if isinstance(value, dict):
        for k, v in value.items():
            _shift(k, by)
            _shift(v, by)
    elif isinstance(value, list):
        for v in value:
            _shift(v, by)


def load_file(path, shown: str) -> tuple[object, list[Problem]]:
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        return None, [Problem(shown, 1, 1, "file not found", "create it, or fix the path that names it")]
    except OSError as exc:
        return None, [Problem(shown, 1, 1, f"cannot read the file ({exc.strerror})", "check its permissions")]
    text, problems = decode_utf8(raw, shown)
    if problems:
        return None, problems
    return load(text, shown)
