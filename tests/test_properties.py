"""Property-based tests (hypothesis) of the citation parser, BibTeX loading and front matter.

No input makes them raise; every problem they report has a real place; what is rendered as a
citation parses back with every key, in order, with its locator.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from coursekit.bib import bibtex, latex, names

from coursekit.course import frontmatter
from coursekit.cite.page import render_page
from coursekit.cite.parse import KEY, parse
from coursekit.diagnostics import Problem
from coursekit.style.formatted import Style

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text rich in what the parsers care about, so that random input reaches their corners.
MARKDOWN_ALPHABET = st.sampled_from(list("ab cdeZ09_-@[]{};:,.!?`~<>()\\/\"'#*\n\t\u00e9\u2013"))
BIBTEX_ALPHABET = st.sampled_from(list("@{}()\",=#% \n\tabkeyAuthorTitle09_-\\'~$&.:;/\u00e9"))
markdown_text = st.text(MARKDOWN_ALPHABET, max_size=300) | st.text(max_size=200)
bibtex_text = st.text(BIBTEX_ALPHABET, max_size=400) | st.text(max_size=200)

keys = st.from_regex(r"\A[a-z][A-Za-z0-9]{0,12}(?:[:.\-/][A-Za-z0-9]{1,5})?[0-9]{0,4}\Z").filter(
    lambda k: re.fullmatch(KEY, k) is not None)
LOCATOR_LABELS = {"p.": "page", "pp.": "page", "chap.": "chapter", "sec.": "section", "para.": "paragraph",
                  "n.": "note", "vol.": "volume", "": "page"}


def assert_real_places(problems: list[Problem], text: str) -> None:
    lines = text.count("\n") + 1
    for problem in problems:
        assert 1 <= problem.line <= lines + 1, problem
        assert problem.col >= 1, problem
        assert problem.message and problem.fix, problem


# -- The citation parser ----------------------------------------------------------------------------


@SETTINGS
@given(markdown_text)
def test_the_citation_parser_never_raises_and_points_at_each_key(text):
    parsed = parse(text)
    previous_end = 0
    for citation in parsed.citations:
        assert previous_end <= citation.start < citation.end <= len(text)
        previous_end = citation.end
        for item in citation.items:
            assert text[item.offset] == "@"
            written = unicodedata.normalize("NFC", text[item.offset + 1:])  # a key is compared in NFC
            assert written.startswith(item.key) or written.startswith("{" + item.key)
    for bad in parsed.malformed:
        assert 0 <= bad.offset < len(text)


@SETTINGS
@given(markdown_text)
def test_rendering_a_page_never_raises(text):
    bib = bibtex.parse_text("@book{known,\n  author = {A, B},\n  title = {T},\n  year = {2001}\n}\n", "r.bib")
    rendered = render_page(text, Style(bib), lambda key: "#" + key, "docs/page.md", 1)
    assert_real_places(rendered.problems, text)


@st.composite
def citations(draw):
    """A bracketed citation as an author writes it, and what it must parse to."""
    items = []
    for _ in range(draw(st.integers(1, 4))):
        key = draw(keys)
        prefix = draw(st.sampled_from(["", "see", "e.g.", "cf. also"]))
        label = draw(st.sampled_from(sorted(LOCATOR_LABELS)))
        number = draw(st.one_of(st.none(), st.integers(1, 999).map(str),
                                st.tuples(st.integers(1, 99), st.integers(100, 999)).map(lambda t: f"{t[0]}-{t[1]}")))
        suppress = draw(st.booleans())
        items.append((prefix, key, label, number, suppress))
    written = "; ".join(
        " ".join(p for p in [prefix, ("-" if suppress else "") + "@" + key] if p)
        + (f", {label} {number}".replace(",  ", ", ") if number else "")
        for prefix, key, label, number, suppress in items
    )
    return f"[{written}]", items


prose = st.text(st.sampled_from(list("abc XYZ.,;:!?'\u00e9")), max_size=40)


@SETTINGS
@given(citations(), prose, prose)
def test_a_written_citation_parses_back_with_every_key(citation, before, after):
    written, items = citation
    text = f"{before} {written} {after}"
    parsed = parse(text)
    assert parsed.malformed == []
    assert len(parsed.citations) == 1, text
    found = parsed.citations[0].items
    assert [i.key for i in found] == [key for _, key, _, _, _ in items]
    for item, (prefix, key, label, number, suppress) in zip(found, items):
        assert item.prefix == prefix
        assert item.suppress_author == suppress
        assert item.locator == (number or "")
        assert item.label == (LOCATOR_LABELS[label] if number else "")


@SETTINGS
@given(st.lists(citations(), min_size=1, max_size=5), prose)
def test_a_rendered_page_links_every_cited_key_in_order(cites, glue):
    all_keys = sorted({key for _, items in cites for _, key, _, _, _ in items})
    bib_text = "\n".join(
        f"@book{{{key},\n  author = {{Author{n}, Ann}},\n  title = {{Title {n}}},\n  year = {{20{n % 90 + 10}}}\n}}\n"
        for n, key in enumerate(all_keys))
    bib = bibtex.parse_text(bib_text, "r.bib")
    assert sorted(bib.entries) == all_keys, bib.problems
    text = f" {glue} ".join(written for written, _ in cites)  # "[@a][@b]" would be a reference link
    rendered = render_page(text, Style(bib), lambda key: "#" + key, "docs/page.md", 1)
    assert rendered.problems == []
    linked = re.findall(r'data-cite="([^"]+)"', rendered.markdown)
    expected = [key for _, items in cites for _, key, _, _, _ in items]
    # Each item links its key (a narrative item twice: author and year); order is kept.
    assert [k for i, k in enumerate(linked) if i == 0 or k != linked[i - 1]] == \
        [k for i, k in enumerate(expected) if i == 0 or k != expected[i - 1]]
    assert rendered.cited == list(dict.fromkeys(expected))


# -- BibTeX loading --------------------------------------------------------------------------------


@SETTINGS
@given(bibtex_text)
def test_loading_any_bibtex_never_raises_and_places_each_problem(text):
    bib = bibtex.parse_bytes(text.encode("utf-8", errors="surrogatepass"), "r.bib")
    assert_real_places(bib.problems, text)
    Style(bib)  # the course loads the style right after the bibliography: it must not raise either


@SETTINGS
@given(st.binary(max_size=300))
def test_loading_any_bytes_never_raises(raw):
    bib = bibtex.parse_bytes(raw, "r.bib")
    for problem in bib.problems:
        assert problem.line >= 1 and problem.col >= 1
    Style(bib)


LATEX_ALPHABET = st.sampled_from(["\\emph{", "\\'", '\\"', "\\c ", "\\url{", "\\href{", "\\foo", "{\\em ", "{", "}",
                                  "$", "^", "_", "~", "--", "``", "''", "\\", "\\i", "\\l{}", "a", "B", " ", ",", "%",
                                  "and", " and ", "\\textsc{", "{\\relax ", "\u00e9"])
latex_text = st.lists(LATEX_ALPHABET, max_size=60).map("".join)


@SETTINGS
@given(latex_text)
def test_reading_any_latex_never_raises_nor_leaves_a_command(text):
    read = latex.read(text)
    assert "\\" not in read.text
    assert read.text.count("{") == read.text.count("}")
    names.split(text)  # the same value as a name list


# Balanced LaTeX, so that only the depth can make a value unreadable.
balanced_latex = st.lists(st.sampled_from(["\\emph{x}", "\\'e", "{\\em y}", "{UN}", "$x^2$", "~", "--", "a", " and ",
                                           "\\foo{z}", "\\url{h_t%p}", ", "]), max_size=20).map("".join)


@SETTINGS
@given(st.integers(0, 5000), balanced_latex, st.sampled_from(["title", "author", "@string"]))
def test_any_nesting_depth_loads_without_raising_and_is_located(depth, inner, where):
    value = "{" * depth + inner + "}" * depth
    if where == "@string":
        text = f"@string{{s = {{{value}}}}}\n@book{{k, title = s, year = 2001}}\n"
    else:
        text = f"@book{{k,\n  {where} = {{{value}}},\n  year = 2001\n}}\n"
    bib = bibtex.parse_text(text, "r.bib")
    assert_real_places(bib.problems, text)
    if depth > 100:
        assert any("nested more than 100 deep" in p.message for p in bib.problems), bib.problems
        assert not any("undefined" in p.message for p in bib.problems)  # one problem, no cascade
    Style(bib)


# Plain text: '' and -- are LaTeX ligatures (” and –), which decoding rightly changes.
field_text = st.text(st.sampled_from(list("abc XYZ09.,;:!?'()-\u00e9")), min_size=1, max_size=30).map(str.strip).filter(
    lambda t: t and "''" not in t and "--" not in t)


@st.composite
def entries(draw):
    key = draw(keys)
    fields = {
        "author": draw(st.sampled_from(["Foot, Rosemary", "Fang, Songying and Li, Xiaojun", "{United Nations}"])),
        "title": draw(field_text),
        "year": str(draw(st.integers(1950, 2024))),
    }
    if draw(st.booleans()):
        fields["publisher"] = draw(field_text)
    quoted = draw(st.booleans())
    return key, fields, quoted


@SETTINGS
@given(st.lists(entries(), min_size=1, max_size=6, unique_by=lambda e: e[0].lower()))
def test_written_bibtex_loads_back_with_every_key_and_value(generated):
    titles = [fields["title"] for _, fields, _ in generated]
    assume(len({(bibtex.normalised_title(t), f["year"]) for t, (_, f, _) in zip(titles, generated)}) == len(generated))
    text = "\n".join(
        f"@book{{{key},\n" + ",\n".join(
            f'  {name} = "{value}"' if quoted and name == "title" else f"  {name} = {{{value}}}"
            for name, value in fields.items()) + "\n}\n"
        for key, fields, quoted in generated)
    bib = bibtex.parse_text(text, "r.bib")
    assert [p for p in bib.problems if p.severity == "error"] == []
    assert list(bib.entries) == [key for key, _, _ in generated]
    for key, fields, _ in generated:
        entry = bib.entries[key]
        assert entry.fields["title"] == re.sub(r"\s+", " ", fields["title"])
        assert entry.fields["year"] == fields["year"]
        assert entry.fields.get("publisher", "") == re.sub(r"\s+", " ", fields.get("publisher", ""))


# -- Front matter -------------------------------------------------------------------------------------


@SETTINGS
@given(markdown_text | st.text(st.sampled_from(list("-.:[]{}'\" \nabtitle_source:themes0-9#&*!|>")), max_size=200)
       .map(lambda t: "---\n" + t))
def test_reading_and_checking_any_front_matter_never_raises(text):
    front = frontmatter.read(text, "docs/chapters/a.md")
    problems = frontmatter.check(front, "docs/chapters/a.md", {"known": None}, {"r2p"})
    assert_real_places(problems, text)
    assert text.endswith(front.body)
