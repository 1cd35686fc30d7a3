"""``python -m coursekit render``: the course as Markdown with everything the hooks add, built by plain
MkDocs (no hook) into the same pages as the hooks' build: the same anchors, links, citations (target,
work, hover text), backlinks, text and search index, for the hosted site and the offline pack."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from check_support import run_check
from conftest import ROOT, base_config, build_env, run_mkdocs
from outputs_support import broken_links, external_resources
from render_support import (
    build_tree, copy_project, raw_citations, render,
)
from site_compare import differences
from test_browser import COURSE_SEARCH_WORD, browser, pack_site, reader_journey  # noqa: F401 (a fixture)

sys.path.insert(0, str(ROOT / "hooks"))
from coursekit.course import navigation  # noqa: E402
from coursekit.render import headings, urls  # noqa: E402


def _search_texts(site: Path) -> dict[str, tuple[str, str]]:
    """Each entry of the search index, its text's white space folded (a line break may stand where
    the hooks left a comment)."""
    path = site / "search" / "search_index.json"
    if path.exists():
        index = json.loads(path.read_text(encoding="utf-8"))
    else:  # the pack's: the offline plugin's script
        index = json.loads((site / "search" / "search_index.js").read_text(encoding="utf-8").split("=", 1)[1].rstrip(";\n"))
    return {doc["location"]: (doc["title"], " ".join(doc["text"].split())) for doc in index["docs"]}


def test_the_rendered_course_is_plain_markdown_with_a_configuration_without_hooks(rendered_course):
    tree = rendered_course
    config = yaml.safe_load((tree / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "hooks" not in config
    assert not (tree / "hooks").exists()
    chapter = (tree / "docs" / "chapters" / "foot-human-protection.md").read_text(encoding="utf-8")
    assert "[@" not in chapter and 'class="citation-link"' in chapter
    assert "## References {#references}" in chapter and "## Notes in this source {#notes-in-this-source}" in chapter
    for page in ("course-path.md", "key-points.md", "glossary.md", "guides/index.md", "guides/r2p.md",
                 "whole-course.md", "bibliography.md"):
        assert (tree / "docs" / page).is_file(), page
    assert 'class="cited-in"' in (tree / "docs" / "bibliography.md").read_text(encoding="utf-8")


def test_plain_mkdocs_builds_the_rendered_site_as_the_hooks_build_it(rendered_course, course_site):
    assert differences(course_site.site, rendered_course / "site") == []
    assert raw_citations(rendered_course / "site") == {}


def test_the_rendered_site_indexes_the_same_text_for_search(rendered_course, course_site):
    assert _search_texts(rendered_course / "site") == _search_texts(course_site.site)


def test_plain_mkdocs_builds_the_rendered_pack_as_the_hooks_build_it(rendered_course, course_pack):
    pack = rendered_course / "pack"
    assert differences(course_pack, pack) == []
    assert (pack / "search" / "search_index.js").is_file()
    assert (pack / "assets" / "vendor" / "iframe-worker" / "shim.js").is_file()
    for page in sorted(pack.rglob("*.html")):
        if page.name == "404.html":
            continue
        assert external_resources(page) == [], page
        assert broken_links(page, pack) == [], page
    assert "course-pack.zip" not in (pack / "index.html").read_text(encoding="utf-8")  # the download link: site only


def test_the_rendered_pack_indexes_the_same_text_for_search(rendered_course, course_pack):
    assert _search_texts(rendered_course / "pack") == _search_texts(course_pack)


def test_the_rendered_pack_in_the_browser(browser, rendered_course):
    """The reader's journey of tests/test_browser.py on the render's pack, from file://: the nav, search,
    a citation's hover preview, a backlink, the whole course and its print; no request leaves, no
    script fails. (The site's pages are the same but for their addresses, compared above.)"""
    watch = reader_journey(browser, pack_site(rendered_course / "pack", COURSE_SEARCH_WORD, False))
    assert (watch.outside, watch.errors) == ([], [])


def test_a_real_difference_is_seen(rendered_course, tmp_path):
    """Break the tree (a citation's hover text, a backlink's section) and the comparison says where."""
    tree = tmp_path / "tree"
    shutil.copytree(rendered_course, tree, ignore=shutil.ignore_patterns("site", "pack"))
    chapter = tree / "docs" / "chapters" / "fang-li-sun-peacekeeping.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace('data-reference="', 'data-reference="Wrong. ', 1), encoding="utf-8")
    bibliography = tree / "docs" / "bibliography.md"
    text = bibliography.read_text(encoding="utf-8")
    bibliography.write_text(text.replace("#summary", "#key-figures", 1), encoding="utf-8")
    built = build_tree(tree)
    assert built.returncode == 0, built.stdout + built.stderr
    found = differences(rendered_course / "site", tree / "site")
    assert any(d.startswith("chapters/fang-li-sun-peacekeeping/index.html: citations differ") for d in found), found
    assert any(d.startswith("bibliography/index.html: backlinks differ") for d in found), found


def test_without_its_hooks_a_host_leaves_citations_as_text_and_the_smoke_check_says_so(tmp_path):
    """What Zensical does to a course with hooks (it ignores them): the raw text is counted."""
    project = copy_project(tmp_path / "project")
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("hooks")
    config["strict"] = False
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", "site"], cwd=project,
                          env=build_env(), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    raw = raw_citations(project / "site")
    assert raw.get("chapters/foot-human-protection/index.html", 0) > 50, raw


# -- A small course that exercises the render's edges ------------------------------------------------

EDGES_BIB = """\
@book{footChinaUnitedStates2011,
  author = {Foot, Rosemary and Walter, Andrew},
  title = {China, the United States and Global Order},
  publisher = {Cambridge University Press}, address = {Cambridge}, year = {2011}
}
@report{unReport2005,
  author = {{UN}},
  title = {In Larger Freedom},
  institution = {United Nations}, year = {2005}
}
@article{bellamyChangingFaceHumanitarian2015,
  author = {Bellamy, Alex J.},
  title = {The Changing Face of Humanitarian Intervention},
  journal = {St Antony's International Review}, volume = {11}, number = {1}, year = {2015}, pages = {15-43}
}
"""

EDGES_GLOSSARY = """\
- id: un
  term: UN
  expansion: United Nations
  definition: The United Nations [@unReport2005, 3].
"""

EDGES_ONE = """\
# Part one, first *chapter*

Text citing [@footChinaUnitedStates2011, 5] and the UN's report [@unReport2005, p. 2] with a
note^[A note citing @bellamyChangingFaceHumanitarian2015 [p. 16].] and a written footnote[^own].

## Summary

Narrative @footChinaUnitedStates2011 [6] and [see @bellamyChangingFaceHumanitarian2015, 20; @unReport2005].
See [the other chapter](../part-2/second.md#a-second-look) and [below](#summary_1).

## Summary

A second section of the same name, [-@unReport2005]. Pages: [@footChinaUnitedStates2011, with
[the glossary](../glossary.md#un) and `code`].

## A heading citing [@unReport2005]

Setext below
------------

<p class="online-only">Only online.</p>

[^own]: The page's own footnote, citing [@footChinaUnitedStates2011, 9].
"""

EDGES_TWO = """\
# Second chapter

## A second look

Back to [the first](../part-1/first.md#summary) [@bellamyChangingFaceHumanitarian2015, 21].
"""


@pytest.fixture(scope="module")
def edges(tmp_path_factory):
    """The edges course built by the hooks, and its render built by plain MkDocs (site and pack)."""
    from conftest import write_project

    work = tmp_path_factory.mktemp("edges")
    config = base_config()  # no nav: the hooks write one, and so must the render
    project = write_project(work / "project", {
        "docs/part-1/first.md": EDGES_ONE,
        "docs/part-2/second.md": EDGES_TWO,
        "course/glossary.yml": EDGES_GLOSSARY,
        "mkdocs.offline.yml": (ROOT / "mkdocs.offline.yml").read_text(encoding="utf-8"),
    }, bib=EDGES_BIB, config=config, course_yml="whole_course: true\n")
    (project / "docs" / "bibliography.md").unlink()  # the build makes the page
    for config_file, site in (("mkdocs.yml", "site"), ("mkdocs.offline.yml", "pack")):
        built = run_mkdocs(project, "--strict", "--config-file", config_file, "--site-dir", str(work / f"hooks-{site}"))
        assert built.returncode == 0, built.output
    proc = render(project, work / "tree")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for config_file, site in (("mkdocs.yml", "site"), ("mkdocs.offline.yml", "pack")):
        built = build_tree(work / "tree", config_file, site=site)
        assert built.returncode == 0, built.stdout + built.stderr
    return work


@pytest.mark.parametrize("output", ["site", "pack"])
def test_the_edges_render_as_the_hooks_render_them(edges, output):
    assert differences(edges / f"hooks-{output}", edges / "tree" / output) == []
    assert raw_citations(edges / "tree" / output) == {}


def test_the_edges_course_has_what_it_tests(edges):
    """The comparison above holds because both builds have these, not because neither has."""
    site = edges / "hooks-site"
    first = (site / "part-1" / "first" / "index.html").read_text(encoding="utf-8")
    assert 'id="summary_1"' in first and 'id="setext-below"' in first
    assert first.count('class="footnote-ref"') == 2
    # The glossary's UN is a tooltip in the text, never inside a citation's link (the hooks keep it out).
    assert '<abbr title="United Nations">UN</abbr>' in first
    cited = re.findall(r'data-cite="unReport2005"[^>]*>([^<]*)</a>', first)
    assert "UN 2005, 2" in cited
    assert (site / "bibliography" / "index.html").read_text(encoding="utf-8").count('class="cited-in"') == 3
    whole = (site / "whole-course" / "index.html").read_text(encoding="utf-8")
    assert 'href="#part-2-second--a-second-look"' in whole and 'id="fn:part-1-first--own"' in whole


def test_render_reports_every_problem_as_check_does_and_writes_nothing(make_project, tmp_path):
    project = make_project({"docs/one.md": "# One\n\n[@nosuchKey2020] and [@footChinaUnitedStates2011, 5].\n"})
    proc = render(project, tmp_path / "tree")
    assert proc.returncode == 1
    assert not (tmp_path / "tree").exists()
    check = run_check(project)
    assert proc.stdout == check.stdout
    assert "docs/one.md:3:2: unknown citation key 'nosuchKey2020'" in proc.stdout


def test_render_never_writes_into_the_project(make_project):
    project = make_project({"docs/one.md": "# One\n"})
    proc = render(project, project / "docs" / "rendered")
    assert proc.returncode == 2 and "would overwrite the project" in proc.stderr
    assert not (project / "docs" / "rendered").exists()


# -- The rules the render shares with MkDocs, held to MkDocs ------------------------------------------

_WORD = st.sampled_from(["Summary", "Key points", "R2P", "C#", "Über", "a_b", "x*y*", "`code`", "2", "A & B",
                         "[link](x.md)", "Summary_1", "summary", "", "Ünïcödé", "why?", "<span>x</span>"])


@settings(max_examples=150, deadline=None)
@example([(1, ["C#", ""], "")])  # "# C# ": the hash is text, and must stay so when the id is written
@given(st.lists(st.tuples(st.integers(1, 4), st.lists(_WORD, min_size=1, max_size=3),
                          st.sampled_from(["", " {#summary}", " {#x}", " {.cls}", " {#summary_1}"])),
                min_size=1, max_size=6))
def test_heading_ids_are_the_toc_extensions(items):
    page = "\n\n".join(f"{'#' * level} {' '.join(words)}{attrs}" for level, words, attrs in items) + "\n"
    md = markdown.Markdown(extensions=["toc", "attr_list"])
    html = md.convert(page)
    expected = re.findall(r'<h[1-6][^>]*\sid="([^"]*)"', html)
    assert [h.id for h in headings.find(page)] == expected
    written, _ = headings.with_ids(page)
    assert re.findall(r'<h[1-6][^>]*\sid="([^"]*)"', markdown.Markdown(extensions=["toc", "attr_list"]).convert(written)) \
        == expected


@pytest.mark.parametrize("directory_urls", [True, False])
def test_page_addresses_are_mkdocs_own(directory_urls):
    from mkdocs.structure.files import File

    paths = ["index.md", "bibliography.md", "chapters/one.md", "chapters/index.md", "a/b/c.md", "README.md",
             "a/README.md", "assets/x.png", "with space.md", "ünï.md"]
    files = {p: File(p, "docs", "site", directory_urls) for p in paths}
    for src, file in files.items():
        assert urls.url(src, directory_urls) == file.url
        for other, there in files.items():
            assert urls.link(other, src, "", directory_urls) == file.url_relative_to(there), (src, other)


def test_the_nav_of_a_course_without_one_nests_as_mkdocs_nests_it():
    from mkdocs.utils import nest_paths

    paths = ["index.md", "part-1/a.md", "part-1/b.md", "Part_Two/c.md", "part-1/deep/d.md", "z.md"]
    assert navigation.nest_paths(paths) == nest_paths(paths)
