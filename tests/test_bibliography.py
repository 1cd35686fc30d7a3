"""The bibliography: every note of every source mapped and resolved, no work twice, every entry
complete; the bibliography page reads by source and A–Z."""

import re

import pytest

from conftest import ROOT, run_mkdocs, scan
from coursekit.bib import bibtex
from coursekit.course.notes import load_notes_dir

BIB = ROOT / "bibliography" / "references.bib"
# Note counts as the sources print them (shared/README.md): Foot 1-37, Fang, Li and Sun 1-26.
EXPECTED_NOTES = {"footChinaInternationalHuman": 37, "fangChinasEvolvingMotivations2018": 26}
SOURCES = ["footChinaInternationalHuman", "fangChinasEvolvingMotivations2018",
           "asiapacificcentrefortheresponsibilitytoprotectSpotlightR2PFirst2014",
           "ChinaUNPeacekeeping2009", "ngPostWaterConflicts", "hoPostCivilSociety",
           "claytonPostChinaSudan", "PostTibetanPlateau", "HumanSecurityApplied"]


@pytest.fixture(scope="module")
def bibliography():
    return bibtex.load(BIB, "bibliography/references.bib")


def test_bibliography_loads_without_a_problem(bibliography):
    assert bibliography.problems == []
    assert len(bibliography.entries) >= 70
    for key in SOURCES:
        assert key in bibliography.entries


@pytest.mark.parametrize("source, count", EXPECTED_NOTES.items())
def test_every_note_is_mapped_and_resolves(bibliography, source, count):
    maps, problems = load_notes_dir(ROOT / "bibliography" / "notes", ROOT, bibliography.entries)
    assert problems == []
    notes = maps[source].notes
    assert [n.number for n in notes] == list(range(1, count + 1))
    assert f"count: {count}" in (ROOT / "bibliography" / "notes" / f"{source}.yml").read_text()
    for note in notes:
        assert note.none or note.items, f"note {note.number} neither cites nor says why not"
        for item in note.items:
            assert item.key in bibliography.entries


def test_sources_without_notes_list_the_works_they_name(bibliography):
    maps, _ = load_notes_dir(ROOT / "bibliography" / "notes", ROOT, bibliography.entries)
    blog = maps["ChinaUNPeacekeeping2009"]
    assert "internationalcrisisgroupChinasGrowingRole2009" in blog.keys
    icrtop = maps["asiapacificcentrefortheresponsibilitytoprotectSpotlightR2PFirst2014"]
    assert "WorldSummitOutcome2005" in icrtop.keys


def test_one_work_cited_by_two_sources_is_one_entry(bibliography):
    """The ICG's 2009 report: Fang, Li and Sun's note 7 and the blog's first post."""
    maps, _ = load_notes_dir(ROOT / "bibliography" / "notes", ROOT, bibliography.entries)
    key = "internationalcrisisgroupChinasGrowingRole2009"
    note7 = maps["fangChinasEvolvingMotivations2018"].notes[6]
    assert key in [i.key for i in note7.items]
    assert key in maps["ChinaUNPeacekeeping2009"].keys
    titles = [bibtex.normalised_title(e.get("title")) for e in bibliography.entries.values()]
    assert len(titles) == len(set(titles))


def test_keys_follow_the_documented_scheme(bibliography):
    """ASCII; author part lower case (or empty), title words capitalised, year last when printed."""
    for key, entry in bibliography.entries.items():
        assert re.fullmatch(r"[a-z]*[A-Z0-9][A-Za-z0-9]*", key), key
        if entry.get("year"):
            assert key.endswith(entry.get("year")) or key[-1] in "ab", key
        else:
            assert not re.search(r"\d{4}$", key), key


def test_chinese_language_works_say_so(bibliography):
    chinese = [e for e in bibliography.entries.values() if e.get("language") == "chinese"]
    assert len(chinese) >= 8


