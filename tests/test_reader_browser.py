"""The reader as students use it, in Debian's Chromium: desktop (1366×900) and phone (390×844), the
hosted site and the course pack from file://.

- Search finds a query however it is entered: pasted or filled in without a key (insertText),
  autofilled (the value set, then an input event), or composed by an input method.
- On a touch screen the first tap on a citation shows its reference in place, with a link to its
  entry, and leaves the URL alone; a tap elsewhere closes it; a tap on an abbreviation shows its
  meaning. With a keyboard, focus shows the reference and Escape hides it.
- No page of either output scrolls sideways at 390 px, nor hides content in a box that does.
- Every tab stop is on screen and drawn with a ring, at both widths.
- The whole-course page prints with its first chapter on page one, page numbers, and no notes for
  instructors (the learner's view; the instructor's prints them all).
- Below a GitHub Pages project path (/course/), the 404 page loads its styles and links home.
"""

from __future__ import annotations

import io
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from pypdf import PdfReader

from browser_support import DESKTOP, PHONE, Watch, chromium, serious_findings
from conftest import build_env, run_mkdocs, serve, serve_below
from outputs_support import SEARCH_WORD, make_small_course

SIZES = {"desktop": DESKTOP, "phone": PHONE}
OUTPUTS = ["hosted", "pack"]


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


@contextmanager
def opened(sites: tuple[Path, Path], output: str):
    """(URL of a page by its name, e.g. "chapters/one", the Watch's allowed-URL test) for one output."""
    site, pack = sites
    if output == "pack":
        yield (lambda name: (pack / f"{name or 'index'}.html").as_uri()), (lambda url: url.startswith("file://"))
        return
    with serve(site) as base:
        yield (lambda name: base + (f"{name}/" if name else "")), (lambda url: url.startswith(base))


def new_page(browser, allowed, viewport, touch: bool = False):
    watch = Watch(allowed)
    context = browser.new_context(viewport=viewport, has_touch=touch, is_mobile=touch and viewport == PHONE)
    watch.attach(context)
    page = context.new_page()
    return page, watch


# -- 1. Search, however the query is entered ------------------------------------------------------------

def enter_by_insert_text(page, box, word):  # a paste from a context menu or a long-press: no key at all
    box.focus()
    page.keyboard.insert_text(word)


def enter_by_fill(page, box, word):  # Playwright's fill: focus, then the value in one input event
    box.fill(word)


def enter_by_autofill(page, box, word):  # autofill and password managers: set the value, fire input
    box.focus()
    box.evaluate("(el, word) => { el.value = word; el.dispatchEvent(new Event('input', {bubbles: true})); }", word)


def enter_by_input_method(page, box, word):  # an IME: compositionstart, updates, then the committed text
    box.focus()
    cdp = page.context.new_cdp_session(page)
    for end in range(1, len(word) + 1):
        cdp.send("Input.imeSetComposition", {"text": word[:end], "selectionStart": end, "selectionEnd": end})
    cdp.send("Input.insertText", {"text": word})
    cdp.detach()


WAYS = [enter_by_insert_text, enter_by_fill, enter_by_autofill, enter_by_input_method]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("output", OUTPUTS)
def test_a_query_entered_without_typing_searches(browser, small_sites, output, size):
    with opened(small_sites, output) as (url, allowed):
        page, watch = new_page(browser, allowed, SIZES[size])
        for way in WAYS:
            page.goto(url("chapters/two"))  # a fresh page: no earlier query's results
            box = page.locator("input.md-search__input")
            assert page.locator(".md-search-result__item").count() == 0
            way(page, box, SEARCH_WORD)
            assert box.input_value() == SEARCH_WORD, way.__name__
            result = page.locator(".md-search-result__item").first
            result.wait_for(state="visible", timeout=10000)
            assert SEARCH_WORD in result.inner_text(), way.__name__
        page.context.close()
    assert (watch.outside, watch.errors) == ([], [])


# -- 2. A citation's reference and an abbreviation's meaning on tap, focus and Escape ------------------

