"""Real builds of pandoc's citation syntax as books write it: inline notes, links and code in a
prefix or suffix, a citation in a link's text, keys typed in either Unicode form, ``\\@`` in a
suffix. The keys pandoc's reader finds on the page are exactly the keys the page links to the
bibliography, and ``coursekit check`` says what the build says."""

from __future__ import annotations

import re
import shutil
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from check_support import run_check
from conftest import MINIMAL_BIB, ROOT, base_config, resolve_link, run_mkdocs, scan
from pandoc_citations import pandoc_citations

FOOT = "footChinaUnitedStates2011"
BELLAMY = "bellamyChangingFaceHumanitarian2015"
MULLER = "m\u00fcllerSchutzverantwortung2019"  # stored in NFC
BIB = MINIMAL_BIB + f"""
@book{{{MULLER},
  author = {{M{{\\"u}}ller, Anna}},
  title = {{Schutzverantwortung}},
  publisher = {{Suhrkamp}},
  address = {{Berlin}},
  year = {{2019}}
}}
"""
NFD_MULLER = unicodedata.normalize("NFD", MULLER)

CHAPTER = f"""\
# Chapter

## Notes

Order is contested.^[See @{FOOT} and [@{BELLAMY}, p. 17] on this.] Our own note follows.[^own]

[^own]: The author's footnote.

## Prefixes and suffixes

A link and code [@{FOOT}, see [the data](https://example.org/@data) and `code@x`, 5].
An autolink and a cross-reference [see <https://example.org/@y> and @{BELLAMY}, Figure \\@ref(fig:map)].
An escaped at-sign [@{FOOT}, p. 3\\@x] stays one.
A colon after it [@{BELLAMY}]: not a link definition.
An example [for example @{FOOT} and @{BELLAMY}].
A page of the course [@{BELLAMY}, see [the home page](../index.md)].

## Links

[See @{FOOT}](https://example.org/foot) for the argument.

## Forms

Typed in NFD: @{NFD_MULLER} [p. 4] agrees.

```{{r map}}
plot(world)  # the figure the cross-reference above names, as a bookdown chapter makes it
```
"""


