"""Fix what axe-core finds in the theme's own markup: Material's search dialog has no accessible name.

Runs on the final HTML of every page (``on_post_page``) and of the theme's own pages such as 404.html
(``on_post_template``); tests/test_browser.py runs axe-core on every kind of page and fails on
anything serious, so a theme update that changes this markup shows up there.
"""

from __future__ import annotations

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'


def name_search_dialog(html: str) -> str:
    return html.replace(SEARCH_DIALOG, NAMED_SEARCH_DIALOG, 1)


def on_post_page(output: str, page, config) -> str:
    return name_search_dialog(output)


def on_post_template(output_content: str, template_name: str, config) -> str:
    return name_search_dialog(output_content)
