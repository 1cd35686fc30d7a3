"""BibTeX as tools export it (Zotero, Better BibTeX, JabRef, knitr::write_bib, Google Scholar,
publishers' "cite this"), read as pandoc reads it.

Where pandoc defines the reading (entry types, names, LaTeX, the fields it joins or renames), pandoc
itself is the oracle: every case of these tables goes through ``pandoc -f biblatex -t csljson`` (a
.bib file is biblatex to pandoc) in one run, and the engine must read it the same. The few readings
where the engine follows BibTeX instead are named, and each checks that pandoc still reads it
otherwise, so the list cannot go stale.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import time
import unicodedata

import pytest

from chicago_oracle import pandoc
from coursekit.bib import bibtex, crossref, latex, merge, types
from coursekit.bib.settle import settle
from coursekit.diagnostics import Problem
from coursekit.style.item import csl_item
from coursekit.style.rich import plain_text

# -- The oracle ---------------------------------------------------------------------------------------


def csl_json(bib_text: str) -> dict[str, dict]:
    out = subprocess.run([pandoc(), "-f", "biblatex", "-t", "csljson"], input=bib_text, capture_output=True,
                         text=True, check=True).stdout
    return {item["id"]: item for item in json.loads(out)}


def read(bib_text: str) -> bibtex.Bibliography:
    return bibtex.parse_text(bib_text, "refs.bib")


# -- Entry types ------------------------------------------------------------------------------------

SOURCE_TYPES = sorted(set(types.TYPES) - {"xdata"})
# As exporters write them: any case.
TYPE_SPELLINGS = ["Manual", "ARTICLE", "InProceedings", "TechReport", "PhDThesis", "Online", "WWW"]
# Where the engine formats a type otherwise than pandoc, on purpose.
TYPE_DEVIATIONS = {
    "conference": "paper-conference",  # BibTeX's synonym of @inproceedings: pandoc makes a misc, loses the booktitle
    "standard": "standard",  # CSL 1.0.2 has a standard type (the style's choice, style/item.py); pandoc: legislation
}


@pytest.fixture(scope="module")
def type_oracle():
    names = SOURCE_TYPES + TYPE_SPELLINGS + ["bogus"]
    text = "".join(f"@{t}{{t-{t}, title = {{A Title}}, year = {{2001}}}}\n" for t in names)
    return csl_json(text), read(text)


@pytest.mark.parametrize("source_type", sorted(set(SOURCE_TYPES) - set(TYPE_DEVIATIONS)) + TYPE_SPELLINGS)
def test_every_type_pandoc_maps_is_formatted_as_pandoc_formats_it(type_oracle, source_type):
    oracle, bibliography = type_oracle
    entry = bibliography.entries[f"t-{source_type}"]
    assert entry.type == entry.source_type == source_type.lower()
    assert csl_item(entry).type == oracle[f"t-{source_type}"]["type"]
    assert not [p for p in bibliography.problems if p.keys == (entry.key,) and "type" in p.message]


def test_a_type_nobody_knows_is_a_misc_and_a_warning(type_oracle):
    oracle, bibliography = type_oracle
    entry = bibliography.entries["t-bogus"]
    assert (entry.type, entry.source_type) == ("misc", "bogus")
    assert csl_item(entry).type == oracle["t-bogus"]["type"] == ""
    [problem] = [p for p in bibliography.problems if "bogus" in p.message]
    assert problem.severity == "warning" and problem.keys == ("t-bogus",)
    line = len(SOURCE_TYPES) + len(TYPE_SPELLINGS) + 1
    assert str(problem) == (f"refs.bib:{line}:1: unknown entry type '@bogus' for 't-bogus': formatted as @misc — use "
                            "a BibTeX or biblatex type, e.g. @book, @article, @incollection, @report, @online or @misc")


@pytest.mark.parametrize("source_type, csl_type", TYPE_DEVIATIONS.items())
def test_types_formatted_otherwise_than_pandoc_on_purpose(type_oracle, source_type, csl_type):
    oracle, bibliography = type_oracle
    assert csl_item(bibliography.entries[f"t-{source_type}"]).type == csl_type
    assert oracle[f"t-{source_type}"]["type"] != csl_type  # pandoc still formats it otherwise


# -- Names --------------------------------------------------------------------------------------------

# Name lists as exporters write them.
NAME_LISTS = [
    "Pebesma, Edzer and Bivand, Roger S.",  # Zotero, Better BibTeX
    "Edzer Pebesma and Roger Bivand",  # knitr::write_bib, CRAN citation()
    "{R Core Team}",  # a corporate author, R's own citation
    "{{World Health Organization}}",  # Better BibTeX's double braces
    "Wickham, H and Grolemund, G",  # Google Scholar: initials without periods
    "Pebesma, E. and Bivand, R.",  # JabRef, abbreviated
    "de la Fontaine, Jean and Ludwig van Beethoven and van der Berg, Jan",  # particles
    "King, Jr., Martin Luther and Smith, J.N. and Hesselbarth, Maximillian H.K.",  # Jr; initials run together
    "Jaros{\\l}aw Jasiewicz and Przemys\\l{}aw Biecek and Urba\\'{n}ski, Mateusz and M{\\\"u}ller, J{\\\"u}rgen",
    "{International Crisis Group} and {{UN} Department of Peace Operations} and Aristotle",
    "Jean-Paul Sartre and J. R. R. Tolkien and Charles Louis Xavier Joseph de la Vall{\\'e}e Poussin",
    "family=Smith, given=John, prefix=van, useprefix=true",  # biblatex's extended form
    "Guidotti, Riccardo and others",
    "D'Ignazio, Catherine and d'Alembert, Jean",
    "Garc{\\'\\i}a M{\\'a}rquez, Gabriel and {von Neumann}, John",
    "Doe, Jane and Roe, Richard and Poe, Edgar Allan and Moe, Maria",
]
# Read as BibTeX reads them; pandoc reads each otherwise (checked).
NAME_DEVIATIONS = {
    # "AND" in any case separates people, as in BibTeX; pandoc splits on lower-case "and" only.
    "Smith, John AND Doe, Jane": [("John", "Smith", ""), ("Jane", "Doe", "")],
    # A special character counts by its letter: {\'E}mile is a given name, not a particle.
    "{\\'E}mile Zola": [("Émile", "Zola", "")],
    # A trailing comma is a slip, not an empty given name making "L" a suffix.
    "McInnes, L, and Healy, John": [("L", "McInnes", ""), ("John", "Healy", "")],
}


def _apostrophes(text: str) -> str:
    return text.replace("’", "'").replace("' ", "'")


def _ours(name) -> tuple[str, str, str]:
    if name.literal or name.family == "others":
        return ("", name.family, "")
    return (name.given, _apostrophes(f"{name.particle} {name.family}".strip()), name.suffix)


def _theirs(name: dict) -> tuple[str, str, str]:
    name = {part: _dotted(value) for part, value in name.items()}
    if "literal" in name:
        return ("", name["literal"], "")
    particles = " ".join(name[p] for p in ("dropping-particle", "non-dropping-particle") if p in name)
    return (name.get("given", ""), _apostrophes(f"{particles} {name.get('family', '')}".strip()), name.get("suffix", ""))


@pytest.fixture(scope="module")
def name_oracle():
    lists = NAME_LISTS + list(NAME_DEVIATIONS)
    text = "".join(f"@misc{{n{i}, author = {{{names}}}, title = {{T}}, year = {{2001}}}}\n"
                   for i, names in enumerate(lists))
    return lists, csl_json(text), read(text)


@pytest.mark.parametrize("index", range(len(NAME_LISTS)), ids=lambda i: NAME_LISTS[i][:40])
def test_names_are_split_as_pandoc_splits_them(name_oracle, index):
    lists, oracle, bibliography = name_oracle
    entry = bibliography.entries[f"n{index}"]
    assert [_ours(n) for n in entry.authors] == [_theirs(n) for n in oracle[f"n{index}"]["author"]]
    assert not [p for p in bibliography.problems if p.keys == (f"n{index}",)]


@pytest.mark.parametrize("names, expected", NAME_DEVIATIONS.items(), ids=list(NAME_DEVIATIONS))
def test_names_read_as_bibtex_reads_them(name_oracle, names, expected):
    lists, oracle, bibliography = name_oracle
    key = f"n{lists.index(names)}"
    assert [_ours(n) for n in bibliography.entries[key].authors] == expected
    assert [_theirs(n) for n in oracle[key]["author"]] != expected


def test_a_name_list_slip_is_a_located_warning():
    bibliography = read("@book{k,\n  author = {Smith, J. and and Doe, K.},\n  title = {T},\n  year = {2001}\n}\n")
    assert [n.family for n in bibliography.entries["k"].authors] == ["Smith", "Doe"]
    [problem] = bibliography.problems
    assert (problem.line, problem.col, problem.severity) == (2, 3, "warning")
    assert problem.message == "an empty name (two 'and' in a row, or one at an end) in the author of 'k'"


# -- LaTeX ----------------------------------------------------------------------------------------

# Values as exporters escape them (read here from ``note``, which pandoc leaves in its case).
LATEX = [
    "Caf{\\'e} \\& Co, {\\\"U}ber, na\\\"{\\i}ve, Fran\\c{c}ois, \\v{S}koda, Erd\\H{o}s, Pi\\k{a}tek",
    "Jaros{\\l}aw, Miko\\l{}aj, {\\O}rsted, Gau{\\ss}, {\\AA}ngstr{\\\"o}m, {\\ae}sthetic, \\oe{}uvre",
    "pages 12--34, a---b, 50\\% off, \\$5, \\#1, snake\\_case, Plan~B",
    "``Quoted'' and \\mkbibquote{marked} and \\enquote{enquoted}",
    "\\emph{Homo sapiens}, \\textit{in vitro}, {\\em old}, {\\it older}, \\textbf{bold}, {\\bf boldly}",
    "\\textsc{Small Caps} and \\textsuperscript{th} and H\\textsubscript{2}O",
    "\\textsf{R} for data, \\texttt{ggplot2} package, \\textrm{roman}",
    "\\emph{\\textbf{both}} and \\MakeUppercase{loud}",
    "see \\url{https://example.org/a_b} or \\href{https://example.org}{the site}",
    "The {UN} and {{MIT}} and {iPhone} and {\\relax Ch}ristophe",
    "\\ldots{} and \\textquoteright{} and \\textquotedblleft{}x\\textquotedblright",
]
# Read better than pandoc does (checked: pandoc still reads each otherwise).
LATEX_DEVIATIONS = {
    "50% of cases": "50% of cases",  # a bare % is a percent sign; pandoc starts a comment
    "\\foo{kept} text": "kept text",  # an unknown command: left out with a warning, its text kept (pandoc drops both)
    "ln(a/tan{$\\beta$})": "ln(a/tanβ)",  # math symbols as Unicode; pandoc leaves "$\beta$"
    "2 \\texttimes{} 3": "2 × 3",  # text symbols and commands pandoc does not know
    "1990\\textendash{}2000": "1990–2000",
    "\\mbox{boxed} text": "boxed text",
    "Data {\\textbar} Deposit": "Data | Deposit",  # Zotero writes "|", "—" and "´" as commands
    "Schools {\\textemdash} Covid": "Schools — Covid",
    "O{\\textasciiacute}Reilly": "O´Reilly",
}


def _dotted(text: str) -> str:
    """Pandoc's fault, not a reading: it puts an accent over a dotless i (\\"{\\i} → ı̈, not ï)."""
    return unicodedata.normalize("NFC", re.sub("ı(?=[\u0300-\u036f])", "i", text))