def test_a_missing_note_and_an_unknown_key_fail_the_build(make_project):
    notes = 'source: footChinaUnitedStates2011\nnotes:\n  1: "@footChinaUnitedStates2011, p. 5"\n  3: "@bellamy"\n'
    project = make_project({"docs/one.md": "# One\n\n[@footChinaUnitedStates2011] [@bellamyChangingFaceHumanitarian2015]\n",
                            "bibliography/notes/foot.yml": notes})
    result = run_mkdocs(project)
    assert result.returncode != 0
    assert "bibliography/notes/foot.yml:4:3: note(s) 2 missing before note 3 — map every note 1..N" in result.output
    assert "bibliography/notes/foot.yml:4:" in result.output and "unknown citation key 'bellamy'" in result.output


def test_the_same_work_under_two_keys_warns_and_fails_the_strict_build(make_project):
    bib = ("@book{a2011, author = {A, B}, title = {China and {Global} Order}, publisher = {P}, year = {2011}}\n"
           "@book{b2011, author = {A, B}, title = {China and global order}, publisher = {P}, year = {2011}}\n")
    project = make_project({"docs/one.md": "# One\n\n[@a2011; @b2011]\n"}, bib=bib)
    message = ("bibliography/references.bib:2:1: 'b2011' is the same work as 'a2011' (line 1): same title and year"
               " — keep one entry and cite its key everywhere: pages cite both 'a2011' and 'b2011'")
    relaxed = run_mkdocs(project)
    assert relaxed.returncode == 0 and f"WARNING -  hooks/report: {message}" in relaxed.output
    strict = run_mkdocs(project, "--strict")
    assert strict.returncode != 0 and message in strict.output


def test_bibliography_page_reads_by_source_and_a_to_z(course_site, bibliography):
    page = course_site.site / "bibliography" / "index.html"
    html = page.read_text(encoding="utf-8")
    ids = scan(page).ids
    assert {"by-source", "a-z"} <= ids
    assert set(bibliography.entries) <= ids
    # Each source's section lists its works with their note numbers, linked to the A–Z entries.
    # By source: in course order (the order the sessions introduce the chapters: Foot, the 2014
    # dialogue, Fang, Li and Sun, the blog), each headed by its chapter's title and linked to it.
    headings = re.findall(r'<h3 id="source-([^"]+)"', html)
    assert headings == ["footchinainternationalhuman", "asiapacificcentrefortheresponsibilitytoprotectspotlightr2pfirst2014",
                        "fangchinasevolvingmotivations2018", "chinaunpeacekeeping2009"]
    assert '<a class="source-chapter" href="../chapters/foot-human-protection/">Read the chapter</a>' in html
    assert re.search(r'href="#internationalcrisisgroupChinasGrowingRole2009">International Crisis Group 2009</a>'
                     r' <span class="cited-notes">\(note 7\)', html)
    # A–Z order is the style's order, and every entry shows where it is cited.
    order = re.findall(r'<div class="csl-entry" id="([^"]+)"', html)
    assert len(order) == len(bibliography.entries)
    entry = html[html.index('id="bellamyChangingFaceHumanitarian2015"'):]
    entry = entry[: entry.index("</div>")]
    assert "<strong>Cited in</strong>" in entry and "Notes in this source" in entry


def test_a_notes_map_that_stops_early_fails_the_build(make_project):
    notes = ('source: footChinaUnitedStates2011\ncount: 3\nnotes:\n  1: "@footChinaUnitedStates2011, p. 5"\n'
             '  2: "@bellamyChangingFaceHumanitarian2015"\n')
    project = make_project({"docs/one.md": "# One\n\n[@footChinaUnitedStates2011]\n",
                            "bibliography/notes/foot.yml": notes})
    result = run_mkdocs(project)
    assert result.returncode != 0
    assert "bibliography/notes/foot.yml:2:1: note(s) 3 of 3 not mapped — map every note 1..N of the source" in result.output
