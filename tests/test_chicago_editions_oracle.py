"""Entries in the forms Zotero, Better BibTeX and R's knitr::write_bib export, every shape the
Chicago formatter handles, held to pandoc's citeproc in both editions (one pandoc run per edition):
the reference's text and markup, and the citation in each of pandoc's forms."""

import pytest

from chicago_oracle import FORMS, canonical_html, normalise, oracle_forms
from coursekit.bib import bibtex
from coursekit.cite.page import render_citation
from coursekit.cite.parse import find_citations
from coursekit.style import chicago
from coursekit.style.formatted import Style

# One line per shape; the comment says where such an entry comes from.
SHAPES = r"""
@Manual{R-base, title = {R: A Language and Environment for Statistical Computing}, author = {{R Core Team}}, organization = {R Foundation for Statistical Computing}, address = {Vienna, Austria}, year = {2022}, url = {https://www.R-project.org/}}
@Manual{R-dplyr, title = {dplyr: A Grammar of Data Manipulation}, author = {Hadley Wickham and Romain François and Lionel Henry and Kirill Müller and Davis Vaughan}, year = {2023}, note = {R package version 1.1.4}, url = {https://CRAN.R-project.org/package=dplyr}}
@Manual{R-ggplot2, title = {ggplot2: Create Elegant Data Visualisations Using the Grammar of Graphics}, author = {Hadley Wickham and Winston Chang and Lionel Henry and Thomas Lin Pedersen}, year = {2023}, note = {R package version 3.4.4}}
@Manual{R-forcats, title = {forcats: Tools for Working with Categorical Variables (Factors)}, author = {Hadley Wickham}, year = {2023}, note = {R package version 1.0.0}}
@Manual{R-tidyr, title = {tidyr: Tidy Messy Data}, author = {Hadley Wickham}, year = {2023}, note = {R package version 1.3.0}}
@book{abelson_structure_1996, title = {Structure and Interpretation of Computer Programs}, author = {Abelson, Harold and Sussman, Gerald Jay and Sussman, Julie}, year = {1996}, series = {The {{MIT}} Electrical Engineering and Computer Science Series}, edition = {Second}, publisher = {MIT Press}, address = {Cambridge, Massachusetts}, isbn = {0-262-01153-0}}
@book{james_introduction_2013, title = {An Introduction to Statistical Learning: With Applications in {{R}}}, editor = {James, Gareth and Witten, Daniela and Hastie, Trevor and Tibshirani, Robert}, year = {2013}, series = {Springer Texts in Statistics}, volume = {103}, publisher = {Springer}, address = {New York}}
@book{murrell_r_2016, title = {R Graphics}, author = {Murrell, Paul}, year = {2016}, edition = {2}, publisher = {CRC Press}, address = {Boca Raton}, volume = {2}, number = {9}, series = {The Chapman Series}}
@article{goetz_evaluating_2015, title = {Evaluating Machine Learning and Statistical Prediction Techniques for Landslide Susceptibility Modeling}, author = {Goetz, J.N. and Brenning, A. and Petschko, H. and Leopold, P.}, year = {2015}, month = aug, journal = {Computers \& Geosciences}, volume = {81}, pages = {1--11}, doi = {10.1016/j.cageo.2015.04.007}, langid = {english}}
@article{hickman_transitions_2011, title = {Transitions to Low Carbon Transport Futures: Strategic Conversations from {{London}} and {{Delhi}}}, author = {Hickman, Robin and Ashiru, Olu and Banister, David}, year = {2011}, month = nov, journal = {Journal of Transport Geography}, series = {Special Section on {{Alternative Travel}} Futures}, volume = {19}, number = {6}, pages = {1553--1562}}
@article{brus_sampling_2018, title = {Sampling for Digital Soil Mapping: A Tutorial Supported by {{R}} Scripts}, author = {Brus, D. J.}, year = {2018}, month = aug, journal = {Geoderma}, doi = {10.1016/j.geoderma.2018.07.036}}
@article{issue_only, title = {Only an Issue Number}, author = {Oe, Jay}, year = {2004}, journal = {Journal}, number = {7}, pages = {5--9}}
@article{cawley_overfitting_2010, title = {On Over-Fitting in Model Selection and Subsequent Selection Bias in Performance Evaluation}, author = {Cawley, Gavin C. and Talbot, Nicola LC}, year = {2010}, journal = {Journal of Machine Learning Research}, volume = {11}, number = {Jul}, pages = {2079--2107}}
@article{obrien_interactive_2016, title = {Interactive Mapping for Large, Open Demographic Data Sets Using Familiar Geographical Features}, author = {O'Brien, Oliver and Cheshire, James}, year = {2016}, journal = {Journal of Maps}, volume = {12}, number = {4}, pages = {676--683}}
@article{tobler_computer_1970, title = {A Computer Movie Simulating Urban Growth in the {{Detroit}} Region}, author = {Tobler, Waldo R.}, year = {1970}, journal = {Economic geography}, pages = {234--240}}
@misc{karl2022, title = {Multi-Objective Hyperparameter Optimization -- An Overview}, author = {Karl, Florian and Pielok, Tobias and Moosbauer, Julia and Pfisterer, Florian and Coors, Stefan and Binder, Martin and Schneider, Lennart and Thomas, Janek and Richter, Jakob and Lang, Michel and others}, year = {2022}, eprint = {2206.07438}, archiveprefix = {arXiv}, primaryclass = {cs.LG}}
@misc{lundberg2019, title = {Consistent Individualized Feature Attribution for Tree Ensembles}, author = {Scott M. Lundberg and Gabriel G. Erion and Su-In Lee}, year = {2019}, doi = {10.48550/arxiv.1802.03888}, publisher = {arXiv}, url = {https://arxiv.org/abs/1802.03888}}
@misc{hengl_2021, title = {Global {{MODIS-based}} Snow Cover Monthly Long-Term (2000-2012) at 500 m}, author = {Hengl, T.}, year = {2021}, month = dec, publisher = {Zenodo}, version = {v1.0}, doi = {10.5281/zenodo.5774954}}
@dataset{hengl_data, title = {Aggregated Monthly Values}, author = {Hengl, Tomislav}, date = {2020-12}, publisher = {Zenodo}, version = {v1.1}, doi = {10.5281/zenodo.1}}
@incollection{chapter_pages, title = {The State and Humanitarianism}, author = {Foot, Rosemary}, booktitle = {The {{Oxford Handbook}} of the Responsibility to Protect}, editor = {Bellamy, Alex and Dunne, Tim}, publisher = {Oxford University Press}, address = {Oxford}, year = {2016}, pages = {101--118}, volume = {2}}
@inbook{Mingqiang08, title = {A Survey of Shape Feature Extraction Techniques}, author = {Mingqiang, Yang and Kidiyo, Kpalma and Joseph, Ronsin}, booktitle = {Pattern Recognition}, editor = {Yin, Peng-Yeng}, chapter = {3}, publisher = {IntechOpen}, address = {Rijeka}, year = {2008}}
@inproceedings{bawden1999, title = {Quasiquotation in Lisp}, author = {Bawden, Alan}, booktitle = {PEPM '99}, year = {1999}, pages = {4--12}, address = {San Antonio}}
@inproceedings{roo2003, title = {The {R.oo} Package}, author = {Henrik Bengtsson}, booktitle = {Proceedings of the 3rd International Workshop on Distributed Statistical Computing}, year = {2003}, editor = {Kurt Hornik and Friedrich Leisch}, address = {Vienna, Austria}, publisher = {TU Wien}, pages = {1--10}}
@techreport{nist, title = {Security and Privacy Controls}, author = {{Joint Task Force}}, institution = {National Institute of Standards}, address = {Gaithersburg, MD}, number = {800-53}, type = {Special Publication}, year = {2020}}
@report{wp2020, title = {A Working Paper}, author = {Roe, Jane}, institution = {NBER}, type = {Working paper}, series = {NBER Working Paper Series}, number = {5}, year = {2020}}
@techreport{bristol_2015, title = {Deprivation in {{Bristol}} 2015}, author = {{Bristol City Council}}, year = {2015}, institution = {Bristol City Council}}
@phdthesis{thesis2019, title = {A Thesis on Things}, author = {Toe, Jay}, year = {2019}, school = {MIT}, url = {https://example.org/thesis}}
@mastersthesis{thesis2018, title = {Another Thesis}, author = {Toe, Jay}, year = {2018}, school = {University of Bristol}}
@online{web2004, title = {A Web Page}, author = {Woe, Jay}, date = {2004-05-06}, url = {https://example.org}, organization = {Example Site}}
@online{site2005, title = {The Site's Page}, year = {2005}, url = {https://example.org/page}, organization = {Example Site}}
@unpublished{draft2005, title = {A Draft}, author = {Uoe, Jay}, year = {2005}, note = {Manuscript in preparation}}
@book{mv2000, title = {Collected Works}, author = {Moe, Jay}, year = {2000}, volume = {2}, publisher = {Penguin}}
"""