def _as_csl(entry: bibtex.Entry, name: str) -> str:
    value = (entry.markup or {}).get(name)
    rich = value if value is not None else html.escape(entry.fields[name], quote=False)
    rich = re.sub(r"</?a\b[^>]*>", "", rich)  # links: pandoc's CSL JSON has no markup for them
    return html.unescape(rich).replace("{", "").replace("}", "").replace("'", "’").replace("‘", "’")


@pytest.fixture(scope="module")
def latex_oracle():
    values = LATEX + list(LATEX_DEVIATIONS)
    text = "".join(f"@misc{{x{i}, note = {{{v}}}, title = {{T}}, year = {{2001}}}}\n" for i, v in enumerate(values))
    return values, csl_json(text), read(text)


@pytest.mark.parametrize("index", range(len(LATEX)), ids=lambda i: LATEX[i][:40])
def test_latex_is_read_as_pandoc_reads_it(latex_oracle, index):
    values, oracle, bibliography = latex_oracle
    theirs = _dotted(oracle[f"x{index}"]["note"]).replace("'", "’").replace("‘", "’")
    assert _as_csl(bibliography.entries[f"x{index}"], "note") == theirs


@pytest.mark.parametrize("value, expected", LATEX_DEVIATIONS.items(), ids=list(LATEX_DEVIATIONS))
def test_latex_read_better_than_pandoc(latex_oracle, value, expected):
    values, oracle, bibliography = latex_oracle
    key = f"x{values.index(value)}"
    assert bibliography.entries[key].fields["note"] == expected
    assert oracle[key].get("note") != expected


