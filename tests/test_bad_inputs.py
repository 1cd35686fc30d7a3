"""Every bad input gets a clear answer: the place, what is wrong, how to fix it; never a traceback.

Each case of the catalogue is a small project run twice, through a real ``mkdocs build`` and
through ``python -m coursekit check``: both must exit with the expected status and print each
expected message exactly (``path:line:col: what — fix``).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

import pytest

from check_support import run_check
from conftest import MINIMAL_BIB, run_mkdocs

FOOT = "footChinaUnitedStates2011"
BELLAMY = "bellamyChangingFaceHumanitarian2015"
BIB = "bibliography/references.bib"
NOTES = "bibliography/notes/foot.yml"
PAGE = f"# Page\n\nSee [@{FOOT}] and [@{BELLAMY}].\n"
FOOT_BOOK = """\
  author = {Foot, Rosemary and Walter, Andrew},
  title = {China, the United States and Global Order},
  publisher = {Cambridge University Press},
  address = {Cambridge},
  year = {2011}
}
"""
BELLAMY_ARTICLE = MINIMAL_BIB[MINIMAL_BIB.index("@article"):]
GUIDES = """\
themes:
  - id: r2p
    title: R2P and its three pillars
    why: The norm the course is about.
  - id: sovereignty
    title: Sovereignty
    why: What R2P qualifies.
