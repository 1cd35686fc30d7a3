"""The course map: an SVG made at build time from course/guides.yml and the chapters' guide marks, on
the home page and the guides index. Valid XML, every node a link to a page or heading that exists,
every label escaped, a list of the same for screen readers, and nothing of it in the search index.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

from conftest import ROOT, base_config, resolve_link, run_mkdocs, scan

SVG = "{http://www.w3.org/2000/svg}"
_MARK = re.compile(r'^###\s+(.+?)\s*\{#([\w-]+)[^}]*data-guide="([^"]*)"[^}]*\}\s*$', re.MULTILINE)


def map_of(page: Path) -> tuple[ET.Element, str]:
    """The page's map as parsed XML (it must parse), and the text equivalent's HTML."""
    html = page.read_text(encoding="utf-8")
    svgs = re.findall(r'<svg class="course-map__svg".*?</svg>', html, re.DOTALL)
    assert len(svgs) == 1, page
    lists = re.findall(r'<details class="course-map__list">.*?</details>', html, re.DOTALL)
    assert len(lists) == 1, page
    return ET.fromstring(svgs[0]), lists[0]


def links(svg: ET.Element) -> list[ET.Element]:
    return list(svg.iter(f"{SVG}a"))


def marked_sections() -> dict[str, set[tuple[str, str]]]:
    """Each theme's stops, read straight from the chapters' headings (not through the engine), and
    from the guides' own ``read:`` lists."""
    stops: dict[str, set[tuple[str, str]]] = {}
    for path in (ROOT / "docs" / "chapters").glob("*.md"):
        uri = f"chapters/{path.name}"
        for title, anchor, marks in _MARK.findall(path.read_text(encoding="utf-8")):
            if anchor.startswith("q-"):  # a discussion question: the guide lists it, its path does not
                continue
            for mark in marks.split():
                stops.setdefault(mark.split(":")[0], set()).add((uri, anchor))
    for theme in yaml.safe_load((ROOT / "course" / "guides.yml").read_text(encoding="utf-8"))["themes"]:
        for extra in theme.get("read", []):
            uri, _, anchor = extra.removesuffix(" optional").partition("#")
            stops.setdefault(theme["id"], set()).add((uri, anchor))
    return stops


def test_the_map_is_on_the_home_page_and_the_guides_index(course_site):
    themes = yaml.safe_load((ROOT / "course" / "guides.yml").read_text(encoding="utf-8"))["themes"]
    stops = marked_sections()
    for page in (course_site.site / "index.html", course_site.site / "guides" / "index.html"):
        svg, as_list = map_of(page)
        assert svg.get("role") == "group" and svg.get("aria-label")
        nodes = links(svg)
        # Every node is a link to a page or heading that exists, with a name of its own.
        for node in nodes:
            path, fragment = resolve_link(page, node.get("href"))
            assert path is not None and path.exists(), node.get("href")
            assert not fragment or fragment in scan(path).ids, node.get("href")
            assert node.get("aria-label"), node.get("href")
        guide_nodes = [n for n in nodes if n.get("aria-label").startswith("Guide: ")]
        assert [n.get("aria-label").removeprefix("Guide: ") for n in guide_nodes] == [t["title"] for t in themes]
        # The sections on the map are those the guides walk through: the chapters' marks say which.
        on_map = {_target(page, n.get("href")) for n in nodes if "#" in n.get("href")}
        assert on_map == set().union(*stops.values())
        # The list holds the same: each guide, then the sections it walks through.
        for theme in themes:
            item = as_list[as_list.index(f">{theme['title']}</a>"):]
            item = item[: item.index("</ul></li>")]
            listed = {_target(page, href) for href in re.findall(r'href="([^"]+)"', item)}
            assert listed == stops[theme["id"]], theme["id"]


def _target(page: Path, href: str) -> tuple[str, str]:
    path, fragment = resolve_link(page, href)
    site = next(p for p in page.parents if (p / "index.html").exists() and (p / "search").exists())
    return path.parent.relative_to(site).as_posix() + ".md", fragment


def test_the_map_is_left_out_of_the_search_index(course_site):
    index = (course_site.site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "The map as a list" not in index and "course-map__svg" not in index


PARTS = ["learning-objectives", "key-arguments", "key-figures", "key-terms", "discussion-questions", "connections",
         "key-points"]
CHAPTER = ("---\ntitle: A chapter & more\nsource: footChinaUnitedStates2011\nthemes: [bad]\nreading_time: 1\n---\n\n"
           "## Summary {#summary}\n\n"
           '### Power </text><script>alert(2)</script> {#power data-guide="bad"}\n\nText.\n'
           + "".join(f"\n## {part.title()} {{#{part}}}\n" for part in PARTS))
HOSTILE = '</text><script>alert(1)</script> & "quoted" <b>bold</b>'


def test_every_label_is_escaped(make_project):
    guides = ("themes:\n  - id: bad\n    title: '" + HOSTILE + "'\n    why: Because.\n"
              "sessions:\n  - title: One\n    read:\n      - chapters/one.md\n")
    project = make_project({"docs/chapters/one.md": CHAPTER, "docs/index.md": "# Home\n\n<!-- course-map -->\n",
                            "course/guides.yml": guides}, config=base_config())
    build = run_mkdocs(project)
    assert build.returncode == 0, build.output
    svg, as_list = map_of(build.site / "index.html")
    # Each text's lines (its tspans), joined again: the guide's title as written, wrapped onto lines.
    texts = [" ".join(span.text or "" for span in t.iter(f"{SVG}tspan")) for t in svg.iter(f"{SVG}text")]
    assert texts[0] == HOSTILE
    assert any("Power </text><script>alert(2)</script>" in t for t in texts)
    assert not list(svg.iter(f"{SVG}script")) and not list(svg.iter("script"))
    assert "<script>" not in as_list and "&lt;script&gt;alert(1)" in as_list