@pytest.mark.parametrize("value, markup", [
    ("{\\sc Caps} and {\\scshape More}", '<span style="font-variant:small-caps;">Caps</span> and '
                                         '<span style="font-variant:small-caps;">More</span>'),
    ("{\\itshape A} {\\bfseries B}", "<i>A</i> <b>B</b>"),
    # math as pandoc shows it: variables in italics, operators spaced, its own span (no case change)
    ("$x^{2}$ and $H_2O$", '<span class="math"><i>x</i><sup>2</sup></span> and '
                           '<span class="math"><i>H</i><sub>2</sub><i>O</i></span>'),
    ("$n=10$, $\\alpha - 1$, $-x$", '<span class="math"><i>n</i> = 10</span>, '
                                  '<span class="math"><i>α</i> − 1</span>, <span class="math">−<i>x</i></span>'),
    ("a < b & c", None),
])
def test_markup_is_csl_rich_text_and_only_there_when_needed(value, markup):
    read_value = latex.read(value)
    assert read_value.markup == markup
    assert "<" not in read_value.text or markup is None


def test_what_the_style_needs_survives_the_quick_path():
    """Values without backslashes skip most of the reader: a lone backquote still opens a quotation
    (R's `keras'), a braced single capital still protects it ({A}: pandoc keeps "SegOptim—A")."""
    assert latex.read("R Interface to `keras'").text == "R Interface to ‘keras'"
    assert latex.read("{SegOptim}---{A} new {R} package").text == "{SegOptim}—{A} new {R} package"
    assert latex.read("arules -- {A} Computational").text == "arules – {A} Computational"


