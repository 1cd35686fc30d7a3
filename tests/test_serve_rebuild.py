"""Two builds in one process, as ``mkdocs serve`` rebuilds after an edit: the config and the hook
modules are loaded again, the modules they share (``build_state``, ``deferred_html``,
``markdown_stash``, ``written_pages``, ``coursekit``) are not, and the collector's frozen objects
are thawed. The second site must be whole: the edit in, every held piece written, nothing stale."""

import subprocess
import sys

from conftest import build_env

CHAPTER = """\
# Chapter one

## Power

Order, as Foot and Walter [-@footChinaUnitedStates2011, 5] write.
"""

ADDED = "\nIntervention [@bellamyChangingFaceHumanitarian2015, 7].\n"

# Builds, edits the chapter, builds again: what serve's rebuild does, without its server.
SCRIPT = """\
import sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

chapter = Path("docs/chapters/one.md")
for number in (1, 2):
    config = load_config("mkdocs.yml", site_dir=f"site{number}")
    build(config)
    config.plugins.on_shutdown()
    chapter.write_text(chapter.read_text(encoding="utf-8") + sys.argv[1], encoding="utf-8")
"""


def test_a_rebuild_in_the_same_process_is_whole_and_current(make_project):
    project = make_project({"docs/chapters/one.md": CHAPTER})
    proc = subprocess.run([sys.executable, "-c", SCRIPT, ADDED], cwd=project, env=build_env(),
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for number, bellamy_cited in ((1, False), (2, True)):
        site = project / f"site{number}"
        chapter = (site / "chapters" / "one" / "index.html").read_text(encoding="utf-8")
        bibliography = (site / "bibliography" / "index.html").read_text(encoding="utf-8")
        whole = (site / "whole-course" / "index.html").read_text(encoding="utf-8")
        for page in (chapter, bibliography, whole):
            assert "<!--ck-" not in page and "<!--coursekit:" not in page
        assert '(<a class="citation-link"' in chapter and "2011, 5</a>)" in chapter
        assert "2011, 5</a>" in whole
        assert chapter.count('id="footChinaUnitedStates2011"') == 0 and 'id="footChinaUnitedStates2011"' in bibliography
        foot = bibliography[bibliography.index('id="footChinaUnitedStates2011"'):]
        # Its backlink, in its entry, once: nothing left from the build before.
        assert foot[:foot.index("</div>")].count('<a href="../chapters/one/#power">') == 1
        bellamy = bibliography[bibliography.index('id="bellamyChangingFaceHumanitarian2015"'):]
        assert ('<p class="cited-in">' in bellamy[:bellamy.index("</div>")]) is bellamy_cited
        assert ("Bellamy 2015, 7</a>" in chapter) is bellamy_cited


# As serve does: started once as "serve", three builds; between them an edit to one chapter, then
# to the bibliography. Prints, after each build, whether the other chapter's rendering was reused.
SERVE_SCRIPT = """\
import sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

edits = [(Path("docs/chapters/one.md"), sys.argv[1]), (Path("bibliography/references.bib"), None)]
kept = None
for number in (1, 2, 3):
    config = load_config("mkdocs.yml", site_dir=f"site{number}")
    if number == 1:
        config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    last = sys.modules["hooks/citations.py"]._last_build["chapters/two.md"][2]
    print(f"build {number}: chapter two {'reused' if last is kept else 'rendered'}")
    kept = last
    config.plugins.on_shutdown()
    if number <= len(edits):
        path, added = edits[number - 1]
        text = path.read_text(encoding="utf-8")
        path.write_text(text + added if added else text.replace("Global Order", "World Order"), encoding="utf-8")
"""

TWO = "# Chapter two\n\nAs argued [@footChinaUnitedStates2011, 9].\n"


def test_serve_rebuilds_reuse_unchanged_pages_citations_until_the_bibliography_changes(make_project):
    project = make_project({"docs/chapters/one.md": CHAPTER, "docs/chapters/two.md": TWO})
    proc = subprocess.run([sys.executable, "-c", SERVE_SCRIPT, ADDED], cwd=project, env=build_env(),
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines() == ["build 1: chapter two rendered", "build 2: chapter two reused",
                                        "build 3: chapter two rendered"]
    pages = {n: (project / f"site{n}" / "chapters" / "two" / "index.html").read_text(encoding="utf-8") for n in (1, 2, 3)}
    assert pages[1] == pages[2]  # the reused rendering writes the same page
    assert "Global Order" in pages[2] and "World Order" in pages[3] and "Global Order" not in pages[3]
    one = (project / "site2" / "chapters" / "one" / "index.html").read_text(encoding="utf-8")
    assert "Bellamy 2015, 7</a>" in one  # the edited chapter, rendered again
