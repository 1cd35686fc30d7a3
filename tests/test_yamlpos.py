"""The position-keeping YAML loader: libyaml (PyYAML's C parser) where it reads a text as PyYAML's
pure-Python parser does, that parser otherwise. Both give the same values, the same line and column
for each, and the same problems."""

from __future__ import annotations

import random

import pytest
import yaml
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursekit import yamlpos

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
needs_libyaml = pytest.mark.skipif(yamlpos._FastLoader is None, reason="PyYAML without libyaml")

REAL_FILES = sorted([*ROOT.glob("course/*.yml"), *ROOT.glob("bibliography/notes/*.yml")])
DOCUMENTS = [
    "source: footChinaInternationalHuman\ncount: 3\nnotes:\n  1: \"@a, p. 5\"\n  2: {none: \"See footnote 1\"}\n"
    "  3: '@b; @c, pp. 3-4'\n",
    "- id: r2p\n  term: R2P\n  definition: >-\n    folded\n    text [@a, p. 1]\n  themes: [r2p, status]\n",
    "themes:\n  - id: a\n    read:\n    - chapters/x.md#y optional\nsessions:\n- title: \"S: 1\"\n  read: [guide:a]\n",
    "base: &b {x: 1, y: [1, 2]}\nmerged:\n  <<: *b\n  z: |\n    literal\n     text\n",
    "a: 1\nb: 2\na: 3\n",  # a repeated key
    "title: China: a view\n",  # invalid: PyYAML's message, at its line and column
    "notes:\n  1: @key\n",
    "[a, {b: c?}, d]\n",  # a '?' in a plain scalar inside brackets: the parsers differ, PyYAML decides
    "a:\tb\n",  # a tab: PyYAML decides
    "k: |#c\n  x\n",  # a block scalar's header running into a comment: PyYAML decides
    "x: [!!null, a]\n",  # a tag: PyYAML decides
    "\ufeffa: 1\n",
    "é😀: \"\\u00e9\"\nlong: " + "word " * 300 + "\n",
    "",
    "---\n...\n",
]

# What the YAML scanners care about, so that random text reaches their corners.
TOKENS = ["a", "b", "1", "-1", "0x1", "1.5", "true", "null", "~", ": ", ":", "- ", "-", "? ", "?", "\n", "\n  ",
          "\n    ", "  ", " ", "\t", "#c", " #c", "[", "]", "{", "}", ", ", ",", "'", '"', "'x'", '"y"', '"\\n"',
          '"\\u00e9"', '"\\ud800"', "\\", "|", ">", "|-\n  t\n", ">-\n  t u\n", "&a ", "*a", "!!str ", "!x ", "!",
          "@", "`", "%", "%YAML 1.1\n", "---", "---\n", "...", "\r", "\r\n", "é", "\u2028", "\x85", "\ufeff",
          "\x01", "😀", "<<: ", "'it''s'", "k: v\n", "\n- ", "x: [a, b]\n", "{none: y}", "[a: b]", '"@k, p. 5"',
          "x" * 1030]
token_text = st.lists(st.sampled_from(TOKENS), max_size=16).map("".join)
SCALARS = ["a", "b c", "x?y", "a: b", "#no", "@key, p. 5", "it's", 'say "hi"', "é😀", "1", "", " lead", "multi\nline",
           "[x]", "{y}", "- z", "? q", "!t", "*a", "|", "tab\there", 7, -2, 1.5, True, None]


@st.composite
def dumped(draw):
    """YAML as PyYAML writes it, in its flow, block and quoted styles, sometimes with a token slipped in."""
    leaves = st.sampled_from(SCALARS)
    data = draw(st.recursive(leaves, lambda inner: st.lists(inner, max_size=4)
                             | st.dictionaries(st.sampled_from([s for s in SCALARS if s is not None]), inner,
                                               max_size=4), max_leaves=12))
    text = yaml.dump(data, default_flow_style=draw(st.sampled_from([True, False, None])),
                     width=draw(st.sampled_from([20, 80, 1000])), allow_unicode=draw(st.booleans()),
                     default_style=draw(st.sampled_from([None, "'", '"'])))
    at = draw(st.integers(0, len(text)))
    return text[:at] + draw(st.sampled_from(["", "", "?", " ?", "[", "\n- ", ": ", "\t"])) + text[at:]


def with_positions(value):
    """A loaded value with the line and column (and quoting) of every part of it."""
    where = (type(value).__name__, getattr(value, "line", None), getattr(value, "col", None),
             getattr(value, "quoted", None))
    if isinstance(value, dict):
        return where, [(with_positions(k), with_positions(v)) for k, v in value.items()]
    if isinstance(value, list):
        return where, [with_positions(v) for v in value]
    return where, value


def load_both(text: str, monkeypatch, first_line: int = 1):
    """(what load gives, what PyYAML alone gives), each with every position."""
    loaded = outcome(text, first_line)
    with monkeypatch.context() as patch:
        patch.setattr(yamlpos, "_FastLoader", None)
        pure = outcome(text, first_line)
    return loaded, pure


def outcome(text: str, first_line: int):
    try:
        return [with_positions(part) for part in yamlpos.load(text, "p.yml", first_line)]
    except Exception as exc:  # load should never raise; if it does, both parsers must raise alike
        return repr(exc)


@needs_libyaml
@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_the_course_files_are_read_by_libyaml_with_the_same_values_and_positions(path, monkeypatch):
    text = path.read_text(encoding="utf-8")
    assert yamlpos._fast_enough(text)
    yamlpos._read(yamlpos._FastLoader, text)  # libyaml reads them without falling back
    loaded, pure = load_both(text, monkeypatch)
    assert loaded == pure


@needs_libyaml
@pytest.mark.parametrize("text", DOCUMENTS)
def test_both_parsers_give_the_same_values_positions_and_problems(text, monkeypatch):
    for first_line in (1, 2):  # front matter starts on line 2
        loaded, pure = load_both(text, monkeypatch, first_line)
        assert loaded == pure


@needs_libyaml
@SETTINGS
@given(token_text | dumped())
def test_any_text_loads_as_pyyaml_alone_loads_it(text):
    with pytest.MonkeyPatch.context() as monkeypatch:
        loaded, pure = load_both(text, monkeypatch)
    assert loaded == pure


@needs_libyaml
def test_many_random_texts_load_as_pyyaml_alone_loads_them(monkeypatch):
    """Hypothesis shrinks towards short texts; long random ones reach other corners."""
    rng = random.Random(20240601)
    for _ in range(3000):
        text = "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 24)))
        loaded, pure = load_both(text, monkeypatch)
        assert loaded == pure, text


@pytest.mark.parametrize("text", ["[" * 100_000, "- " * 40_000 + "a", "{a: " * 50_000,
                                  "a:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 990))])
def test_deep_nesting_is_a_problem_not_a_crash(text):
    """libyaml's composer recurses in C, where too deep a document would end the process."""
    data, problems = yamlpos.load(text, "p.yml")
    assert data is None
    assert [p.message for p in problems] == ["the YAML nests too deeply"]
