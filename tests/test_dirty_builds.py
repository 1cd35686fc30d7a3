"""``--dirty`` builds (hooks/incremental.py): MkDocs renders only the edited chapter, and every page
made from many (the bibliography's "Cited in", the whole-course page, the key points, the search
index and the pack's copy of it) is byte for byte what a full build of the same files writes.

One synthetic course (the benchmark's, four chapters), edited in turn; each dirty build runs in a
fresh process, so its state comes from ``.cache/``; the last test runs two in one process, as
``mkdocs serve --dirty`` does.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, build_env

sys.path.insert(0, str(ROOT))
from bench import corpus  # noqa: E402

CROSS_PAGE = ("bibliography/index.html", "whole-course/index.html", "key-points/index.html",
              "course-path/index.html", "guides/index.html", "search/search_index.json")
EDITED, OTHER = "chapters/ch0001", "chapters/ch0003"


def _mkdocs(project: Path, config: str, site: str, *args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", config, "-d", site, *args], cwd=project,
                          env=build_env(), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    project = corpus.write(tmp_path_factory.mktemp("dirty") / "course", corpus.Size(4, 80), 40, with_pages=False)
    pack = yaml.safe_load((project / "mkdocs-ours.yml").read_text(encoding="utf-8"))
    plugins = pack["plugins"]
    pack["plugins"] = {**plugins, "offline": {}} if isinstance(plugins, dict) else [*plugins, "offline"]
    (project / "mkdocs-pack.yml").write_text(yaml.safe_dump(pack), encoding="utf-8")
    _mkdocs(project, "mkdocs-ours.yml", "site", "--dirty")  # the first: every page, and each one's record
    _mkdocs(project, "mkdocs-pack.yml", "pack", "--dirty")
    return project


def _uncited_in(project: Path, chapter: str) -> str:
    """A work that ``chapter`` does not cite (and another chapter does)."""
    text = (project / "docs" / f"{chapter}.md").read_text(encoding="utf-8")
    others = "".join(p.read_text(encoding="utf-8") for p in (project / "docs" / "chapters").glob("*.md"))
    cited = set(re.findall(r"@([A-Za-z][\w]+)", others)) - set(re.findall(r"@([A-Za-z][\w]+)", text))
    return sorted(cited)[0]


def _cited_in_entry(site: Path, key: str) -> str:
    bibliography = (site / "bibliography" / "index.html").read_text(encoding="utf-8")
    entry = bibliography[bibliography.index(f'id="{key}"'):]
    return entry[:entry.index("</div>")]


def _edit_and_compare(project: Path, edit) -> None:
    """Edit, build dirty, build the same files in full; the cross-page outputs must be the same."""
    other = project / "site" / OTHER / "index.html"
    written = other.stat().st_mtime_ns
    edit(project / "docs" / f"{EDITED}.md")
    log = _mkdocs(project, "mkdocs-ours.yml", "site", "--dirty")
    _mkdocs(project, "mkdocs-ours.yml", "full")
    assert other.stat().st_mtime_ns == written, "the unchanged chapter was rendered again: not a dirty build"
    assert "every page is rendered" not in log
    for name in (*CROSS_PAGE, f"{EDITED}/index.html"):
        dirty = (project / "site" / name).read_bytes()
        assert dirty == (project / "full" / name).read_bytes(), f"{name} differs from a full build's"


def test_a_citation_added_is_in_the_backlinks_the_whole_course_and_the_key_points(course):
    key = _uncited_in(course, EDITED)
    point = f"- A point made again here [@{key}, 12].\n"

    def edit(path: Path) -> None:  # a key point that cites a work, and a new title (the map and path show it)
        text = path.read_text(encoding="utf-8").replace("Chapter 1:", "Chapter 1 (revised):")
        path.write_text(text + point, encoding="utf-8")

    _edit_and_compare(course, edit)
    site = course / "site"
    assert 'href="../chapters/ch0001/#key-points"' in _cited_in_entry(site, key)
    for page in ("whole-course/index.html", "key-points/index.html"):
        assert "A point made again here" in (site / page).read_text(encoding="utf-8")
    for page in ("guides/index.html", "course-path/index.html"):
        assert "Chapter 1 (revised):" in (site / page).read_text(encoding="utf-8"), page
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "A point made again here" in index
    for chapter in ("ch0002", "ch0003", "ch0004"):  # the chapters it skipped are indexed still
        assert f'"location":"chapters/{chapter}/"' in index


def test_a_citation_removed_leaves_the_backlinks(course):
    key = _uncited_in(course, EDITED)  # the one added above is cited now: the next one is not
    text = (course / "docs" / f"{EDITED}.md").read_text(encoding="utf-8")
    added = re.search(r"- A point made again here \[@(\w+), 12\]\.\n", text)
    assert added is not None and added.group(1) != key
    _edit_and_compare(course, lambda path: path.write_text(text.replace(added.group(0), ""), encoding="utf-8"))
    assert "ch0001" not in _cited_in_entry(course / "site", added.group(1))


def test_the_pack_search_index_is_complete_after_a_dirty_build(course):
    other = course / "pack" / f"{OTHER}.html"  # the pack's URLs name the file
    written = other.stat().st_mtime_ns
    _mkdocs(course, "mkdocs-pack.yml", "pack", "--dirty")
    _mkdocs(course, "mkdocs-pack.yml", "pack-full")
    assert other.stat().st_mtime_ns == written
    for name in ("search/search_index.js", "search/search_index.json", "bibliography.html", "whole-course.html"):
        assert (course / "pack" / name).read_bytes() == (course / "pack-full" / name).read_bytes(), name


def test_a_chapter_deleted_or_the_bibliography_edited_is_a_full_build(course):
    (course / "docs" / "chapters" / "ch0004.md").unlink()
    log = _mkdocs(course, "mkdocs-ours.yml", "site", "--dirty")
    assert "the list of pages changed since the last build — every page is rendered" in log
    bib = course / "bibliography" / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "\n% edited\n", encoding="utf-8")
    log = _mkdocs(course, "mkdocs-ours.yml", "site", "--dirty")
    assert "bibliography/references.bib changed since the last build — every page is rendered" in log
    _mkdocs(course, "mkdocs-ours.yml", "full")
    for name in CROSS_PAGE:
        assert (course / "site" / name).read_bytes() == (course / "full" / name).read_bytes(), name
    whole = (course / "site" / "whole-course" / "index.html").read_text(encoding="utf-8")
    assert 'id="ch0003"' in whole and 'id="ch0004"' not in whole  # (the nav names it still: mkdocs-ours.yml does)


# As ``mkdocs serve --dirty`` runs: started once, then builds in one process, an edit between them.
SERVE = """\
import sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

chapter = Path("docs/chapters/ch0002.md")
for number in (1, 2):
    config = load_config("mkdocs-ours.yml", site_dir="serve")
    if number == 1:
        config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)
    config.plugins.on_shutdown()
    chapter.write_text(chapter.read_text(encoding="utf-8") + sys.argv[1], encoding="utf-8")
"""


def test_serve_dirty_rebuilds_in_one_process_are_whole(course):
    key = _uncited_in(course, "chapters/ch0002")
    proc = subprocess.run([sys.executable, "-c", SERVE, f"\nServed again [@{key}, 3].\n"], cwd=course,
                          env=build_env(), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # The second build saw the first edit only: build the same files again, in full, to compare.
    chapter = course / "docs" / "chapters" / "ch0002.md"
    final = chapter.read_text(encoding="utf-8")
    chapter.write_text(final.removesuffix(f"\nServed again [@{key}, 3].\n"), encoding="utf-8")
    _mkdocs(course, "mkdocs-ours.yml", "full")
    for name in CROSS_PAGE:
        assert (course / "serve" / name).read_bytes() == (course / "full" / name).read_bytes(), name
