"""What the parser gives beyond pandoc's reading (``test_pandoc_oracle.py`` holds that): where each
key stands, where a citation stands (a link's text, an image's description), the inline notes, and
how a notes map's citation list reads."""

import pytest

from coursekit.cite.parse import every_citation, parse, parse_items


def test_offsets_point_at_each_key_inner_ones_too():
    text = "Intro\n\nFoo [see @alpha, 3; @beta] and @gamma [see @delta and @epsilon].\n\n-@zeta."
    citations = every_citation(parse(text).citations)
    items = [item for c in citations for item in c.items]
    assert [text[i.offset + 1: i.offset + 1 + len(i.key)] for i in items] == [i.key for i in items]
    assert all(text[i.offset] == "@" for i in items)
    assert sorted(i.key for i in items) == ["alpha", "beta", "delta", "epsilon", "gamma", "zeta"]


@pytest.mark.parametrize("text, context", [
    ("[see @a](https://x.org)", "link"),
    ("[see [@a, p. 3] here](https://x.org)", "link"),
    ("[see @a][ref]\n\n[ref]: https://x.org", "link"),
    ('<a href="https://x.org">see @a</a>', "link"),
    ("![see @a](fig.png)", "image"),
    ("[see @a][undefined]", ""),
    ("See @a.", ""),
])
def test_where_a_citation_stands(text, context):
    citations = every_citation(parse(text).citations)
    assert [c.context for c in citations] == [context]


def test_inline_notes_are_found_outside_citations_only():
    text = "One^[a note @a] two^[plain] three [@b, see^[not a note here]] ^[[@c]]"
    notes = parse(text).notes
    assert [text[s:e] for s, e in notes] == ["^[a note @a]", "^[plain]", "^[[@c]]"]


def test_a_notes_map_list_reads_as_a_citation_without_brackets():
    text = "@a, p. 5; see @b, chap. 2"
    items = parse_items(text, 10)
    assert [(i.key, i.prefix, i.label, i.locator) for i in items] == [("a", "", "page", "5"),
                                                                     ("b", "see", "chapter", "2")]
    assert [i.offset - 10 for i in items] == [text.index("@a"), text.index("@b")]
    assert parse_items("@a; not a key") is None


@pytest.mark.parametrize("text, message", [
    ("See [@a, p. 5 and then more.\n\nNext.", "this '[' opens a citation that is never closed"),
    ("See [@a; ].", "empty item in a citation"),
])
def test_slips_that_pandoc_reads_as_text_are_warned_about(text, message):
    parsed = parse(text)
    assert [(m.message, m.severity, text[m.offset]) for m in parsed.malformed] == [(message, "warning", text[m.offset])
                                                                                  for m in parsed.malformed]
    assert len(parsed.malformed) == 1 and parsed.malformed[0].message == message
    assert [i.key for c in parsed.citations for i in c.items] == ["a"]  # pandoc's narrative citation


def test_keys_compare_in_nfc_whichever_form_each_side_is_in():
    import unicodedata

    from coursekit.cite.page import Keys

    nfc, nfd = "m\u00fcller2019", unicodedata.normalize("NFD", "m\u00fcller2019")
    assert Keys({nfd: None})(nfc) == nfd  # the entry's own key, as the bibliography writes it
    assert Keys({nfc: None})(nfc) == nfc
    assert Keys({nfc: None})("muller2019") is None
    assert [i.key for c in parse(f"[@{nfd}]").citations for i in c.items] == [nfc]


def test_a_notes_map_list_may_keep_its_brackets():
    text = "[@a, p. 5; @b]"
    items = parse_items(text)
    assert [(i.key, i.locator, text[i.offset]) for i in items] == [("a", "5", "@"), ("b", "", "@")]


def _fields(parsed):
    return [(c.start, c.end, c.mode, c.context,
             [(i.key, i.offset, i.prefix, i.suffix, i.label, i.locator, i.written_locator, i.suppress_author,
               len(i.inner)) for i in c.items]) for c in every_citation(parsed.citations)], parsed.notes


def test_the_fast_path_reads_as_the_full_grammar(monkeypatch):
    """Most citations are read at once ("[see @a, p. 5; @b]"); the full grammar must agree."""
    import random

    from coursekit.cite import parse as module

    rng = random.Random(5)
    pieces = ["[@a]", "[@b, p. 5]", "[see @c, pp. 3-4; @d]", "[-@e, 12]", "[@f; see also @g, chap. 2, n. 4]",
              "[@R_base]", "[cf. @h (2001), 3]", "[@i,p. 3]", "[@j ; @k]", "[ @l ]", "@m", "@n [p. 2]",
              "me@x.org", "[@o](https://x.org)", "![@p](x.png)", "^[@q]", "[@r]:", "[x@s]", "[@t; ]",
              "text", "more text", ",", ".", "\n", "\n\n", "[@u, \"quoted\"]", "[@v, *emph*]", "[@w, 3!]"]
    texts = ["".join(rng.choice(pieces) + rng.choice(["", " ", " "]) for _ in range(rng.randint(1, 15)))
             for _ in range(3000)]
    fast = [_fields(parse(text)) for text in texts]
    monkeypatch.setattr(module._Scanner, "_simple", lambda self, *args: None)
    assert [_fields(parse(text)) for text in texts] == fast
