"""scripts/pr_summary.py on real builds of two states of a small course, and the report page
(hooks/changes_page.py) in the preview's site and pack.

The head changes one word, one citation's locator, one quotation, a glossary definition and a
notes-map pinpoint; it adds a work (cited) and another (cited nowhere: a new warning), edits a field
of an entry, removes a step of the course path, breaks a link (a new MkDocs warning), adds a page,
and adds an inline script, an event handler and a ``javascript:`` link. Each must be reported at its page and
anchor; the base against itself must report nothing.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from conftest import MINIMAL_BIB, ROOT, build_env, run_mkdocs, serve, write_project
from outputs_support import (CHAPTER_ONE, CHAPTER_TWO, broken_links, build_outputs_command, pack_zip,
                             small_course_config, small_course_files, unzip_pack)

SCRIPT = ROOT / "scripts" / "pr_summary.py"
GITHUB_LIMIT = 65_536

GUIDES = """\
themes:
  - id: r2p
    title: R2P and its pillars
    why: >-
      Views of R2P change [@footChinaUnitedStates2011, 5].
    works:
      - key: bellamyChangingFaceHumanitarian2015
        note: How intervention changed.
    terms: [r2p]
sessions:
  - title: "Session 1: Two views"
    read:
      - chapters/one.md
      - chapters/two.md#another-light
"""
GLOSSARY = """\
- id: r2p
  term: R2P
  expansion: Responsibility to Protect
  definition: A norm of protection [@footChinaUnitedStates2011, 5].
  themes: [r2p]
"""
NOTES = """\
source: footChinaUnitedStates2011
count: 2
notes:
  1: "@bellamyChangingFaceHumanitarian2015, p. 15"
  2: "@bellamyChangingFaceHumanitarian2015, p. 20"
