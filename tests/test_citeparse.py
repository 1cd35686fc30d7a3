"""The citation parser, table-driven: what is a citation, and what is not."""

import pytest

from coursekit.cite.parse import find_citations, parse_locator


def parsed(text):
    return [
        (c.mode, [(i.key, i.prefix, i.label, i.locator, i.suffix, i.suppress_author) for i in c.items])
        for c in find_citations(text)
    ]


CASES = [
    ("[@foot2017]", [("bracket", [("foot2017", "", "", "", "", False)])]),
    ("[@foot2017, p. 12]", [("bracket", [("foot2017", "", "page", "12", "", False)])]),
    ("[@foot2017, 12]", [("bracket", [("foot2017", "", "page", "12", "", False)])]),
    ("[see @a, pp. 3-4; @b]",
     [("bracket", [("a", "see", "page", "3-4", "", False), ("b", "", "", "", "", False)])]),
    ("[@a, sec. 3]", [("bracket", [("a", "", "section", "3", "", False)])]),
    ("[@a, para. 2]", [("bracket", [("a", "", "paragraph", "2", "", False)])]),
    ("[@a, chap. 4, emphasis added]", [("bracket", [("a", "", "chapter", "4", ", emphasis added", False)])]),
    ("[-@foot2017]", [("bracket", [("foot2017", "", "", "", "", True)])]),
    ("As @foot2017 argues", [("narrative", [("foot2017", "", "", "", "", False)])]),
    ("As @foot2017 [p. 5] argues", [("narrative", [("foot2017", "", "page", "5", "", False)])]),
    ("@foot2017.", [("narrative", [("foot2017", "", "", "", "", False)])]),
    ("[see [the] @nested, 4]", [("bracket", [("nested", "see [the]", "page", "4", "", False)])]),
    # Pandoc's key rules: internal punctuation allowed, trailing punctuation not.
    ("@a:b.c-d/e+f?g<h>i~j#k$l%m&n.", [("narrative", [("a:b.c-d/e+f?g<h>i~j#k$l%m&n", "", "", "", "", False)])]),
    ("@_under_score", [("narrative", [("_under_score", "", "", "", "", False)])]),
    ("@{braced key}", [("narrative", [("braced key", "", "", "", "", False)])]),
    # Never a citation.
    ("`[@code]` and ``@code``", []),
    ("```\n[@fenced]\n```", []),
    ("~~~md\n@fenced\n~~~", []),
    ("write to me@example.org", []),
    ("<me@example.org>", []),
    ("see https://example.org/@user/status", []),
    ("see <https://example.org/@user>", []),
    ("[a link](https://example.org/@user)", []),
    ("[@looks-like](https://example.org)", []),
    ("[ref]: https://example.org/@x", []),
    ("[ref]: https://example.org/@x\n\nThen [@a].", [("bracket", [("a", "", "", "", "", False)])]),
    ("[^1]: A footnote citing [@a].", [("bracket", [("a", "", "", "", "", False)])]),
    ("an escaped \\@key", []),
    ("<!-- @commented -->", []),
    ("[@a; not a key]", [("narrative", [("a", "", "", "", "", False)])]),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0] for c in CASES])
def test_parser(text, expected):
    assert parsed(text) == expected


def test_offsets_point_at_the_at_sign():
    text = "Intro\n\nFoo [see @alpha, 3; @beta] and @gamma."
    offsets = [i.offset for c in find_citations(text) for i in c.items]
    assert [text[o] for o in offsets] == ["@", "@", "@"]
    assert [text[o + 1: o + 6] for o in offsets] == ["alpha", "beta]"[:5], "gamma"]


LOCATORS = [
    (", p. 33", ("page", "33", "")),
    (", pp. 33-35", ("page", "33-35", "")),
    (", 33, emphasis added", ("page", "33", ", emphasis added")),
    (", sec. 2.3", ("section", "2.3", "")),
    (", §3", ("section", "3", "")),
    (", n. 4", ("note", "4", "")),
    (", {chapter 3 and passim}", ("chapter", "3 and passim", "")),
    (" and elsewhere", ("", "", " and elsewhere")),
    (", emphasis added", ("", "", ", emphasis added")),
]


@pytest.mark.parametrize("suffix, expected", LOCATORS, ids=[s for s, _ in LOCATORS])
def test_locator(suffix, expected):
    assert parse_locator(suffix) == expected