# Shapes met in more books' bibliographies, each with what pandoc does to it (casing, markup,
# quotations, links, order). Written here in the exporters' forms; no faults of pandoc's among them.
MORE_SHAPES = r"""
@misc{doe_tidy_nodate, title = {Why tidy tables matter}, url = {https://blog.example.org/tidy}, journal = {The Example Blog}, author = {Doe, Jane}, urldate = {2023-03-14}}
@misc{example_org_guide_nodate, title = {Sharing {Data} {Safely}}, url = {https://example.org/guide}, author = {{Example Org}}, urldate = {2022-10-05}}
@misc{noauthor_toolkit_nodate, title = {The {Open} {Toolkit}: {Practices} for {Teams}}, url = {https://toolkit.example.org/}, urldate = {2022-09-07}}
@misc{example_org_news_2022, title = {Data Day 2022}, url = {https://example.org/news}, author = {Example Org}, year = {2022}}
@article{roe_scaling_2019, title = {Scaling {{XGB}}oost with \emph{Sparse} Data and \textsc{Gpu} Kernels in {{R}}$^2$ Terms}, author = {Roe, Ann}, year = {2019}, journal = {Journal of {{Computing}}}, volume = {4}, number = {2}, pages = {e1234--e1240}}
@article{poe_crisis_2020, title = {The ``Replication Crisis'' Revisited: {Why} {\em p}-Values Mislead}, author = {Poe, Lee}, year = {2020}, journal = {Statistics Review}, volume = {12}, pages = {321--8}}
@article{qoe_eta_2018, title = {Estimating $\eta$ with $n = 10$ Samples}, author = {Qoe, Max}, year = {2018}, journal = {Methods}, volume = {3}, pages = {1-5, 7-9}}
@Manual{R-kbridge, title = {kbridge: R Interface to `Keras' and `TensorFlow'}, author = {Hoe, Dan}, year = {2021}, note = {R package version 0.2.1}, url = {https://CRAN.R-project.org/package=kbridge}}
@Manual{R-tabular, title = {tabular: Extension of data.frame for Fast Aggregation}, author = {Ioe, Eve}, year = {2022}, note = {R package version 1.14.2}}
@article{koe_trend_1953, title={Tests for trend: {II.} the two-sample case}, author={Koe, B and Loe, C}, journal={Biometrika}, volume={40}, number={1/2}, pages={120-131}, year={1953}}
@book{noe_letters_1999, title = {Letters of {Alexander} von {Humboldt} to his brother}, author = {Noe, Paul}, year = {1999}, publisher = {(in press)}}
@misc{Zoe2015a, title={Tools for the working analyst}, author={Zoe, Ann and Yoe, Ben and Xoe, Cid and Woe, Dan}, year={2015}}
@inproceedings{Zoe2015b, title={Faster tools for the working analyst}, author={Zoe, Ann and Yoe, Ben and Xoe, Cid and Woe, Dan and Voe, Eli}, booktitle={Proceedings of the Analyst Workshop}, year={2015}, pages={1--9}}
@Manual{R-sa, title = {sa: Simulated Annealing}, author = {Uoe, Kay and Toe, Lia}, year = {2023}}
@book{uoe_sample_2023, title = {Sample Surveys in Practice}, author = {Uoe, Kay and Toe, Lia}, year = {2023}, publisher = {CRC Press}}
@book{ooe_methods_2024, title = {Applied Methods}, editor = {Ooe, Kay and Lund, P. and Ott, Ivy}, year = {2024}, publisher = {CRC Press}}
@book{ooe_applied_2024, title = {Applied Methods in Practice}, author = {Ooe, Kay and Lund, Paula and Ott, Ivy}, year = {2024}, month = jan, publisher = {CRC Press}}
@misc{handbook_2020, title = {The Team Handbook: Practices for Small Groups}, year = {2020}, url = {https://handbook.example.org}}
@misc{web_nodate_title, title = {Welcome to the Tools Portal}, url = {https://tools.example.org}}
@article{pmid_only, title = {Binding of receptors in vitro}, author = {Soe, R. J.}, year = {1975}, journal = {Biochemical Notes}, volume = {24}, pages = {1651--1658}, pmid = {12345}}
@misc{kaggle_style, author = {DataOrg and Ray Coe}, title = {The Whale Challenge}, year = {2013}, howpublished = {\url{https://example.org/competitions/whale}}, note = {Kaggle}}
@incollection{ecml_style, title = {Interpretable models -- a brief history}, author = {Boe, Chris}, booktitle = {Workshops of the Conference}, editor = {Aa, A and Bb, B and Cc, C and Dd, D and Ee, E and Ff, F and Gg, G and Hh, H and Ii, I and Jj, J and Kk, K and Ll, L}, year = {2020}, pages = {417--431}, publisher = {Springer}, address = {Cham}}
@book{edited_others, title = {Edited with Others}, editor = {Eoe, Ann and Goe, Cid and others}, year = {2003}, publisher = {Pub}}
@book{gp_book, title = {Gaussian Processes}, publisher = {MIT Press}, year = {2006}, author = {Rasmussen, C}, journal = {Gaussian Processes for Machine Learning}}
@inbook{robins_inbook, title = {On the Impossibility of Inferring Causation}, author = {Robins, James M.}, year = {1999}, publisher = {The MIT Press}}
@article{eng_article, title = {Community-wide effects of bed nets}, author = {Hawley, William A.}, year = {2003}, journal = {The American journal of tropical medicine}, volume = {68}, number = {4 Suppl}, pages = {121--127}, langid = {eng}}
@book{feldman_comma, title = {The text mining handbook}, author = {R. Feldman{,} and J. Sanger}, publisher = {Cambridge University Press}, address = {Cambridge}, year = {2007}}
@incollection{chapter_translated, title = {A Chapter}, author = {Doe, Jane}, booktitle = {The Book}, editor = {Eoe, Ann}, translator = {Foe, Bob}, year = {2001}, publisher = {Pub}, pages = {1--10}}
@book{edited_translated, title = {Edited with Translator}, editor = {Eoe, Ann}, translator = {Foe, Bob}, year = {2002}, publisher = {Pub}}
@patent{widget_patent, title = {A Widget}, author = {Joe, Fay}, number = {US 123}, year = {2010}}
@misc{no_title_misc, author = {}, year = {2007}, url = {https://www.example.org/doc/syntax.html}, journal = {Example C Libraries}}
@misc{figures_a, title = {Figures}, author = {{Figshare}}, year = {2023}}
@misc{figures_b, title = {fair-figures}, author = {Figshare}, urldate = {2023-02-21}, url = {https://figures.example.org}}
"""