"""
QUOTED = 'Foot and Walter call it "a slow and uneven change" [@footChinaUnitedStates2011, 5].'
EVANS = """
@book{evansResponsibilityProtectEnding2008,
  author = {Evans, Gareth},
  title = {The Responsibility to Protect: Ending Mass Atrocity Crimes Once and for All},
  publisher = {Brookings Institution Press},
  address = {Washington, DC},
  year = {2008}
}
"""
ANNAN = """
@book{annanWeThePeoples2000,
  author = {Annan, Kofi A.},
  title = {We the Peoples},
  publisher = {United Nations},
  address = {New York},
  year = {2000}
}
"""
# A work cited nowhere is a warning; the whole-course page and the editors' notes on, as in our course.
COURSE_YML = "sources_dir: sources\nuncited: warn\nwhole_course: true\nentry_notes: true\n"
UNSAFE = '<script>document.title = "pwned";</script>'


def base_state() -> tuple[dict[str, str], str]:
    files = small_course_files()
    files["docs/chapters/one.md"] = CHAPTER_ONE.replace(
        "invented example for the search test.", f"invented example for the search test. {QUOTED}")
    files.update({"course/guides.yml": GUIDES, "course/glossary.yml": GLOSSARY,
                  "bibliography/notes/footChinaUnitedStates2011.yml": NOTES})
    return files, MINIMAL_BIB


def head_state() -> tuple[dict[str, str], str]:
    files, bib = base_state()
    files["docs/chapters/one.md"] = (
        files["docs/chapters/one.md"]
        .replace("Sovereignty comes first [@footChinaUnitedStates2011, 6]", "Sovereignty comes first [@footChinaUnitedStates2011, 7]")
        .replace("a slow and uneven change", "a slow and halting change")
        .replace("[its questions](two.md#discussion-questions)", "[its questions](two.md#questions)"))
    files["docs/chapters/two.md"] = (
        CHAPTER_TWO.replace("in another light", "in a new light")
        .replace("Compare [chapter one](one.md).",
                 "Compare [chapter one](one.md) and [@evansResponsibilityProtectEnding2008, 12].\n\n"
                 f"{UNSAFE}\n\n"
                 'A <a href="javascript:alert(1)" onclick="steal()">link</a> to click, an '
                 '<img src="data:image/svg+xml,x" alt=""> image and an <a href="&#106;ava&#9;script:x()">encoded</a> one.'))
    files["docs/reading-notes.md"] = "# Reading notes\n\nA new page, with nothing but the theme's own scripts.\n"
    files["course/guides.yml"] = GUIDES.replace("      - chapters/two.md#another-light\n", "")
    files["course/glossary.yml"] = GLOSSARY.replace("A norm of protection", "A norm for the protection of people")
    files["bibliography/notes/footChinaUnitedStates2011.yml"] = NOTES.replace("p. 20", "p. 21")
    bib = bib.replace("volume = {11}", "volume = {12}") + EVANS + ANNAN
    return files, bib


def check(project: Path) -> str:
    proc = subprocess.run([sys.executable, "-m", "coursekit", "check", "--root", str(project)],
                          env=build_env(PYTHONPATH=str(project / "hooks")), capture_output=True, text=True,
                          timeout=120)
    return proc.stdout + proc.stderr


def summarise(base: Path, head: Path, out: Path, *extra: str, base_site: Path | None = None,
              head_site: Path | None = None) -> subprocess.CompletedProcess:
    out.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, str(SCRIPT), str(base_site or base / "site"), str(head_site or head / "site"),
               "--base-root", str(base), "--head-root", str(head), "--json", str(out / "summary.json"),
               "--markdown", str(out / "summary.md"), "--page", str(out / "changes.md"), *extra]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


class Compared:
    def __init__(self, base: Path, head: Path, out: Path):
        self.base, self.head, self.out = base, head, out
        self.summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        self.comment = (out / "summary.md").read_text(encoding="utf-8")
        self.page = (out / "changes.md").read_text(encoding="utf-8")

    def page_changes(self, url: str) -> dict:
        (page,) = [p for p in self.summary["pages"] if p["url"] == url]
        return page


@pytest.fixture(scope="module")
def compared(tmp_path_factory) -> Compared:
    """Base and head built (the head without --strict: it has new warnings) and compared, with the
    check output and the build log of each side."""
    work = tmp_path_factory.mktemp("pr")
    config = small_course_config()
    sides = {}
    for name, (files, bib) in (("base", base_state()), ("head", head_state())):
        project = write_project(work / name, files, bib=bib, config=config, course_yml=COURSE_YML)
        built = run_mkdocs(project, env=build_env(COURSE_CHANGES=""))
        assert (project / "site" / "index.html").is_file(), built.output
        if name == "base":
            assert built.returncode == 0 and "WARNING" not in built.output, built.output
        (work / f"{name}-build.log").write_text(built.output, encoding="utf-8")
        (work / f"{name}-check.txt").write_text(check(project), encoding="utf-8")
        sides[name] = project
    proc = summarise(sides["base"], sides["head"], work / "out",
                     "--base-log", str(work / "base-check.txt"), "--base-log", str(work / "base-build.log"),
                     "--head-log", str(work / "head-check.txt"), "--head-log", str(work / "head-build.log"))
    assert proc.returncode == 0, proc.stderr
    return Compared(sides["base"], sides["head"], work / "out")


def heading_id(site: Path, url: str, text: str) -> str:
    """The id of the heading that reads ``text`` on a built page, read from its HTML."""
    page = (site / url / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<h\d[^>]* id="([^"]+)"[^>]*>' + re.escape(text), page)
    assert match, f"no heading {text!r} on {url}"
    return match.group(1)


def test_a_changed_word_is_marked_at_its_section(compared):
    (change,) = [c for c in compared.page_changes("chapters/two/")["text"] if "light" in (c["old"] or "")]
    assert change["kind"] == "changed" and change["block"] == "paragraph"
    assert change["anchor"] == "another-light" and change["section"] == "Another light"
    assert "in another light" in change["old"] and "in a new light" in change["new"]
    assert "<del>another</del>" in compared.page and "<ins>a new</ins>" in compared.page
    assert "(preview:chapters/two/#another-light)" in compared.page


def test_a_changed_locator_is_reported_old_and_new(compared):
    changed = [c for c in compared.page_changes("chapters/one/")["citations"] if c["kind"] == "changed"]
    (locator,) = [c for c in changed if c["anchor"] == "key-arguments"]
    assert locator["keys"] == ["footChinaUnitedStates2011"]
    assert locator["old"].endswith(", 6)") and locator["new"].endswith(", 7)")
    assert locator["old"][:-3] == locator["new"][:-3]  # the same citation, only its locator differs
    base_html = (compared.base / "site" / "chapters" / "one" / "index.html").read_text(encoding="utf-8")
    assert locator["old"] in re.sub(r"<[^>]+>", "", base_html)


def test_a_changed_quotation_is_reported_with_its_pinpoint(compared):
    (quotation,) = compared.page_changes("chapters/one/")["quotations"]
    assert quotation["kind"] == "changed" and quotation["anchor"] == "talks"
    assert quotation["old"]["text"] == "a slow and uneven change"
    assert quotation["new"]["text"] == "a slow and halting change"
    assert quotation["new"]["pinpoint"].endswith(", 5)")


def test_an_added_work_is_reported_at_its_entry_and_where_it_is_cited(compared):
    works = compared.summary["works"]
    assert works["compared"] == "fields"
    added = {w["key"]: w for w in works["added"]}
    assert set(added) == {"evansResponsibilityProtectEnding2008", "annanWeThePeoples2000"}
    evans = added["evansResponsibilityProtectEnding2008"]
    assert (evans["url"], evans["anchor"]) == ("bibliography/", "evansResponsibilityProtectEnding2008")
    assert evans["reference"].startswith("Evans, Gareth. 2008.")
    (cited,) = [c for c in compared.page_changes("chapters/two/")["citations"] if c["kind"] == "added"]
    assert cited["keys"] == ["evansResponsibilityProtectEnding2008"] and cited["anchor"] == "connections"


def test_an_edited_entry_field_is_reported_field_by_field(compared):
    (bellamy,) = compared.summary["works"]["changed"]
    assert bellamy["key"] == "bellamyChangingFaceHumanitarian2015"
    assert bellamy["fields"] == [{"field": "volume", "old": "11", "new": "12"}]
    assert (bellamy["url"], bellamy["anchor"]) == ("bibliography/", bellamy["key"])
    assert "11" in bellamy["reference"]["old"] and "12" in bellamy["reference"]["new"]


def test_a_removed_course_path_step_is_reported_at_its_session(compared):
    (step,) = compared.summary["guides"]
    assert step["kind"] == "removed" and step["old"] == "chapters/two.md#another-light"
    session = heading_id(compared.head / "site", "course-path", "Session 1: Two views")
    assert (step["url"], step["anchor"]) == ("course-path/", session)
    # The page shows it too, and the session's reading time that changed with it.
    course_path = compared.page_changes("course-path/")["text"]
    assert any(c["kind"] == "removed" and "Another light" in c["old"] and c["anchor"] == session
               for c in course_path)
    assert any(c["kind"] == "changed" and "Reading time" in c["old"] for c in course_path)


def test_glossary_and_notes_map_changes_are_placed(compared):
    (term,) = compared.summary["glossary"]
    assert term["what"] == "term 'r2p' › definition" and (term["url"], term["anchor"]) == ("glossary/", "r2p")
    assert "A norm of protection" in term["old"] and "A norm for the protection of people" in term["new"]
    ((note,),) = [m["changes"] for m in compared.summary["notes"]]
    assert (note["what"], note["old"], note["new"]) == ("note 2", "@bellamyChangingFaceHumanitarian2015, p. 20",
                                                       "@bellamyChangingFaceHumanitarian2015, p. 21")
    assert (note["url"], note["anchor"]) == ("chapters/one/", "note-2")


def test_new_warnings_are_placed_and_flagged_as_rejected_by_strict(compared):
    problems = compared.summary["problems"]
    assert all(p["severity"] == "warning" for p in problems)
    (unused,) = [p for p in problems if "annanWeThePeoples2000" in p["message"]]
    assert unused["path"] == "bibliography/references.bib"
    assert (unused["url"], unused["anchor"]) == ("bibliography/", "annanWeThePeoples2000")
    (link,) = [p for p in problems if "two.md#questions" in p["message"]]
    assert (link["url"], link["anchor"]) == ("chapters/one/", "talks")
    assert len(problems) == 2  # each once, though the check and the build both report the first
    assert "**The strict build would reject this change:** 0 new error(s), 2 new warning(s)." in compared.comment


def test_new_script_handlers_and_javascript_urls_are_flagged(compared):
    found = {(f["url"], f["what"], f["anchor"]) for f in compared.summary["markup"]}
    assert ("chapters/two/", "script", "connections") in found
    assert ("chapters/two/", "event handler", "connections") in found
    assert ("chapters/two/", "javascript: URL", "connections") in found
    assert ("chapters/two/", "data: URL", "connections") in found
    encoded = [f for f in compared.summary["markup"] if f["url"] == "chapters/two/"
               and "&#106;" in f["snippet"]]
    assert [f["what"] for f in encoded] == ["javascript: URL"]  # as the browser reads it, not as written
    (script,) = [f for f in compared.summary["markup"] if f["url"] == "chapters/two/" and f["what"] == "script"]
    assert "pwned" in script["snippet"]
    # The whole-course page repeats the chapter: it runs the script too. Nothing else is new, not
    # even on a new page (the theme's scripts are on every page of the base).
    assert {f["url"] for f in compared.summary["markup"]} == {"chapters/two/", "whole-course/"}
    assert compared.page_changes("reading-notes/")["status"] == "added"


def test_the_comment_counts_and_stays_text(compared):
    counts = compared.summary["counts"]
    assert counts["works"] == {"changed": 1, "added": 2, "removed": 0}
    assert counts["markup"] == 10  # five on the chapter, the same five on the whole-course page
    assert compared.comment.startswith("<!-- course-preview -->\n")
    assert "| Works in the bibliography | 1 | 2 | 0 |" in compared.comment
    # The script is shown, never run: no tag of it reaches the comment or the page as markup.
    for text in (compared.comment, compared.page):
        assert UNSAFE not in text and 'onclick="steal()"' not in text and "pwned" in text
        assert "&#64;evansResponsibilityProtectEnding2008" in text and "@evans" not in text


def test_an_unchanged_build_reports_nothing(compared):
    proc = summarise(compared.base, compared.base, compared.out / "same",
                     "--base-log", str(compared.out.parent / "base-check.txt"),
                     "--head-log", str(compared.out.parent / "base-check.txt"))
    assert proc.returncode == 0, proc.stderr
    summary = json.loads((compared.out / "same" / "summary.json").read_text(encoding="utf-8"))
    assert summary["pages"] == [] and summary["problems"] == [] and summary["markup"] == []
    assert summary["works"] == {"compared": "fields", "added": [], "removed": [], "changed": []}
    assert summary["notes"] == summary["guides"] == summary["glossary"] == summary["unavailable"] == []
    comment = (compared.out / "same" / "summary.md").read_text(encoding="utf-8")
    assert "No change to any page, citation, work or course file." in comment


# -- The report page ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def preview(compared, tmp_path_factory) -> tuple[Path, Path]:
    """The head built again as the preview workflow does, site and pack, with the report page."""
    proc = subprocess.run([*build_outputs_command(compared.head), "--lenient"],
                          env=build_env(SOURCE_DATE_EPOCH="1700000000", COURSE_CHANGES=str(compared.out / "changes.md")),
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    pack = unzip_pack(pack_zip(compared.head), tmp_path_factory.mktemp("pack"))
    return compared.head / "site", pack


def test_the_report_page_is_in_the_preview_with_working_links(preview):
    site, pack = preview
    for page, folder in ((site / "changes" / "index.html", site), (pack / "changes.html", pack)):
        html = page.read_text(encoding="utf-8")
        links = re.findall(r'href="([^"]+)"', html.split('<article', 1)[1].split("</article>", 1)[0])
        places = [link for link in links if "#" in link and not link.startswith("#")]
        assert len(places) >= 10, places
        assert broken_links(page, folder) == []
        assert "<del>another</del>" in html and "pwned" in html
        assert "<script>document.title" not in html  # shown, not run


@pytest.mark.parametrize("width", [1366, 390])
def test_the_report_page_in_a_browser_leads_to_each_place(preview, width):
    """Hosted and from file://: the page fits the screen, shows the new script without running it,
    and its link to a changed paragraph opens that paragraph's section of the chapter."""
    site, pack = preview
    with sync_playwright() as playwright, serve(site) as hosted:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for start, chapter in ((hosted + "changes/", hosted + "chapters/two/"),
                               ((pack / "changes.html").as_uri(), (pack / "chapters" / "two.html").as_uri())):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(start)
            assert page.title().startswith("Changes in this pull request")  # the script is text here
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            page.locator("article a", has_text="Another light").first.click()
            page.wait_for_url(chapter + "#another-light")
            assert page.locator("#another-light").is_visible()
            assert page.title() == "pwned"  # the chapter itself runs it: the report led to the real page
            page.close()
        browser.close()


