"""Where pandoc's citeproc is demonstrably wrong and this engine follows the CSL specification and
the Chicago Manual instead: one test per fault, showing both outputs (one pandoc run for all)."""

import json
import subprocess

import pytest

from chicago_oracle import normalise, oracle, oracle_file, pandoc
from coursekit.bib import bibtex
from coursekit.style.formatted import Style

FAULTS = r"""
@book{lone_capital, title = {Modern Applied Statistics with S}, author = {Venables, W. N.}, year = {2002}, publisher = {Springer}}
@book{publisher_and, title = {Generalized Linear Models}, author = {McCullagh, P.}, year = {1989}, publisher = {Chapman and Hall}, address = {London}}
@book{braces, title = {Applied Machine Learning Using Mlr3 in \{\vphantom\}{{R}}\vphantom\{\}}, author = {Bischl, Bernd}, year = {2024}, publisher = {CRC Press}}
@manual{opening_quote, title = {openeo: Client Interface for 'openEO' Servers}, author = {Lahn, Florian}, year = {2021}}
@article{issue_alone, title = {Spatio-Temporal Interpolation}, author = {Gräler, Benedikt}, journal = {The R Journal}, year = {2016}, volume = {8}, issue = {1}, pages = {204--218}}
@article{upper_and, author = {Bartley, M. AND Hanks, E. AND Schliep, E.}, title = {Identifying Extrapolation}, journal = {PLOS ONE}, year = {2019}, volume = {14}}
@article{doi_as_url, title = {Counterfactual Explanations}, author = {Wachter, Sandra}, journal = {Computer Law Review}, year = {2021}, volume = {41}, doi = {https://doi.org/10.1016/j.clsr.2021.105567}}
@article{doi_prefix, title = {To Adjust or Not}, author = {Ding, Peng}, journal = {Journal of Causal Inference}, year = {2015}, volume = {3}, doi = {doi:10.1515/jci-2013-0021}}
@article{doi_space, title = {Resampling Methods}, author = {Bischl, Bernd}, journal = {Evolutionary Computation}, year = {2012}, volume = {20}, doi = {10.1162/EVCO_a_00069 }}
@article{lone_capital_i, title = {Collider Stratification Bias I: Principles and Structure}, author = {Banack, Hailey}, journal = {AJE}, year = {2023}, volume = {192}}
@article{typewriter_quotes, title = {The "Common Rule" Explained}, author = {Roe, Ann}, journal = {Ethics}, year = {2007}, volume = {1}}
@article{command_quotes, title = {Interpreting {\textquotedblleft}Noncollapsibility{\textquotedblright} in Studies}, author = {Whitcomb, Brian}, journal = {Epidemiology}, year = {2020}, volume = {190}}
@article{doubled_dash, title = {Mutable Objects}, author = {Wickham, Hadley}, journal = {Computational Statistics}, year = {2011}, volume = {26}, pages = {405––418}}
@book{accent_group, title = {Nouvelles m{\'e}thodes f{\"u}r die Kometen}, author = {Legendre, Adrien}, year = {1806}, publisher = {Courcier}}
@misc{dropped_bar, title = {{OSF} {\textbar} {Julia} {Strand}}, url = {https://osf.io/bq92g/}}
@article{dropped_dash, title = {Lifting Masking in Schools {\textemdash} Incidence Among Students}, author = {Cowger, Tori}, journal = {NEJM}, year = {2022}, volume = {387}}
@techreport{raw_type, title = {Well-Known Text}, author = {{Open Geospatial Consortium}}, type = {Implementation {{Standard}}}, number = {18-010r7}, year = {2019}, institution = {OGC}}
@book{escaped_braces, title = {\{stars\}: Spatiotemporal Arrays}, author = {Pebesma, Edzer}, year = {2021}, publisher = {CRC}}
@standard{standard, title = {Information Technology -- Security Techniques}, organization = {International Organization for Standardization}, number = {ISO/IEC 27001:2013}, year = {2013}, address = {Geneva}}
"""


@pytest.fixture(scope="module")
def both():
    bib = bibtex.parse_text(FAULTS, "refs.bib")
    style = Style(bib)
    ours = {key: normalise(html) for key, html in style.reference_list(style.order)}
    cites = {key: f"({style.item_text(type('Item', (), {'key': key, 'suppress_author': False, 'locator': '', 'label': ''})())})"
             for key in style.order}
    refs, pandoc_cites = oracle(FAULTS, list(bib.entries), locator="")
    return ours, refs, cites, pandoc_cites


