"""``python -m coursekit check`` (scripts/check.sh): the build's messages without the build."""

from __future__ import annotations

import hashlib
import subprocess

from check_support import run_check
from conftest import ROOT, build_env, run_mkdocs

PAGE = "# Page\n\nSee [@footChinaUnitedStates2011] and [@bellamyChangingFaceHumanitarian2015, p. 16].\n"
NOTES = 'source: footChinaUnitedStates2011\ncount: 1\nnotes:\n  1: "@bellamyChangingFaceHumanitarian2015, p. 16"\n'


def test_a_clean_project_passes_quietly(make_project):
    project = make_project({"docs/page.md": PAGE, "bibliography/notes/foot.yml": NOTES})
    checked = run_check(project, "--strict")
    assert checked.returncode == 0, checked.output
    assert checked.stdout == ""
    assert "check: 0 error(s), 0 warning(s) in 3 page(s), 1 notes map(s) and the bibliography" in checked.stderr


def test_warnings_pass_unless_strict(make_project):
    project = make_project({"docs/page.md": "# Page\n\nOnly [@footChinaUnitedStates2011].\n"},
                           course_yml="uncited: warn\n")
    warning = ("bibliography/references.bib:9:1: warning: 'bellamyChangingFaceHumanitarian2015' is cited nowhere — "
               "cite it, or remove it (course/course.yml has 'uncited: warn')\n")
    relaxed = run_check(project)
    assert relaxed.returncode == 0 and relaxed.stdout == warning
    strict = run_check(project, "--strict")
    assert strict.returncode == 1 and strict.stdout == warning
    assert run_mkdocs(project, "--strict").returncode == 1  # as the strict build


def test_errors_fail_sorted_by_place_and_the_build_says_the_same(make_project):
    pages = {
        "docs/b.md": "# B\n\n[@nobodyNothing2020] and [@footChinaUnitedStates2011; ]\n",
        "docs/a.md": "---\nreading_time: -3\n---\n\n# A [@bellamyChangingFaceHumanitarian2015]\n",
    }
    project = make_project(pages)
    checked = run_check(project)
    assert checked.returncode == 1
    lines = checked.stdout.splitlines()
    assert lines == [
        "docs/a.md:2:15: 'reading_time' must be a whole number of minutes, not '-3' — write reading_time: 20",
        "docs/b.md:3:2: unknown citation key 'nobodyNothing2020' — add an entry with this key to the bibliography",
        "docs/b.md:3:53: warning: empty item in a citation — remove the extra ';' (pandoc reads the brackets "
        "as text)",
    ]
    built = run_mkdocs(project)
    assert built.returncode == 1
    assert [line[2:] for line in built.output.splitlines() if line.startswith("  ")] == lines[:2]
    assert "docs/b.md:3:53: empty item in a citation" in built.output
    assert "check: 2 error(s), 1 warning(s)" in checked.stderr


def test_ci_gets_annotations(make_project):
    project = make_project({"docs/page.md": "# Page\n\n[@nobodyNothing2020]\n"})
    checked = run_check(project, env=build_env(CI="true"))
    assert checked.returncode == 1
    assert ("::error file=docs/page.md,line=3,col=2::docs/page.md:3:2: unknown citation key 'nobodyNothing2020' — "
            "add an entry with this key to the bibliography") in checked.stdout


def snapshot(folder) -> dict[str, str]:
    """Every file but the caches (the parsed bibliography in .cache/, Python's bytecode)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() + str(p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts and ".cache" not in p.relative_to(folder).parts}


def test_check_writes_nothing_but_its_cache(make_project):
    project = make_project({"docs/page.md": "# Page\n\n[@nobodyNothing2020]\n", "bibliography/notes/foot.yml": NOTES})
    before = snapshot(project)
    assert run_check(project).returncode == 1
    assert snapshot(project) == before
    assert not (project / "site").exists()


def test_misuse_exits_2_with_a_usage_line(tmp_path):
    env = build_env(PYTHONPATH=str(ROOT / "hooks"))
    empty = subprocess.run([".venv/bin/python", "-m", "coursekit", "check", "--root", str(tmp_path)],
                           cwd=ROOT, env=env, capture_output=True, text=True)
    assert empty.returncode == 2
    assert "holds neither mkdocs.yml nor course/course.yml: pass --root" in empty.stderr
    unknown = subprocess.run([".venv/bin/python", "-m", "coursekit", "chek"], cwd=ROOT, env=env,
                             capture_output=True, text=True)
    assert unknown.returncode == 2 and "usage: python -m coursekit {check,render}" in unknown.stderr
    assert "Traceback" not in empty.stderr + unknown.stderr


def test_the_check_script_and_the_readme():
    script = (ROOT / "scripts" / "check.sh").read_text(encoding="utf-8")
    assert "scripts/setup-venv.sh requirements.txt" in script and "-m coursekit check" in script
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "./scripts/check.sh" in readme and "--strict" in readme


def test_the_course_itself_checks_clean(course_site):
    """The real course: the check agrees with the strict build of ``course_site``."""
    checked = run_check(ROOT, "--strict", env=build_env(PYTHONDONTWRITEBYTECODE="1"))
    assert checked.returncode == 0, checked.output



def test_the_build_and_the_check_give_the_same_warnings(make_project):
    guides = ("themes:\n  - id: r2p\n    title: R2P\n    why: The norm.\n    works:\n"
              "      - key: bellamyChangingFaceHumanitarian2015\n        note: Listed, not cited.\n")
    project = make_project({
        "docs/page.md": "---\nthme: [r2p]\n---\n\n# Page\n\n[@footChinaUnitedStates2011]\n",
        "course/guides.yml": guides,
    })
    built = run_mkdocs(project)
    checked = run_check(project)
    assert built.returncode == 0 and checked.returncode == 0
    ours = sorted(line.split("WARNING -  ", 1)[1].removeprefix("hooks/report: ")
                  for line in built.output.splitlines()
                  if line.startswith("WARNING -  ") and "Doc file" not in line)  # MkDocs' own link checks aside
    # A work a guide lists as a key work counts as cited: no "cited nowhere" for it.
    assert ours == [
        "docs/page.md:2:1: unknown front matter key 'thme' — did you mean 'themes'?",
    ]
    assert sorted(line.replace(": warning: ", ": ", 1) for line in checked.stdout.splitlines()) == ours
