"""HTML and script in BibTeX fields and front matter are escaped or refused; no payload ever runs.

Markup in a BibTeX field is printed as text; a link is made only of an http(s) URL or a DOI (a
``javascript:`` URL is an error). Front matter with markup is an error (the theme prints front
matter unescaped); quotes that would end an HTML attribute are escaped. A real Chromium opens the
built pages, hovers every citation and finds no dialog, no injected element and no event handler.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from conftest import MINIMAL_BIB, run_mkdocs, serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

EVIL = "evilWorkPayload2011"
EVIL_BIB = MINIMAL_BIB + f"""
@book{{{EVIL},
  author = {{Foot, Rosemary and {{<img src=x onerror="alert('author')" data-pwned>}}}},
  title = {{<script>window.__pwned = 'title'; alert('title')</script> and the Rest}},
  publisher = {{"><svg onload="alert('publisher')" data-pwned>}},
  address = {{' onmouseover='alert("address")' x='}},
  note = {{<b onmouseover="alert('note')" data-pwned>bold</b> " onmouseover="alert('note2')}},
  year = {{2011}}
}}
"""
# Quotes that would close an HTML attribute: accepted, and escaped where the theme needs it.
FRONT_MATTER = """\
---
title: "Evil \\" onmouseover=\\"alert('fm-title')\\" x=\\""
source: evilWorkPayload2011
themes: [r2p]
reading_time: 5
description: "\\" onmouseover=\\"alert('fm-description')\\" data-pwned=\\""
author: "' onmouseover='alert(1)' data-pwned='"
---
"""
CHAPTER = FRONT_MATTER + f"""
# Evil chapter

## Learning objectives {{#learning-objectives}}

- Read the work [@{EVIL}, p. 3].

## Summary {{#summary}}

### The argument

The work argues [see @{EVIL}, p. 5] and @{EVIL} [p. 7] agrees; so does [@footChinaUnitedStates2011, 9].

## Key arguments {{#key-arguments}}

- One [@{EVIL}, 9].

## Key figures {{#key-figures}}

| figure | where |
| --- | --- |
| 5 | [@{EVIL}, p. 5] |

## Key terms {{#key-terms}}

- A term.

## Discussion questions {{#discussion-questions}}

### Why does it matter?

??? note "Notes for instructors"
    Because [@bellamyChangingFaceHumanitarian2015, 16].

## Connections to other chapters {{#connections}}

None yet.

## Key points {{#key-points}}

- A point [@{EVIL}, p. 2].
"""
NOTES = f"""\
source: {EVIL}
count: 2
notes:
  1: "@footChinaUnitedStates2011, p. 3"
  2: {{none: "<script>alert('notes')</script><img src=x onerror=alert('notes') data-pwned>"}}
"""
PAYLOAD_FILES = {"docs/chapters/evil.md": CHAPTER, f"bibliography/notes/{EVIL}.yml": NOTES}


def evil_site(make_project):
    project = make_project(PAYLOAD_FILES, bib=EVIL_BIB)
    built = run_mkdocs(project)
    assert built.returncode == 0, built.output
    return built


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of every script element."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self.scripts.append("")

    def handle_data(self, data):
        if self.lasttag == "script" and self.scripts:
            self.scripts[-1] += data


def parsed(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    return parser


def tags(html: str) -> list[tuple[str, dict]]:
    return parsed(html).tags


def assert_no_injected_markup(html: str) -> None:
    page = parsed(html)
    assert not [script for script in page.scripts if "alert(" in script or "__pwned" in script]
    for tag, attrs in page.tags:
        assert "data-pwned" not in attrs, (tag, attrs)
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        for name in ("href", "src"):
            assert not (attrs.get(name) or "").strip().lower().startswith(("javascript:", "data:")), (tag, attrs)


def test_bibtex_payloads_are_printed_as_text(make_project):
    built = evil_site(make_project)
    for page in ("chapters/evil/index.html", "bibliography/index.html", "whole-course/index.html"):
        html = built.html(page)
        assert_no_injected_markup(html)
        # the title, shown as the text it is (in title case, as citeproc prints it)
        assert "&lt;script&gt;window.__pwned" in html.lower(), page
    bibliography = built.html("bibliography/index.html")
    assert "&lt;img src=x onerror=" in bibliography  # the corporate author
    assert "&lt;b onmouseover=" in bibliography  # the note
    chapter = built.html("chapters/evil/index.html")
    assert "No new work cited: “&lt;script&gt;alert(&#x27;notes&#x27;)&lt;/script&gt;" in chapter or \
        "No new work cited: “&lt;script&gt;alert('notes')&lt;/script&gt;" in chapter


def test_front_matter_quotes_are_escaped_where_the_theme_prints_attributes(make_project):
    built = evil_site(make_project)
    html = built.html("chapters/evil/index.html")
    metas = [attrs for tag, attrs in tags(html) if tag == "meta" and attrs.get("name") in ("description", "author")]
    assert sorted(m["name"] for m in metas) == ["author", "description"]
    for meta in metas:
        assert set(meta) == {"name", "content"}, meta  # no attribute broke out of content="…"
    description = next(m for m in metas if m["name"] == "description")
    assert description["content"] == "\" onmouseover=\"alert('fm-description')\" data-pwned=\""


def test_only_http_links_and_dois_become_links(make_project):
    bib = MINIMAL_BIB.replace("  year = {2011}", "  url = {https://example.org/book},\n  year = {2011}").replace(
        "  year = {2015},", "  doi = {10.1017/S0000000000000001},\n  year = {2015},")
    bad = ("@misc{badLinks2011,\n  title = {Bad links},\n  url = {javascript:alert(1)},\n  year = {2011}\n}\n\n"
           "@misc{badDoi2011,\n  title = {Bad DOI},\n  doi = {javascript:alert(2)},\n  year = {2011}\n}\n\n"
           "@misc{dataUrl2011,\n  title = {Data URL},\n  url = {data:text/html,<script>alert(3)</script>},\n"
           "  year = {2011}\n}\n")
    page = "# Page\n\n[@footChinaUnitedStates2011; @bellamyChangingFaceHumanitarian2015; @badLinks2011; " \
           "@badDoi2011; @dataUrl2011]\n"
    project = make_project({"docs/page.md": page}, bib=MINIMAL_BIB + "\n" + bad)
    # A link that is not one is left out, with a warning: the page is published without it.
    published = run_mkdocs(project)
    assert published.returncode == 0, published.output
    hrefs = [attrs["href"] for tag, attrs in tags(published.html("bibliography/index.html")) if tag == "a"]
    assert not [h for h in hrefs if "alert" in h or h.startswith(("javascript:", "data:"))], hrefs
    refused = run_mkdocs(project, "--strict")
    assert refused.returncode == 1
    fix = "write the full address, starting with https:// (only http and https links are published)"
    assert (f"bibliography/references.bib:21:3: the url of 'badLinks2011' is not an http(s) address: "
            f"'javascript:alert(1)': left out — {fix}\n") in refused.output
    assert ("bibliography/references.bib:27:3: the doi of 'badDoi2011' is not a DOI: 'javascript:alert(2)': left out — "
            "write the DOI as 10.1234/abcd, doi:10.1234/abcd or https://doi.org/10.1234/abcd\n") in refused.output
    assert (f"bibliography/references.bib:33:3: the url of 'dataUrl2011' is not an http(s) address: "
            f"'data:text/html,<script>alert(3)</script>': left out — {fix}\n") in refused.output

    project = make_project({"docs/page.md": page.replace("; @badLinks2011; @badDoi2011; @dataUrl2011", "")},
                           bib=bib)
    built = run_mkdocs(project, "--strict")
    assert built.returncode == 0, built.output
    hrefs = [attrs["href"] for tag, attrs in tags(built.html("bibliography/index.html")) if tag == "a"]
    assert "https://example.org/book" in hrefs
    assert "https://doi.org/10.1017/S0000000000000001" in hrefs


def test_markup_in_front_matter_is_refused_in_one_pass(make_project):
    page = ('---\ntitle: "</title><script>alert(1)</script>"\ndescription: "<img src=x onerror=alert(2)>"\n'
            "author: [\"<svg onload=alert(3)>\"]\n---\n\n# Page\n")
    project = make_project({"docs/page.md": page})
    built = run_mkdocs(project)
    assert built.returncode == 1
    fix = "write plain text: the theme would print front matter as raw HTML"
    for message in ("docs/page.md:2:8: 'title' holds HTML markup '</title>'",
                    "docs/page.md:3:14: 'description' holds HTML markup '<img src=x onerror=alert(2)>'"):
        assert f"  {message} — {fix}\n" in built.output, built.output
    # A list of authors is read as pandoc reads it, each name checked: the markup is found in the name.
    assert f"  docs/page.md:4:10: 'author' holds HTML markup '<svg onload=alert(3)>' — {fix}\n" in built.output
    assert "must be text" not in built.output
    assert "Traceback" not in built.output


def test_a_list_of_authors_is_printed_as_one_escaped_text(make_project):
    page = '---\nauthor: ["Max Kuhn", "Julia Silge & Co"]\n---\n\n# Page\n'
    built = run_mkdocs(make_project({"docs/page.md": page}), "--strict")
    assert built.returncode == 0, built.output
    assert '<meta name="author" content="Max Kuhn, Julia Silge &amp; Co">' in built.html("page/index.html")
    nested = run_mkdocs(make_project({"docs/page.md": "---\nauthor: [[a]]\n---\n\n# Page\n"}))
    assert nested.returncode == 1
    assert "'author' must be text or a list of texts" in nested.output




INJECTED = """() => {
  const handlers = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith('on') || attr.name === 'data-pwned') handlers.push(el.tagName + ' ' + attr.name);
    }
  }
  return {pwned: window.__pwned || null, handlers,
          scripts: [...document.scripts].filter(s => s.textContent.includes('alert(')).length};
}"""


def test_no_payload_runs_in_a_browser(make_project):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout, sync_playwright

    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: run ./scripts/test.sh, or apt-get install -y chromium"
    built = evil_site(make_project)
    dialogs: list[str] = []
    with serve(built.site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True)
        try:
            page = browser.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            for path in ("chapters/evil/", "bibliography/", "whole-course/", ""):
                response = page.goto(base + path, wait_until="load")
                assert response is not None and response.ok, path
                links = page.locator("a.citation-link, .csl-entry, .entry-note, .source-notes li")
                hovered = 0
                for index in range(min(links.count(), 40)):
                    link = links.nth(index)
                    if link.is_visible():
                        link.hover()
                        hovered += 1
                if path.startswith("chapters"):
                    assert hovered >= 5, "the chapter's citations were hovered"
                page.wait_for_timeout(300)
                found = page.evaluate(INJECTED)
                assert found == {"pwned": None, "handlers": [], "scripts": 0}, (path, found)
                assert "<script>window.__pwned" in page.inner_text("body").lower() or not path.startswith("chapters")
            # Search shows the payloads' text in its results: still text.
            page.goto(base, wait_until="load")
            page.locator("label.md-search__icon, .md-search__input").first.click()
            # Typed, as a person types; a query typed before the search index is ready is not run again
            # once it is (Material), which a loaded machine turned into a failure: type the last letter
            # again, as a person would, until results come (at most 15 s in all).
            box, results = page.locator("input.md-search__input"), page.locator(".md-search-result__item")
            box.press_sequentially("pwned", delay=20)
            for attempt in range(5):
                try:
                    results.first.wait_for(state="visible", timeout=3000)
                    break
                except PlaywrightTimeout:
                    if attempt == 4:
                        raise
                    box.press("Backspace")
                    box.press_sequentially("d")
            page.wait_for_timeout(300)
            assert page.evaluate(INJECTED) == {"pwned": None, "handlers": [], "scripts": 0}
        finally:
            browser.close()
    assert dialogs == []