def test_links_stay_links_in_the_markup():
    read_value = latex.read("\\url{https://kaggle.com/c/x_y} and \\href{https://e.org/?a=1&b=2}{the site}")
    assert read_value.text == "https://kaggle.com/c/x_y and the site"
    assert read_value.markup == ('<a href="https://kaggle.com/c/x_y">https://kaggle.com/c/x_y</a> and '
                                 '<a href="https://e.org/?a=1&amp;b=2">the site</a>')


def test_no_latex_command_or_literal_brace_is_left_in_readable_text():
    values = LATEX + list(LATEX_DEVIATIONS) + ["\\{\\vphantom\\}{{R}}\\vphantom\\{\\}", "\\unknown", "{\\bf"]
    for value in values:
        text = latex.read(value).text
        assert "\\" not in text, (value, text)
        assert text.count("{") == text.count("}"), (value, text)  # only whole protective groups remain


# -- Fields pandoc renames, joins or builds -----------------------------------------------------------

FIELDS = """\
@article{f1, author = {A, B}, title = {Main}, subtitle = {A Subtitle}, journaltitle = {Journal of Things}, year = 2001}
@article{f2, author = {A, B}, title = {Why?}, subtitle = {Because}, journal = {J}, year = 2001}
@misc{f3, title = {Preprint}, eprint = {1801.01489}, eprinttype = {arxiv}, year = 2018}
@misc{f4, title = {Preprint}, eprint = {2110.12674}, archiveprefix = {arXiv}, year = 2021}
@inproceedings{f5, crossref = {f6}, author = {A, B}, title = {Paper}}
@proceedings{f6, title = {Proceedings of Things}, editor = {E, F}, publisher = {P}, year = 2001, booktitle = {BT}}
@inbook{f7, crossref = {f8}, title = {Chapter}}
@book{f8, title = {The Book}, author = {Author, Ann}, publisher = {P}, year = 2002}
@article{f9, xdata = {f10}, title = {Art}, author = {A, B}}
@xdata{f10, journaltitle = {Shared Journal}, year = 2003}
@thesis{f11, title = {Thesis}, author = {A, B}, type = {phdthesis}, institution = {U}, year = 2018}
@report{f12, title = {Report}, author = {A, B}, type = {resreport}, institution = {U}, year = 2018}
@report{f13, title = {Report}, author = {A, B}, type = {Working Paper}, institution = {U}, year = 2018}
"""


