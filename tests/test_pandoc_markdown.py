"""bookdown and Quarto chapters, renamed .md: pandoc's extensions render, or are reported, never as junk.

The chapters below hold the constructs measured most often in real books (R chunks, cross-references,
fenced divs and callouts, unnumbered headings, table captions, part dividers, shortcodes).
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import build_env, project_maker, run_mkdocs
from coursekit.render import pandoc_markdown
from test_new_course import Cites, article, pandoc_keys

BOOKDOWN = r"""# (PART\*) Basics {-}

# Introduction {#intro}

```{r setup, include=FALSE}
library(sf)
```

## Before we start {-}

As Chapter \@ref(sec-methods) shows, and Figure \@ref(fig:world) would show [@footChinaUnitedStates2011, 5].

```{r world, echo=FALSE, fig.cap="The world (\#fig:world)"}
plot(world)
```

:::rmdnote
A bookdown note citing @bellamyChangingFaceHumanitarian2015.
:::

See \@ref(nowhere-at-all) too.
"""
QUARTO = r"""# Methods {#sec-methods}

## Data {#sec-data}

{{< include _setup.qmd >}}

::: {.callout-tip}
## Read this first
Tips, with `inline code` and [@footChinaUnitedStates2011].
:::

::: {.callout-warning title="Mind the gap"}
A warning.
:::

| a | b |
|---|---|
| 1 | 2 |

: Counts by year. {#tbl-counts}

@tbl-counts and @sec-data build on @sec-intro-missing, and on @bellamyChangingFaceHumanitarian2015.
Back to Chapter \@ref(intro).

```{=html}
<p class="raw-from-pandoc">raw</p>
```
"""
FILES = {"docs/book/01-intro.md": BOOKDOWN, "docs/book/02-methods.md": QUARTO}


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """The two chapters in a course, built once for this module's tests."""
    project = project_maker(tmp_path_factory.mktemp("pandoc-book"))(FILES)
    result = run_mkdocs(project)
    assert result.returncode == 0, result.output
    return result


def test_headings_marked_unnumbered_and_part_dividers(book):
    html = article(book.html("book/01-intro/index.html"))
    assert '<h2 class="unnumbered" id="before-we-start">' in html
    assert "(PART" not in html and " - id=" not in html and "{-}" not in html
    assert book.html("book/01-intro/index.html").count("<h1") == 1  # the chapter's title, not the part's


def test_r_chunks_show_their_code_and_hidden_ones_are_left_out(book):
    html = article(book.html("book/01-intro/index.html"))
    assert '<span class="nf">plot</span>' in html  # R code, highlighted as R
    assert "library" not in html  # include=FALSE: the book shows neither code nor output
    assert "```" not in html and "{r" not in html and "(\\#fig" not in html and "(#fig" not in html


def test_cross_references_link_to_what_they_name(book):
    intro = article(book.html("book/01-intro/index.html"))
    methods = article(book.html("book/02-methods/index.html"))
    assert re.search(r'Chapter <a href="\.\./02-methods/#sec-methods">Methods</a> shows', intro)
    assert "Figure world would show" in intro  # a figure R would make: its label, as text
    assert "\\@ref" not in intro and "@ref" not in intro
    assert '<a href="#tbl-counts">Table</a> and Section <a href="#sec-data">Data</a>' in methods
    assert 'Chapter <a href="../01-intro/#intro">Introduction</a>' in methods
    assert '<p class="table-caption" id="tbl-counts">Counts by year.</p>' in methods


def place(text: str, needle: str) -> str:
    """"line:col" of ``needle`` in ``text``, counted from the text itself."""
    before = text[: text.index(needle)]
    return f"{before.count(chr(10)) + 1}:{len(before) - before.rfind(chr(10))}"


def test_a_cross_reference_to_no_label_is_a_located_warning(book):
    output = book.output
    where = place(BOOKDOWN, "\\@ref(nowhere")
    assert (f"docs/book/01-intro.md:{where}: the cross-reference \\@ref(nowhere-at-all) "
            "names no heading, figure or table of the course") in output
    assert (f"docs/book/02-methods.md:{place(QUARTO, '@sec-intro-missing')}: the cross-reference @sec-intro-missing "
            "names no heading") in output
    assert output.count("names no heading") == 2


def test_fenced_divs_become_admonitions(book):
    intro = article(book.html("book/01-intro/index.html"))
    methods = article(book.html("book/02-methods/index.html"))
    assert re.search(r'<div class="admonition note">\s*<p class="admonition-title">Note</p>', intro)
    assert re.search(r'<div class="admonition tip">\s*<p class="admonition-title">Read this first</p>', methods)
    assert re.search(r'<div class="admonition warning">\s*<p class="admonition-title">Mind the gap</p>', methods)
    assert ":::" not in intro + methods and "{{&lt;" not in methods and "include _setup" not in methods
    assert '<p class="raw-from-pandoc">raw</p>' in methods


def test_the_citations_are_those_pandoc_finds(book):
    """Quarto's @sec-… are pandoc citations without an entry: cross-references here, never citations."""
    for src, text in FILES.items():
        page = src.removeprefix("docs/").removesuffix(".md")
        linked = Cites(article(book.html(f"{page}/index.html"))).keys
        bib_keys = {"footChinaUnitedStates2011", "bellamyChangingFaceHumanitarian2015"}
        assert linked == [k for k in pandoc_keys(text) if k in bib_keys], src


def test_the_build_sums_up_what_it_cannot_run_once(book):
    lines = [line for line in book.output.splitlines() if "cannot run or show" in line]
    assert len(lines) == 1
    assert f"1 code chunks shown, not run (first at docs/book/01-intro.md:{place(BOOKDOWN, '```{r world')})" in lines[0]
    assert f"1 code chunks left out (include=FALSE) (first at docs/book/01-intro.md:{place(BOOKDOWN, '```{r setup')})" in lines[0]


def test_problems_after_rewritten_lines_keep_their_place(make_project):
    """Each rewrite keeps its lines, so a slip below them is reported where the author wrote it."""
    page = BOOKDOWN.replace("See \\@ref(nowhere-at-all) too.", "Then [@nosuchkey2020] and @fig-nowhere.")
    project = make_project({"docs/book/01-intro.md": page})
    result = run_mkdocs(project)
    assert result.returncode == 1
    key, ref = place(page, "@nosuchkey2020"), place(page, "@fig-nowhere")
    assert f"docs/book/01-intro.md:{key}: unknown citation key 'nosuchkey2020'" in result.output
    assert f"docs/book/01-intro.md:{ref}: the cross-reference @fig-nowhere names no heading" in result.output
    check = subprocess.run([sys.executable, "-m", "coursekit", "check", "--root", str(project)],
                           env=build_env(PYTHONPATH=str(project / "hooks")), capture_output=True, text=True)
    assert f"docs/book/01-intro.md:{key}: unknown citation key 'nosuchkey2020'" in check.stdout
    assert f"docs/book/01-intro.md:{ref}: warning: the cross-reference @fig-nowhere names no heading" in check.stdout


# -- The rewrite itself, without a build ----------------------------------------------------------

PIECES = [
    "# Title {-}", "## Part {#p .unnumbered}", "# (PART) One {-}", "```{r, include=FALSE}", "```{r plot}",
    "```", "::: {.callout-note}", ":::rmdtip", ":::", "::: {#refs}", "Text \\@ref(fig:x) and @sec-a.",
    "(\\#tab:y) caption", "{{< include x.qmd >}}", "| a |", ": Caption {#tbl-a}", "", "plain [@key, 5]",
    "`r nrow(x)` inline", "```{=html}", "<b>raw</b>", "~~~{python}", "~~~",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25))
