"""The learner's and the instructor's views, built as scripts/build_outputs.py builds them.

The learner's (site/ and the pack): not one instructor's note in any HTML file, search index or the
whole-course page. The instructor's (site/instructor/): every note, open, the course path's schedule,
working links. What is instructor text is read from the chapters' Markdown by the tests' own pattern,
not by the engine's.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml

from check_support import run_check
from conftest import ROOT, build_env, run_mkdocs
from outputs_support import broken_links, unzip_pack

NOTES_BOX = re.compile(r'^\?\?\? note "Notes for instructors"\n((?:(?: {4}.*)?\n)+)', re.MULTILINE)
INSTRUCTOR_BOX = re.compile(r'^!!! instructor[^\n]*\n((?:(?: {4}.*)?\n)+)', re.MULTILINE)
_CITATION = re.compile(r"\[[^\]]*@[^\]]*\]")
_PHRASE_RUN = re.compile(r"[A-Za-z]+(?: [A-Za-z]+){5,}")  # six words or more in a row, no punctuation between
_BLOCK_TAG = re.compile(r"</?(?:p|li|ul|ol|div|h[1-6]|td|th|tr|table|br|summary|details|section|article|nav)\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")


def phrase(body: str, elsewhere: str = "") -> str:
    """Six words of ``body`` in a row that ``elsewhere`` (the rest of its page) does not have: any page
    showing ``body`` has them in its text, a page without it does not."""
    rest = " ".join(_CITATION.sub(" ", elsewhere).split())
    for run in _PHRASE_RUN.findall(" ".join(_CITATION.sub(" ", body).split())):
        words = run.split()
        for start in range(len(words) - 5):
            candidate = " ".join(words[start:start + 6])
            if candidate not in rest:
                return candidate
    raise AssertionError(f"no phrase of its own in: {body}")


def course_notes() -> dict[str, list[str]]:
    """Each chapter's notes for instructors, as a phrase of each: the chapters' Markdown is the oracle."""
    notes = {}
    for chapter in sorted((ROOT / "docs" / "chapters").glob("*.md")):
        text = chapter.read_text(encoding="utf-8")
        rest = NOTES_BOX.sub("", text)
        notes[chapter.stem] = [phrase(body, rest) for body in NOTES_BOX.findall(text)]
    return notes


def text_of(markup: str) -> str:
    """The words a reader reads: a block's tags part words, an inline tag does not."""
    return " ".join(html.unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", markup))).split())


def search_texts(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    data = json.loads(raw[raw.index("{"):].rstrip().rstrip(";"))  # the pack's .js holds the same JSON
    return " ".join(text_of(doc["title"] + " " + doc["text"]) for doc in data["docs"])


def learner_files(folder: Path):
    """Every HTML page and search index of a learner's output (the instructor's folder aside)."""
    for path in sorted(folder.rglob("*")):
        if path.relative_to(folder).parts[0] == "instructor":
            continue
        if path.suffix == ".html" or path.name.startswith("search_index"):
            yield path


@pytest.fixture(scope="module")
def views(course_outputs, tmp_path_factory):
    site = course_outputs / "site"
    pack = unzip_pack(course_outputs / "dist" / "china-human-protection-course-pack.zip",
                      tmp_path_factory.mktemp("views-pack"))
    return site, site / "instructor", pack


def test_the_course_has_its_seventeen_notes():
    assert sum(len(phrases) for phrases in course_notes().values()) == 17


def test_no_note_for_instructors_in_the_learners_site_pack_or_search(views):
    site, _, pack = views
    phrases = [p for chapter in course_notes().values() for p in chapter]
    home = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    phrases += [phrase(body, INSTRUCTOR_BOX.sub("", home)) for body in INSTRUCTOR_BOX.findall(home)]
    for folder in (site, pack):
        files = list(learner_files(folder))
        assert any(f.name.startswith("search_index") for f in files)
        for path in files:
            raw = path.read_text(encoding="utf-8")
            text = search_texts(path) if path.name.startswith("search_index") else text_of(raw)
            assert [p for p in phrases if p in text] == [], path
            assert "Notes for instructors" not in raw and 'class="admonition instructor' not in raw, path
        assert not (folder / "instructor-notes").exists() and not (folder / "instructor-notes.html").exists()


def test_the_instructors_view_has_every_note_open(views):
    site, instructor, _ = views
    index = search_texts(instructor / "search" / "search_index.json")
    whole = text_of((instructor / "whole-course" / "index.html").read_text(encoding="utf-8"))
    for chapter, phrases in course_notes().items():
        page = (instructor / "chapters" / chapter / "index.html").read_text(encoding="utf-8")
        # pymdownx.details: an open box is <details open>; the learner's closed ones would lack it.
        opened = re.findall(r'<details class="note" open="open">\s*<summary>Notes for instructors</summary>', page)
        assert len(opened) == len(phrases) and "<details class=\"note\">" not in page, chapter
        for note in phrases:
            assert note in text_of(page) and note in index and note in whole, (chapter, note)


def in_minutes(duration: str) -> int:
    """"1 h 24 min" (or "24 min") as minutes."""
    hours = re.match(r"(\d+) h", duration)
    return (int(hours.group(1)) * 60 if hours else 0) + int(re.search(r"(\d+) min", duration).group(1))


def test_the_instructors_view_shows_the_course_paths_timings(views):
    site, instructor, _ = views
    sessions = yaml.safe_load((ROOT / "course" / "guides.yml").read_text(encoding="utf-8"))["sessions"]
    notes_page = (instructor / "instructor-notes" / "index.html").read_text(encoding="utf-8")
    # The course path's own page (the learner's, as students see it) gives each session's items and minutes.
    # The schedule's time for a session is what students spend before it: its new reading and its review.
    course_path = text_of((site / "course-path" / "index.html").read_text(encoding="utf-8"))
    times = re.findall(r"Reading time: (?:about (\d+) min of new reading|no new reading)(?:, (\d+) min to review)?",
                       course_path)
    minutes = [int(new or 0) + int(review or 0) for new, review in times]
    assert len(minutes) == len(sessions) > 0 and any(review for _, review in times)
    schedule = notes_page[notes_page.index('id="schedule"'):notes_page.index('id="notes"')]
    tables = re.findall(r"<table>(.*?)</table>", schedule, re.DOTALL)
    assert len(tables) == len(sessions)
    elapsed = 0
    for session, table, total in zip(sessions, tables, minutes):
        rows = [text_of(row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.DOTALL)[1:]]
        items = [int(re.search(r"(\d+) min$", row).group(1)) for row in rows[:-1]]
        assert len(items) == len(session["read"])
        assert rows[-1] == f"Session total {total} min" and sum(items) == total
        elapsed += total
        heading = text_of(schedule[schedule.index(f'id="schedule-session-{sessions.index(session) + 1}"'):])
        reached = re.search(r"((?:\d+ h )?\d+ min) of the course's ((?:\d+ h )?\d+ min)", heading)
        assert [in_minutes(reached.group(1)), in_minutes(reached.group(2))] == [elapsed, sum(minutes)]
    # Each chapter says, at its top, when the course path reads it.
    foot = text_of((instructor / "chapters" / "foot-human-protection" / "index.html").read_text(encoding="utf-8"))
    assert f"{sessions[0]['title']}: the whole chapter, about" in foot


def test_each_view_links_to_the_same_page_in_the_other(views):
    site, instructor, pack = views
    for page in (site / "chapters" / "foot-human-protection" / "index.html", site / "index.html"):
        link = re.search(r'<div class="md-footer-view"><a href="([^"]+)">Instructor’s view</a>', page.read_text("utf-8"))
        target = (page.parent / link.group(1)).resolve()
        assert target == (instructor / page.relative_to(site)).parent.resolve()
    back = instructor / "bibliography" / "index.html"
    link = re.search(r'<div class="md-footer-view"><a href="([^"]+)">Learner’s view</a>', back.read_text("utf-8"))
    assert (back.parent / link.group(1)).resolve() == (site / "bibliography").resolve()
    assert "md-footer-view" not in (pack / "index.html").read_text(encoding="utf-8")  # the pack is the learner's alone
    for page in sorted(instructor.rglob("*.html")):
        assert broken_links(page, site) == [], page
    assert not (instructor / "404.html").exists()  # the host serves the site's own


# -- Small courses: what the marks do, and their mistakes --------------------------------------------

CHAPTER = """\
# Chapter

## Question {{#question}}

{box}
    The answer cites [@bellamyChangingFaceHumanitarian2015, p. 16].

## Next {{#next}}

Later text cites [@footChinaUnitedStates2011].
"""


def test_a_work_cited_only_for_instructors_is_cited_in_both_views(make_project):
    box = '??? note "Notes for instructors"'
    project = make_project({"docs/chapter.md": CHAPTER.format(box=box)}, course_yml="uncited: error\n")
    learner = run_mkdocs(project, "--strict")
    assert learner.returncode == 0, learner.output  # uncited: error, yet the work is cited
    entry = learner.html("bibliography/index.html").split('id="bellamyChangingFaceHumanitarian2015"')[1]
    assert "cited-in" not in entry.split("</div>")[0]  # no backlink to a place students do not see
    assert "The answer cites" not in learner.html("chapter/index.html")
    instructor = run_mkdocs(project, "--strict", env=build_env(COURSE_VIEW="instructor"))
    assert instructor.returncode == 0, instructor.output
    entry = instructor.html("bibliography/index.html").split('id="bellamyChangingFaceHumanitarian2015"')[1]
    assert '<a href="../chapter/#question">Question</a>' in entry.split("</div>")[0]


@pytest.mark.parametrize("box", ['!!! instructor "Timing"', "??? instructor", '???+ note "Notes for instructors"'])
def test_every_mark_keeps_its_text_from_students(make_project, box):
    project = make_project({"docs/chapter.md": CHAPTER.format(box=box)})
    learner = run_mkdocs(project, "--strict")
    assert learner.returncode == 0, learner.output
    assert "The answer cites" not in learner.html("chapter/index.html")
    assert "The answer cites" not in learner.html("search/search_index.json")
    instructor = run_mkdocs(project, "--strict", env=build_env(COURSE_VIEW="instructor"))
    assert "The answer cites" in instructor.html("chapter/index.html")


def test_a_workbench_instructor_div_is_kept_from_students(make_project):
    page = "# Page\n\nFor all.\n\n::: instructor\nOnly for the teacher [@footChinaUnitedStates2011].\n:::\n\nAfter.\n"
    project = make_project({"docs/page.md": page, "docs/other.md": "# Other\n\n[@bellamyChangingFaceHumanitarian2015]\n"})
    learner = run_mkdocs(project, "--strict")
    assert learner.returncode == 0, learner.output
    assert "Only for the teacher" not in learner.html("page/index.html") and "After." in learner.html("page/index.html")
    instructor = run_mkdocs(project, "--strict", env=build_env(COURSE_VIEW="instructor"))
    assert re.search(r'<div class="instructor">\s*<p>Only for the teacher', instructor.html("page/index.html"))


def test_a_broken_citation_in_a_note_fails_both_views_and_the_check_at_its_line(make_project):
    chapter = CHAPTER.format(box='??? note "Notes for instructors"').replace("bellamyChanging", "bellamyChnaging")
    project = make_project({"docs/chapter.md": chapter})
    line = chapter.splitlines()[5]  # the note's text, on line 6
    message = (f"docs/chapter.md:6:{line.index('@bellamyChnaging') + 1}: unknown citation key "
               "'bellamyChnagingFaceHumanitarian2015' — did you mean 'bellamyChangingFaceHumanitarian2015'?")
    for env in (build_env(), build_env(COURSE_VIEW="instructor")):
        built = run_mkdocs(project, env=env)
        assert built.returncode == 1 and message in built.output
    checked = run_check(project)
    assert message in checked.stdout.splitlines()


def test_a_box_that_looks_meant_for_instructors_is_a_warning_in_build_and_check(make_project):
    project = make_project({"docs/chapter.md": CHAPTER.format(box='??? tip "Note for instructors"')})
    warning = ("docs/chapter.md:5:1: warning: the box 'Note for instructors' looks meant for instructors, but "
               "students would see it — title it \"Notes for instructors\", or make it an instructor box: "
               "??? instructor \"Note for instructors\"")
    assert warning in run_check(project).stdout.splitlines()
    built = run_mkdocs(project, "--strict")
    assert built.returncode == 1 and warning.replace("warning: ", "") in built.output


def test_an_unknown_view_is_a_message_not_a_traceback(make_project):
    project = make_project({"docs/chapter.md": "# Chapter\n"})
    built = run_mkdocs(project, env=build_env(COURSE_VIEW="teacher"))
    assert built.returncode == 1
    assert "COURSE_VIEW=teacher: there is no such view — set it to learner or instructor" in built.output
    assert "Traceback" not in built.output
