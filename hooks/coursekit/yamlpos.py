"""YAML that remembers where each value stands, so a problem can name its line and column."""

from __future__ import annotations

import re
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
        self.duplicates: list[tuple[object, int, int, int]] = []  # key, line, col, first line

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
    """PyYAML's pure-Python parser: its error messages are the ones a course author sees."""


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
    loader.flatten_mapping(node)
    result = _mark(LineDict(), node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(None, None, "a list or mapping cannot be a key",
                                                    key_node.start_mark) from None
        if key in result:
            first = result.key_position(key)[0]
            loader.duplicates.append((key, key_node.start_mark.line + 1, key_node.start_mark.column + 1, first))
        result[key] = loader.construct_object(value_node, deep=True)
    return result


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
            self.vet = "?" in stream  # what _fast_enough lets through can differ only at a '?'

        def get_single_data(self):
            node = self.get_single_node()
            if node is None:
                return None
            if self.vet:
                _vet(node)
            return self.construct_document(node)

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
    longest = max(map(len, text.split("\n")))
    return 2 * (longest + text.count("[") + text.count("{")) + 4 < _C_DEPTH


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
        except Exception:  # an error, or a construct read differently: PyYAML decides, in its own words
            pass
    return _read(_Loader, text)


def load(text: str, path: str, first_line: int = 1) -> tuple[object, list[Problem]]:
    """Parse ``text``; on a syntax error return (None, [problem at its line and column])."""
    try:
        data, duplicates = _parse(text)
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