"""
UNKNOWN_KEY = "unknown citation key"  # never said of an entry that exists but cannot be read
DEEP_TITLE = "title = {" + "{" * 5000 + "China" + "}" * 5000 + "},"
TWO_FILES = "sources_dir: sources\nbibliography: [bibliography/references.bib, bibliography/more.bib]\n"
YAML_FIX = "check the indentation, and quote values that start with '@', '[' or '{' or hold ': ' or ' #'"
UTF8_FIX = "save the file as UTF-8 (your editor's 'Save with encoding')"


@dataclass
class Case:
    id: str
    files: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    bib: str | None = MINIMAL_BIB
    course_yml: str | None = None
    status: int = 1
    strict: bool = False
    absent: list[str] = field(default_factory=list)  # text neither the build nor the check may print


def bib_case(id: str, bib: str | bytes, *errors: str, **extra) -> Case:
    files = {"docs/page.md": PAGE}
    if isinstance(bib, bytes):
        files[BIB] = bib
        bib = MINIMAL_BIB
    return Case(id, files, list(errors), bib=bib, **extra)


def bib_warning(id: str, bib: str, *warnings: str, page: str = PAGE, strict: bool = False) -> Case:
    """A problem the page can be rendered despite: a warning, and the build passes (unless strict)."""
    return Case(id, {"docs/page.md": page}, [], list(warnings), bib=bib, status=1 if strict else 0, strict=strict)


def page_case(id: str, text: str | bytes, *errors: str, name: str = "docs/page.md", **extra) -> Case:
    return Case(id, {"docs/cites.md": PAGE, name: text, **extra}, list(errors))


def notes_case(id: str, text: str | bytes, *errors: str, **extra) -> Case:
    return Case(id, {"docs/page.md": PAGE, NOTES: text, **extra}, list(errors))


def guides_case(id: str, text: str, *errors: str) -> Case:
    return Case(id, {"docs/page.md": PAGE, "course/guides.yml": text}, list(errors))


CATALOGUE = [
    # -- Malformed BibTeX -----------------------------------------------------------------------
    bib_case("bib-unbalanced-brace",
             f"@book{{{FOOT},\n" + FOOT_BOOK.replace("{China, the", "{China, {the", 1) + "\n" + BELLAMY_ARTICLE,
             f"{BIB}:3:11: the '{{' opened here in the entry '{FOOT}' is never closed — "
             "close the value with '}' before the next field", absent=[UNKNOWN_KEY]),
    bib_case("bib-extra-closing-brace",
             f"@book{{{FOOT},\n" + FOOT_BOOK.replace("Global Order}", "Global Order}}", 1) + "\n" + BELLAMY_ARTICLE,
             f"{BIB}:4:3: the field 'publisher' stands outside any entry — "
             "an extra '}' above closes the entry too early: remove it"),
    bib_case("bib-missing-comma-between-fields",
             f"@book{{{FOOT},\n" + FOOT_BOOK.replace("Andrew},", "Andrew}", 1) + "\n" + BELLAMY_ARTICLE,
             f"{BIB}:2:47: missing ',' between the fields 'author' and 'title' of '{FOOT}' — "
             "end the 'author' field with a comma"),
    bib_case("bib-missing-comma-after-key",
             f"@book{{{FOOT}\n" + FOOT_BOOK + "\n" + BELLAMY_ARTICLE,
             f"{BIB}:1:32: missing ',' after the key '{FOOT}' — write '@type{{key,' and then the fields",
             absent=[UNKNOWN_KEY]),
    bib_case("bib-field-without-equals",
             f"@book{{{FOOT},\n" + FOOT_BOOK.replace("title = {", "title {", 1) + "\n" + BELLAMY_ARTICLE,
             f"{BIB}:3:3: the field 'title' in the entry '{FOOT}' has no '=' — write title = {{…}},",
             absent=[UNKNOWN_KEY]),
    bib_case("bib-unterminated-entry-at-end-of-file",
             MINIMAL_BIB.rstrip().removesuffix("}") + "\n",
             f"{BIB}:9:9: the entry '{BELLAMY}' is never closed — add '}}' after its last field",
             absent=[UNKNOWN_KEY]),
    bib_warning("bib-unknown-entry-type",
                MINIMAL_BIB.replace("@book{", "@bogus{", 1),
                f"{BIB}:1:1: unknown entry type '@bogus' for '{FOOT}': formatted as @misc — use a BibTeX or biblatex "
                "type, e.g. @book, @article, @incollection, @report, @online or @misc"),
    bib_warning("bib-entry-without-key",
                f"@book{{,\n{FOOT_BOOK}\n" + MINIMAL_BIB,
                f"{BIB}:1:1: this @book has no key — write the key after the brace: @book{{authorTitleWords2011,"),
    bib_warning("bib-key-that-cannot-be-cited",
                MINIMAL_BIB + "\n@book{foot china 2011,\n" + FOOT_BOOK.replace("Global Order", "Order", 1),
                f"{BIB}:19:1: the key 'foot china 2011' cannot be cited — use letters and digits only, as in "
                "authorTitleWords2011"),
    bib_warning("bib-string-cycle",
                "@string{pub = press # {, Cambridge}}\n@string{press = pub}\n\n" + MINIMAL_BIB.replace(
                    "publisher = {Cambridge University Press}", "publisher = pub", 1),
                f"{BIB}:1:1: @string 'pub' is defined in terms of itself: pub → press → pub — "
                "give one of these @strings a literal value in braces"),
    bib_warning("bib-string-refers-to-itself",
                "@string{cup = cup # { Press}}\n\n" + MINIMAL_BIB.replace(
                    "publisher = {Cambridge University Press}", "publisher = cup", 1),
                f"{BIB}:1:1: @string 'cup' is defined in terms of itself: cup → cup — "
                "give one of these @strings a literal value in braces", strict=True),
    bib_warning("bib-undefined-string",
                MINIMAL_BIB.replace("publisher = {Cambridge University Press}", "publisher = cup", 1),
                f"{BIB}:4:15: undefined @string 'cup' in the field 'publisher' of '{FOOT}': printed as 'cup' — "
                "define it (@string{cup = {…}}) or put literal text in braces: {cup}"),
    bib_case("bib-not-utf8",
             MINIMAL_BIB.replace("Global Order", "Global Ord\xe9r").encode("latin-1"),
             f"{BIB}:3:51: byte 0xe9 is not UTF-8 — {UTF8_FIX}"),
    bib_case("bib-bom-keeps-positions",
             b"\xef\xbb\xbf" + MINIMAL_BIB.replace("Andrew},", "Andrew}", 1).encode(),
             f"{BIB}:2:47: missing ',' between the fields 'author' and 'title' of '{FOOT}' — "
             "end the 'author' field with a comma"),
    bib_case("bib-empty-file", "",
             f"{BIB}:1:1: the bibliography is empty — add the BibTeX entries of the works the course cites"),
    bib_case("bib-blank-file", "\n  \n\n",
             f"{BIB}:1:1: the bibliography is empty — add the BibTeX entries of the works the course cites"),
    bib_warning("bib-duplicate-key",
                MINIMAL_BIB + "\n" + MINIMAL_BIB[:MINIMAL_BIB.index("@article")].replace("Global Order", "World"),
                f"{BIB}:19:1: duplicate key '{FOOT}' (first defined on line 1): this later entry is used — "
                "merge the two entries or give one its own key (pandoc uses the later, BibTeX the first)"),
    bib_warning("bib-key-defined-twice-the-same",
                MINIMAL_BIB + "\n" + MINIMAL_BIB[:MINIMAL_BIB.index("@article")],
                f"{BIB}:19:1: '{FOOT}' is defined twice, the same both times (first on line 1) — remove one of them"),
    bib_warning("bib-duplicate-key-differing-in-case",
                MINIMAL_BIB + "\n" + MINIMAL_BIB[:MINIMAL_BIB.index("@article")].replace("Global Order", "World")
                .replace("@book{foot", "@book{Foot"),
                f"{BIB}:19:1: key 'FootChinaUnitedStates2011' differs only in case from '{FOOT}' (line 1) — "
                "keys are compared without case by many tools: rename one"),
    bib_warning("bib-duplicate-field",
                MINIMAL_BIB.replace("  publisher =", "  title = {Again},\n  publisher =", 1),
                f"{BIB}:4:3: the field 'title' appears twice in '{FOOT}': the later is used — "
                "keep the one you mean (pandoc uses the later, BibTeX the first)"),
    # The same work under two keys: the fix points at the key the pages use, wherever it stands.
    bib_warning("bib-same-work-under-two-keys",
                MINIMAL_BIB + "\n" + MINIMAL_BIB[:MINIMAL_BIB.index("@article")].replace(FOOT, "footChinaUS2011"),
                f"{BIB}:19:1: 'footChinaUS2011' is the same work as '{FOOT}' (line 1): same title and year — "
                f"remove 'footChinaUS2011': the pages cite '{FOOT}'"),
    bib_warning("bib-same-work-the-pages-cite-under-its-second-key",
                MINIMAL_BIB + "\n" + MINIMAL_BIB[:MINIMAL_BIB.index("@article")].replace(FOOT, "footChinaUS2011"),
                f"{BIB}:1:1: '{FOOT}' is the same work as 'footChinaUS2011' (line 19): same title and year — "
                f"remove '{FOOT}': the pages cite 'footChinaUS2011'",
                page=f"# Page\n\nSee [@footChinaUS2011] and [@{BELLAMY}].\n"),
    bib_warning("bib-missing-required-field",
                MINIMAL_BIB.replace("  journal = {St Antony's International Review},\n", ""),
                f"{BIB}:9:1: @article '{BELLAMY}' lacks 'journal' or 'journaltitle' — add 'journal' or 'journaltitle' "
                "as the source prints it",
                strict=True),
    bib_warning("bib-no-year-and-no-note",
                MINIMAL_BIB.replace("  year = {2015},\n", ""),
                f"{BIB}:9:1: '{BELLAMY}' has no year and no note saying why — "
                "add the year as printed, or a note that the source prints none"),
    bib_warning("bib-unusual-year",
                MINIMAL_BIB.replace("{2011}", "{20011}"),
                f"{BIB}:6:3: unusual year '20011' in '{FOOT}': printed as written — write the four-digit year as the "
                "source prints it, or leave 'year' out and say why in 'note'"),
    bib_warning("bib-year-in-words",
                MINIMAL_BIB.replace("{2011}", "{forthcoming}"),
                f"{BIB}:6:3: unusual year 'forthcoming' in '{FOOT}': printed as written — write the four-digit year "
                "as the source prints it, or leave 'year' out and say why in 'note'"),
    bib_warning("bib-year-in-the-future",
                MINIMAL_BIB.replace("{2011}", "{2099}"),
                f"{BIB}:6:3: the year 2099 of '{FOOT}' is in the future — write the year as the source prints it"),
    bib_warning("bib-impossible-month",
                MINIMAL_BIB.replace("  year = {2011}", "  month = {13},\n  year = {2011}"),
                f"{BIB}:6:3: impossible month '13' in '{FOOT}': left out — "
                "write the month as a number 1-12 or its name (month = {February})"),
    bib_warning("bib-impossible-date",
                MINIMAL_BIB.replace("  year = {2015},", "  date = {2015-13-01},"),
                f"{BIB}:15:3: impossible date '2015-13-01' in '{BELLAMY}': left out — "
                "write the date as YYYY, YYYY-MM or YYYY-MM-DD, or a range: 2014-03/2014-04"),
    # -- Severity by citation: what no page cites cannot break a page ------------------------------
    bib_warning("bib-uncited-entry-cannot-be-read",
                f"@book{{{FOOT},\n" + FOOT_BOOK.replace("{China, the", "{China, {the", 1) + "\n" + BELLAMY_ARTICLE,
                f"{BIB}:3:11: the '{{' opened here in the entry '{FOOT}' is never closed — "
                "close the value with '}' before the next field", page=f"# Page\n\nSee [@{BELLAMY}].\n"),
    bib_case("bib-braces-nested-5000-deep",
             MINIMAL_BIB.replace("title = {China, the United States and Global Order},", DEEP_TITLE, 1),
             f"{BIB}:3:111: braces nested more than 100 deep in the field 'title' of '{FOOT}' — "
             "remove the extra braces: one pair protects a word, more are never needed", absent=["lacks"]),
    bib_warning("bib-unknown-latex-command",
                MINIMAL_BIB.replace("Global Order", "\\foo{Global} Order", 1),
                f"{BIB}:3:3: unknown LaTeX command '\\foo' in the title of '{FOOT}': left out, its text kept — "
                "write the text plainly, or use \\emph{…}, \\textbf{…}, \\textsc{…}"),
    bib_warning("bib-doi-that-is-not-one",
                MINIMAL_BIB.replace("  year = {2011}", "  doi = {ISBN 978-0-19},\n  year = {2011}"),
                f"{BIB}:6:3: the doi of '{FOOT}' is not a DOI: 'ISBN 978-0-19': left out — "
                "write the DOI as 10.1234/abcd, doi:10.1234/abcd or https://doi.org/10.1234/abcd"),
    bib_warning("bib-empty-name",
                MINIMAL_BIB.replace("Rosemary and Walter", "Rosemary and and Walter", 1),
                f"{BIB}:2:3: an empty name (two 'and' in a row, or one at an end) in the author of '{FOOT}' — "
                "write each person as 'Family, Given', join people with ' and ', and brace a corporate name: "
                "{United Nations}"),
    bib_warning("bib-crossref-to-nothing",
                MINIMAL_BIB.replace("  year = {2015},", "  crossref = {bellamyVolume2015},\n  year = {2015},"),
                f"{BIB}:9:1: '{BELLAMY}' inherits from 'bellamyVolume2015', which is not in the bibliography — "
                "add the entry 'bellamyVolume2015', or fix the key in its crossref or xdata field"),
    # -- Several files ------------------------------------------------------------------------------
    Case("bib-key-in-two-files-differently",
         {"docs/page.md": PAGE, "bibliography/more.bib": MINIMAL_BIB[:MINIMAL_BIB.index("@article")]
          .replace("Global Order", "World")},
         [f"{BIB}:1:1: the key '{FOOT}' is also defined in bibliography/more.bib:1 — "
          "keep one entry, or give the other its own key",
          f"bibliography/more.bib:1:1: the key '{FOOT}' is also defined in {BIB}:1 — "
          "keep one entry, or give this one its own key"], course_yml=TWO_FILES),
    Case("bib-key-in-two-files-the-same",
         {"docs/page.md": PAGE, "bibliography/more.bib": MINIMAL_BIB[:MINIMAL_BIB.index("@article")]},
         course_yml=TWO_FILES, status=0, strict=True, absent=["also defined"]),
    # -- Works no page cites: listed quietly by default; "uncited: warn" or "error" says so -----------
    Case("uncited-listed-by-default", {"docs/page.md": f"# Page\n\nOnly [@{FOOT}].\n"}, status=0, strict=True,
         absent=["cited nowhere"]),
    Case("uncited-warn", {"docs/page.md": f"# Page\n\nOnly [@{FOOT}].\n"},
         warnings=[f"{BIB}:9:1: '{BELLAMY}' is cited nowhere — cite it, or remove it (course/course.yml has "
                   "'uncited: warn')"], course_yml="sources_dir: sources\nuncited: warn\n", status=0),
    Case("uncited-error", {"docs/page.md": f"# Page\n\nOnly [@{FOOT}].\n"},
         [f"{BIB}:9:1: '{BELLAMY}' is cited nowhere — cite it, or remove it (course/course.yml has 'uncited: error')"],
         course_yml="sources_dir: sources\nuncited: error\n"),
    # -- Citations in pages -------------------------------------------------------------------------
    page_case("cite-unknown-key", "# Page\n\nSee [@nobodyNothing2020].\n",
              "docs/page.md:3:6: unknown citation key 'nobodyNothing2020' — "
              "add an entry with this key to the bibliography"),
    page_case("cite-misspelt-key", "# Page\n\nAs @footChinaUnitedState2011 [p. 5] argue.\n",
              "docs/page.md:3:4: unknown citation key 'footChinaUnitedState2011' — "
              f"did you mean '{FOOT}'?"),
    page_case("cite-key-differing-in-case", "# Page\n\nSee [-@FootChinaUnitedStates2011, 5].\n",
              "docs/page.md:3:7: unknown citation key 'FootChinaUnitedStates2011' — "
              f"did you mean '{FOOT}'?"),
    # pandoc reads these slips as text and a citation in the text: so does the build, with a warning
    Case("cite-unterminated-bracket",
         {"docs/cites.md": PAGE, "docs/page.md": f"# Page\n\nSee [@{FOOT}, p. 5 and then more.\n\nNext.\n"},
         warnings=["docs/page.md:3:5: this '[' opens a citation that is never closed — "
                   "add the closing ']' (a citation cannot run past a blank line)"], status=0),
    Case("cite-empty-item", {"docs/cites.md": PAGE, "docs/page.md": f"# Page\n\nSee [@{FOOT}; ].\n"},
         warnings=["docs/page.md:3:32: empty item in a citation — "
                   "remove the extra ';' (pandoc reads the brackets as text)"], status=0),
    Case("cite-slips-fail-a-strict-build",
         {"docs/cites.md": PAGE, "docs/page.md": f"# Page\n\nSee [@{FOOT}; ].\n"},
         warnings=["docs/page.md:3:32: empty item in a citation — "
                   "remove the extra ';' (pandoc reads the brackets as text)"], status=1, strict=True),
    # a citation inside another's suffix is cited, as pandoc cites it
    Case("cite-nested-brackets", {"docs/page.md": f"# Page\n\nSee [@{FOOT}, [@{BELLAMY}]].\n"}, status=0,
         strict=True),
    Case("cite-like-text-is-not-a-citation", {"docs/page.md": PAGE + (
        "\nCode `[@notAKey]`, a URL https://example.org/@user/[@x], an e-mail me@example.org, <me@example.org>,\n"
        "a link [@ here](https://example.org/@a) and an escaped \\@notAKey.\n\n```\n[@fenced] @fenced\n```\n")},
         status=0, strict=True),
    page_case("page-with-bom-keeps-positions",
              "\ufeff---\ntitle: A page\n---\n\n# A page\n\nSee [@nobodyNothing2020].\n",
              "docs/page.md:7:6: unknown citation key 'nobodyNothing2020' — "
              "add an entry with this key to the bibliography"),
    page_case("cite-after-front-matter-and-blank-lines",
              "---\ntitle: A page\n---\n\n\n# A page\n\nText [@nobodyNothing2020, p. 3].\n",
              "docs/page.md:8:7: unknown citation key 'nobodyNothing2020' — "
              "add an entry with this key to the bibliography"),
    # -- Front matter -----------------------------------------------------------------------------
    page_case("front-matter-invalid-yaml", "---\ntitle: China: a view\n---\n\n# A\n",
              f"docs/page.md:2:13: invalid YAML: mapping values are not allowed here — {YAML_FIX}"),
    page_case("front-matter-not-a-mapping", "---\n- title\n- source\n---\n\n# A\n",
              "docs/page.md:2:1: the front matter is not a mapping — "
              "write 'key: value' lines between the two '---' lines"),
    page_case("front-matter-never-closed", "---\ntitle: A page\n\n# A page\n",
              "docs/page.md:1:1: the front matter opened here is never closed — "
              "end it with a line '---' before the page's text"),
    page_case("front-matter-closing-line-at-end-of-file", "---\ntitle: A page\n---",
              "docs/page.md:3:1: the front matter's closing '---' is the file's last line — "
              "end the file with a line break after it, or write the page's text below it"),
    page_case("front-matter-title-not-text", "---\ntitle: 5\n---\n\n# A\n",
              "docs/page.md:2:8: 'title' must be text — write title: \"The chapter's title\" (in quotes)"),
    page_case("front-matter-reading-time-in-words", "---\nreading_time: 20 min\n---\n\n# A\n",
              "docs/page.md:2:15: 'reading_time' must be a whole number of minutes, not '20 min' — "
              "write reading_time: 20"),
    page_case("front-matter-reading-time-zero", "---\nreading_time: 0\n---\n\n# A\n",
              "docs/page.md:2:15: 'reading_time' must be a whole number of minutes, not '0' — "
              "write reading_time: 20"),
    page_case("front-matter-reading-time-fraction", "---\nreading_time: 2.5\n---\n\n# A\n",
              "docs/page.md:2:1: 'reading_time' must be a whole number of minutes, not '2.5' — "
              "write reading_time: 20"),
    page_case("front-matter-themes-not-a-list", "---\nthemes: r2p\n---\n\n# A\n",
              "docs/page.md:2:9: 'themes' must be a list of theme ids — write themes: [sovereignty, r2p]"),
    Case("front-matter-unknown-theme", {"docs/cites.md": PAGE, "docs/page.md": "---\nthemes: [r2p, sovereinty]\n---\n\n# A\n",
                                        "course/guides.yml": GUIDES},
         warnings=["docs/page.md:2:15: theme 'sovereinty' has no reading guide — did you mean 'sovereignty'?"],
         strict=True),
    page_case("front-matter-unknown-source", "---\nsource: footChinaUnitedState2011\n---\n\n# A\n",
              f"docs/page.md:2:9: unknown citation key 'footChinaUnitedState2011' — did you mean '{FOOT}'?"),
    page_case("front-matter-source-wrong-type", "---\nsource: {key: 5}\n---\n\n# A\n",
              "docs/page.md:2:9: 'source' must be a bibliography key or a list of keys — "
              "write source: footChinaInternationalHuman, or one '- key' line per source"),
    page_case("front-matter-duplicate-key", "---\ntitle: One\ntitle: Two\n---\n\n# A\n",
              "docs/page.md:3:1: the key 'title' appears twice (first on line 2) — "
              "keep one: YAML would silently keep only the last"),
    page_case("front-matter-html-in-title", '---\ntitle: "<script>alert(1)</script>"\n---\n\n# A\n',
              "docs/page.md:2:8: 'title' holds HTML markup '<script>' — "
              "write plain text: the theme would print front matter as raw HTML"),
    page_case("chapter-front-matter-lacks-a-field",
              f"---\ntitle: One\nsource: {FOOT}\nthemes: [r2p]\n---\n\n# One\n",
              "docs/chapters/one.md:1:1: the chapter's front matter lacks 'reading_time' — "
              "add 'reading_time:' to the front matter (see CONTRIBUTING.md, 'Chapters')",
              name="docs/chapters/one.md"),
    Case("front-matter-misspelt-key", {"docs/page.md": "---\nthmes: [r2p]\n---\n\n# A\n" + PAGE[6:]},
         warnings=["docs/page.md:2:1: unknown front matter key 'thmes' — did you mean 'themes'?"], strict=True),
    # -- Notes maps ---------------------------------------------------------------------------------
    notes_case("notes-invalid-yaml", f"source: {FOOT}\nnotes:\n  1: @{BELLAMY}\n",
               f"{NOTES}:3:6: invalid YAML: found character '@' that cannot start any token — {YAML_FIX}"),
    notes_case("notes-key-is-a-list", f"source: {FOOT}\nnotes:\n  [1, 2]: \"[@{BELLAMY}]\"\n",
               f"{NOTES}:3:3: invalid YAML: a list or mapping cannot be a key — {YAML_FIX}"),
    notes_case("notes-value-against-its-tag", f"source: {FOOT}\nnotes:\n  1: !!int x\n",
               f"{NOTES}:3:6: invalid YAML: the value cannot be read as its tag 'tag:yaml.org,2002:int' says — {YAML_FIX}"),
    notes_case("notes-not-a-mapping", f"- {FOOT}\n",
               f"{NOTES}:1:1: a notes map is a mapping — start it with 'source:' and 'notes:'"),
    notes_case("notes-without-source", f'notes:\n  1: "@{BELLAMY}"\n',
               f"{NOTES}:1:1: the notes map names no source — add 'source: <key of the source document>'"),
    notes_case("notes-unknown-source", 'source: footChinaUnitedState2011\nnotes:\n  1: {none: "ibid."}\n',
               f"{NOTES}:1:9: unknown citation key 'footChinaUnitedState2011' — did you mean '{FOOT}'?"),
    notes_case("notes-number-not-positive", f'source: {FOOT}\nnotes:\n  0: "@{BELLAMY}"\n',
               f"{NOTES}:3:3: note number '0' is not a positive whole number — "
               "number the notes 1, 2, 3 … as the source does"),
    notes_case("notes-missing-note", f'source: {FOOT}\nnotes:\n  1: "@{BELLAMY}"\n  3: "@{BELLAMY}, p. 20"\n',
               f"{NOTES}:4:3: note(s) 2 missing before note 3 — map every note 1..N of the source, in order"),
    notes_case("notes-unknown-key-in-a-note",
               f'source: {FOOT}\nnotes:\n  1: "@{BELLAMY}, p. 16; @nobodyNothing2020"\n',
               f"{NOTES}:3:52: unknown citation key 'nobodyNothing2020' — "
               "add an entry with this key to the bibliography"),
    notes_case("notes-not-citations", f'source: {FOOT}\nnotes:\n  1: "Bellamy 2015"\n',
               f"{NOTES}:3:6: 'Bellamy 2015' is not a list of citations — "
               "write it as \"@key, p. 5; @other\" (pandoc syntax without brackets)"),
    notes_case("notes-mapping-without-none", f"source: {FOOT}\nnotes:\n  1: {{see: note 4}}\n",
               f"{NOTES}:3:3: note 1 is a mapping without 'none' — "
               "write {none: \"what the note says instead\"} for a note citing no work"),
    notes_case("notes-neither-citation-nor-none", f"source: {FOOT}\nnotes:\n  1: [a, b]\n",
               f"{NOTES}:3:3: note 1 has neither citations nor a 'none' marker — "
               "write \"@key, p. 5\" or {none: \"See footnote 4\"}"),
    notes_case("notes-duplicate-number", f'source: {FOOT}\nnotes:\n  1: "@{BELLAMY}"\n  1: "@{BELLAMY}, 3"\n',
               f"{NOTES}:4:3: the key '1' appears twice (first on line 3) — "
               "keep one: YAML would silently keep only the last"),
    notes_case("notes-two-maps-for-one-source", f'source: {FOOT}\nnotes:\n  1: "@{BELLAMY}"\n',
               f"bibliography/notes/foot2.yml:1:9: '{FOOT}' already has a notes map: {NOTES} — "
               "keep one notes map per source: merge the two files",
               **{"bibliography/notes/foot2.yml": f'source: {FOOT}\nnotes:\n  1: "@{BELLAMY}"\n'}),
    notes_case("notes-mentions-not-a-list", f"source: {FOOT}\nmentions: {BELLAMY}\n",
               f"{NOTES}:2:1: 'mentions' must be a list — write - \"@key\" items"),
    notes_case("notes-not-utf8", f"source: {FOOT}\n# caf\xe9\n".encode("latin-1"),
               f"{NOTES}:2:6: byte 0xe9 is not UTF-8 — {UTF8_FIX}"),
    # -- Reading guides (course/guides.yml) ----------------------------------------------------------
    guides_case("guides-invalid-yaml", "themes:\n  - id: r2p\n    title: R2P: the norm\n",
                f"course/guides.yml:3:15: invalid YAML: mapping values are not allowed here — {YAML_FIX}"),
    guides_case("guides-without-themes", "sessions: []\n",
                "course/guides.yml:1:1: the guides file needs a 'themes' list — "
                "start it with 'themes:' and one '- id: …' item per guide"),
    guides_case("guides-theme-lacks-why", "themes:\n  - id: r2p\n    title: R2P\n",
                "course/guides.yml:2:5: theme 'r2p' lacks 'why' — add 'why:' to the theme"),
    guides_case("guides-theme-defined-twice", GUIDES + "  - id: r2p\n    title: Again\n    why: Twice.\n",
                "course/guides.yml:8:5: theme 'r2p' is defined twice — keep one definition"),
    guides_case("guides-unknown-work", GUIDES + f"    works:\n      - key: {FOOT[:-1]}\n        note: Read it.\n",
                f"course/guides.yml:9:9: guide 'sovereignty' lists unknown work '{FOOT[:-1]}' — "
                f"did you mean '{FOOT}'?"),
    guides_case("guides-duplicate-key", GUIDES.replace("    why: The norm", "    why: A.\n    why: The norm", 1),
                "course/guides.yml:5:5: the key 'why' appears twice (first on line 4) — "
                "keep one: YAML would silently keep only the last"),
    # -- Missing and unreadable files, course settings ----------------------------------------------
    Case("missing-bibliography", {"docs/page.md": PAGE},
         ["course/course.yml:1:15: the bibliography 'bibliography/refs.bib' is not a file — "
          "check the path in course/course.yml (relative to the project)"],
         course_yml="bibliography: bibliography/refs.bib\nsources_dir: sources\n"),
    page_case("missing-snippet", '# Page\n\n--8<-- "includes/missing.md"\n',
              "docs/page.md:3:9: the snippet 'includes/missing.md' does not exist — "
              "fix the path (relative to the snippets base_path in mkdocs.yml) or create the file"),
    page_case("page-not-utf8", "# Page\n\nCaf\xe9 society.\n".encode("latin-1"),
              f"docs/page.md:3:4: byte 0xe9 is not UTF-8 — {UTF8_FIX}"),
    Case("course-settings-invalid-yaml", {"docs/page.md": PAGE},
         [f"course/course.yml:1:19: invalid YAML: mapping values are not allowed here — {YAML_FIX}"],
         course_yml="bibliography: refs: x\n"),
    Case("course-settings-unknown-setting", {"docs/page.md": PAGE},
         ["course/course.yml:2:1: unknown setting 'bibliografy' — did you mean 'bibliography'?"],
         course_yml="sources_dir: sources\nbibliografy: refs.bib\n"),
    Case("course-settings-uncited-mode", {"docs/page.md": PAGE},
         ["course/course.yml:2:10: 'uncited' must be one of list, warn, error — "
          "'list' shows uncited works in the bibliography quietly, 'warn' warns, 'error' fails"],
         course_yml="sources_dir: sources\nuncited: sometimes\n"),
]


def test_the_catalogue_is_large_and_distinct():
    assert len(CATALOGUE) >= 40
    assert len({case.id for case in CATALOGUE}) == len(CATALOGUE)


def as_check_warning(message: str) -> str:
    path_line_col, rest = re.match(r"^(\S+:\d+:\d+): (.*)$", message).groups()
    return f"{path_line_col}: warning: {rest}"


@pytest.mark.parametrize("case", CATALOGUE, ids=lambda case: case.id)
def test_bad_input_gets_a_clear_answer(make_project, case):
    project = make_project(case.files, bib=case.bib, course_yml=case.course_yml)
    strict = ["--strict"] if case.strict else []
    built = run_mkdocs(project, *strict)
    checked = run_check(project, *strict)
    for name, status, output in (("build", built.returncode, built.output),
                                 ("check", checked.returncode, checked.output)):
        assert "Traceback" not in output, f"{name}:\n{output}"
        assert status == case.status, f"{name} exited {status}:\n{output}"
    for message in case.errors:
        assert f"  {message}\n" in built.output + "\n", built.output  # the build's list of errors
        assert f"{message}\n" in checked.stdout, checked.output
    for message in case.warnings:
        assert message in built.output, built.output
        assert f"{as_check_warning(message)}\n" in checked.stdout, checked.output
    for text in case.absent:
        assert text not in built.output, built.output
        assert text not in checked.output, checked.output


MULTI_BIB = ("@string{cup = {Cambridge University Press}}\n\n"
             + MINIMAL_BIB.replace("{Cambridge University Press}", "cup # nowhere", 1)
             .replace("title = {The Changing", "title = {The {Changing", 1))
MULTI_FILES = {
    "docs/one.md": f"# One\n\nSee [@nobodyNothing2020] and [@{FOOT}, p. 3 unclosed.\n",
    "docs/two.md": "---\ntitle: China: a view\n---\n\n# Two\n",
    "docs/three.md": "---\nreading_time: soon\n---\n\n# Three [@FootChinaUnitedStates2011]\n",
    NOTES: f'source: {FOOT}\nnotes:\n  1: "@nobodyNothing2020"\n  3: {{none: "ibid."}}\n',
    "course/guides.yml": "themes:\n  - id: r2p\n    title: R2P\n",
    "course/glossary.yml": "- id: r2p\n  term: R2P\n  expansion: Responsibility to Protect\n"
                           "  definition: A norm [@nobodyGlossary2020].\n",
}
MULTI_EXPECTED = [
    "docs/one.md:3:6: unknown citation key 'nobodyNothing2020' — add an entry with this key to the bibliography",
    f"docs/two.md:2:13: invalid YAML: mapping values are not allowed here — {YAML_FIX}",
    "docs/three.md:2:15: 'reading_time' must be a whole number of minutes, not 'soon' — write reading_time: 20",
    f"docs/three.md:5:10: unknown citation key 'FootChinaUnitedStates2011' — did you mean '{FOOT}'?",
    f"{NOTES}:3:7: unknown citation key 'nobodyNothing2020' — add an entry with this key to the bibliography",
    f"{NOTES}:4:3: note(s) 2 missing before note 3 — map every note 1..N of the source, in order",
    "course/guides.yml:2:5: theme 'r2p' lacks 'why' — add 'why:' to the theme",
]


MULTI_WARNINGS = [  # the entry never closed is cited by no page
    f"{BIB}:6:21: undefined @string 'nowhere' in the field 'publisher' of '{FOOT}': printed as 'nowhere' — "
    "define it (@string{nowhere = {…}}) or put literal text in braces: {nowhere}",
    f"{BIB}:13:11: the '{{' opened here in the entry '{BELLAMY}' is never closed — "
    "close the value with '}' before the next field",
]


def test_every_problem_of_a_project_is_reported_in_one_pass(make_project):
    project = make_project(MULTI_FILES, bib=MULTI_BIB)
    built = run_mkdocs(project)
    checked = run_check(project)
    assert built.returncode == 1 and checked.returncode == 1
    assert "Traceback" not in built.output + checked.output
    listed = [line[2:] for line in built.output.splitlines() if line.startswith("  ")]
    for message in MULTI_EXPECTED:
        assert message in listed, built.output
        assert message in checked.stdout.splitlines(), checked.output
    for message in MULTI_WARNINGS:
        assert f"WARNING -  hooks/report: {message}\n" in built.output, built.output
        assert f"{as_check_warning(message)}\n" in checked.stdout, checked.output
    # The build and the check agree on every error, and the build counts them all.
    check_errors = [line for line in checked.stdout.splitlines() if ": warning: " not in line]
    assert sorted(listed) == sorted(check_errors)
    assert f"{len(listed)} problem(s) in the course" in built.output
    # The unclosed bracket reads as pandoc reads it (text and a citation), with a warning in both.
    unclosed = ("docs/one.md:3:30: this '[' opens a citation that is never closed — "
                "add the closing ']' (a citation cannot run past a blank line)")
    assert unclosed in built.output and as_check_warning(unclosed) in checked.stdout.splitlines()


def test_a_10_mb_bibliography_is_checked_fast_and_its_problem_located(make_project):
    entry = ("@article{{k{i}Author{i},\n  author = {{M{i}ller, J{{\\\"u}}rgen and Smith, Anne}},\n"
             "  title = {{On the Things of the {{UN}}, Part {i}}},\n  journal = {{Journal of Tests}},\n"
             "  volume = {{3}},\n  pages = {{1--20}},\n  year = {{2001}}\n}}\n\n")
    parts, size, i = [], 0, 0
    while size < 10 * 1024 * 1024:
        parts.append(entry.format(i=i))
        size += len(parts[-1])
        i += 1
    bib = "".join(parts) + MINIMAL_BIB.replace("Andrew},", "Andrew}", 1)  # a cited entry, misspelt
    line = bib[: bib.index("Andrew}\n")].count("\n") + 1
    project = make_project({"docs/page.md": PAGE}, bib=bib,
                           course_yml="sources_dir: sources\nuncited: warn\n")
    started = time.monotonic()
    checked = run_check(project)
    elapsed = time.monotonic() - started
    assert checked.returncode == 1, checked.stderr
    assert (f"{BIB}:{line}:47: missing ',' between the fields 'author' and 'title' of '{FOOT}' — "
            "end the 'author' field with a comma\n") in checked.stdout
    assert f"check: 1 error(s), {i} warning(s)" in checked.stderr  # each generated work is cited nowhere
    assert elapsed < 90, f"checking a 10 MB bibliography took {elapsed:.0f} s"


def test_at_string_concatenation_and_months_resolve(make_project):
    bib = ("@string{cam = {Cambridge}}\n@string{cup = cam # { University Press}}\n\n"
           + MINIMAL_BIB.replace("{Cambridge University Press}", "cup", 1).replace("{Cambridge}", "cam", 1)
           .replace("  year = {2015},", "  month = mar,\n  year = {2015},"))
    project = make_project({"docs/page.md": PAGE}, bib=bib)
    built = run_mkdocs(project, "--strict")
    assert built.returncode == 0, built.output
    html = built.html("bibliography/index.html")
    assert "Cambridge: Cambridge University Press" in html
