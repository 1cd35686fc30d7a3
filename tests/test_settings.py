"""course/course.yml: defaults for a course without one, several .bib files, and paths that must stay in
the project. Each case is a real build and a ``coursekit check`` of a small project; both must agree."""

from __future__ import annotations

import pytest

from check_support import run_check
from conftest import MINIMAL_BIB, run_mkdocs

FOOT = "footChinaUnitedStates2011"
BELLAMY = "bellamyChangingFaceHumanitarian2015"
PAGE = f"# Page\n\nSee [@{FOOT}] and [@{BELLAMY}, p. 16].\n"
FOOT_ENTRY = MINIMAL_BIB[: MINIMAL_BIB.index("@article")]
BELLAMY_ENTRY = MINIMAL_BIB[MINIMAL_BIB.index("@article"):]
OUTSIDE_FIX = "name a file inside the project (copy it in): nothing outside the project is read into the site"


def both(project, *args):
    """The build's and the check's exit status and output, after checking they never show a traceback."""
    built, checked = run_mkdocs(project, *args), run_check(project, *args)
    for output in (built.output, checked.output):
        assert "Traceback" not in output, output
    return built, checked


def test_a_course_without_course_yml_takes_every_bib_file_in_bibliography(make_project):
    project = make_project({"docs/page.md": PAGE, "bibliography/more.bib": BELLAMY_ENTRY}, bib=FOOT_ENTRY)
    (project / "course" / "course.yml").unlink()
    built, checked = both(project, "--strict")
    assert built.returncode == 0, built.output
    assert checked.returncode == 0, checked.output
    html = built.html("page/index.html")
    assert f'data-cite="{FOOT}"' in html and f'data-cite="{BELLAMY}"' in html


@pytest.mark.parametrize("setting", [
    "bibliography:\n  - bibliography/references.bib\n  - extra/more.bib\n",
    "bibliography: '*/*.bib'\n",
])
def test_several_bib_files_by_list_or_glob_are_merged(make_project, setting):
    project = make_project({"docs/page.md": PAGE, "extra/more.bib": BELLAMY_ENTRY}, bib=FOOT_ENTRY,
                           course_yml=setting)
    built, checked = both(project, "--strict")
    assert built.returncode == 0, built.output
    assert checked.returncode == 0, checked.output
    assert f'id="{BELLAMY}"' in built.html("bibliography/index.html")


def test_the_same_entry_in_two_files_is_harmless(make_project):
    project = make_project({"docs/page.md": PAGE, "bibliography/copy.bib": BELLAMY_ENTRY})
    built, checked = both(project, "--strict")
    assert built.returncode == 0, built.output
    assert checked.returncode == 0, checked.output


def test_a_key_with_two_different_entries_is_an_error_at_both_places(make_project):
    other = BELLAMY_ENTRY.replace("{2015}", "{2016}")
    project = make_project({"docs/page.md": PAGE, "bibliography/zz.bib": other})
    built, checked = both(project)
    expected = [
        f"bibliography/references.bib:9:1: the key '{BELLAMY}' is also defined in bibliography/zz.bib:1 — "
        "keep one entry, or give the other its own key",
        f"bibliography/zz.bib:1:1: the key '{BELLAMY}' is also defined in bibliography/references.bib:9 — "
        "keep one entry, or give this one its own key",
    ]
    for result in (built, checked):
        assert result.returncode == 1
        for message in expected:
            assert message in result.output, result.output


BAD_SETTINGS = [
    ("absolute-bibliography", "bibliography: /etc/passwd\n",
     f"course/course.yml:1:15: 'bibliography' names '/etc/passwd', which is outside the project — {OUTSIDE_FIX}"),
    ("parent-bibliography", "bibliography: ../elsewhere.bib\n",
     f"course/course.yml:1:15: 'bibliography' names '../elsewhere.bib', which is outside the project — {OUTSIDE_FIX}"),
    ("bibliography-in-a-list", "bibliography:\n  - bibliography/references.bib\n  - /tmp/*.bib\n",
     f"course/course.yml:3:5: 'bibliography' names '/tmp/*.bib', which is outside the project — {OUTSIDE_FIX}"),
    ("outside-glossary", "glossary: ../../glossary.yml\n",
     f"course/course.yml:1:11: 'glossary' names '../../glossary.yml', which is outside the project — {OUTSIDE_FIX}"),
    ("page-outside-docs", "bibliography_page: ../README.md\n",
     "course/course.yml:1:20: 'bibliography_page' must name a Markdown page under docs/, not '../README.md' — "
     "write bibliography_page: bibliography.md (relative to docs/)"),
    ("missing-file-no-cascade", "bibliography: bibliography/refs.bib\n",
     "course/course.yml:1:15: the bibliography 'bibliography/refs.bib' is not a file — "
     "check the path in course/course.yml (relative to the project)"),
    ("empty-glob", "bibliography: 'refs/*.bib'\n",
     "course/course.yml:1:15: no file matches 'refs/*.bib' — put the .bib files there, or fix the pattern"),
    ("source-text-escapes", "sources_dir: sources\nsource_texts:\n  footX: ../../etc/passwd\n",
     "course/course.yml:3:10: the source text of 'footX' must be a file in sources_dir, not '../../etc/passwd' — "
     "name the file relative to sources_dir, without '..'"),
]


@pytest.mark.parametrize("setting, expected", [case[1:] for case in BAD_SETTINGS], ids=[c[0] for c in BAD_SETTINGS])
def test_a_bad_setting_is_one_located_error(make_project, setting, expected):
    project = make_project({"docs/page.md": PAGE}, course_yml=setting)
    built, checked = both(project)
    for result in (built, checked):
        assert result.returncode == 1, result.output
        assert expected in result.output, result.output
        # One cause, one message: the citations of the unread file are not each reported unknown.
        assert "unknown citation key" not in result.output, result.output


def test_a_bibliography_linked_from_outside_the_project_is_refused(make_project, tmp_path):
    outside = tmp_path / "outside.bib"
    outside.write_text(BELLAMY_ENTRY, encoding="utf-8")
    project = make_project({"docs/page.md": PAGE}, bib=FOOT_ENTRY, course_yml="")
    (project / "bibliography" / "linked.bib").symlink_to(outside)
    built, checked = both(project)
    message = (f"bibliography/linked.bib:1:1: this file is a link to '{outside}', outside the project — "
               "copy the file into the project instead of linking to it")
    for result in (built, checked):
        assert result.returncode == 1, result.output
        assert message in result.output, result.output
