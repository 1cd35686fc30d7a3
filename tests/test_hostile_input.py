"""Hostile input: what a careless or malicious pull request can put in the course's files.

A YAML bomb is refused at its place, timed and its peak memory measured.
"""

from __future__ import annotations

import time
import tracemalloc

import pytest


# -- YAML bombs: refused at once, at their place ---------------------------------------------------

def laughs(indent: str = "", levels: int = 9) -> str:
    """Nine aliases of nine aliases of …: about 900 characters that expand to 9**levels values."""
    lines = [f'{indent}l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        lines.append(f"{indent}l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    return "".join(line + "\n" for line in lines)


def merges(levels: int = 9) -> str:
    """The same through merge keys: each mapping merges nine copies of the one before."""
    lines = ["m0: &m0 {a: 1, b: 2, c: 3}"]
    for level in range(1, levels):
        lines.append(f"m{level}: &m{level} {{<<: [" + ", ".join([f"*m{level - 1}"] * 9) + f"], k{level}: v}}")
    return "".join(line + "\n" for line in lines)


# 10,000 characters, on lines short enough for libyaml, copied by 2,000 aliases
LONG_TEXT = ("long: &t |-\n" + "".join("  " + "x" * 99 + "\n" for _ in range(100)) + "many:\n"
             + "  - *t\n" * 2_000)
BOMB_FIX = "repeat less, or write the values out: each alias copies everything its anchor holds"
LIMIT = 100_000  # a document of up to 10,000 characters may expand to 100,000, a longer one to ten times itself


def first_over_limit(first: int, step) -> tuple[int, int]:
    """(level, length) of the first level whose value, aliases written out, is longer than LIMIT:
    as the budget counts, a scalar is its characters and one more, a list or mapping one more."""
    level, length = 0, first
    while length <= LIMIT:
        level, length = level + 1, step(length)
    return level, length


LAUGH = first_over_limit(1 + 9 * (1 + len("lol")), lambda below: 1 + 9 * below)  # l: [*l, *l, … nine times]


def _merge_bomb() -> tuple[int, int]:
    mapping, level = 1 + 3 * (2 + 2), 0  # m0: {a: 1, b: 2, c: 3}
    while True:
        level += 1
        copies = 1 + 9 * mapping  # [*m, … nine times]: over the limit before the mapping that holds it
        if copies > LIMIT:
            return level, copies
        mapping = 1 + (1 + 2) + copies + (1 + 2) + (1 + 1)  # {<<: [copies], kN: v}


MERGE = _merge_bomb()
LONG = 100 * 100 - 1  # the block scalar's text: 100 lines of 99 characters and their line breaks, the last dropped
LONG_WRITTEN = 1 + (1 + len("long")) + (1 + LONG) + (1 + len("many")) + 1  # aliases are not written out


def bomb_message(path: str, line: int, col: int, anchor: str, length: int, limit: int = LIMIT) -> str:
    what = f"'&{anchor}'" if anchor else "this value"
    return (f"{path}:{line}:{col}: {what}, its aliases written out, would be {length:,} characters long, "
            f"over this file's limit of {limit:,} — {BOMB_FIX}")


@pytest.mark.parametrize("text, message", [
    (laughs(), bomb_message("f.yml", LAUGH[0] + 1, 5, f"l{LAUGH[0]}", LAUGH[1])),
    # The list of merged copies is over the limit before the mapping that holds it.
    (merges(), bomb_message("f.yml", MERGE[0] + 1, 14, "", MERGE[1])),  # m0 on line 1
    (LONG_TEXT, bomb_message("f.yml", 103, 3, "", 1 + 2_000 * (1 + LONG), 10 * LONG_WRITTEN)),
    ("a: &a [x, *a]\n", "f.yml:1:11: the alias '*a' stands inside its own anchor '&a' (line 1): the value would "
                        "hold itself — write the value out instead of the alias"),
], ids=["nested-lists", "merge-keys", "one-long-text-many-times", "alias-inside-its-anchor"])
def test_a_yaml_bomb_is_refused_at_its_place_in_milliseconds_and_kilobytes(text, message):
    from coursekit import yamlpos

    tracemalloc.start()
    started = time.perf_counter()
    data, problems = yamlpos.load(text, "f.yml")
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert data is None and [str(problem) for problem in problems] == [message]
    assert elapsed < 0.25, f"{elapsed:.2f} s"
    assert peak < 4 * 2**20, f"{peak / 2**20:.1f} MiB"  # the text is 20 kB at most


def test_anchors_and_aliases_within_the_budget_still_work():
    from coursekit import yamlpos

    text = ("defaults: &defaults {status: required, minutes: 10}\nterms: &terms [r2p, p5, sovereignty]\n"
            "themes:\n" + "".join(f"  - {{id: t{i}, <<: *defaults, terms: *terms}}\n" for i in range(30))
            + "override: {<<: *defaults, minutes: 20}\n" + laughs(levels=4))
    data, problems = yamlpos.load(text, "f.yml")
    assert problems == []
    assert data["themes"][29] == {"id": "t29", "status": "required", "minutes": 10,
                                  "terms": ["r2p", "p5", "sovereignty"]}
    # A merged key the mapping overrides is YAML's merge, not a key written twice.
    assert data["override"] == {"status": "required", "minutes": 20}
    assert len(data["l3"]) == 9 and data["l3"][8][8][8] == ["lol"] * 9
