"""Each course feature is on where its input is, and off, without a word, where it is not.

Our own course has them all (tests/test_bibliography.py, test_guides.py, test_outputs.py); here the
same chapters are built as a course that asks for none of them, then as one that asks for each.
"""

from __future__ import annotations

import pytest

from conftest import MINIMAL_BIB, run_mkdocs
from outputs_support import CHAPTER_ONE, CHAPTER_TWO

NOTED_BIB = MINIMAL_BIB.replace("  year = {2015},", "  year = {2015},\n  note = {R package version 1.0.0},")
NOTES_MAP = """\
source: footChinaUnitedStates2011
count: 1
notes:
  1: "@bellamyChangingFaceHumanitarian2015, p. 16"
"""
CHAPTERS = {"docs/chapters/one.md": CHAPTER_ONE, "docs/chapters/two.md": CHAPTER_TWO}


def built(make_project, files: dict[str, str], course_yml: str, bibliography_page: bool):
    project = make_project(files, bib=NOTED_BIB, course_yml=course_yml)
    if not bibliography_page:
        (project / "docs" / "bibliography.md").unlink()
    result = run_mkdocs(project, "--strict")
    assert result.returncode == 0, result.output
    return result


def test_a_course_that_asks_for_nothing_gets_none_of_it(make_project):
    result = built(make_project, CHAPTERS, course_yml="", bibliography_page=False)
    site = result.site
    bibliography = result.html("bibliography/index.html")
    assert 'id="bellamyChangingFaceHumanitarian2015"' in bibliography  # generated, with every work
    assert "R package version 1.0.0" not in bibliography  # the note is the style's to print, not ours
    for words in ("Editor’s note", "By source", 'id="a-z"'):
        assert words not in bibliography, words
    assert not (site / "whole-course").exists()
    assert "Notes in this source" not in result.html("chapters/one/index.html")
    # The chapters have key points: that page is theirs, and needs no setting.
    assert (site / "key-points" / "index.html").is_file()


def test_each_feature_is_on_where_the_course_asks_for_it(make_project):
    files = {**CHAPTERS, "bibliography/notes/footChinaUnitedStates2011.yml": NOTES_MAP}
    result = built(make_project, files, course_yml="whole_course: true\nentry_notes: true\n", bibliography_page=True)
    bibliography = result.html("bibliography/index.html")
    assert "Editor’s note:</strong> R package version 1.0.0" in bibliography
    assert 'id="by-source"' in bibliography and 'id="a-z"' in bibliography
    assert "Notes in this source" in result.html("chapters/one/index.html")
    assert (result.site / "whole-course" / "index.html").is_file()


def test_no_key_points_page_without_key_points(make_project):
    page = "# A page\n\nCiting [@footChinaUnitedStates2011, 5].\n"
    result = built(make_project, {"docs/one.md": page}, course_yml="", bibliography_page=False)
    assert not (result.site / "key-points").exists()


@pytest.mark.parametrize("value", ["yes please", "1"])
def test_a_setting_that_is_not_true_or_false_is_a_located_error(make_project, value):
    project = make_project({"docs/one.md": "# One\n"}, course_yml=f"uncited: list\nwhole_course: {value}\n")
    result = run_mkdocs(project)
    assert result.returncode == 1
    assert f"course/course.yml:2:15: 'whole_course' must be true or false, not '{value}'" in result.output
