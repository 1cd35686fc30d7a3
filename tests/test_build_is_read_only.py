"""The build never writes into docs/, bibliography/ or course/: generated pages live in memory.

Each folder is snapshot (every file's content hash, size and modification time, and the list of
files) before and after a build, a failing build and a check; nothing may change.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from check_support import run_check
from conftest import ROOT, run_mkdocs

WATCHED = ("docs", "bibliography", "course")
NOTES = 'source: footChinaUnitedStates2011\ncount: 1\nnotes:\n  1: "@bellamyChangingFaceHumanitarian2015, p. 16"\n'
GUIDES = ("themes:\n  - id: r2p\n    title: R2P\n    why: The norm.\n    works:\n"
          "      - key: footChinaUnitedStates2011\n        note: Read it.\n")
GLOSSARY = "- id: r2p\n  term: R2P\n  expansion: Responsibility to Protect\n  definition: A norm.\n"


def snapshot(project: Path) -> dict[str, tuple[str, int, int]]:
    files = {}
    for name in WATCHED:
        for path in sorted((project / name).rglob("*")):
            stat = path.stat()
            key = path.relative_to(project).as_posix()
            files[key] = (hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir",
                          stat.st_size if path.is_file() else 0, stat.st_mtime_ns)
    return files


def test_a_build_a_failing_build_and_a_check_leave_the_sources_alone(make_project):
    project = make_project({
        "docs/page.md": "# Page\n\n[@footChinaUnitedStates2011; @bellamyChangingFaceHumanitarian2015]\n",
        "bibliography/notes/foot.yml": NOTES,
        "course/guides.yml": GUIDES,
        "course/glossary.yml": GLOSSARY,
    })
    before = snapshot(project)
    assert len(before) >= 6
    built = run_mkdocs(project)
    assert built.returncode == 0, built.output
    assert (built.site / "guides" / "r2p" / "index.html").exists()  # generated, but not into docs/
    assert snapshot(project) == before

    (project / "docs" / "broken.md").write_text("# Broken\n\n[@nobodyNothing2020]\n", encoding="utf-8")
    before = snapshot(project)
    assert run_mkdocs(project).returncode == 1
    assert run_check(project).returncode == 1
    assert snapshot(project) == before


def test_building_the_real_course_leaves_its_sources_alone(tmp_path):
    project = tmp_path / "course"
    ignore = shutil.ignore_patterns(".venv", "site", "dist", ".git", "__pycache__", ".cache", "bench")
    shutil.copytree(ROOT, project, ignore=ignore)
    before = snapshot(project)
    assert len(before) > 10
    run_mkdocs(project)  # the content may be mid-edit: only what the build writes matters here
    run_check(project)
    assert snapshot(project) == before