def test_the_report_page_is_in_neither_the_navigation_nor_the_search(preview):
    site, pack = preview
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "changes/" not in home
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [doc for doc in index["docs"] if doc["location"].startswith("changes/")]
    assert "changes.html" not in (pack / "index.html").read_text(encoding="utf-8")


def test_a_main_build_has_no_report_page(compared):
    assert not (compared.base / "site" / "changes").exists()
    assert "changes/" not in (compared.base / "site" / "sitemap.xml").read_text(encoding="utf-8")


def test_an_unreadable_report_fails_the_build_clearly(compared, tmp_path):
    project = shutil.copytree(compared.base, tmp_path / "project", ignore=shutil.ignore_patterns("site"))
    result = run_mkdocs(project, env=build_env(COURSE_CHANGES=str(tmp_path / "missing.md")))
    assert result.returncode != 0
    assert f"COURSE_CHANGES={tmp_path / 'missing.md'}: cannot read the report" in result.output
    assert "Traceback" not in result.output


# -- Large changes and failures --------------------------------------------------------------------

def test_a_huge_change_keeps_the_comment_under_githubs_limit(tmp_path):
    paragraph = "Paragraph {n} of page {p} says that views of R2P changed over a long time, in many ways " * 3
    pages = {p: "# Page {p}\n\n".format(p=p) + "\n\n".join(paragraph.format(n=n, p=p) for n in range(70)) + "\n"
             for p in range(25)}
    config = small_course_config()
    sides = {}
    for name, word in (("base", "changed"), ("head", "shifted")):
        files = {f"docs/p{p}.md": text.replace("changed", word) for p, text in pages.items()}
        project = write_project(tmp_path / name, {**small_course_files(), **files}, config=config)
        assert run_mkdocs(project, "--strict").returncode == 0
        sides[name] = project
    proc = summarise(sides["base"], sides["head"], tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    comment = (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")
    assert len(comment.encode("utf-16-le")) // 2 < GITHUB_LIMIT - 5_000  # room for the job's links
    assert "| Wording (paragraphs, list items, table rows, headings) | 1750 | 0 | 0 |" in comment
    assert "… and 62 more on this page" in comment
    # Every change is shown, or counted: under its page's cap, or as not fitting in the comment.
    shown = comment.count("· paragraph changed")
    capped = sum(int(n) for n in re.findall(r"… and (\d+) more on this page", comment))
    left = re.search(r"… and (\d+) more that do not fit in a comment", comment)
    assert left and shown and shown + capped + int(left.group(1)) == 25 * 70
    page = (tmp_path / "out" / "changes.md").read_text(encoding="utf-8")
    assert page.count("… and 10 more on this page") == 25  # every page's list cut, with a count of the rest


def test_no_base_build_and_no_head_build(tmp_path, compared):
    proc = summarise(compared.base, compared.head, tmp_path / "out", base_site=tmp_path / "no-base")
    assert proc.returncode == 0, proc.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["base_built"] is False and summary["pages"] == [] and summary["markup"] == []
    assert summary["works"]["changed"]  # the course files are still compared
    assert "The base branch did not build" in (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")

    # A head that does not build: its problems are the report.
    broken = tmp_path / "broken"
    shutil.copytree(compared.head, broken, ignore=shutil.ignore_patterns("site", "dist", ".cache", "__pycache__"))
    chapter = broken / "docs" / "chapters" / "two.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("@evansResponsibilityProtectEnding2008", "@evansResponsibility"),
                       encoding="utf-8")
    build = run_mkdocs(broken)
    assert build.returncode != 0 and not (broken / "site" / "index.html").exists()
    (tmp_path / "head.log").write_text(build.output, encoding="utf-8")
    proc = summarise(compared.base, broken, tmp_path / "out2", "--head-log", str(tmp_path / "head.log"))
    assert proc.returncode == 0, proc.stderr
    summary = json.loads((tmp_path / "out2" / "summary.json").read_text(encoding="utf-8"))
    assert summary["head_built"] is False
    errors = [p for p in summary["problems"] if p["severity"] == "error"]
    assert [(p["path"], "evansResponsibility" in p["message"]) for p in errors] == [("docs/chapters/two.md", True)]
    comment = (tmp_path / "out2" / "summary.md").read_text(encoding="utf-8")
    assert "**This pull request does not build**" in comment and "evansResponsibility" in comment


def test_an_engine_or_a_file_that_does_not_load_is_reported_not_fatal(tmp_path, compared):
    head = tmp_path / "head"
    shutil.copytree(compared.head, head, ignore=shutil.ignore_patterns("site", "dist", ".cache", "__pycache__"))
    (head / "hooks" / "coursekit" / "bib" / "bibtex.py").write_text("this is not Python\n", encoding="utf-8")
    (head / "course" / "glossary.yml").write_text("- id: [unclosed\n", encoding="utf-8")
    proc = summarise(compared.base, head, tmp_path / "out", head_site=compared.head / "site")
    assert proc.returncode == 0, proc.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    # The works are compared as the two builds print them, and the rest still goes on.
    assert summary["works"]["compared"] == "rendered"
    assert {w["key"] for w in summary["works"]["added"]} == {"evansResponsibilityProtectEnding2008",
                                                             "annanWeThePeoples2000"}
    assert [w["key"] for w in summary["works"]["changed"]] == ["bellamyChangingFaceHumanitarian2015"]
    assert summary["guides"] and summary["notes"] and summary["glossary"] == []
    unavailable = " ".join(summary["unavailable"])
    assert "works compared as rendered only: the head's engine does not load (NameError" in unavailable
    assert "course/glossary.yml (head): not valid YAML" in unavailable


def test_head_site_must_exist(tmp_path):
    proc = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path), str(tmp_path / "nothing")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "holds no built site (no index.html): build it first" in proc.stderr


def test_the_real_course_against_itself_reports_nothing_and_its_preview_builds_strict(course_site, tmp_path):
    """The course's own settings: validation warns of pages left out of the nav, and every page is
    searched; the report page must set off neither, so the strict build passes with it."""
    project = course_site.project
    proc = summarise(project, project, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["pages"] == [] and summary["markup"] == [] and not any(summary["works"][k] for k in ("added", "removed", "changed"))
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                          cwd=project, env=build_env(COURSE_CHANGES=str(tmp_path / "out" / "changes.md")),
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = tmp_path / "site" / "changes" / "index.html"
    assert "No change to any page, citation, work or course file." in page.read_text(encoding="utf-8")
