"""The course path, the home page and the course map in a real headless Chromium, at 1366×900 and
390×844, on the hosted site (127.0.0.1) and from the unzipped pack (file://): the first screen holds
the course's length and the way to start it; no page here scrolls sideways; the nav runs in the order
of the sessions; the map's links work (from file:// too) and show where the keyboard is; axe-core
finds nothing serious at either width. The real course, built as scripts/build.sh builds it.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe

from browser_support import SERIOUS
from conftest import ROOT, serve
from test_browser import browser  # noqa: F401  (the module's Chromium, as a fixture)

SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


@pytest.fixture(scope="module")
def outputs(course_sites) -> tuple[Path, Path]:
    """The real course's hosted site and unzipped pack (conftest's, built once for every browser test)."""
    return course_sites


@contextmanager
def both_outputs(outputs):
    """(name, base URL, how a page's path becomes its URL) for the hosted site and the pack."""
    site, pack = outputs
    with serve(site) as base:
        yield [("hosted", base, lambda path: path and f"{path}/"),
               ("pack", pack.as_uri() + "/", lambda path: f"{path}.html" if path else "index.html")]


def open_page(browser, size: str, url: str):
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    return context, page


def sideways(page) -> int:
    """How far the page scrolls sideways (0: not at all)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def in_first_screen(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and locator.is_visible() and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


def test_the_first_screen_says_what_the_course_is_how_long_and_where_to_start(browser, outputs):
    failures = []
    with both_outputs(outputs) as sites:
        for name, base, url_of in sites:
            for size in SIZES:
                context, page = open_page(browser, size, base + url_of(""))
                where = f"{name}, {size}"
                length = page.locator("article p.course-length")
                start = page.locator("article a.md-button", has_text="Start with session 1")
                if not re.fullmatch(r"\d+ sessions, about .+ of reading in all.*before each session\.",
                                    length.inner_text()):
                    failures.append(f"{where}: the course's length reads {length.inner_text()!r}")
                for what, locator in (("the title", page.locator("article h1")), ("the length", length),
                                      ("the start", start)):
                    if not in_first_screen(page, locator):
                        failures.append(f"{where}: {what} is not in the first screen")
                if sideways(page):
                    failures.append(f"{where}: the home page scrolls {sideways(page)} px sideways")
                start.click()
                page.wait_for_load_state("load")
                heading = page.locator("#session-1")
                if not page.url.endswith("#session-1") or not in_first_screen(page, heading):
                    failures.append(f"{where}: the start leads to {page.url}, session 1 not in view")
                page.goto(base + url_of("guides/index").removesuffix("index/"))
                page.wait_for_load_state("load")
                if sideways(page):
                    failures.append(f"{where}: the guides index scrolls {sideways(page)} px sideways")
                context.close()
    assert failures == []


def test_the_nav_and_footer_follow_the_sessions(browser, outputs):
    sessions = yaml.safe_load((ROOT / "course" / "guides.yml").read_text(encoding="utf-8"))["sessions"]
    first_read = []
    for session in sessions:
        for item in session["read"]:
            target = item if isinstance(item, str) else item.get("chapter", "")
            if target.startswith("chapters/") and "#" not in target and target not in first_read:
                first_read.append(target.removesuffix(".md"))
    with both_outputs(outputs) as sites:
        for name, base, url_of in sites:
            context, page = open_page(browser, "desktop", base + url_of("course-path"))
            hrefs = page.locator("nav.md-nav--primary a.md-nav__link[href*='chapters/']").evaluate_all(
                "links => links.map(a => a.href)")
            assert [re.search(r"chapters/[\w-]+", h).group(0) for h in hrefs] == first_read, name
            page.locator("a.md-footer__link--next").click()
            page.wait_for_load_state("load")
            assert first_read[0] in page.url, name
            context.close()


def test_the_map_works_from_file_and_shows_the_keyboard(browser, outputs):
    with both_outputs(outputs) as sites:
        for name, base, url_of in sites:
            for size in SIZES:
                where = f"{name}, {size}"
                context, page = open_page(browser, size, base + url_of("guides/index").removesuffix("index/"))
                svg = page.locator("svg.course-map__svg")
                box = svg.bounding_box()
                assert box["width"] <= page.viewport_size["width"], where
                # Its labels are drawn at a size one can read: at least 12 px on the phone.
                assert svg.locator("text.section").first.evaluate("t => t.getBoundingClientRect().height") >= 12, where
                for kind in ("guide", "chapter", "section"):
                    node = svg.locator(f"a:has(text.{kind})").nth(1)
                    href = node.get_attribute("href")
                    node.click()
                    page.wait_for_load_state("load")
                    path = href.split("#")[0].replace("../", "").removesuffix("/").removesuffix(".html")
                    assert path in page.url, (where, kind, href, page.url)
                    if "#" in href:
                        anchor = href.split("#")[1]
                        top = page.evaluate(f"document.getElementById({anchor!r}).getBoundingClientRect().top")
                        assert 0 <= top < page.viewport_size["height"], (where, href)
                    page.go_back()
                    page.wait_for_load_state("load")
                context.close()
        # The keyboard reaches the map's links from the page above them, and each shows its focus.
        name, base, url_of = sites[1]
        context, page = open_page(browser, "desktop", base + url_of(""))
        page.locator("article a.md-button").focus()
        focused = []
        for _ in range(80):
            page.keyboard.press("Tab")
            state = page.evaluate("""() => {
                const a = document.activeElement;
                if (!a.closest('svg.course-map__svg')) return null;
                const hit = a.querySelector('.hit');
                return {visible: a.matches(':focus-visible'), stroke: getComputedStyle(hit).stroke,
                        width: parseFloat(getComputedStyle(hit).strokeWidth)};
            }""")
            if state is None and focused:
                break
            if state is not None:
                focused.append(state)
        context.close()
    assert len(focused) > 10
    assert all(f["visible"] and f["stroke"] not in ("none", "") and f["width"] > 0 for f in focused), focused


def test_no_serious_accessibility_problem_at_either_width(browser, outputs):
    axe = Axe()
    problems = []
    with both_outputs(outputs) as sites:
        for name, base, url_of in sites:
            for size in SIZES:
                for path in ("", "guides/index", "course-path"):
                    url = base + url_of(path).removesuffix("index/")
                    context, page = open_page(browser, size, url)
                    for violation in axe.run(page).response["violations"]:
                        if violation.get("impact") in SERIOUS:
                            problems.append(f"{name}, {size}, {path or 'home'}: {violation['id']}: {violation['help']}")
                    context.close()
    assert problems == []