def test_a_rewrite_keeps_every_line_where_it_was(lines):
    text = "\n".join(lines) + "\n"
    adapted = pandoc_markdown.adapt(text, "docs/a.md", "a.md", 1, {}, set())
    # Lines stay; only fenced divs left open are closed after the last one.
    assert adapted.markdown.count("\n") >= text.count("\n")
    kept = adapted.markdown.split("\n")[: text.count("\n")]
    assert len(kept) == text.count("\n")
    for line in adapted.markdown.split("\n")[text.count("\n"):]:
        assert line in ("", "</div>")
    for problem in adapted.problems:
        assert 1 <= problem.line <= text.count("\n")


def test_a_page_without_pandoc_extensions_is_left_as_it_is():
    text = "# Title\n\nPlain text citing [@key, 5], `code` and a list:\n\n- one\n- two\n"
    assert not pandoc_markdown.uses_pandoc_markdown(text)
    assert pandoc_markdown.adapt(text, "docs/a.md", "a.md").markdown is text


def test_a_reference_to_a_bibliography_key_stays_a_citation():
    adapted = pandoc_markdown.adapt("See @sec-2020.\n", "docs/a.md", "a.md", 1, {}, {"sec-2020"})
    assert adapted.markdown == "See @sec-2020.\n" and not adapted.problems


# -- The page a book keeps for its bibliography ---------------------------------------------------

QUARTO_REFERENCES = "---\naliases:\n  - /references.html\n---\n\n# References {.unnumbered}\n\n::: {#refs}\n:::\n\nThe end.\n"


def test_a_books_references_page_gets_the_bibliography(make_project):
    project = make_project({**FILES, "docs/book/references.md": QUARTO_REFERENCES})
    (project / "docs" / "bibliography.md").unlink()
    result = run_mkdocs(project)
    assert result.returncode == 0, result.output
    references = article(result.html("book/references/index.html"))
    assert not (result.site / "bibliography").exists()
    entries, end = references.index('id="bellamyChangingFaceHumanitarian2015"'), references.index("The end.")
    assert entries < end  # where the refs div stood
    assert ":::" not in references and "<strong>Cited in</strong>" in references
    intro = result.html("book/01-intro/index.html")
    assert 'href="../references/#footChinaUnitedStates2011"' in intro


@pytest.mark.parametrize("text, holds", [
    ("# REFERENCES {-}\n", True),  # bookdown's references.Rmd
    ("---\ntitle: x\n---\n\n## Bibliography\n\n", True),
    ("# References\n\nSome words.\n", False),
    ("Text\n\n<div id=\"refs\"></div>\n", True),
    ("# Methods {#sec-refs}\n", False),
])
def test_which_page_a_book_keeps_for_its_bibliography(text, holds):
    from coursekit.course.bibliography_page import holds_references

    assert holds_references(text) is holds


def test_a_grid_table_is_a_located_warning_and_its_caption_is_kept():
    text = ("Intro.\n\n+---+---+\n| a | b |\n+===+===+\n| 1 | 2 |\n+---+---+\n| 3 | 4 |\n+---+---+\n\n"
            ": A grid, like @tbl-other. {#tbl-grid}\n")
    targets = {"tbl-other": pandoc_markdown.Target("b.md", "tbl-other")}
    adapted = pandoc_markdown.adapt(text, "docs/a.md", "a.md", 10, targets, set())
    [problem] = adapted.problems
    assert (problem.line, problem.col, problem.severity) == (12, 1, "warning")
    assert "grid table" in problem.message
    assert ('<p class="table-caption" id="tbl-grid" markdown="span">A grid, like [Table](b.md#tbl-other).</p>'
            in adapted.markdown)