class Anchors(HTMLParser):
    """Links inside links, and the citation spans each link holds."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.nested = 0

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.depth += 1
            if self.depth > 1:
                self.nested += 1

    def handle_endtag(self, tag):
        if tag == "a":
            self.depth -= 1


def linked_keys(page: Path, bibliography: Path) -> set[str]:
    """The works the page links to: the fragments of its links to the bibliography page."""
    keys = set()
    for attrs in scan(page).links:
        href = attrs.get("href", "")
        target, _, fragment = href.partition("#")
        if fragment and (target.endswith("bibliography/") or target.endswith("bibliography.html")):
            keys.add(unicodedata.normalize("NFC", fragment))
    return keys


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One project with every shape, built once (strict) for the tests below."""
    project = tmp_path_factory.mktemp("syntax") / "project"
    project.mkdir()
    shutil.copytree(ROOT / "hooks", project / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    files = {"mkdocs.yml": yaml.safe_dump(base_config()), "course/course.yml": "sources_dir: sources\n",
             "bibliography/references.bib": BIB, "docs/index.md": "# Home\n",
             "docs/bibliography.md": "# Bibliography\n\n<!-- bibliography -->\n", "docs/chapters/one.md": CHAPTER}
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    return project, run_mkdocs(project, "--strict")


def test_the_page_links_exactly_the_keys_pandoc_finds(built):
    project, result = built
    assert result.returncode == 0, result.output
    page = project / "site" / "chapters" / "one" / "index.html"
    found = {unicodedata.normalize("NFC", c.key) for c in pandoc_citations([CHAPTER])[0]}
    # pandoc stops an NFD key at its first mark (README): the engine reads the whole key, in NFC
    found = {MULLER if key == "mu" else key for key in found}
    assert linked_keys(page, project / "site" / "bibliography" / "index.html") == found == {FOOT, BELLAMY, MULLER}


def test_inline_notes_become_footnotes_with_their_citations(built):
    project, _ = built
    html = (project / "site" / "chapters" / "one" / "index.html").read_text(encoding="utf-8")
    footnotes = html[html.index('<div class="footnote">'):]
    items = re.findall(r'<li id="fn:([^"]+)">(.*?)</li>', footnotes, re.DOTALL)
    assert [label for label, _ in items][:2] == ["inline-note-1", "own"]  # numbered as referenced
    note = items[0][1]
    assert f'data-cite="{FOOT}"' in note and f'data-cite="{BELLAMY}"' in note and "Bellamy 2015, 17" in note
    assert "^[" not in html


def test_prefixes_and_suffixes_are_inline_markdown(built):
    project, _ = built
    page = project / "site" / "chapters" / "one" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert '<a href="https://example.org/@data">the data</a>' in html
    assert "<code>code@x</code>" in html
    assert '<a href="https://example.org/@y">https://example.org/@y</a>' in html
    text = re.sub(r"<[^>]+>", "", html)
    # bookdown's cross-reference to a figure an R chunk makes: its label (nothing runs the chunk)
    assert "Figure map" in text and "Foot and Walter 2011, 3@x" in text
    assert "\\@" not in html
    assert re.search(r"\(<a [^>]*>Bellamy 2015</a>\)</span>: not a link definition", html)
    # a link to a page of the course goes where the site has that page
    target = re.search(r'see <a href="([^"]+)">the home page</a>', html).group(1)
    assert resolve_link(page, target)[0] == (project / "site" / "index.html").resolve()


def test_a_citation_in_a_link_is_text_and_no_link_holds_a_link(built):
    project, _ = built
    html = (project / "site" / "chapters" / "one" / "index.html").read_text(encoding="utf-8")
    anchors = Anchors()
    anchors.feed(html)
    assert anchors.nested == 0
    assert re.search(r'<a href="https://example.org/foot">See <span class="citation" data-cites="'
                     + FOOT + r'">Foot and Walter \(2011\)</span></a>', html)


def test_a_key_typed_in_nfd_finds_its_entry(built):
    project, _ = built
    html = (project / "site" / "chapters" / "one" / "index.html").read_text(encoding="utf-8")
    assert re.search(r">Müller</a> \(<a [^>]*>2019, 4</a>\)", html)


def test_the_check_agrees_with_the_build(built):
    project, result = built
    checked = run_check(project, "--strict")
    assert checked.returncode == 0, checked.output
    assert "Traceback" not in checked.output


BAD = f"""\
# Page

An unknown key typed in NFD: [@{unicodedata.normalize("NFD", "müllerNobody2020")}].
A link nobody follows [@{FOOT}, see [this](mailto:me@example.org)].
A link to no page [@{FOOT}, see [there](missing.md)].
A note^[citing
@nobodyInNote2020 here].
"""


def test_problems_in_the_new_syntax_are_located_in_build_and_check(make_project):
    project = make_project({"docs/page.md": BAD}, bib=BIB)
    built = run_mkdocs(project)
    checked = run_check(project)
    assert built.returncode == checked.returncode == 1
    unknown = "docs/page.md:3:31: unknown citation key 'müllerNobody2020'"
    in_note = "docs/page.md:7:1: unknown citation key 'nobodyInNote2020'"  # where it stands in the note
    for message in (unknown, in_note):
        assert message in built.output and message in checked.stdout, checked.output
    refused = ("docs/page.md:4:24: warning: the link to 'mailto:me@example.org' in this citation's suffix "
               "is printed as text")
    missing = "docs/page.md:5:20: warning: the link to 'missing.md' in this citation's suffix leads to no page"
    for message in (refused, missing):
        assert message in checked.stdout, checked.output
        assert message.replace(": warning:", ":") in built.output, built.output
    assert "Traceback" not in built.output + checked.output
