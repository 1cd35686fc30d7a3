"""scripts/new-course.sh: a new course builds and tests as ours does; what an author drops in renders
with no other edit; its engine can be brought up to date.

The generated course's scripts run with this interpreter (``COURSE_PYTHON``), which has every
requirement already: making the course's own ``.venv`` would add minutes and test pip, not the course.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from chicago_oracle import pandoc
from conftest import ROOT, build_env, run_mkdocs

NEW_COURSE = ROOT / "scripts" / "new-course.sh"


def course_env(**extra: str) -> dict[str, str]:
    return build_env(COURSE_PYTHON=sys.executable, SOURCE_DATE_EPOCH="1700000000", **extra)


def new_course(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(NEW_COURSE), str(folder), *args], env=course_env(), capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="session")
def generated(tmp_path_factory) -> Path:
    """A course as scripts/new-course.sh writes it, untouched (tests work on copies)."""
    folder = tmp_path_factory.mktemp("generated") / "intro-course"
    proc = new_course(folder, "--title", "Introduction: a course")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return folder


@pytest.fixture
def course(generated, tmp_path) -> Path:
    copy = tmp_path / "course"
    shutil.copytree(generated, copy, ignore=shutil.ignore_patterns(".git"))
    return copy


def run_script(course: Path, script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(course / "scripts" / script), *args], cwd=course, env=course_env(),
                          capture_output=True, text=True, timeout=900)


class Cites(HTMLParser):
    """The works each citation of a page links to, in order, and the citations left unresolved."""

    def __init__(self, html: str):
        super().__init__()
        self.keys: list[str] = []
        self.unknown = 0
        self._citation: list[str] | None = None  # the keys of the citation being read
        self._depth = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "span" and self._citation is not None:
            self._depth += 1
        elif tag == "span" and "citation" in classes:
            self._citation, self._depth = [], 0
        if tag == "a" and "citation-link" in classes and self._citation is not None:
            key = attrs["data-cite"]
            if key not in self._citation:  # a narrative citation links its author and its year
                self._citation.append(key)
        if "citation-unknown" in classes:
            self.unknown += 1

    def handle_endtag(self, tag):
        if tag != "span" or self._citation is None:
            return
        if self._depth:
            self._depth -= 1
            return
        self.keys.extend(self._citation)
        self._citation = None


def pandoc_keys(markdown: str) -> list[str]:
    """The citation keys pandoc's own parser finds in ``markdown``."""
    proc = subprocess.run([pandoc(), "-f", "markdown", "-t", "json"], input=markdown, capture_output=True,
                          text=True, check=True, timeout=60)
    keys: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("t") == "Cite":
                keys.extend(c["citationId"] for c in node["c"][0])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(proc.stdout))
    return keys


def page_html(site: Path, src_uri: str) -> str:
    path = Path(src_uri).with_suffix("")
    index = site / (path.parent if path.name == "index" else path) / "index.html"
    return index.read_text(encoding="utf-8")


def article(html: str) -> str:
    return html[html.index("<article"): html.index("</article>")]


# -- The generated course -------------------------------------------------------------------------


def test_a_new_course_builds_and_tests_with_its_own_scripts(course):
    for name in ("mkdocs.yml", "course/course.yml", "docs/index.md", "docs/chapters/first-chapter.md",
                 "bibliography/example.bib", "hooks/ENGINE", "hooks/mkdocs.base.yml", "README.md",
                 "scripts/build.sh", "scripts/test.sh", "scripts/serve.sh", "scripts/render.sh", "requirements.txt", "requirements-csl.txt", "constraints.txt",
                 "tests/test_course.py"):
        assert (course / name).is_file(), name
    assert all(os.access(course / "scripts" / name, os.X_OK) for name in ("serve.sh", "render.sh", "check.sh"))
    assert "./scripts/build.sh" in (course / "README.md").read_text(encoding="utf-8")
    assert "site_name: \"Introduction: a course\"" in (course / "mkdocs.yml").read_text(encoding="utf-8")

    built = run_script(course, "build.sh")
    assert built.returncode == 0, built.stdout + built.stderr
    assert (course / "dist" / "intro-course-course-pack.zip").is_file()
    assert (course / "site" / "intro-course-course-pack.zip").is_file()  # offered by the home page
    chapter = article(page_html(course / "site", "chapters/first-chapter.md"))
    assert Cites(chapter).keys and not Cites(chapter).unknown

    tested = run_script(course, "test.sh", "-q")
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "3 passed" in tested.stdout


