"""Real builds: citations render as links to existing anchors, with backlinks; bad keys fail."""

import re

import pytest

from conftest import base_config, build_env, resolve_link, run_mkdocs, scan

CHAPTER = """\
# Chapter one

## Power

Foot and Walter [-@footChinaUnitedStates2011, 5] write; see also [@bellamyChangingFaceHumanitarian2015, pp. 15-43].

## Beliefs

As @footChinaUnitedStates2011 [p. 7] note. Not citations: `[@code]`, write to me@example.org,
<https://example.org/@handle>, [a link](https://example.org/@x) and \\@escaped.

```
[@fenced]
```
"""



@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "file-urls"])
def test_citation_links_land_on_anchors_and_backlinks_return(make_project, directory_urls):
    project = make_project(
        {"docs/chapters/one.md": CHAPTER},
        config=base_config(use_directory_urls=directory_urls),
    )
    result = run_mkdocs(project, "--strict")
    assert result.returncode == 0, result.output
    site = project / "site"
    chapter = site / ("chapters/one/index.html" if directory_urls else "chapters/one.html")
    bibliography = site / ("bibliography/index.html" if directory_urls else "bibliography.html")
    html = chapter.read_text(encoding="utf-8")

    assert re.search(r"\(<a [^>]*>2011, 5</a>\)", html)
    assert ">Bellamy 2015, 15–43</a>" in html
    assert ">Foot and Walter</a> (<a" in html and ">2011, 7</a>)" in html
    assert "@code" in html and "me@example.org" in html and "@escaped" in html and "\\@" not in html
    assert html.count('class="citation"') == 3  # the code, e-mail, URL and link were left alone

    # Every citation link lands on an existing anchor of the bibliography page.
    links = [a for a in scan(chapter).links if a.get("class") == "citation-link"]
    assert len(links) == 4
    bib_ids = scan(bibliography).ids
    for link in links:
        path, fragment = resolve_link(chapter, link["href"])
        assert path == bibliography.resolve()
        assert fragment in bib_ids
        assert link["data-reference"].startswith(("Foot, Rosemary", "Bellamy, Alex J."))

    # The page ends with its References; the bibliography links back to each citing section.
    assert re.search(r'<h2 id="references">References', html)
    bib_html = bibliography.read_text(encoding="utf-8")
    entry = bib_html[bib_html.index('id="footChinaUnitedStates2011"'):]
    entry = entry[: entry.index("</div>")]
    cited_in = entry[entry.index("Cited in"):]
    # Grouped by the citing page: its title, how many sections, then each section.
    assert re.search(r'<span class="cited-in-page">Chapter one</span> <span class="cited-in-count">\(2 sections\)</span>',
                     cited_in)
    backlinks = re.findall(r'<a href="([^"]+)">([^<]+)</a>', cited_in)
    assert [text for _, text in backlinks] == ["Power", "Beliefs"]
    chapter_ids = scan(chapter).ids
    for href, _ in backlinks:
        path, fragment = resolve_link(bibliography, href)
        assert path == chapter.resolve()
        assert fragment in chapter_ids


def test_misspelled_key_fails_with_location_and_suggestion(make_project):
    project = make_project({"docs/one.md": "---\ntitle: One\n---\n\n# One\n\nText [@footChinaUnitedStates201, 5].\n\nAnd @bellamy.\n"})
    result = run_mkdocs(project)  # not even --strict: a broken citation always fails
    assert result.returncode != 0
    assert ("docs/one.md:7:7: unknown citation key 'footChinaUnitedStates201' — "
            "did you mean 'footChinaUnitedStates2011'?") in result.output
    assert "docs/one.md:9:5: unknown citation key 'bellamy'" in result.output
    assert "Traceback" not in result.output
    assert not (project / "site" / "one" / "index.html").exists()


def test_ci_gets_github_annotations(make_project):
    project = make_project({"docs/one.md": "# One\n\n[@nope]\n"})
    result = run_mkdocs(project, env=build_env(CI="true"))
    assert result.returncode != 0
    assert "::error file=docs/one.md,line=3,col=2::docs/one.md:3:2: unknown citation key 'nope'" in result.output


@pytest.mark.parametrize("mode, status, strict_status, said", [
    (None, 0, 0, False),  # the default, "list": shown in the bibliography, nothing said
    ("list", 0, 0, False),
    ("warn", 0, 1, True),
    ("error", 1, 1, True),
])
def test_an_uncited_work_is_listed_warned_or_refused_as_the_setting_says(make_project, mode, status, strict_status,
                                                                         said):
    files = {"docs/one.md": "# One\n\n[@footChinaUnitedStates2011]\n"}
    project = make_project(files, course_yml=f"uncited: {mode}\n" if mode else "")
    lenient = run_mkdocs(project)
    assert lenient.returncode == status, lenient.output
    message = ("bibliography/references.bib:9:1: 'bellamyChangingFaceHumanitarian2015' is cited nowhere — "
               f"cite it, or remove it (course/course.yml has 'uncited: {mode}')")
    assert (message in lenient.output) == said, lenient.output
    if status == 0:
        assert 'id="bellamyChangingFaceHumanitarian2015"' in lenient.html("bibliography/index.html")
    assert run_mkdocs(project, "--strict").returncode == strict_status


def test_every_bibtex_problem_reported_in_one_pass(make_project):
    bib = """\
@book{a2011, author = {A, B}, title = {One}, publisher = {P}, year = {2011}}
@book{a2011, author = {A, B}, title = {Two}, publisher = {P}, year = {2012}}
@article{b2012, author = {B, C}, title = {Three}, year = {2012}}
@book{c2013, author = {C, D}, title = {Four}, publisher = {P}, year = {2013}
"""
    project = make_project({"docs/one.md": "# One\n\n[@a2011; @b2012]\n"}, bib=bib)
    result = run_mkdocs(project, "--strict")  # each is a warning: c2013, which cannot be read, is cited nowhere
    assert result.returncode != 0
    out = result.output
    assert "bibliography/references.bib:2:1: duplicate key 'a2011' (first defined on line 1)" in out
    assert "bibliography/references.bib:3:1: @article 'b2012' lacks 'journal' or 'journaltitle'" in out
    assert "bibliography/references.bib:4:6: the entry 'c2013' is never closed — add '}' after its last field" in out
    assert "Traceback" not in out