@pytest.fixture(scope="module")
def field_oracle():
    return csl_json(FIELDS), read(FIELDS)


@pytest.mark.parametrize("key, ours, theirs", [
    ("f1", "container", "container-title"), ("f1", "title", "title"), ("f2", "title", "title"),
    ("f3", "url", "URL"), ("f4", "url", "URL"), ("f5", "container", "container-title"),
    ("f7", "container", "container-title"), ("f9", "container", "container-title"),
    ("f11", "genre", "genre"), ("f12", "genre", "genre"), ("f13", "genre", "genre"),  # biblatex's keys in 'type'
])
def test_fields_reach_the_style_as_pandoc_reads_them(field_oracle, key, ours, theirs):
    """The reading (crossref, xdata, aliases) and the style's CSL item together, against pandoc's."""
    oracle, bibliography = field_oracle
    entries, _, _ = crossref.resolve(bibliography.entries, lambda k: "refs.bib")
    value = getattr(csl_item(entries[key]), ours)
    value = plain_text(value) if isinstance(value, list) else value  # titles are rich text
    assert value.lower() == oracle[key][theirs].lower()
    assert csl_item(entries[key]).date.year == str(oracle[key]["issued"]["date-parts"][0][0])


def test_inherited_names_and_lenders(field_oracle):
    oracle, bibliography = field_oracle
    entries, problems, parents = crossref.resolve(bibliography.entries, lambda k: "refs.bib")
    assert [n.family for n in entries["f7"].authors] == [n["family"] for n in oracle["f7"]["author"]] == ["Author"]
    assert "f10" not in entries and "f10" not in oracle  # an @xdata entry is never listed
    assert parents == {"f6", "f8", "f10"} and problems == []
    assert "booktitle" not in bibliography.entries["f5"].fields  # the parsed entry itself is unchanged


# -- DOIs and links --------------------------------------------------------------------------------

DOIS = {
    "10.1109/34.295913": "10.1109/34.295913",  # Zotero
    "https://doi.org/10.1007/s10618-022-00831-6": "10.1007/s10618-022-00831-6",  # publishers' "cite this"
    "http://dx.doi.org/10.2307/2528823": "10.2307/2528823",
    "doi:10.1145/3236386.3241340": "10.1145/3236386.3241340",
    "DOI: 10.1145/3236386.3241340": "10.1145/3236386.3241340",
    "10/gf29tr": "10/gf29tr",  # a shortDOI, as Better BibTeX can write it
    # an old Wiley DOI: "<" and ">" belong to it (the style escapes them), as pandoc prints it
    "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0": "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0",
    "978-0-19-920330-9": None,
}


@pytest.mark.parametrize("written, canonical", DOIS.items())
def test_dois_in_every_form_people_write_them(written, canonical):
    bibliography = read(f"@article{{k, author = {{A, B}}, title = {{T}}, journal = {{J}}, year = 2001,\n"
                        f"  doi = {{{written}}}}}\n")
    assert bibliography.entries["k"].fields.get("doi") == canonical
    found = [p for p in bibliography.problems if "doi" in p.message]
    assert (found == []) == (canonical is not None)
    for problem in found:
        assert (problem.line, problem.col, problem.severity) == (2, 3, "warning")


def test_urls_are_verbatim():
    bibliography = read("@online{k, title = {T}, year = 2001, url = {https://example.org/a_b%20c~d},\n"
                        "  howpublished = {\\url{https://example.org/x_y}}}\n")
    assert bibliography.entries["k"].fields["url"] == "https://example.org/a_b%20c~d"
    assert bibliography.entries["k"].fields["howpublished"] == "https://example.org/x_y"


