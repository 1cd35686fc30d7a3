"""The order of a course that writes no nav: its pages as a person reads numbers, the build's last."""

from __future__ import annotations

from coursekit.course.order import course_pages_last, natural_key

from conftest import run_mkdocs


def test_pages_sort_as_people_read_numbers():
    pages = ["part-10/a.md", "10-end.md", "2-middle.md", "index.md", "part-2/b.md", "part-2/index.md",
             "Appendix.md", "part-2/sub/c.md", "1-start.md"]
    assert sorted(pages, key=natural_key) == [
        "index.md", "1-start.md", "2-middle.md", "10-end.md", "Appendix.md",
        "part-2/index.md", "part-2/b.md", "part-2/sub/c.md", "part-10/a.md"]


def test_the_build_pages_come_last_in_the_order_given():
    key = course_pages_last(["guides/", "glossary.md", "bibliography.md"])
    pages = ["bibliography.md", "z.md", "guides/index.md", "glossary.md", "a.md", "guides/r2p.md"]
    assert sorted(pages, key=key) == ["a.md", "z.md", "guides/index.md", "guides/r2p.md", "glossary.md",
                                      "bibliography.md"]


def test_without_a_nav_the_navigation_follows_the_files(make_project):
    """The nav MkDocs would make lists part-10 before part-2, and the generated pages among the others."""
    project = make_project({f"docs/part-{n}/ch.md": f"# Chapter {n}\n\n[@footChinaUnitedStates2011]\n"
                            for n in (1, 2, 10)} | {"docs/zeta.md": "# Zeta\n"})
    (project / "docs" / "bibliography.md").unlink()
    result = run_mkdocs(project, "--strict")
    assert result.returncode == 0, result.output
    html = result.html("index.html")
    nav = html[html.index("md-nav--primary"): html.index("md-sidebar--secondary")]
    order = [href for href in nav.split('href="')[1:]]
    order = [href.split('"', 1)[0] for href in order]
    wanted = ["zeta/", "part-1/ch/", "part-2/ch/", "part-10/ch/", "bibliography/"]
    assert [h for h in dict.fromkeys(order) if h in wanted] == wanted