def compare(bib_text: str, edition: str):
    """Every reference (text, and its markup: italics, small capitals, links) and every in-text form
    of every entry, ours against pandoc's; one pandoc run."""
    bib = bibtex.parse_text(bib_text, "refs.bib")
    style = Style(bib, chicago.EIGHTEENTH if edition == "18" else chicago.SEVENTEENTH)
    refs, cites = oracle_forms(bib_text, list(bib.entries), edition=edition)
    listed = dict(style.reference_list(style.order))
    mismatches = []
    for key in style.order:
        ours, theirs = canonical_html(listed[key]), canonical_html(refs.get(key, ""))
        if ours != theirs:
            mismatches.append(f"reference {key}:\n  ours:   {ours}\n  pandoc: {theirs}")
        for form, theirs in zip(FORMS, cites[key]):
            citation = form.format(k=key)
            ours = normalise(render_citation(find_citations(citation)[0], style, lambda k: "#"))
            if ours != theirs:
                mismatches.append(f"citation {citation}:\n  ours:   {ours}\n  pandoc: {theirs}")
    return len(bib.entries), mismatches


@pytest.mark.parametrize("edition", ["17", "18"])
def test_exported_entry_shapes_match_citeproc(edition):
    count, mismatches = compare(SHAPES + MORE_SHAPES, edition)
    assert count == (SHAPES + MORE_SHAPES).count("\n@")
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.parametrize("edition", ["17", "18"])
def test_course_bibliography_matches_citeproc_in_both_editions(edition):
    from test_chicago_oracle import ROOT

    count, mismatches = compare((ROOT / "bibliography" / "references.bib").read_text(encoding="utf-8"), edition)
    assert count >= 4
    assert not mismatches, "\n".join(mismatches)