# -- What is legal and says nothing -----------------------------------------------------------------

def test_field_names_in_any_case_preamble_comment_and_strings_are_read_quietly():
    bibliography = read(
        '@preamble{ "\\newcommand{\\noopsort}[1]{}" }\n@comment{ jabref-meta: databaseType:bibtex; }\n'
        "@String{ jmlr = {Journal of Machine Learning Research} }\n"
        "@ARTICLE{k,\n  Author = {Bergstra, James},\n  TITLE = {Random Search},\n  Journal = jmlr,\n"
        "  Year = 2012, Month = feb\n}\n")
    entry = bibliography.entries["k"]
    assert bibliography.problems == []
    assert (entry.type, entry.fields["journal"], entry.fields["month"]) == (
        "article", "Journal of Machine Learning Research", "February")
    assert entry.authors[0].family == "Bergstra"


# -- Severity by citation ---------------------------------------------------------------------------

BROKEN = """\
@book{good, author = {A, B}, title = {Good}, publisher = {P}, year = 2001}

@book{broken, author = {A, B}, title = {Broken {unclosed}, publisher = {P}, year = 2001}

@book{incomplete, title = {No Author}, year = 2001}
"""


def test_a_reading_error_is_a_warning_until_a_page_cites_the_entry():
    bibliography = read(BROKEN)
    assert "broken" not in bibliography.entries and set(bibliography.unreadable) == {"broken"}
    [error] = [p for p in bibliography.problems if p.severity == "error"]
    assert error.keys == ("broken",) and error.line == 3
    assert [p.severity for p in settle(bibliography.problems, bibliography, {"good"}) if p.keys == ("broken",)] == [
        "warning"]
    assert [p.severity for p in settle(bibliography.problems, bibliography, {"broken"}) if p.keys == ("broken",)] == [
        "error"]


def test_a_page_citing_an_entry_that_cannot_be_read_is_told_at_the_entry_never_unknown_key():
    bibliography = read(BROKEN)
    page = Problem("docs/a.md", 3, 6, "unknown citation key 'broken'", "add an entry", keys=("broken",))
    settled = settle([*bibliography.problems, page], bibliography, set())
    assert page not in settled
    [error] = [p for p in settled if p.severity == "error"]
    assert (error.path, error.line, error.keys) == ("refs.bib", 3, ("broken",))
    assert "broken" in error.message


def test_what_pandoc_renders_despite_is_a_warning_even_when_cited():
    bibliography = read(BROKEN)
    [missing] = [p for p in bibliography.problems if p.keys == ("incomplete",)]
    assert str(missing) == "refs.bib:5:1: @book 'incomplete' lacks 'author' or 'editor' — add 'author' or 'editor' " \
                           "as the source prints it"
    settled = settle(bibliography.problems, bibliography, {"incomplete"})
    assert [p.severity for p in settled if p.keys == ("incomplete",)] == ["warning"]


# -- Several files --------------------------------------------------------------------------------

def test_files_merge_identical_entries_quietly_and_different_ones_are_errors_at_both_places(tmp_path):
    one = tmp_path / "one.bib"
    two = tmp_path / "two.bib"
    one.write_text("@book{same, title = {S}, author = {A, B}, year = 2001}\n"
                   "@book{clash, title = {First}, author = {A, B}, year = 2001}\n")
    two.write_text("\n@book{same, title = {S}, author = {A, B}, year = 2001}\n"
                   "@book{clash, title = {Second}, author = {A, B}, year = 2001}\n"
                   "@inbook{child, crossref = {same}, title = {C}, author = {C, D}}\n")
    bibliography = merge.load_all([(one, "one.bib"), (two, "two.bib")])
    assert set(bibliography.entries) == {"same", "clash", "child"}
    assert bibliography.entries["clash"].fields["title"] == "First"
    assert bibliography.entries["child"].fields["booktitle"] == "S"  # inherited across files
    assert bibliography.file_of("child") == "two.bib" and bibliography.file_of("same") == "one.bib"
    clashes = [str(p) for p in bibliography.problems]
    assert clashes == [
        "two.bib:3:1: the key 'clash' is also defined in one.bib:2 — keep one entry, or give this one its own key",
        "one.bib:2:1: the key 'clash' is also defined in two.bib:3 — keep one entry, or give the other its own key",
    ]
    assert {p.severity for p in settle(bibliography.problems, bibliography, set())} == {"warning"}
    assert {p.severity for p in settle(bibliography.problems, bibliography, {"clash"})} == {"error"}