def popup_state(page) -> dict | None:
    return page.evaluate("""() => {
        const popup = document.querySelector('.reference-popup');
        if (!popup) return null;
        const box = popup.getBoundingClientRect(), link = popup.querySelector('a');
        return {text: popup.innerText, href: link && link.href, left: box.left, right: box.right,
                top: box.top, bottom: box.bottom, width: innerWidth, height: innerHeight,
                scrollWidth: document.scrollingElement.scrollWidth, visible: popup.checkVisibility()};
    }""")


def tap_elsewhere(page):
    page.locator("article h1").first.tap()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("output", OUTPUTS)
def test_a_tapped_citation_shows_its_reference_in_place(browser, small_sites, output, size):
    with opened(small_sites, output) as (url, allowed):
        page, watch = new_page(browser, allowed, SIZES[size], touch=True)
        page.goto(url("chapters/one"))
        citation = page.locator("article p a.citation-link").first
        reference = citation.get_attribute("data-reference")
        entry = citation.evaluate("a => a.href")  # the link to the work's entry in the bibliography
        assert reference and "#" in entry
        here = page.url

        citation.tap()
        shown = popup_state(page)
        assert shown is not None and shown["visible"]
        assert shown["text"].startswith(reference)
        assert shown["href"] == entry
        assert page.url == here  # the tap did not leave the page, nor add a fragment
        assert 0 <= shown["left"] and shown["right"] <= shown["width"]  # on screen, not off to the side
        assert 0 <= shown["top"] and shown["bottom"] <= shown["height"]
        assert shown["scrollWidth"] <= shown["width"]
        assert citation.get_attribute("aria-expanded") == "true"
        if size == "phone" and output == "hosted":  # (from file://, axe-core's reading of the CSS fails)
            assert serious_findings(page, "chapter one, reference shown") == []

        tap_elsewhere(page)
        assert popup_state(page) is None and page.url == here
        assert citation.get_attribute("aria-expanded") is None

        # An abbreviation (a glossary term) shows its meaning on tap; a tap elsewhere closes it.
        abbreviation = page.locator("article p abbr:not(a abbr)").first
        meaning = abbreviation.get_attribute("title")
        abbreviation.tap()
        shown = popup_state(page)
        assert shown is not None and meaning in shown["text"] and shown["href"] is None
        tap_elsewhere(page)
        assert popup_state(page) is None

        # Once the reference is shown, a second tap follows the citation to the entry.
        citation.tap()
        citation.tap()
        page.wait_for_url(entry)
        page.context.close()
    assert (watch.outside, watch.errors) == ([], [])


@pytest.mark.parametrize("output", OUTPUTS)
def test_keyboard_focus_shows_the_reference_and_escape_hides_it(browser, small_sites, output):
    with opened(small_sites, output) as (url, allowed):
        page, watch = new_page(browser, allowed, DESKTOP)
        page.goto(url("chapters/one"))
        citation = page.locator("article p a.citation-link").first
        reference = citation.get_attribute("data-reference")
        page.keyboard.press("Shift")  # a keyboard user: focus then shows (:focus-visible)
        citation.focus()
        after = "e => { const s = getComputedStyle(e, '::after'); return s.display === 'none' ? null : s.content; }"
        assert citation.evaluate(after) == css_string(reference)
        # A screen reader hears the reference as the link's description.
        described = citation.evaluate("e => document.getElementById(e.getAttribute('aria-describedby')).textContent")
        assert described == reference
        page.keyboard.press("Escape")
        assert citation.evaluate(after) is None
        page.keyboard.press("Shift+Tab")
        citation.focus()
        assert citation.evaluate(after) == css_string(reference)  # hidden until focus left it
        # With a mouse, a click follows the link, as before.
        entry = citation.evaluate("a => a.href")
        citation.click()
        page.wait_for_url(entry)
        page.context.close()
    assert (watch.outside, watch.errors) == ([], [])


def css_string(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)  # how Chromium serialises a CSS string


# -- 3. Nothing off-screen at 390 px ----------------------------------------------------------------------

