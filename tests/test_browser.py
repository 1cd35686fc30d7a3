"""The outputs in a real headless Chromium: the course pack from file:// and the hosted site on 127.0.0.1.

A reader's journey on each: the nav, search, a citation's reference on hover, an abbreviation's
tooltip, a "Cited in" backlink, the whole-course page and its print layout; no request may leave
(the pack: nothing but file://; the site: nothing but its own server) and the console stays free of
errors. axe-core finds no serious or critical accessibility problem on any kind of page.

Debian's chromium (/usr/bin/chromium, installed by scripts/test.sh) is driven by Playwright;
Playwright's own browser download is never used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
import yaml

from browser_support import DESKTOP, Watch, chromium, serious_findings
from conftest import ROOT, serve
from outputs_support import SEARCH_WORD


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


@dataclass
class Site:
    home: str  # URL of the home page
    allowed: Callable[[str], bool]
    search_word: str
    has_abbreviations: bool


def after_content(page, selector: str) -> str:
    return page.locator(selector).first.evaluate("e => getComputedStyle(e, '::after').content")


def css_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # how Chromium serialises a CSS string, quotes escaped


def reader_journey(browser, site: Site) -> Watch:
    watch = Watch(site.allowed)
    context = browser.new_context(viewport=DESKTOP)
    watch.attach(context)
    page = context.new_page()
    page.goto(site.home)
    page.wait_for_load_state("load")

    # Navigation: the first chapter in the nav, then the footer's "Next" link.
    nav_chapter = page.locator("nav.md-nav--primary a.md-nav__link[href*='chapters/']").first
    chapter_title = nav_chapter.inner_text().strip()
    nav_chapter.click()
    page.wait_for_load_state("load")
    assert "chapters/" in page.url
    assert page.locator("article h1").first.inner_text().strip() == chapter_title
    first_chapter_url = page.url
    page.locator("a.md-footer__link--next").click()
    page.wait_for_load_state("load")
    assert page.url != first_chapter_url
    page.go_back()
    page.wait_for_load_state("load")

    # Search: results come, and the first one opens a page with the word.
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially(site.search_word, delay=20)  # as a person types
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=15000)
    assert site.search_word.lower() in results.first.inner_text().lower()
    results.first.locator("a").first.click()
    page.wait_for_load_state("load")
    assert site.search_word.lower() in page.locator("article").inner_text().lower()

    # A citation shows its full reference on hover, with no script.
    page.goto(first_chapter_url)
    citation = page.locator("article a.citation-link").first
    reference = citation.get_attribute("data-reference")
    assert reference
    assert after_content(page, "article a.citation-link") == "none"
    citation.hover()
    assert after_content(page, "article a.citation-link:hover") == css_string(reference)

    # Abbreviations (glossary terms) carry their expansion as a tooltip.
    abbreviations = page.locator("article abbr")
    if site.has_abbreviations:
        assert abbreviations.count() > 0
    for i in range(abbreviations.count()):
        assert (abbreviations.nth(i).get_attribute("title") or "").strip()
    if abbreviations.count():
        abbreviations.first.hover()

    # A "Cited in" backlink on the bibliography lands on the citing section.
    page.locator("nav.md-nav--primary a.md-nav__link[href*='bibliography']").first.click()
    page.wait_for_load_state("load")
    backlink = page.locator(".cited-in-pages a").first
    backlink.click()
    page.wait_for_load_state("load")
    assert "chapters/" in page.url and "#" in page.url
    landed = page.evaluate("""() => {
        const el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
        if (!el) return null;
        const box = el.getBoundingClientRect();
        return {top: box.top, height: innerHeight};
    }""")
    assert landed is not None, page.url
    assert 0 <= landed["top"] < landed["height"]

    # The whole course: every chapter on one page; citations work there too; it prints without the site.
    page.locator("nav.md-nav--primary a.md-nav__link[href*='whole-course']").first.click()
    page.wait_for_load_state("load")
    assert page.locator("section.whole-course-chapter").count() >= 1
    whole_citation = page.locator("article a.citation-link").first
    whole_citation.scroll_into_view_if_needed()
    whole_citation.hover()
    assert after_content(page, "article a.citation-link:hover") == css_string(whole_citation.get_attribute("data-reference"))
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer__inner']
        .map(s => document.querySelector(s)).filter(Boolean).map(e => getComputedStyle(e).display)""")
    assert hidden and set(hidden) == {"none"}
    assert page.locator(".md-copyright").is_visible()  # the licence line prints
    # Each chapter starts a printed page, but the first: it follows the title (no page of its own).
    breaks = page.evaluate("[...document.querySelectorAll('section.whole-course-chapter')].map(e => getComputedStyle(e).breakBefore)")
    assert breaks[0] == "auto" and set(breaks[1:]) <= {"page"}
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    page.emulate_media(media="screen")

    context.close()
    return watch


