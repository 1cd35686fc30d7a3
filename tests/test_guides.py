"""Reading guides: generated at build time, linked both ways, validated with locations."""

import re

import pytest

from conftest import ROOT, broken_links, run_mkdocs

GUIDES = ["sovereignty", "r2p", "peacekeeping", "development", "human-security", "status", "civil-society"]


def test_guides_are_generated_not_committed():
    assert not (ROOT / "docs" / "guides").exists()
    for name in ("course-path.md", "key-points.md", "glossary.md"):
        assert not (ROOT / "docs" / name).exists()


@pytest.mark.parametrize("guide", GUIDES)
def test_each_guide_is_built_and_every_link_lands(course_site, guide):
    page = course_site.site / "guides" / guide / "index.html"
    html = page.read_text(encoding="utf-8")
    for anchor in ("why-it-matters", "reading-path", "key-works", "key-terms", "see-also"):
        assert f'id="{anchor}"' in html, anchor
    assert broken_links(page) == []
    # The reading path links to exact chapter headings, each marked required or optional with a time.
    rows = re.findall(r'<tr>\s*<td>\d+</td>\s*<td><a href="([^"]+)">.*?</td>.*?<td>(required|optional)</td>\s*<td>(\d+) min</td>',
                      html, re.DOTALL)
    assert rows, "a guide has a reading path"
    assert all("#" in href and "chapters/" in href for href, _, _ in rows)


def test_guides_are_in_navigation_and_search(course_site):
    index = (course_site.site / "search" / "search_index.json").read_text(encoding="utf-8")
    home = (course_site.site / "index.html").read_text(encoding="utf-8")
    for guide in GUIDES:
        assert f"guides/{guide}/" in index
        assert f'href="guides/{guide}/"' in home


def test_backlinks_from_chapters_bibliography_and_glossary(course_site):
    site = course_site.site
    chapter = site / "chapters" / "foot-human-protection" / "index.html"
    html = chapter.read_text(encoding="utf-8")
    box = html[html.index("In these reading guides"):]
    box = box[: box.index("</div>")]
    assert 'href="../../guides/sovereignty/"' in box and 'href="../../guides/r2p/"' in box
    assert broken_links(chapter) == []

    bibliography = site / "bibliography" / "index.html"
    bib = bibliography.read_text(encoding="utf-8")
    entry = bib[bib.index('id="WorldSummitOutcome2005"'):]
    entry = entry[: entry.index("</div>")]
    assert re.search(r'In reading guides:</strong> <a href="../guides/r2p/#key-works">R2P and its three pillars</a>', entry)
    assert broken_links(bibliography) == []

    glossary = site / "glossary" / "index.html"
    gl = glossary.read_text(encoding="utf-8")
    r2p = gl[gl.index('id="r2p"'):]
    r2p = r2p[: r2p.index("<h2")]
    assert 'href="../guides/r2p/"' in r2p
    assert broken_links(glossary) == []


def test_course_path_and_key_points(course_site):
    path = course_site.site / "course-path" / "index.html"
    html = path.read_text(encoding="utf-8")
    sessions = re.findall(r'id="session-\d+"', html)
    assert len(sessions) == 5
    assert re.search(r"Reading time: about \d+ min", html)
    assert broken_links(path) == []
    points = course_site.site / "key-points" / "index.html"
    assert len(re.findall(r'id="kp-', points.read_text(encoding="utf-8"))) == 4
    assert broken_links(points) == []


CHAPTER = """\
---
source: footChinaUnitedStates2011
themes: [power, orphan]
reading_time: 5
---

# A chapter

## Summary {#summary}

### Power {#power data-guide="power"}

Text [@footChinaUnitedStates2011, 3] and [@bellamyChangingFaceHumanitarian2015].
"""

GUIDES_YML = """\
themes:
  - id: power
    title: Power
    why: Because [@footChinaUnitedStates2011].
    works:
      - key: footChinaUnitedStates201
        note: A typo.
    terms: [r2q]
    read:
      - chapters/one.md#powr
      - chapters/two.md
sessions:
  - title: One
    read:
      - guide:powr
"""


def test_bad_guide_data_fails_with_locations_and_fixes(make_project):
    files = {
        "docs/chapters/one.md": CHAPTER,
        "course/guides.yml": GUIDES_YML,
        "course/glossary.yml": "- id: r2p\n  term: R2P\n  expansion: Responsibility to Protect\n  definition: A norm.\n",
    }
    project = make_project(files, course_yml="sources_dir: sources\n")
    result = run_mkdocs(project)
    assert result.returncode != 0
    out = result.output
    assert ("course/guides.yml:6:9: guide 'power' lists unknown work 'footChinaUnitedStates201'"
            " — did you mean 'footChinaUnitedStates2011'?") in out
    assert "course/guides.yml:8:13: guide 'power' names unknown glossary term 'r2q' — did you mean 'r2p'?" in out
    assert "course/guides.yml:10:9: guide 'power' names unknown section '#powr' of 'chapters/one.md' — did you mean 'power'?" in out
    assert "course/guides.yml:11:9: guide 'power' names unknown chapter 'chapters/two.md' — did you mean 'chapters/one.md'?" in out
    assert "course/guides.yml:15:9: session 'One' names unknown guide 'powr' — did you mean 'power'?" in out
    assert "docs/chapters/one.md:3:17: theme 'orphan' has no reading guide — define it in course/guides.yml" in out
    assert "Traceback" not in out


def test_a_bad_key_in_a_glossary_definition_is_reported_where_it_is_written(make_project):
    glossary = ("- id: r2p\n  term: R2P\n  expansion: Responsibility to Protect\n"
                "  definition: A norm [@footChinaUnitedStates201, 3].\n")
    project = make_project({"docs/one.md": "# One\n\n[@footChinaUnitedStates2011] [@bellamyChangingFaceHumanitarian2015]\n",
                            "course/glossary.yml": glossary})
    result = run_mkdocs(project)
    assert result.returncode != 0
    assert ("course/glossary.yml:4:15: unknown citation key 'footChinaUnitedStates201'"
            " — did you mean 'footChinaUnitedStates2011'?") in result.output
    assert "docs/glossary.md" not in result.output  # the generated page is not blamed