SIDEWAYS = """() => {
    const found = [];
    if (document.scrollingElement.scrollWidth > innerWidth)
        found.push(`the page is ${document.scrollingElement.scrollWidth} px wide`);
    for (const el of document.querySelectorAll('body *')) {
        const style = getComputedStyle(el);
        if (!['auto', 'scroll'].includes(style.overflowX) || el.scrollWidth <= el.clientWidth + 1) continue;
        if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true}) || !el.clientHeight) continue;
        found.push(`${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth - el.clientWidth} px hidden to the side`);
    }
    return found;
}"""


def every_page(folder: Path) -> list[str]:
    """Every HTML page of a built output, by its path in it."""
    return [path.relative_to(folder).as_posix() for path in sorted(folder.rglob("*.html"))]


@pytest.mark.parametrize("output", OUTPUTS)
def test_no_page_scrolls_sideways_on_a_phone(browser, course_sites, output):
    folder = course_sites[0] if output == "hosted" else course_sites[1]
    pages = every_page(folder)
    assert len(pages) >= 15
    problems = []
    with opened(course_sites, output) as (url, allowed):
        root = url("")  # the home page's URL: the hosted site's root, or the pack's index.html
        base = root if output == "hosted" else root.rsplit("/", 1)[0] + "/"
        page, watch = new_page(browser, allowed, PHONE, touch=True)
        for path in pages:
            page.goto(base + path)
            problems += [f"{path}: {p}" for p in page.evaluate(SIDEWAYS)]
        page.context.close()
    assert problems == [], "\n".join(problems)


# -- 4. Focus is visible on every tab stop -----------------------------------------------------------------

FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    const onScreen = box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
        && box.left < innerWidth && box.top < innerHeight && el.checkVisibility({visibilityProperty: true});
    const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    const name = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().slice(0, 40);
    return {key: el.tagName + '|' + (el.id || '') + '|' + name + '|' + Math.round(box.top + scrollY),
            what: `${el.tagName.toLowerCase()}.${el.className} "${name}"`, onScreen, ring};
}"""
MAX_STOPS = 400


def tab_stops(page) -> list[dict]:
    """Each element the Tab key reaches from the top of the page, until it leaves the page or comes back."""
    stops, seen = [], set()
    page.locator("body").focus()
    for _ in range(MAX_STOPS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused and not (focused["onScreen"] and focused["ring"]):
            page.wait_for_timeout(300)  # the search box opens, the page scrolls, with a transition
            focused = page.evaluate(FOCUSED)
        if focused is None or focused["key"] in seen:
            break
        seen.add(focused["key"])
        stops.append(focused)
    return stops


# The hosted site: the kinds of page (home, chapter with citations and abbreviations, guide with its
# table); the pack differs only in its links, so one chapter there.
WALKS = {"hosted": ["", "chapters/human-security-blog", "guides/status"], "pack": ["chapters/human-security-blog"]}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("output", OUTPUTS)
def test_every_tab_stop_shows_where_it_is(browser, course_sites, output, size):
    problems = []
    with opened(course_sites, output) as (url, allowed):
        page, watch = new_page(browser, allowed, SIZES[size])
        for name in WALKS[output]:
            page.goto(url(name))
            stops = tab_stops(page)
            assert len(stops) > 20, name
            problems += [f"{name or 'home'}: {s['what']}: " + ("off screen" if not s["onScreen"] else "no ring")
                         for s in stops if not (s["onScreen"] and s["ring"])]
        if size == "phone":  # the menu button opens the drawer from the keyboard, and Escape closes it
            page.goto(url("chapters/human-security-blog"))
            menu = page.locator("label.md-header__button[for=__drawer]")
            menu.focus()
            assert menu.get_attribute("aria-expanded") == "false"
            page.keyboard.press("Enter")
            page.wait_for_timeout(300)
            focused = page.evaluate(FOCUSED)
            assert focused["onScreen"] and focused["ring"], focused
            assert page.evaluate("document.activeElement.closest('.md-sidebar--primary') !== null")
            assert menu.get_attribute("aria-expanded") == "true"
            page.keyboard.press("Escape")
            page.wait_for_timeout(300)
            assert page.evaluate(FOCUSED)["what"].endswith('"Menu"') and menu.get_attribute("aria-expanded") == "false"
            assert not page.locator(".md-sidebar--primary a").first.is_visible()
        page.context.close()
    assert problems == [], "\n".join(problems)
    assert (watch.outside, watch.errors) == ([], [])


# -- 9. Print -----------------------------------------------------------------------------------------

def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def footer_texts(reader: PdfReader, margin_pt: float = 60) -> list[str]:
    """The text printed in each page's bottom margin (below ``margin_pt`` points from its foot)."""
    pages = []
    for page in reader.pages:
        found: list[str] = []

        def visit(text, cm, tm, font, size, found=found):
            height = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]  # the text's place on the page, in points
            if text.strip() and height < margin_pt:
                found.append(text)

        page.extract_text(visitor_text=visit)
        pages.append(flat("".join(found)))
    return pages