def accessibility_problems(browser, site: Site, paths: list[str]) -> list[str]:
    problems = []
    context = browser.new_context(viewport=DESKTOP)
    context.route("**/*", lambda route: route.continue_() if site.allowed(route.request.url) else route.abort())
    page = context.new_page()
    for path in paths:
        response = page.goto(site.home.rsplit("/", 1)[0] + "/" + path if path else site.home)
        assert response is None or response.ok, f"{path}: {response.status}"
        page.wait_for_load_state("load")
        problems += serious_findings(page, path or "home")
    context.close()
    return problems


# The small course of outputs_support (conftest's small_sites: both outputs, built once).

def small_site_paths(offline: bool) -> list[str]:
    names = ["", "chapters/one", "bibliography", "whole-course", "key-points"]
    paths = [n and (f"{n}.html" if offline else f"{n}/") for n in names]
    return paths if offline else [*paths, "404.html"]  # the pack has no 404 page


def pack_site(pack: Path, search_word: str, has_abbreviations: bool) -> Site:
    return Site((pack / "index.html").as_uri(), lambda url: url.startswith("file://"), search_word, has_abbreviations)


def test_course_pack_works_from_file_with_no_network(browser, small_sites):
    _, pack = small_sites
    watch = reader_journey(browser, pack_site(pack, SEARCH_WORD, True))
    assert watch.outside == []
    assert watch.errors == []


def test_hosted_site_works_and_asks_nothing_of_other_hosts(browser, small_sites):
    site, _ = small_sites
    with serve(site) as base:
        watch = reader_journey(browser, Site(base, lambda url: url.startswith(base), SEARCH_WORD, True))
    assert watch.outside == []
    assert watch.errors == []


def test_no_serious_accessibility_problem(browser, small_sites):
    site, pack = small_sites
    with serve(site) as base:
        hosted = Site(base, lambda url: url.startswith(base), SEARCH_WORD, True)
        problems = accessibility_problems(browser, hosted, small_site_paths(offline=False))
    problems += accessibility_problems(browser, pack_site(pack, SEARCH_WORD, True), small_site_paths(offline=True))
    assert problems == [], "\n".join(problems)


def test_the_watch_sees_a_request_that_leaves(browser, tmp_path):
    """The request count can fail: a page that loads a remote image is caught (and the load blocked)."""
    page_file = tmp_path / "leaky.html"
    page_file.write_text('<!doctype html><title>x</title><img src="https://example.org/x.png" alt="x">',
                         encoding="utf-8")
    watch = Watch(lambda url: url.startswith("file://"))
    context = browser.new_context()
    watch.attach(context)
    page = context.new_page()
    page.goto(page_file.as_uri())
    page.wait_for_load_state("load")
    context.close()
    assert watch.outside == ["https://example.org/x.png"]


# The real course (conftest's course_sites; fails until the content builds, like the other course tests).

COURSE_SEARCH_WORD = "peacekeeping"


def course_pages(offline: bool) -> list[str]:
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8")).get("nav", [])
    found: list[str] = []

    def walk(items):
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                walk(value)
            elif isinstance(value, str) and value.endswith(".md"):
                found.append(value[:-3])

    walk(nav)
    paths = []
    for name in found:
        if name == "index":
            paths.append("")
        elif name.endswith("/index"):
            paths.append(name[: -len("index")] + ("index.html" if offline else ""))
        else:
            paths.append(f"{name}.html" if offline else f"{name}/")
    return paths


def test_real_course_pack_in_the_browser(browser, course_sites):
    _, pack = course_sites
    watch = reader_journey(browser, pack_site(pack, COURSE_SEARCH_WORD, False))
    assert (watch.outside, watch.errors) == ([], [])
    problems = accessibility_problems(browser, pack_site(pack, COURSE_SEARCH_WORD, False), course_pages(True))
    assert problems == [], "\n".join(problems)


def test_real_course_site_in_the_browser(browser, course_sites):
    site, _ = course_sites
    with serve(site) as base:
        hosted = Site(base, lambda url: url.startswith(base), COURSE_SEARCH_WORD, False)
        watch = reader_journey(browser, hosted)
        problems = accessibility_problems(browser, hosted, course_pages(False))
    assert (watch.outside, watch.errors) == ([], [])
    assert problems == [], "\n".join(problems)
