"""``coursekit.reuse``: a serve rebuild reuses the loaded course while its files are unchanged, and
never anything a page added to it; an edited settings, bibliography or notes file is read again."""

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))
from coursekit import reuse  # noqa: E402

NOTES = "source: footChinaUnitedStates2011\nnotes:\n  1: \"[@bellamyChangingFaceHumanitarian2015]\"\n"


def touch_later(path: Path, text: str) -> None:
    """Rewrite ``path`` with a modification time that differs even on a coarse clock."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))


@pytest.fixture
def project(make_project):
    return make_project({"bibliography/notes/foot.yml": NOTES})


def test_unchanged_files_give_the_same_loaded_parts_and_fresh_page_state(project):
    first = reuse.load(project)
    first.problems.error("docs/x.md", 1, 1, "a page's problem")
    first.cited_by["footChinaUnitedStates2011"] = ["a page"]
    second = reuse.load(project)
    assert second is not first
    assert second.style is first.style and second.notes is first.notes
    assert second.cited_by == {} and second.page_keys == {} and second.chapters == []
    assert [p.message for p in second.problems.items] == []


@pytest.mark.parametrize("name", ["bibliography/notes/foot.yml", "bibliography/references.bib", "course/course.yml"])
def test_an_edited_input_is_read_again(project, name):
    first = reuse.load(project)
    path = project / name
    text = path.read_text(encoding="utf-8")
    touch_later(path, text + "\n% edited\n" if name.endswith(".bib") else text + "\n# edited\n")
    second = reuse.load(project)
    assert second.style is not first.style


def test_a_new_notes_map_is_read(project):
    first = reuse.load(project)
    (project / "bibliography" / "notes" / "other.yml").write_text(
        "source: bellamyChangingFaceHumanitarian2015\nnotes:\n  1: \"[@footChinaUnitedStates2011]\"\n",
        encoding="utf-8")
    second = reuse.load(project)
    assert "bellamyChangingFaceHumanitarian2015" in second.notes and second.notes is not first.notes


def test_load_problems_are_reported_by_every_build(project):
    touch_later(project / "course" / "course.yml", "sources_dir: sources\nbogus: 1\n")
    first = reuse.load(project)
    second = reuse.load(project)
    assert second is not first
    assert [p.message for p in second.problems.items] == [p.message for p in first.problems.items]
    assert any("unknown setting 'bogus'" in p.message for p in second.problems.items)


# -- Between processes: the course on disk (.cache/coursekit/course-*.pickle) ---------------------

def fresh_process() -> None:
    reuse._previous.clear()  # what a new process starts with: nothing in memory


def rewrite_keeping_size_and_time(path: Path, old: str, new: str) -> None:
    """An edit the size-and-time stamp cannot see: only the content tells."""
    assert len(old) == len(new)
    info = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def test_a_fresh_process_reads_the_course_the_last_one_loaded(project):
    first = reuse.load(project)
    assert list((project / ".cache" / "coursekit").glob("course-*.pickle"))
    fresh_process()
    second = reuse.load(project)
    assert second is not first and second.style is not first.style  # not the in-memory one
    assert {k: f.html for k, f in second.style.formatted.items()} == {k: f.html for k, f in first.style.formatted.items()}
    assert second.notes.keys() == first.notes.keys()


@pytest.mark.parametrize("name, old, new, seen", [
    ("bibliography/references.bib", "Global Order", "Global Power",
     lambda course: "Global Power" in course.style.formatted["footChinaUnitedStates2011"].html),
    ("bibliography/notes/foot.yml", '[@bellamyChangingFaceHumanitarian2015]"', '[@footChinaUnitedStates2011]"          ',
     lambda course: course.notes["footChinaUnitedStates2011"].notes[0].items[0].key == "footChinaUnitedStates2011"),
    ("course/course.yml", "sources_dir: sources", "sources_dir: another",
     lambda course: course.settings.sources_dir == "another"),
])
def test_an_input_edited_between_processes_is_read_again(project, name, old, new, seen):
    reuse.load(project)
    fresh_process()
    rewrite_keeping_size_and_time(project / name, old, new)
    assert seen(reuse.load(project))


def test_an_unreadable_course_on_disk_is_loaded_again(project):
    first = reuse.load(project)
    for cached in (project / ".cache" / "coursekit").glob("course-*.pickle"):
        cached.write_bytes(b"not a pickle")
    fresh_process()
    second = reuse.load(project)
    assert set(second.style.formatted) == set(first.style.formatted)