def test_the_course_tests_catch_a_broken_link(course):
    """The generic suite can fail: a raw HTML link MkDocs does not check is caught by it."""
    page = course / "docs" / "chapters" / "first-chapter.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n<a href="../nowhere/">a lost page</a>\n', encoding="utf-8")
    tested = run_script(course, "test.sh", "-q", "-k", "broken")
    assert tested.returncode == 1, tested.stdout + tested.stderr
    assert "nowhere/ (no such file)" in tested.stdout


def test_new_course_refuses_a_folder_that_is_not_empty(course):
    proc = new_course(course)
    assert proc.returncode == 1
    assert "exists and is not empty" in proc.stderr
    assert "Traceback" not in proc.stderr


# -- The contract: drop chapters and .bib files in, build, with no other edit ---------------------

ZOTERO_BIB = """\
@string{jpr = {Journal of Peace Research}}

@article{hultmanUnitedNationsPeacekeeping2013,
  title = {United {{Nations}} Peacekeeping and Civilian Protection in Civil War},
  author = {Hultman, Lisa and Kathman, Jacob and Shannon, Megan},
  year = {2013},
  journal = {American Journal of Political Science},
  volume = {57},
  number = {4},
  pages = {875--891},
  note = {R package version 1.0.0}
}

@book{bellamyResponsibilityProtect2015,
  title = {The Responsibility to Protect: A Defense},
  author = {Bellamy, Alex J.},
  year = {2015},
  publisher = {Oxford University Press},
  address = {Oxford}
}
"""
BOOK_BIB = """\
@incollection{welsh2016,
  author = {Welsh, Jennifer M.},
  title = {The Responsibility to Protect after {Libya} and {Syria}},
  booktitle = {The Oxford Handbook of the Responsibility to Protect},
  editor = {Bellamy, Alex J. and Dunne, Tim},
  publisher = {Oxford University Press},
  address = {Oxford},
  year = {2016},
  pages = {26--45}
}
"""
PACKAGES_BIB = """\
@article{fortna2004,
  author = {Fortna, Virginia Page},
  title = {Does Peacekeeping Keep Peace?},
  journal = {International Studies Quarterly},
  volume = {48},
  number = {2},
  pages = {269--292},
  year = {2004}
}
"""
DROPPED = {
    "docs/part-1/01-intro.md": """\
# Introduction {#intro}

Peacekeepers protect civilians [@hultmanUnitedNationsPeacekeeping2013, 880], as @fortna2004 finds too;
see also [@bellamyResponsibilityProtect2015, chap. 2; @welsh2016].

```r
x <- "@notACitation"
```
""",
    "docs/part-2/02-cases.md": """\
# Cases

Libya changed the debate [-@welsh2016, 30]. Write to someone@example.org, not a citation.
""",
    "docs/part-10/10-conclusion.md": """\
# Conclusion

Back to @bellamyResponsibilityProtect2015 [12].
""",
    "docs/part-2/extra/03-deeper.md": """\
# Deeper

A last word [see @fortna2004, pp. 270-271].
""",
}