# -- Deep nesting: a located error, in bounded time, never a RecursionError ---------------------------

@pytest.mark.parametrize("depth", [101, 5000, 100_000])
@pytest.mark.parametrize("field", ["title", "author"])
def test_braces_nested_deep_are_a_located_error_in_bounded_time(depth, field):
    value = "{" * depth + "Deep" + "}" * depth
    text = f"@book{{k,\n  {field} = {value},\n  title2 = {{x}}, year = 2001}}\n@book{{after, title = {{A}}, year = 2001}}\n"
    started = time.perf_counter()
    bibliography = read(text)
    assert time.perf_counter() - started < 2
    [problem] = [p for p in bibliography.problems if "nested" in p.message]
    assert (problem.line, problem.col, problem.keys) == (2, len(f"  {field} = ") + 1 + 100, ("k",))
    assert set(bibliography.entries) == {"k", "after"}


def test_the_latex_reader_has_no_recursion_to_exhaust():
    assert latex.read("{" * 200_000 + "x" + "}" * 200_000).text == "{x}"  # one protective group
    assert latex.read("\\emph{" * 50_000 + "x" + "}" * 50_000).markup.count("<i>") == 50_000


def test_a_deep_value_in_a_block_that_fails_is_located_too():
    text = "@book{k,\n  title = {" + "{" * 5000 + "never closed,\n  year = 2001\n}\n"
    bibliography = read(text)
    [problem] = bibliography.problems
    assert problem.keys == ("k",) and problem.line == 2


# -- Exports as tools write them, built: every cited entry renders, nothing raw reaches the page -------

