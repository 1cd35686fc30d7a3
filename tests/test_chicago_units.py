"""The Chicago formatter's building blocks, table-driven (the oracle test covers whole entries).
Expected values are what pandoc's citeproc prints with the Chicago 17th edition CSL."""

import pytest

from coursekit.bib.bibtex import Name
from coursekit.style.rich import parse, plain_text, title_case
from coursekit.style.chicago import initials, locator_text, names_bib, names_short, page_range

PAGES = [
    ("3-10", "3–10"), ("71-72", "71–72"), ("96-117", "96–117"), ("100-104", "100–104"),
    ("1100-1113", "1100–1113"), ("101-108", "101–8"), ("808-833", "808–33"), ("1103-1104", "1103–4"),
    ("321-328", "321–28"), ("498-532", "498–532"), ("1087-1089", "1087–89"), ("1496-1500", "1496–500"),
    ("11564-11615", "11564–615"), ("12991-13001", "12991–3001"), ("1496-1504", "1496–504"), ("2787-2816", "2787–816"), ("615--634", "615–34"), ("15–43", "15–43"),
    ("xii", "xii"),
]


@pytest.mark.parametrize("pages, expected", PAGES, ids=[p for p, _ in PAGES])
def test_page_ranges_follow_chicago(pages, expected):
    assert page_range(pages) == expected


TITLES = [
    ("china and the global order: signaling threat or friendship?", "China and the Global Order: Signaling Threat or Friendship?"),
    ("debates in china about the responsibility to protect", "Debates in China about the Responsibility to Protect"),
    ("peacekeeping in africa after the cold war", "Peacekeeping in Africa After the Cold War"),
    ("china's non-intervention diplomacy", "China’s Non-Intervention Diplomacy"),
    ("the {UN} and {iPhone} users", "The UN and iPhone Users"),
    ("{XGB}oost and escaping {RGB}land", "XGBoost and Escaping RGBland"),
    ("data.table: extension of data.frame", "Data.table: Extension of Data.frame"),
    ("rank analysis: {I.} the method", "Rank Analysis: I. The Method"),
    ("segoptim—a new package and optimization–an overview", "Segoptim—a New Package and Optimization–an Overview"),
    ("alexander von humboldt and a page to look up", "Alexander von Humboldt and a Page to Look Up"),
    ("title: the subtitle", "Title: The Subtitle"),
    ("engagement with the world", "Engagement with the World"),
    ("ALLCAPS and iPhone kept", "ALLCAPS and iPhone Kept"),
]


@pytest.mark.parametrize("title, expected", TITLES, ids=[t for t, _ in TITLES])
def test_title_case_as_citeproc(title, expected):
    assert plain_text(title_case(parse(title))) == expected


FOOT = Name("Foot", "Rosemary")
WALTER = Name("Walter", "Andrew")
ICG = Name("International Crisis Group", literal=True)
OTHERS = Name("others")


@pytest.mark.parametrize("names, bib, short", [
    ([FOOT], "Foot, Rosemary", "Foot"),
    ([FOOT, WALTER], "Foot, Rosemary, and Andrew Walter", "Foot and Walter"),
    ([FOOT, WALTER, ICG], "Foot, Rosemary, Andrew Walter, and International Crisis Group", "Foot, Walter, and International Crisis Group"),
    ([FOOT, WALTER, ICG, FOOT], "Foot, Rosemary, Andrew Walter, International Crisis Group, and Rosemary Foot", "Foot et al."),
    ([FOOT, OTHERS], "Foot, Rosemary et al.", "Foot et al."),
    ([ICG], "International Crisis Group", "International Crisis Group"),
    ([Name("Wu", "A")], "Wu, A.", "Wu"),
])
def test_names(names, bib, short):
    assert names_bib(names) == bib
    assert names_short(names) == short


@pytest.mark.parametrize("given, expected", [("Yafei", "Y."), ("Alex J.", "A. J."), ("Jean-Paul", "J.-P.")])
def test_initials(given, expected):
    assert initials(given) == expected


@pytest.mark.parametrize("label, locator, expected", [
    ("page", "5", "5"), ("page", "33-35", "33–35"), ("section", "3", "sec. 3"), ("paragraph", "2-3", "paras. 2–3"),
    ("note", "4", "n. 4"), ("chapter", "2", "chap. 2"), ("", "12", "12"),
])
def test_locators(label, locator, expected):
    assert locator_text(label, locator) == expected