@pytest.fixture(scope="session")
def dropped(generated, tmp_path_factory) -> Path:
    """A new course with chapters in nested folders, three .bib files, no course.yml, no nav and
    no bibliography page: built once, not strict and strict."""
    course = tmp_path_factory.mktemp("dropped") / "course"
    shutil.copytree(generated, course, ignore=shutil.ignore_patterns(".git"))
    (course / "course" / "course.yml").unlink()
    for name, text in {**DROPPED, "bibliography/zotero.bib": ZOTERO_BIB, "bibliography/book.bib": BOOK_BIB,
                       "bibliography/packages.bib": PACKAGES_BIB}.items():
        (course / name).parent.mkdir(parents=True, exist_ok=True)
        (course / name).write_text(text, encoding="utf-8")
    result = run_mkdocs(course, "--strict")
    assert result.returncode == 0, result.output
    assert "Traceback" not in result.output
    return course


def test_every_citation_pandoc_finds_is_rendered_and_linked(dropped):
    site = dropped / "site"
    for src in [*DROPPED, "index.md", "chapters/first-chapter.md"]:
        src_uri = src.removeprefix("docs/")
        text = (dropped / "docs" / src_uri).read_text(encoding="utf-8")
        cites = Cites(article(page_html(site, src_uri)))
        expected = pandoc_keys(text)
        assert expected, src_uri
        assert cites.unknown == 0, src_uri
        assert cites.keys == expected, src_uri
        for href in re.findall(r'class="citation-link" href="([^"]+)"', page_html(site, src_uri)):
            assert re.fullmatch(r"(\.\./)*bibliography/#[\w-]+", href), href


def test_the_bibliography_page_is_made_with_every_work_of_every_file(dropped):
    html = article(page_html(dropped / "site", "bibliography.md"))
    for key in ("hultmanUnitedNationsPeacekeeping2013", "bellamyResponsibilityProtect2015", "welsh2016",
                "fortna2004", "biggsEnhancingTeachingConstructive1996", "wigginsUnderstandingDesign2005"):
        assert f'id="{key}"' in html, key
    assert "<strong>Cited in</strong>" in html


def test_the_hooks_add_the_stylesheet_and_script(dropped):
    assert not (dropped / "docs" / "assets").exists()
    html = page_html(dropped / "site", "part-1/01-intro.md")
    assert 'href="../../assets/coursekit/course.css"' in html
    assert 'src="../../assets/coursekit/accessibility.js"' in html
    for name in ("course.css", "accessibility.js"):
        assert (dropped / "site" / "assets" / "coursekit" / name).is_file()


def test_no_course_only_wording_where_the_feature_is_off(dropped):
    site = dropped / "site"
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for words in ("Editor’s note", "By source", "Notes in this source", "course.yml", "Reading guides",
                      "Key points", "reading guides"):
            assert words not in html, (page, words)
    for name in ("whole-course", "key-points", "course-path", "glossary", "guides"):
        assert not (site / name).exists(), name


def test_the_navigation_follows_the_files_in_natural_order(dropped):
    html = page_html(dropped / "site", "index.md")
    nav = html[html.index('md-nav--primary'): html.index('md-sidebar--secondary')]
    order = re.findall(r'href="((?:[\w-]+/)*)"', nav)
    pages = [o for o in order if o and o != "./"]
    wanted = ["chapters/first-chapter/", "part-1/01-intro/", "part-2/02-cases/", "part-2/extra/03-deeper/",
              "part-10/10-conclusion/", "bibliography/"]
    assert [p for p in dict.fromkeys(pages) if p in wanted] == wanted


def test_the_check_command_agrees_with_the_build(dropped):
    proc = subprocess.run([sys.executable, "-m", "coursekit", "check", "--root", str(dropped), "--strict"],
                          env=build_env(PYTHONPATH=str(dropped / "hooks")), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 error(s), 0 warning(s) in 6 page(s)" in proc.stderr


# -- Bringing the engine up to date ---------------------------------------------------------------


def update(course: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(NEW_COURSE), "--update", str(course), *args], env=course_env(), capture_output=True,
                          text=True, timeout=300)


