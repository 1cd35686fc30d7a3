"""pandoc's own Markdown reader is the oracle for what is a citation.

For every case below, and for Markdown that hypothesis writes from the fragments that trouble a
citation parser, the citations the engine finds (key, mode, prefix, suffix with its locator, in
reading order, citations inside citations and notes included) are the ``Cite`` elements of
``pandoc -t json``. Where the engine reads a page otherwise on purpose, the README says so, and
``DOCUMENTED`` below holds each such case, with pandoc's reading and ours.

pandoc runs once per batch of documents (``--file-scope``: each read on its own), never per case.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursekit.cite.parse import parse
from pandoc_citations import engine_citations, pandoc_citations

CASES = [
    # The forms of a citation
    "[@key]", "[@key, p. 5]", "[@key, 12]", "[see @a, pp. 3-4; @b]", "[-@key]", "[see -@key, 3]",
    "As @key argues.", "As @key [p. 5] argues.", "@key [p. 33; @other] says", "@key [@other] says",
    "@key [see @other, p. 4] says", "@key\n[p. 5] wraps", "-@key says", "(-@key)", "x(@key)",
    "[@a; @b; @c]", "[@a;@b]", "[@a ; @b]", "[ @a ]", "[\n@a\n]", "[@a p. 3]", "[@a,p. 3]",
    # keys: internal punctuation, no trailing punctuation, braces, wildcards
    "@a:b.c-d/e+f?g<h>i~j#k$l%m&n.", "@key.", "@key:", "@key's", "@key-", "@_under_score",
    "@{https://example.org/a?b=c}", "@{a{b}c}", "@{a}b", "@{braced key}", "@https://x.org", "@R-base",
    "[@R-base; @R-knitr]", "[@R-bookdown, chap. 2]", "@a:/b", "@a@b", "@keyme@example.org",
    # locators as citeproc will split them
    "[@a, pp. 33--35, emphasis added]", "[@a, chap. 2]", "[@a, sec. 3.1]", "[@a, para. 4]", "[@a, 5n2]",
    "[@a, xii]", "[@a, p. xii]", "[@a, {chap. 2 and passim}]", "[@a, pp. 3–4]", "[@a, [p. 3]]",
    "[@a, {p. 3}]", "[@a, vol. 2, p. 3]", "[@a, § 3]",
    # seen in real books: links, autolinks, bare URLs, code, \@ref() in a prefix or suffix
    "[@a, see [the data](https://example.org/@data) here]", "[@a, see <https://example.org/@y> here]",
    "[@a, see https://example.org/@y here]", "[@a, `code@x` here]", "[@a, Figure \\@ref(fig:map)]",
    "[see Figure \\@ref(fig:map) and @a]", "[@a, p. 3\\@x]", "[see `code` and @a]",
    "As shown in Figure \\@ref(fig:x) [@a].", "Table \\@ref(tab:y) and @a.",
    "[@a, for regression\\index{regression} tasks, see ?Task]", "Learning\\index{learning} [@a;@b]",
    # a citation followed by a colon, which is no reference definition
    "[@a]: text", "[see @a]: text", "[@a]: https://example.org", "Quoted [@brewer_designing_2015]:\n\n> text",
    # inline notes
    "Text^[see @a and [@b, p. 2]] more.", "^[@a]", "^[[@a]]", "[@a]^[note @b]", "@a^[note @b]",
    "Models.^[Broader discussions can be found in @breiman2001 and @shmueli2010.]",
    "x^[note](y)", "x^[a note\nover two lines @a]",
    # narrative citations inside a bracketed citation's prefix or suffix
    "[for example @zuur_mixed_2009 and @james_introduction_2013]", "[see @a and @b]",
    "[see @a, and also @b, p. 3]", "[@a, see @b [p. 3]]", "[@a, [@b]]", "[see (@a) @b]",
    "[see [the] @nested, 4]", "[text [@a] more](https://x.org)",
    # links, spans, images and reference links around citations
    "[@a](https://x.org)", "[see @a](https://x.org)", "[@a][ref]", "[@a][ref]\n\n[ref]: https://x.org",
    "[@a][^1]\n\n[^1]: A note.", "[@a]{.cls}", "![see @a](fig.png)", "![alt](fig.png) @b", "![@a]",
    "<a href=\"https://x.org\">see @a</a>", "[x][@a]", "[@b][@a]",
    # never a citation: code, math, URLs, e-mail addresses, link targets, \@, HTML
    "`[@code]` and ``@code``", "```\n[@fenced]\n```", "~~~md\n@fenced\n~~~", "```{r}\n@chunk\n```",
    "write to me@example.org", "first_last@example.org", "<me@example.org>", "don't@a", "a-@a", "x;@a",
    "see https://example.org/@user/status", "see <https://example.org/@user>", "www.x.org/@a",
    "doi:10.1000/@a", "(https://x.org/@a)", "https://x.org/@a.", "[a link](https://example.org/@user)",
    "[x](<url with @a>)", "[x](url \"title @a\")", "[ref]: https://example.org/@x",
    "[ref]: https://example.org/@x\n\nThen [@a].", "[x]: http://y \"title @a\"", "[@a; x]: http://u/@b",
    "Text[^1].\n\n[^1]: A footnote citing [@a].", "an escaped \\@key", "\\[@a\\]", "\\[@a]", "[@a\\]", "<!-- @commented -->",
    "<span title=\"@a\">x</span>", "$x@y$", "$x [@a]$", "$5 and [@a] and $6", "[@a, $[0,1]$]",
    "\\index{x@y} and @b", "\\textbf{see @a}", "a.@a", "x..@b", "...@b", "*a*@b", "**@b**", "`c`@b",
    "&amp;@b", "é@b", "1@b", "a,@a", "\"@a\"",
    # brackets that are text, and what pandoc makes of them
    "[@a; not a key]", "[@a; ]", "[; @a]", "[@a;@b;]", "[@a\n\nmore]", "[@key, p. 5 and then more.\n\nNext.",
    # example lists
    "(@a) item\n\n@a", "(@) item", "@smith2020. starts a paragraph", "text\n@b) x",
    # blocks: headings, lists, tables, quotes, definitions
    "# Heading [@a]\n\nText.", "Heading @a\n=========", "- item [@a]\n- item @b [p. 3]",
    "1. one [@a]\n2. two", "| a | b |\n|---|---|\n| [@a] | @b |", "> quoted [@a]\n> @b says",
    "text\n[a]: http://x/@y @b", "[a\nb]: url @c\n\n@d", "[]: @b", "Term\n:   Definition [@a]",
    "Text[^n] and more.\n\n[^n]: The note [@b].",
]

# Cases where the engine reads otherwise on purpose (README, "Where the engine differs from
# pandoc"): (Markdown, pandoc's keys, the engine's keys).
DOCUMENTED = [
    # A key typed with combining marks (NFD) is one key, compared in NFC; pandoc stops at the mark.
    ("@mu\u0308ller says", ["mu"], ["m\u00fcller"]),
    # "]" right before "@": pandoc may read "[x]@b]" as a citation whose prefix is "x".
    ("a [x]@b] c", ["b"], ["b"]),
    # an emphasis that holds a citation inside a bracketed citation's prefix
    ("[*see @a* @b]", ["b", "a"], ["a", "b"]),
]


@pytest.fixture(scope="module")
def oracle():
    documents = CASES + [markdown for markdown, _, _ in DOCUMENTED]
    return dict(zip(documents, pandoc_citations(documents)))


@pytest.mark.parametrize("markdown", CASES)
def test_the_engine_reads_citations_as_pandoc_does(oracle, markdown):
    assert engine_citations(markdown) == oracle[markdown]


@pytest.mark.parametrize("markdown, pandoc_keys, engine_keys", DOCUMENTED, ids=[d[0] for d in DOCUMENTED])
def test_each_documented_difference_is_as_documented(oracle, markdown, pandoc_keys, engine_keys):
    assert [c.key for c in oracle[markdown]] == pandoc_keys
    assert [c.key for c in engine_citations(markdown)] == engine_keys


def test_a_key_in_either_unicode_form_is_the_same_key():
    nfd, nfc = "@mu\u0308ller", "@m\u00fcller"
    assert [c.key for c in engine_citations(nfd)] == [c.key for c in engine_citations(nfc)] == [
        unicodedata.normalize("NFC", "müller")]


# -- Generated Markdown -------------------------------------------------------------------------------

# What troubles a citation parser: brackets, "@", backslashes, backticks, URLs, notes, "]:", "(".
FRAGMENTS = ["[", "]", "@a", "@b", "-@c", "@", "\\@", "\\[", "\\]", "`", "``", "\n", "\n\n",
             "https://x.org/@u", "<https://x.org/@v>", "^[", "]:", "(", ")", ";", ",", ", p. 3", "see", "x",
             "me@x.org", "!", "{.c}", "[@a]", "[see @b, p. 4]", "@a [p. 5]", "[@a; -@b]", "[link](http://y.org/@z)",
             "\\@ref(fig:x)", "e.g."]
# Fragments are joined by a separator, never by nothing between a "]" and an "@" (README: "[x]@b]").
SEPARATORS = [" ", " ", " ", "", "\n", ", "]


@st.composite
def documents(draw):
    parts = draw(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=12))
    text = parts[0]
    for part in parts[1:]:
        separator = draw(st.sampled_from(SEPARATORS))
        if not separator and (text.endswith("]") or part.startswith(("@", "-@"))):
            separator = " "
        text += separator + part
    return text


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(documents(), min_size=1, max_size=80))
def test_generated_markdown_reads_as_pandoc_reads_it(batch):
    """Each example is a batch of documents, so that pandoc runs once per example."""
    for markdown, expected in zip(batch, pandoc_citations(batch)):
        assert engine_citations(markdown) == expected, markdown


def test_no_generated_document_makes_the_parser_fail():
    """The parse never raises and its offsets point at each key (cheap: no pandoc)."""
    import random

    rng = random.Random(11)
    for _ in range(3000):
        text = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(0, 20)))
        parsed = parse(text)
        for citation in parsed.citations:
            for item in citation.items:
                assert text[item.offset] == "@", text
