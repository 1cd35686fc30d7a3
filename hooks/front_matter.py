"""Check each page's front matter; escape what the theme prints inside HTML attributes.

MkDocs silently drops front matter it cannot read; ``coursekit.frontmatter`` reports it, and every
wrong ``title``, ``source``, ``themes`` or ``reading_time``, and every value the theme would print
as HTML or look up as a file (``status``, ``icon``, ``template``…), at its line and column. Material
prints ``description`` and ``author`` into ``<meta content="…">`` unescaped, so they are escaped here.
A value found wrong is dropped from the page's metadata: the build fails on it anyway, and no
template or hook then trips over a title that is a number or holds markup.
"""

from __future__ import annotations

import build_state
from coursekit.course import frontmatter
from coursekit.render.safe import escape
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page


def on_page_markdown(markdown: str, page: Page, config, files: Files):
    course = build_state.course
    if page.file.generated_by is None:
        shown = f"docs/{page.file.src_uri}"
        front = frontmatter.read(page.file.content_string, shown)
        guides = getattr(course, "guides", None)
        theme_ids = guides.theme_ids if guides is not None else None
        course.problems.extend(frontmatter.check(front, shown, course.known_keys, theme_ids, config.theme.dirs))
        for key in front.invalid:
            page.meta.pop(key, None)
    for key in frontmatter.ATTRIBUTE_KEYS:
        text = frontmatter.attribute_text(page.meta.get(key))
        if text is not None:
            page.meta[key] = escape(text)
    return markdown
