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
  instructors.
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
