"""An entry's "Cited in": the places that cite a work, grouped as the bibliography shows them.

Chapters first, in course order; other pages after them, in the order they first cite; each page's
sections in the order they cite. The reading guides that cite or list the work go beside, in the
guides' order. The build (``hooks/bibliography_page.py``) and the render (``render/tree.py``) group
them here and differ only in how they write a link.
"""

from __future__ import annotations

from typing import Callable

from .model import Citing

Place = tuple[str, str]  # (href, label)


class Backlinks:
    def __init__(self, course, titles: dict[str, str]):
        self.course = course
        self.titles = titles  # each page's title, by its path under docs/
        self.rank = {chapter.src_uri: index for index, chapter in enumerate(course.chapters)}
        self.guides = {theme.src_uri: theme.title for theme in course.guides.themes} if course.guides else {}
        self.guide_rank = {src: index for index, src in enumerate(self.guides)}

    def of(self, key: str, citings: list[Citing], href: Callable[[Citing], str],
           listed_href: Callable[[str, str], str]) -> tuple[list[tuple[str, list[Place]]], list[Place]]:
        """The pages that cite ``key`` (title, its sections), and the guides beside them."""
        by_page: dict[str, list[Place]] = {}
        in_guides: dict[str, Place] = {}
        for citing in citings:
            if citing.page in self.guides:
                in_guides.setdefault(citing.page, (href(citing), self.guides[citing.page]))
                continue
            page_title = self.titles.get(citing.page) or citing.page
            label = "Opening" if citing.title in ("", page_title) else citing.title
            by_page.setdefault(citing.page, []).append((href(citing), label))
        for src, anchor, title in self.course.listed_in.get(key, []):  # a guide's key works: its own section
            in_guides[src] = (listed_href(src, anchor), title)
        ordered = sorted(by_page, key=lambda src: self.rank.get(src, len(self.rank)))  # stable: others keep theirs
        listed = [in_guides[src] for src in sorted(in_guides, key=lambda src: self.guide_rank.get(src, len(self.guide_rank)))]
        return [(self.titles.get(src) or src, by_page[src]) for src in ordered], listed
