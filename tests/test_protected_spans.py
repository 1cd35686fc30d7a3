"""``protected_spans`` tries its regular expression only where a protected span can start; the spans
are exactly those of a scanner that tries every position (kept here as the oracle)."""

from __future__ import annotations

import random

from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursekit.cite.spans import _PROTECTED, _definitions_between, fenced_code, gaps, protected_spans

SETTINGS = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def oracle(text: str) -> list[tuple[int, int]]:
    """The scan without its shortcut: fenced code and reference definitions, then ``_PROTECTED`` at
    every position between them."""
    spans = fenced_code(text)
    spans += [(start, end) for start, end, label in _definitions_between(text, spans) if "@" not in label]
    spans.sort()
    for start, end in gaps(spans[:], len(text)):
        spans.extend(match.span() for match in _PROTECTED.finditer(text, start, end) if match.end() > match.start())
    spans.sort()
    return spans


# Pieces of what hides a citation (and of what nearly does), so that random text reaches every branch.
PIECES = ["a", "b ", " ", "\n", "\n\n", "`", "``", "```", "~~~", "````", "\n```\n", "\n~~~~\n", "> ```", "<", ">",
          "<!--", "-->", "<!-- x -->", "[", "]", "(", ")", "](", "](x.md)", "[a]: http://x", "\n[a]: <u>", "\n   [b]:",
          "\n    [c]: d", "[^1]: @k", "@", "@key", "[@key, p. 5]", "http://", "https://x.org/a", "www.", "WWW.x",
          "mailto:", "MAILTO:a@b", "maİlto:x", "x.y+z-w://q", "a.www.b://x", "_www.x", "<a@b.c>", "<http://x>",
          "doi:10.1/x", "@https://x", "$", "$$", "$x$", "\\index{a@b}", "\\x", "<span a='@'>", "</a>", "{", "}",
          "<www.x>", "é", "\u212a", "ſ", "ı", "_", ".", "-", "+", ":", "//", '"t"', ' "t")', "\t", "\\", "\\`", "😀",
          "\r\n"]
pieces_text = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@SETTINGS
@given(pieces_text | st.text(st.sampled_from(list("ab <>`~[]()!-:/.@w\n\t")), max_size=200) | st.text(max_size=100))
def test_the_spans_are_the_scanners(text):
    assert protected_spans(text) == oracle(text)


def test_many_long_random_texts():
    """Hypothesis shrinks towards short texts; long ones mix more of the pieces on a line."""
    rng = random.Random(7)
    for _ in range(5000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 120)))
        assert protected_spans(text) == oracle(text), text


def test_the_projects_pages():
    pages = [path.read_text(encoding="utf-8") for path in sorted(ROOT.glob("*.md")) + sorted(ROOT.glob("docs/**/*.md"))]
    assert pages
    for text in pages:
        assert protected_spans(text) == oracle(text)
