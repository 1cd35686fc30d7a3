"""scripts/pr_summary.py on real builds: a base course and a changed one (a page edited, a chapter
added, a citation added and one removed, a work added and one removed)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import MINIMAL_BIB, ROOT, run_mkdocs
from outputs_support import CHAPTER_TWO, make_small_course, small_course_config, small_course_files

SCRIPT = ROOT / "scripts" / "pr_summary.py"
EXTRA_WORK = """
@book{annanWeThePeoples2000,
  author = {Annan, Kofi A.},
  title = {We the Peoples},
  publisher = {United Nations},
  address = {New York},
  year = {2000}
}
"""


def summarise(base: Path, head: Path, out: Path) -> tuple[dict, str]:
    proc = subprocess.run([sys.executable, str(SCRIPT), str(base), str(head), "--json", str(out / "s.json"),
                           "--markdown", str(out / "s.md")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads((out / "s.json").read_text(encoding="utf-8")), (out / "s.md").read_text(encoding="utf-8")


def built_site(project: Path, keep: Path) -> Path:
    result = run_mkdocs(project, "--strict")
    assert result.returncode == 0, result.output
    shutil.copytree(project / "site", keep)
    return keep


def test_summary_lists_pages_citations_and_works(make_project, tmp_path):
    base_files = small_course_files()
    base_files["docs/chapters/two.md"] = CHAPTER_TWO.replace(
        "Compare [chapter one](one.md).", "Compare [chapter one](one.md). On the UN's report, see @annanWeThePeoples2000.")
    base = built_site(make_project(base_files, bib=MINIMAL_BIB + EXTRA_WORK, config=small_course_config()),
                      tmp_path / "base")

    head_files = small_course_files()
    head_files["docs/chapters/two.md"] = CHAPTER_TWO.replace("in another light", "in a new light")
    head_files["docs/chapters/three.md"] = CHAPTER_TWO.replace("title: Chapter two", "title: Chapter three").replace(
        "Peacekeeping and R2P in another light [see @bellamyChangingFaceHumanitarian2015, 20].",
        "A third look [@footChinaUnitedStates2011, 9]. And [@evansResponsibilityProtectEnding2008].")
    head_bib = MINIMAL_BIB + """
@book{evansResponsibilityProtectEnding2008,
  author = {Evans, Gareth},
  title = {The Responsibility to Protect: Ending Mass Atrocity Crimes Once and for All},
  publisher = {Brookings Institution Press},
  address = {Washington, DC},
  year = {2008}
}
"""
    config = small_course_config()
    config["nav"][1]["Chapters"].append("chapters/three.md")
    head = built_site(make_project(head_files, bib=head_bib, config=config), tmp_path / "head")

    summary, markdown = summarise(base, head, tmp_path)
    assert summary["base_built"] is True
    assert summary["pages"]["added"] == [{"url": "chapters/three/", "title": "Chapter three"}]
    assert summary["pages"]["removed"] == []
    changed = [p["url"] for p in summary["pages"]["changed"]]
    assert "chapters/two/" in changed and "bibliography/" in changed
    assert "chapters/one/" not in changed  # only its nav changed: not its reading content
    assert not any(p["url"].startswith("whole-course") for kind in summary["pages"].values() for p in kind)
    # Chapter three: its summary's two citations, and the three it shares with chapter two.
    assert summary["citations"]["added"] == [
        {"url": "chapters/three/", "key": "bellamyChangingFaceHumanitarian2015", "count": 2},
        {"url": "chapters/three/", "key": "evansResponsibilityProtectEnding2008", "count": 1},
        {"url": "chapters/three/", "key": "footChinaUnitedStates2011", "count": 2},
    ]
    assert summary["citations"]["removed"] == [{"url": "chapters/two/", "key": "annanWeThePeoples2000", "count": 1}]
    assert [w["key"] for w in summary["works"]["added"]] == ["evansResponsibilityProtectEnding2008"]
    assert summary["works"]["added"][0]["reference"].startswith("Evans, Gareth. 2008. The Responsibility to Protect")
    assert [w["key"] for w in summary["works"]["removed"]] == ["annanWeThePeoples2000"]

    assert markdown.startswith("<!-- course-preview -->\n")
    assert f"**Pages:** {len(changed)} changed, 1 added, 0 removed" in markdown
    assert "- added: Chapter three (`chapters/three/`)" in markdown
    assert "**Citations:** 5 added, 1 removed" in markdown
    assert "- −1 `@annanWeThePeoples2000` on `chapters/two/`" in markdown
    assert "**Works in the bibliography:** 1 added, 1 removed" in markdown


def test_no_change_and_no_base(make_project, tmp_path):
    site = built_site(make_small_course(make_project), tmp_path / "site")
    summary, markdown = summarise(site, site, tmp_path)
    assert summary["pages"] == {"added": [], "removed": [], "changed": []}
    assert "No change to any page, citation or work." in markdown

    summary, markdown = summarise(tmp_path / "no-base-build", site, tmp_path)
    assert summary["base_built"] is False
    assert "The base branch did not build" in markdown


def test_head_site_must_exist(tmp_path):
    proc = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path), str(tmp_path / "nothing")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "holds no built site (no index.html): build it first" in proc.stderr
