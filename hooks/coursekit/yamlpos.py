"""YAML that remembers where each value stands, so a problem can name its line and column."""

from __future__ import annotations

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


class _Loader(yaml.SafeLoader):
    """Records where each value stands, and every key a mapping repeats (YAML keeps only the last)."""

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[tuple[object, int, int, int]] = []  # key, line, col, first line


def _mark(obj, node):
    obj.line = node.start_mark.line + 1
    obj.col = node.start_mark.column + 1
    return obj


def _scalar(loader, node):
    value = loader.construct_scalar(node)
    if node.tag == "tag:yaml.org,2002:int":
        return _mark(LineInt(yaml.SafeLoader.construct_yaml_int(loader, node)), node)
    return value


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
        if key in result:
            first = result.key_position(key)[0]
            loader.duplicates.append((key, key_node.start_mark.line + 1, key_node.start_mark.column + 1, first))
        result[key] = loader.construct_object(value_node, deep=True)
    return result


def _construct_seq(loader, node):
    return _mark(LineList(loader.construct_object(n, deep=True) for n in node.value), node)


_Loader.add_constructor("tag:yaml.org,2002:str", _construct_str)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def load(text: str, path: str, first_line: int = 1) -> tuple[object, list[Problem]]:
    """Parse ``text``; on a syntax error return (None, [problem at its line and column])."""
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = (mark.line + first_line) if mark else first_line
        col = (mark.column + 1) if mark else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [Problem(path, line, col, f"invalid YAML: {reason}", YAML_FIX)]
    except RecursionError:
        return None, [Problem(path, first_line, 1, "the YAML nests too deeply", "flatten the structure")]
    finally:
        loader.dispose()
    shift = first_line - 1
    problems = [
        Problem(path, line + shift, col, f"the key '{key}' appears twice (first on line {first + shift})",
                "keep one: YAML would silently keep only the last")
        for key, line, col, first in loader.duplicates
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
