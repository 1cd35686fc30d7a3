"""The four chapters: each exists, cites its source with pinpoints, has every required part, and
quotes its source verbatim; the glossary shows as tooltips on every page."""

import re

import pytest

from conftest import ROOT, run_mkdocs, scan
from coursekit.bib import bibtex
from coursekit.course.chapters import REQUIRED_PARTS, parse_chapter, structure_problems
from coursekit.cite.parse import find_citations
from coursekit.course.model import load
from coursekit.course.quotes import check_chapter, quotations, read_sources

CHAPTERS = {
    "foot-human-protection.md": ["footChinaInternationalHuman"],
    "fang-li-sun-peacekeeping.md": ["fangChinasEvolvingMotivations2018"],
    "human-security-blog.md": ["ChinaUNPeacekeeping2009", "ngPostWaterConflicts", "hoPostCivilSociety",
                               "claytonPostChinaSudan", "PostTibetanPlateau", "HumanSecurityApplied"],
    "icrtop-ciis-apr2p-dialogue.md": ["asiapacificcentrefortheresponsibilitytoprotectSpotlightR2PFirst2014"],
}
SOURCES_DIR = ROOT.parent / "shared" / "sources"


def chapter(name):
    path = ROOT / "docs" / "chapters" / name
    parsed, problems = parse_chapter(path.read_text(encoding="utf-8"), f"docs/chapters/{name}", f"chapters/{name}",
                                    all_bodies=True)
    assert problems == []
    return parsed


@pytest.mark.parametrize("name, sources", CHAPTERS.items())
def test_chapter_has_front_matter_and_every_part(name, sources):
    parsed = chapter(name)
    assert parsed.sources == sources
    assert parsed.themes and parsed.meta["reading_time"] > 0
    keys = bibtex.load(ROOT / "bibliography" / "references.bib").entries
    assert structure_problems(parsed, keys, None) == []
    assert {s.anchor for s in parsed.sections} >= set(REQUIRED_PARTS)
    assert len(parsed.questions) >= 3


@pytest.mark.parametrize("name, sources", CHAPTERS.items())
def test_every_summary_paragraph_cites_its_source_with_a_locator(name, sources):
    parsed = chapter(name)
    text = (ROOT / "docs" / "chapters" / name).read_text(encoding="utf-8")
    cited = [i for c in find_citations(text) for i in c.items]
    assert any(i.key in sources for i in cited)
    # Pinpoints: Foot and Fang have pages; the ICRtoP page paragraphs; each blog post is its own entry.
    if name in ("foot-human-protection.md", "fang-li-sun-peacekeeping.md", "icrtop-ciis-apr2p-dialogue.md"):
        own = [i for i in cited if i.key in sources]
        located = [i for i in own if i.locator]
        # A few cite the whole document (its title, its byline); nearly all pinpoint a page or paragraph.
        assert own and len(located) >= 0.9 * len(own), f"{len(located)} of {len(own)} citations pinpointed"
    summary = [s for s in parsed.sections if s.parent == "summary"]
    assert summary
    for section in summary:
        for paragraph in re.split(r"\n\s*\n", section.body):
            # Lists are introduced by a cited sentence; tables and quotes carry their own.
            if len(paragraph.split()) > 25 and not re.match(r"\s*(?:[*>|-]|\d+\.)", paragraph):
                assert "@" in paragraph, f"{name} #{section.anchor}: a paragraph without a citation"


@pytest.mark.skipif(not SOURCES_DIR.is_dir(), reason="the source texts are not beside the project")
@pytest.mark.parametrize("name", CHAPTERS)
def test_every_quotation_is_verbatim(name):
    course = load(ROOT)
    parsed = chapter(name)
    sources = read_sources([course.source_texts[k] for k in parsed.sources])
    text = (ROOT / "docs" / "chapters" / name).read_text(encoding="utf-8")
    assert quotations(text), "a chapter quotes its source at least once"
    assert check_chapter(text, f"docs/chapters/{name}", sources) == []


def test_quote_check_fails_a_misquotation_with_its_location(make_project, tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "src.txt").write_text("The Council’s understanding has ‘noticeably widened’ since the 1990s.\n")
    page = ('---\nsource: footChinaUnitedStates2011\n---\n\n# One\n\nIt has "noticeably widened" since the 1990s '
            '[@footChinaUnitedStates2011, 1], and “greatly widened” too [@bellamyChangingFaceHumanitarian2015].\n')
    course_yml = f"sources_dir: {sources}\nsource_texts:\n  footChinaUnitedStates2011: src.txt\n"
    project = make_project({"docs/one.md": page}, course_yml=course_yml)
    result = run_mkdocs(project)
    assert result.returncode != 0
    assert ("docs/one.md:7:82: quotation not found verbatim in the source text (src.txt): “greatly widened”"
            " — copy the words exactly as the source prints them") in result.output
    assert "noticeably widened" not in result.output


def test_glossary_tooltips_on_every_page_and_glossary_anchors(course_site):
    site = course_site.site
    for page in ["index.html", "chapters/foot-human-protection/index.html", "glossary/index.html",
                 "guides/r2p/index.html"]:
        html = (site / page).read_text(encoding="utf-8")
        html = html[html.index("<article"): html.index("</article>")]
        if "R2P" in re.sub(r"<[^>]+>", "", html):
            assert '<abbr title="Responsibility to Protect">R2P</abbr>' in html, page
    glossary = site / "glossary" / "index.html"
    ids = scan(glossary).ids
    for name in CHAPTERS:
        for link in re.findall(r"glossary\.md#([\w-]+)", (ROOT / "docs" / "chapters" / name).read_text()):
            assert link in ids


def test_chapters_end_with_their_notes_and_references(course_site):
    html = (course_site.site / "chapters" / "foot-human-protection" / "index.html").read_text(encoding="utf-8")
    assert html.index('id="notes-in-this-source"') < html.index('id="references"')
    notes = re.findall(r'<li value="(\d+)" id="note-\d+">', html)
    assert notes == [str(n) for n in range(1, 38)]
    assert re.search(r'<li value="6" id="note-6"><a class="citation-link"[^>]*>Bellamy 2015, 16</a>', html)