@pytest.mark.parametrize("key, pandoc_prints, we_print", [
    # A lone capital in a title is a name (the language R, S): CMOS 8.159 keeps it; pandoc lower-cases it.
    ("lone_capital", "Modern Applied Statistics with s.", "Modern Applied Statistics with S."),
    # BibTeX's publisher is one name, not a list: pandoc reads it as biblatex's list and splits at "and".
    ("publisher_and", "London: Chapman; Hall.", "London: Chapman and Hall."),
    # Braces only protect case; pandoc prints what a brace-escaped group leaves ("{}R{}").
    ("braces", "Using Mlr3 in {}R{}.", "Using Mlr3 in R."),
    # An opening single quote opens: pandoc turns it into a closing one.
    ("opening_quote", "Client Interface for ’openEO’ Servers.", "Client Interface for ‘openEO’ Servers."),
    # An issue given as 'issue' alone is dropped by pandoc (it reads it only beside 'number').
    ("issue_alone", "The R Journal 8 (2016): 204–18.", "The R Journal 8 (1): 204–18."),
    # BibTeX separates names with "and" in any case; pandoc only with lower-case "and".
    ("upper_and", "Bartley, E. AND Schliep, M. AND Hanks.", "Bartley, M., E. Hanks, and E. Schliep."),
    # A DOI written as its address is linked once, not prefixed again.
    ("doi_as_url", "https://doi.org/https://doi.org/10.1016/j.clsr.2021.105567.",
     "41 (2021). https://doi.org/10.1016/j.clsr.2021.105567."),
    # "doi:" is no part of a DOI; nor is a space an exporter left after it.
    ("doi_prefix", "https://doi.org/doi:10.1515/jci-2013-0021.", "3 (2015). https://doi.org/10.1515/jci-2013-0021."),
    ("doi_space", "https://doi.org/10.1162/EVCO_a_00069 .", "20 (2012). https://doi.org/10.1162/EVCO_a_00069."),
    # A lone capital again: "Bias I" (part one) is not "Bias i".
    ("lone_capital_i", "Collider Stratification Bias i: Principles", "Collider Stratification Bias I: Principles"),
    # A quotation inside a quoted title takes single marks (CMOS 6.9), however it was typed; pandoc
    # leaves typewriter quotes, and quotes written as commands, double inside double.
    ("typewriter_quotes", '“The "Common Rule" Explained.”', "“The ‘Common Rule’ Explained.”"),
    ("command_quotes", "“Interpreting “Noncollapsibility” in Studies.”", "“Interpreting ‘Noncollapsibility’ in Studies.”"),
    # A page range typed with two dashes is still a range (CMOS 9.64): pandoc prints the dashes.
    ("doubled_dash", "26 (2011): 405--418.", "26 (2011): 405–18."),
    # A word with an accent written as a LaTeX group ({\'e}) is one word in title case (CMOS 8.159);
    # pandoc cuts it there and leaves it in lower case.
    ("accent_group", "Nouvelles méthodes für Die Kometen", "Nouvelles Méthodes Für Die Kometen"),
    # Text symbols Zotero writes as commands (\\textbar, \\textemdash): pandoc drops them.
    ("dropped_bar", "OSF Julia Strand. n.d.", "OSF | Julia Strand. n.d."),
    ("dropped_dash", "Lifting Masking in Schools Incidence", "Lifting Masking in Schools — Incidence"),
    # Braces are LaTeX's grouping in every field, escaped ones included: pandoc prints them in 'type'
    # and prints what "\\{…\\}" leaves.
    ("raw_type", "Implementation {{Standard}} 18-010r7.", "Implementation Standard 18-010r7."),
    ("escaped_braces", "{Stars}: Spatiotemporal Arrays.", "Stars: Spatiotemporal Arrays."),
])
def test_pandoc_fault(both, key, pandoc_prints, we_print):
    ours, refs, _, _ = both
    assert pandoc_prints in refs[key], f"pandoc no longer prints this: {refs[key]}"
    assert we_print in ours[key], ours[key]
    assert pandoc_prints not in ours[key]


def test_a_dropped_command_in_text(both):
    _, _, cites, pandoc_cites = both
    assert pandoc_cites["dropped_bar"] == "(OSF Julia Strand, n.d.)"
    assert cites["dropped_bar"] == "(<em>OSF | Julia Strand</em>, n.d.)"


def test_a_standard_is_formatted_as_the_csl_formats_a_standard(both, tmp_path):
    """pandoc reads @standard as legislation ("Pub. L. Nos."); CSL has a type "standard", and given
    that type (through CSL JSON) pandoc's own citeproc prints what this engine prints."""
    ours, refs, cites, _ = both
    assert "Pub. L. Nos. ISO/IEC 27001:2013 (2013)" in refs["standard"]
    csl_json = json.loads(subprocess.run([pandoc(), "-f", "biblatex", "-t", "csljson"], input=FAULTS,
                                         capture_output=True, text=True, check=True).stdout)
    [item] = [dict(i, type="standard") for i in csl_json if i["id"] == "standard"]
    as_standard = tmp_path / "standard.json"
    as_standard.write_text(json.dumps([item]), encoding="utf-8")
    refs_as_standard, cites_as_standard = oracle_file(as_standard, ["standard"], locator="")
    assert ours["standard"] == refs_as_standard["standard"] == (
        "Information Technology – Security Techniques. 2013. ISO/IEC 27001:2013. Geneva: "
        "International Organization for Standardization.")
    assert cites["standard"].replace("<em>", "").replace("</em>", "") == cites_as_standard["standard"]


def test_upper_case_and_in_text(both):
    _, _, cites, pandoc_cites = both
    assert pandoc_cites["upper_and"] == "(Bartley 2019)"  # one person with a very long name
    assert cites["upper_and"] == "(Bartley, Hanks, and Schliep 2019)"
