"""Every reference and in-text citation matches pandoc's citeproc with the official Chicago
author-date 17th edition CSL (the test oracle; the site build never needs pandoc)."""

from pathlib import Path

import pytest

from chicago_oracle import normalise, oracle
from coursekit.bib import bibtex
from coursekit.cite.parse import find_citations
from coursekit.cite.page import render_citation
from coursekit.style.formatted import Style

ROOT = Path(__file__).resolve().parents[1]

# Entry shapes the course bibliography may grow into, beyond what it holds today.
SHAPES = r"""
@book{edited2010, editor = {Bellamy, Alex and Dunne, Tim}, title = {The Oxford handbook of the responsibility to protect}, publisher = {Oxford University Press}, address = {Oxford}, year = {2016}}
@incollection{chapter2016, author = {Foot, Rosemary}, title = {The state, development, and humanitarianism: China's shaping of the trajectory of {R2P}}, booktitle = {The Oxford Handbook of the Responsibility to Protect}, editor = {Bellamy, Alex and Dunne, Tim}, publisher = {Oxford University Press}, address = {Oxford}, year = {2016}, pages = {101-118}}
@report{report2009, author = {{International Crisis Group}}, title = {China's growing role in {UN} peacekeeping}, institution = {International Crisis Group}, address = {Brussels}, type = {Asia Report}, number = {166}, year = {2009}}
@book{same2012a, author = {Hirono, Miwa}, title = {First book}, publisher = {P}, year = {2012}}
@book{same2012b, author = {Hirono, Miwa}, title = {Second book}, publisher = {P}, year = {2012}}
@article{four2014, author = {Wu, A and Xu, B and Yu, C and Zu, D}, title = {Four authors}, journal = {Journal of things}, volume = {3}, number = {2}, pages = {1108-1123}, year = {2014}}
@article{accent2001, author = {M{\"u}ller, J{\"o}rg and Dupont, Ren{\'e}}, title = {{\"U}ber alles -- a study}, journal = {Zeitschrift}, volume = {12}, year = {2001}, pages = {101-108}}
@online{web2009, author = {Lee, Ann}, title = {A post about water}, date = {2009-04-17}, url = {https://example.org/post}}
@misc{speech2011, author = {{Ban Ki-moon}}, title = {Human protection and the 21st century United Nations}, date = {2011-02-02}, url = {https://example.org/speech}}
@unpublished{undated, author = {Foot, Rosemary}, title = {An undated paper}, note = {No date printed.}}
"""


def compare(bib_text: str):
    bib = bibtex.parse_text(bib_text, "refs.bib")
    assert not [p for p in bib.problems if p.severity == "error"], bib.problems
    style = Style(bib)
    refs, cites = oracle(bib_text, list(bib.entries))
    listed = dict(style.reference_list(style.order))
    mismatches = []
    for key in style.order:
        ours = normalise(listed[key])
        if ours != refs.get(key):
            mismatches.append(f"reference {key}:\n  ours:   {ours}\n  pandoc: {refs.get(key)}")
        citation = find_citations(f"[@{key}, 5]")[0]
        ours = normalise(render_citation(citation, style, lambda k: "#"))
        if ours != cites.get(key):
            mismatches.append(f"citation {key}:\n  ours:   {ours}\n  pandoc: {cites.get(key)}")
    return len(bib.entries), mismatches


def test_course_bibliography_matches_citeproc():
    text = (ROOT / "bibliography" / "references.bib").read_text(encoding="utf-8")
    count, mismatches = compare(text)
    assert count >= 4
    assert not mismatches, "\n".join(mismatches)


def test_entry_shapes_match_citeproc():
    count, mismatches = compare(SHAPES)
    assert count == 10
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.parametrize("source, expected", [
    ("[@same2012a; @same2012b]", "(Hirono 2012a, 2012b)"),
    ("[see @same2012a, 4; @report2009, sec. 2]", "(see Hirono 2012a, 4; International Crisis Group 2009, sec. 2)"),
    ("[-@report2009, pp. 101-108]", "(2009, 101–8)"),
])
def test_multi_item_citations_match_citeproc(source, expected):
    bib = bibtex.parse_text(SHAPES, "refs.bib")
    ours = normalise(render_citation(find_citations(source)[0], Style(bib), lambda k: "#"))
    assert ours == expected