def test_update_replaces_the_engine_files_an_older_engine_wrote(course):
    manifest = course / "hooks" / "ENGINE"
    hook = course / "hooks" / "report.py"
    current = hook.read_text(encoding="utf-8")
    older = current.replace("in one pass", "in one go")
    hook.write_text(older, encoding="utf-8")  # as an older engine wrote it, and listed it:
    import hashlib

    text = manifest.read_text(encoding="utf-8")
    text = re.sub(r"^[0-9a-f]{64}(?=  hooks/report\.py$)", hashlib.sha256(older.encode()).hexdigest(), text, flags=re.M)
    manifest.write_text(text.replace(text.splitlines()[0], "coursekit engine 0123456789ab (2020-01-01)"), encoding="utf-8")
    page = course / "docs" / "chapters" / "first-chapter.md"
    mine = page.read_text(encoding="utf-8") + "\nMy own words.\n"
    page.write_text(mine, encoding="utf-8")

    proc = update(course)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "engine 0123456789ab (2020-01-01) → " in proc.stdout
    assert "replaced: hooks/report.py" in proc.stdout
    assert "1 file(s) replaced" in proc.stdout
    assert hook.read_text(encoding="utf-8") == current
    assert page.read_text(encoding="utf-8") == mine  # the course's own files are left alone
    assert update(course).stdout.count("0 file(s) replaced") == 1  # now up to date


def test_update_refuses_to_overwrite_an_engine_file_the_course_changed(course):
    hook = course / "hooks" / "citations.py"
    original = hook.read_text(encoding="utf-8")
    hook.write_text(original + "\n# a local change\n", encoding="utf-8")
    proc = update(course)
    assert proc.returncode == 1
    assert "hooks/citations.py" in proc.stderr and "--force" in proc.stderr
    assert hook.read_text(encoding="utf-8").endswith("# a local change\n")
    forced = update(course, "--force")
    assert forced.returncode == 0, forced.stderr
    assert hook.read_text(encoding="utf-8") == original


def test_update_needs_a_course_made_by_the_generator(tmp_path):
    proc = update(tmp_path)
    assert proc.returncode == 1
    assert "hooks/ENGINE" in proc.stderr and "Traceback" not in proc.stderr


def test_the_check_reads_the_settings_mkdocs_yml_inherits(course):
    """The Markdown extensions come from hooks/mkdocs.base.yml: the check knows snippets are on."""
    page = course / "docs" / "chapters" / "first-chapter.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n--8<-- "nowhere.md"\n', encoding="utf-8")
    built = run_mkdocs(course)
    checked = subprocess.run([sys.executable, "-m", "coursekit", "check", "--root", str(course)],
                             env=build_env(PYTHONPATH=str(course / "hooks")), capture_output=True, text=True, timeout=300)
    assert built.returncode == 1 and checked.returncode == 1
    [problem] = [line for line in checked.stdout.splitlines() if "nowhere.md" in line]
    assert problem.startswith("docs/chapters/first-chapter.md:")
    assert problem in built.output


def test_the_check_knows_the_pages_the_build_makes(course):
    """A link to the bibliography page the build makes (a new course has none in docs/) is no broken link."""
    page = course / "docs" / "chapters" / "first-chapter.md"
    page.write_text(page.read_text(encoding="utf-8")
                    + "\nSee [@wigginsUnderstandingDesign2005, 3, and [every work](../bibliography.md)].\n",
                    encoding="utf-8")
    built = run_mkdocs(course, "--strict")
    assert built.returncode == 0, built.output
    checked = subprocess.run([sys.executable, "-m", "coursekit", "check", "--root", str(course), "--strict"],
                             env=build_env(PYTHONPATH=str(course / "hooks")), capture_output=True, text=True, timeout=300)
    assert checked.returncode == 0, checked.stdout + checked.stderr
