"""A bibliography for students: notes meant for readers shown, maintainers' notes kept in the .bib only,
and "Cited in" grouped by page with counts, the rest folded."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
from pathlib import Path

import bibtexparser
import pytest

from check_support import run_check
from chicago_oracle import pandoc
from conftest import MINIMAL_BIB, ROOT, run_mkdocs

BIB = ROOT / "bibliography" / "references.bib"


def fields_of(bib: Path) -> dict[str, dict[str, str]]:
    """Each entry's raw fields, read by bibtexparser itself (not by the engine)."""
    library = bibtexparser.parse_string(bib.read_text(encoding="utf-8"))
    return {entry.key: {f.key.lower(): str(f.value) for f in entry.fields} for entry in library.entries}


def plain(text: str) -> str:
    return " ".join(re.sub(r"\\emph\{([^{}]*)\}", r"\1", text).split())


def own_words(text: str, besides: str = "") -> str | None:
    """The longest run of four or more plain words of ``text`` that ``besides`` lacks (None: none)."""
    runs = sorted(re.findall(r"[A-Za-z]+(?: [A-Za-z]+){3,}", plain(text)), key=len, reverse=True)
    return next((run for run in runs if run not in plain(besides)), None)


def besides(fields: dict[str, str]) -> str:
    """Every field of an entry but its comment: what readers may see of it anyway."""
    return " ".join(value for name, value in fields.items() if name != "comment")


def text_of(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).split())


def entry_html(page: str, key: str) -> str:
    start = page.index(f'<div class="csl-entry" id="{key}">')
    return page[start: page.index("</div>", start)]


# -- The course's own bibliography -------------------------------------------------------------------

def test_no_style_can_print_a_maintainers_comment():
    """pandoc reads the .bib into CSL JSON, all a CSL style ever sees: the notes are there, as "note",
    and the maintainers' comments nowhere (as "annotation" would be, as "annote")."""
    items = json.loads(subprocess.run([pandoc(), "-f", "biblatex", "-t", "csljson", str(BIB)], capture_output=True,
                                      text=True, check=True, env={**os.environ, "LANG": "C.UTF-8"}).stdout)
    seen = json.dumps(items, ensure_ascii=False)
    entries = fields_of(BIB)
    shown_anyway = " ".join(besides(fields) for fields in entries.values())
    comments = [words for fields in entries.values() if (words := own_words(fields.get("comment", ""), shown_anyway))]
    assert len(comments) > 40
    assert [words for words in comments if words in seen] == []
    notes = {item["id"]: item.get("note", "") for item in items}
    assert [key for key, fields in entries.items() if "note" in fields and not notes[key]] == []


def test_readers_see_the_notes_for_readers_and_never_the_comments(course_outputs):
    entries = fields_of(BIB)
    shown_anyway = " ".join(besides(fields) for fields in entries.values())
    for view in ("site", "site/instructor"):
        page = (course_outputs / view / "bibliography" / "index.html").read_text(encoding="utf-8")
        site_text = text_of(" ".join(p.read_text(encoding="utf-8") for p in (course_outputs / view).rglob("*.html")))
        for key, fields in entries.items():
            entry = html.unescape(re.sub(r"<[^>]+>", "", entry_html(page, key)))
            if "note" in fields:
                assert f"Editor’s note: {plain(fields['note'])}" in " ".join(entry.split()), key
            else:
                assert "Editor’s note" not in entry, key
            words = own_words(fields.get("comment", ""), shown_anyway)
            if words:
                assert words not in site_text, (key, words)


def test_a_note_for_readers_never_speaks_of_the_key_or_the_transcription():
    for key, fields in fields_of(BIB).items():
        note = fields.get("note", "")
        assert not re.search(r"\bkeys?\b|transcri|extraction|notes map", note, re.IGNORECASE), key


def test_cited_in_is_grouped_by_page_and_leads_to_places_that_cite(course_outputs):
    site = course_outputs / "site"
    page = (site / "bibliography" / "index.html").read_text(encoding="utf-8")
    key = "footChinaInternationalHuman"  # the work most cited
    entry = entry_html(page, key)
    head = re.search(r'<p class="cited-in"><strong>Cited in</strong> (\d+) sections? on (\d+) pages?:</p>', entry)
    groups = re.findall(r'<li><span class="cited-in-page">([^<]*)</span> <span class="cited-in-count">'
                        r'\((\d+) sections?\)</span>: (.*?)</li>', entry, re.DOTALL)
    assert head and len(groups) == int(head.group(2)) and sum(int(n) for _, n, _ in groups) == int(head.group(1))
    # Its own chapter first, under the chapter's title (its front matter's).
    foot = (ROOT / "docs" / "chapters" / "foot-human-protection.md").read_text(encoding="utf-8")
    assert groups[0][0] == html.escape(re.search(r'^title: "(.+)"$', foot, re.MULTILINE).group(1), quote=False)
    for title, count, body in groups:
        shown = re.sub(r"<details.*", "", body, flags=re.DOTALL)
        links = re.findall(r'<a href="([^"]+)">', body)
        assert len(links) == int(count) and len(re.findall("<a ", shown)) == min(int(count), 3), title
        assert ("<details" in body) == (int(count) > 3), title
        for href in links:  # each place holds a citation of the work, under the heading it names
            path, _, anchor = href.partition("#")
            target = (site / "bibliography" / path / "index.html").read_text(encoding="utf-8")
            start = target.index(f'id="{anchor}"') if anchor else 0
            following = re.search(r"<h[1-6][^>]*\sid=", target[start + 1:])
            section = target[start: start + 1 + following.start()] if following else target[start:]
            assert f'data-cite="{key}"' in section, href
    assert '<p class="listed-in-guides"><strong>In reading guides:</strong> <a href="../guides/' in entry