EXPORTS = """\
@comment{jabref-meta: databaseType:bibtex;}
@preamble{ "\\\\newcommand{\\\\noopsort}[1]{}" }

@article{adams_seeded_1994,
  title = {Seeded Region Growing},
  author = {Adams, R. and Bischof, L.},
  date = {1994-06},
  journaltitle = {IEEE Transactions on Pattern Analysis and Machine Intelligence},
  volume = {16}, number = {6}, pages = {641--647},
  doi = {10.1109/34.295913}, urldate = {2022-09-23}, langid = {english}
}

@software{pebesma_sf_2023,
  title = {Sf: {{Simple Features}} for {{R}}},
  author = {Pebesma, Edzer},
  date = {2024}, version = {1.0-16},
  url = {https://CRAN.R-project.org/package=sf}
}

@online{osm_2024,
  title = {{{OpenStreetMap}}},
  author = {{OpenStreetMap contributors}},
  date = {2024}, url = {https://www.openstreetmap.org}, urldate = {2024-01-01}
}

@dataset{hengl_snow_2021,
  title = {Global {{MODIS-based}} Snow Cover Monthly Long-Term (2000-2012) at 500 m},
  author = {Hengl, T.}, year = {2021}, month = dec, publisher = {Zenodo}, doi = {10.5281/zenodo.5774954}
}

@thesis{muenchow_thesis_2018,
  title = {Spatial Modeling of Ecological Processes},
  author = {Muenchow, Jannes}, date = {2018}, institution = {Friedrich-Schiller-Universit{\\"a}t Jena},
  type = {phdthesis}
}

@Manual{R-base,
  title = {R: A Language and Environment for Statistical Computing},
  author = {{R Core Team}},
  organization = {R Foundation for Statistical Computing},
  address = {Vienna, Austria},
  year = {2023},
  url = {https://www.R-project.org/},
}

@Manual{R-sf,
  title = {sf: Simple Features for R},
  author = {Edzer Pebesma},
  year = {2023},
  note = {R package version 1.0-14},
  url = {https://CRAN.R-project.org/package=sf},
}

@article{guidotti2022counterfactual,
  title={Counterfactual explanations and how to find them: literature review and benchmarking},
  author={Guidotti, Riccardo},
  journal={Data Mining and Knowledge Discovery},
  pages={1--55},
  year={2022},
  publisher={Springer}
}

@inproceedings{chen2016xgboost,
  title={Xgboost: A scalable tree boosting system},
  author={Chen, Tianqi and Guestrin, Carlos},
  booktitle={Proceedings of the 22nd ACM SIGKDD International Conference on Knowledge Discovery and Data Mining},
  pages={785--794},
  year={2016}
}

@Article{Fox2008,
  Author    = {J. Fox and M.L. Smith},
  Title     = {Effect Displays in {R} for Generalised Linear Models},
  Journal   = {Journal of Statistical Software},
  Year      = {2008},
  Volume    = {8},
  Pages     = {1-27},
  Doi       = {https://doi.org/10.18637/jss.v008.i15},
  Owner     = {me},
  Timestamp = {2020.01.01}
}

@Article{Smith2020,
  author="Smith, John and Doe, Jane",
  title="The Role of \\emph{Homo sapiens} in {DNA} Repair: \\mkbibquote{Why} Now?",
  journal="Nature",
  year="2020",
  month="Jan",
  volume="577",
  number="7788",
  pages="1--5",
  issn="1476-4687",
  doi="doi:10.1038/s41586-019-0000-0",
  url="https://doi.org/10.1038/s41586-019-0000-0"
}

@incollection{bellamy_chapter_2015,
  author = {Bellamy, Alex J. and Dunne, Tim},
  title = {R2P in Theory and Practice},
  booktitle = {The {{Oxford Handbook}} of the {{Responsibility}} to {{Protect}}},
  editor = {Bellamy, Alex J. and Dunne, Tim},
  publisher = {Oxford University Press},
  location = {Oxford},
  date = {2016},
  pages = {3--16}
}

@conference{conf2001,
  author = {Doe, Jane},
  title = {A Conference Paper},
  booktitle = {Proceedings of Things},
  year = {2001}
}

@techreport{wb2020,
  author = {{World Bank}},
  title = {World Development Report 2020},
  institution = {World Bank},
  address = {Washington, DC},
  number = {12},
  year = {2020}
}
"""


@pytest.fixture(scope="module")
def exports_site(tmp_path_factory):
    import shutil

    import yaml

    from conftest import ROOT, base_config, run_mkdocs

    keys = re.findall(r"^@(?!comment|preamble)\w+\{([^,]+),", EXPORTS, re.MULTILINE)
    project = tmp_path_factory.mktemp("exports") / "project"
    shutil.copytree(ROOT / "hooks", project / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("docs/assets", "docs/javascripts"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, project / name)
    (project / "mkdocs.yml").write_text(yaml.safe_dump(base_config()), encoding="utf-8")
    files = {"course/course.yml": "sources_dir: sources\nuncited: error\nbibliography: bibliography/*.bib\n",
             "bibliography/exports.bib": EXPORTS,
             "docs/index.md": "# Home\n", "docs/bibliography.md": "# Bibliography\n\n<!-- bibliography -->\n",
             "docs/page.md": "# Page\n\n" + "\n\n".join(f"See [@{key}]." for key in keys) + "\n"}
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    return keys, run_mkdocs(project, "--strict")


def test_every_export_shape_builds_strict_and_every_cited_entry_renders(exports_site):
    keys, built = exports_site
    assert built.returncode == 0, built.output
    page = built.html("bibliography/index.html")
    entries = dict(re.findall(r'<div class="csl-entry" id="([^"]+)"[^>]*>(.*?)</div>', page, re.DOTALL))
    assert set(keys) <= set(entries)
    for key in keys:
        text = html.unescape(re.sub(r"<[^>]+>", "", entries[key]))
        assert not re.search(r"[\\{}$]", text), (key, text)  # no LaTeX, no brace, no math sign
    assert "https://doi.org/10.1038/s41586-019-0000-0" in entries["Smith2020"]  # doi: read, the link built once
    assert "https://doi.org/10.18637/jss.v008.i15" in entries["Fox2008"]
    assert "Proceedings of Things" in entries["conf2001"]  # @conference as BibTeX reads it
