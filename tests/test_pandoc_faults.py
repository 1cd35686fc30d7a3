"""Where pandoc's citeproc is demonstrably wrong and this engine follows the CSL specification and
the Chicago Manual instead: one test per fault, showing both outputs (one pandoc run for all)."""

import pytest

from chicago_oracle import normalise, oracle
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
])
def test_pandoc_fault(both, key, pandoc_prints, we_print):
    ours, refs, _, _ = both
    assert pandoc_prints in refs[key], f"pandoc no longer prints this: {refs[key]}"
    assert we_print in ours[key], ours[key]
    assert pandoc_prints not in ours[key]


def test_upper_case_and_in_text(both):
    _, _, cites, pandoc_cites = both
    assert pandoc_cites["upper_and"] == "(Bartley 2019)"  # one person with a very long name
    assert cites["upper_and"] == "(Bartley, Hanks, and Schliep 2019)"