# -- Small courses -------------------------------------------------------------------------------------

NOTED_BIB = MINIMAL_BIB.replace("  year = {2011}\n}", """  year = {2011},
  note = {The source prints no place for \\emph{this} edition.},
  comment = {Printed as "Foot and Walter 2011"; the key follows CONTRIBUTING.md.}
}""", 1)


def test_a_small_course_shows_the_note_and_keeps_the_comment(make_project):
    project = make_project({"docs/page.md": "# Page\n\n[@footChinaUnitedStates2011] [@bellamyChangingFaceHumanitarian2015]\n"},
                           bib=NOTED_BIB)
    built = run_mkdocs(project, "--strict")
    assert built.returncode == 0, built.output
    entry = entry_html(built.html("bibliography/index.html"), "footChinaUnitedStates2011")
    assert ('<p class="entry-note"><strong>Editor’s note:</strong> The source prints no place for <i>this</i> '
            "edition.</p>") in entry
    everything = " ".join(p.read_text(encoding="utf-8") for p in built.site.rglob("*") if p.suffix in (".html", ".json"))
    assert "Printed as" not in everything and "CONTRIBUTING" not in everything


def test_a_note_that_speaks_to_maintainers_is_a_warning_at_its_line(make_project):
    bib = NOTED_BIB.replace("no place for \\emph{this} edition.", "no place, so the key has no place.")
    project = make_project({"docs/page.md": "# Page\n\n[@footChinaUnitedStates2011] [@bellamyChangingFaceHumanitarian2015]\n"},
                           bib=bib)
    line = bib.splitlines().index(next(x for x in bib.splitlines() if x.startswith("  note"))) + 1
    warning = (f"bibliography/references.bib:{line}:1: warning: the note of 'footChinaUnitedStates2011' speaks of "
               "'key', which is for maintainers: readers see every note as an editor's note — keep in 'note' what a "
               "reader needs (what the source lacks, a repaired address, a doubt about the work) and move the rest "
               "to 'comment', which no style prints")
    assert warning in run_check(project).stdout.splitlines()
    built = run_mkdocs(project, "--strict")
    assert built.returncode == 1 and warning.replace("warning: ", "") in built.output
    quiet = make_project({"docs/page.md": "# Page\n\n[@footChinaUnitedStates2011] [@bellamyChangingFaceHumanitarian2015]\n"},
                         bib=bib, course_yml="entry_notes: false\n")  # notes not shown: the style's to print
    assert run_mkdocs(quiet, "--strict").returncode == 0


def test_a_long_cited_in_folds_beyond_a_few_places_and_pages(make_project):
    sections = "".join(f"## Part {n} {{#part-{n}}}\n\nCited [@footChinaUnitedStates2011, {n}].\n\n" for n in range(1, 6))
    pages = {"docs/p1.md": f"# Page 1\n\n{sections}[@bellamyChangingFaceHumanitarian2015]\n"}
    pages.update({f"docs/p{n}.md": f"# Page {n}\n\n## Only {{#only}}\n\nOnce [@footChinaUnitedStates2011].\n"
                  for n in range(2, 8)})
    project = make_project(pages)
    built = run_mkdocs(project, "--strict")
    assert built.returncode == 0, built.output
    entry = entry_html(built.html("bibliography/index.html"), "footChinaUnitedStates2011")
    assert '<p class="cited-in"><strong>Cited in</strong> 11 sections on 7 pages:</p>' in entry
    first = re.search(r'<li><span class="cited-in-page">Page 1</span> .*?</li>', entry, re.DOTALL).group(0)
    assert "(5 sections)" in first
    assert re.findall(r'href="\.\./p1/#(part-\d)"', first.split("<details")[0]) == ["part-1", "part-2", "part-3"]
    assert re.findall(r'href="\.\./p1/#(part-\d)"', first.split("<details")[1]) == ["part-4", "part-5"]
    assert '<summary>2 more</summary>' in first
    folded = entry[entry.index('<details class="cited-in-more"><summary>2 more pages</summary>'):]
    assert len(re.findall(r'<span class="cited-in-page">', folded)) == 2
    assert len(re.findall(r'<span class="cited-in-page">', entry)) == 7