def printed(browser, url, allowed) -> tuple[PdfReader, str, str, Watch]:
    """The whole-course page printed to PDF by Chromium (A4); with its first chapter's title and opening."""
    page, watch = new_page(browser, allowed, DESKTOP)
    page.goto(url("whole-course"))
    first_chapter = flat(page.locator("section.whole-course-chapter h2").first.evaluate(
        "h => { const c = h.cloneNode(true); c.querySelectorAll('.headerlink').forEach(a => a.remove()); return c.textContent; }"))
    opening = flat(page.locator("section.whole-course-chapter p:not(.whole-course-own-page)").first.inner_text())[:60]
    pdf = page.pdf(format="A4")
    page.context.close()
    return PdfReader(io.BytesIO(pdf)), first_chapter, opening, watch


def note_phrases() -> list[str]:
    """A phrase of each note for instructors, read from the chapters' Markdown (test_views' oracle)."""
    from test_views import course_notes

    return [phrase for notes in course_notes().values() for phrase in notes]


@pytest.mark.parametrize("output", OUTPUTS)
def test_the_whole_course_prints_from_page_one_numbered_without_instructor_notes(browser, course_sites, output):
    with opened(course_sites, output) as (url, allowed):
        reader, first_chapter, opening, watch = printed(browser, url, allowed)
    texts = [flat(p.extract_text()) for p in reader.pages]
    whole = " ".join(texts)
    assert first_chapter in texts[0]  # the first chapter starts under the title, not a page later
    assert opening in whole  # the chapters' text is there to read ...
    assert [phrase for phrase in note_phrases() if phrase in whole] == []  # ... the instructors' notes are not
    total = len(reader.pages)
    assert total > 5
    assert footer_texts(reader) == [f"{n} / {total}" for n in range(1, total + 1)]
    assert (watch.outside, watch.errors) == ([], [])


def test_the_instructors_whole_course_prints_their_notes(browser, course_sites):
    """The instructor's view (site/instructor/) prints every note: what they print to teach from."""
    site, _ = course_sites
    with serve(site / "instructor") as base:
        reader, first_chapter, _, watch = printed(browser, lambda name: base + (f"{name}/" if name else ""),
                                                  lambda url: url.startswith(base))
    whole = " ".join(flat(p.extract_text()) for p in reader.pages)
    phrases = note_phrases()
    assert len(phrases) >= 10 and [phrase for phrase in phrases if phrase not in whole] == []
    assert first_chapter in flat(reader.pages[0].extract_text())
    assert (watch.outside, watch.errors) == ([], [])


# -- 8. The 404 page below a project path ---------------------------------------------------------------

def test_the_404_page_works_below_a_project_path(browser, make_project):
    project = make_small_course(make_project)
    built = run_mkdocs(project, "--strict", env=build_env(COURSE_SITE_URL="https://example.org/course/"))
    assert built.returncode == 0, built.output
    with serve_below(project / "site", "/course/") as base:
        page, watch = new_page(browser, lambda url: url.startswith(base), DESKTOP)
        failed = []
        page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        response = page.goto(base + "no/such/page/")
        assert response.status == 404
        page.wait_for_load_state("load")
        assert failed == [f"404 {base}no/such/page/"]  # every stylesheet, script and image loaded
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        page.locator("a.md-header__button.md-logo").click()
        page.wait_for_load_state("load")
        assert page.url == base and page.locator("article h1").inner_text().startswith("Home")
        page.context.close()
    assert watch.outside == []
    assert len(watch.errors) == 1 and "404" in watch.errors[0]  # the page's own status, and nothing else
