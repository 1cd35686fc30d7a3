"""What the instructor's view adds: the schedule of the course path and where the notes are.

Markdown for two places, drawn from the course path's model (``course_path.Session``: each
session's items with their minutes, new and review, from the words read or the instructor's
``minutes:``) so that it never disagrees with the course path page:

- the "Instructor notes" page: the schedule (each session's reading, the minutes of each item with
  its review, the session's total and the running total), then every page's instructors' blocks, by
  section;
- a box at the top of each chapter: the sessions that read it, how much of it, for how long.

Text from course files goes through ``text.inline`` (the one safe renderer), as on the course path.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .chapters import Chapter
from .course_path import LATER, NEW, REVIEW, Session, SessionItem
from .course_path_pages import duration
from .guides import COURSE_PATH, Guides, rel
from .text import inline
from ..render.safe import plain_text

NOTES_PAGE = "instructor-notes.md"
BOX_TITLE = "For instructors"


@dataclass
class NotesPlace:
    """A section of a page holding instructors' blocks: its heading's title and anchor ("" before any)."""

    title: str
    anchor: str
    blocks: int = 1


@dataclass
class PageNotes:
    src_uri: str
    title: str
    places: list[NotesPlace] = field(default_factory=list)

    @property
    def blocks(self) -> int:
        return sum(place.blocks for place in self.places)


def _minutes(n: int) -> str:
    return duration(n)


def _item_cell(item: SessionItem, here: str) -> str:
    if item.theme is not None:
        cell = f"Guide: [{inline(item.theme.title)}]({rel(here, item.theme.src_uri)})"
    elif item.kind == "chapter":
        chapter = item.readings[0].chapter
        cell = f"Chapter: [{inline(chapter.title)}]({rel(here, chapter.src_uri)})"
    else:
        chapter, section = item.readings[0].chapter, item.readings[0].section
        cell = (f"Section: [{inline(section.title)}]({rel(here, chapter.src_uri, section.anchor)}) "
                f"in *{inline(chapter.title)}*")
    said = [f"{_minutes(item.review_minutes)} of it review"] if item.review_minutes and item.minutes else \
        ["review"] if item.review_minutes else []
    if item.optional:
        said.append("optional")
    return cell + (f" ({', '.join(said)})" if said else "")


def _time(session_or_item) -> int:
    """What students spend before the session: new reading and review (optional reading aside)."""
    return session_or_item.minutes + session_or_item.review_minutes


def schedule_markdown(guides: Guides | None, here: str = NOTES_PAGE) -> str:
    """The course path as a schedule: per session, each item's reading time, the session's and the course's."""
    if guides is None or not guides.sessions:
        return ""
    total = sum(_time(session) for session in guides.sessions)
    review = sum(session.review_minutes for session in guides.sessions)
    out = [f"\n## Schedule {{#schedule}}\n\nThe [course path]({rel(here, COURSE_PATH)}) asks for about "
           f"{_minutes(total)} of reading in {len(guides.sessions)} "
           f"session{'s' if len(guides.sessions) != 1 else ''}"
           + (f" ({_minutes(review)} of it review of earlier sessions' reading)" if review else "")
           + ", before each session. Times come from the words read, or from an item's `minutes:` in "
           "`course/guides.yml`.\n"]
    elapsed = 0
    for number, session in enumerate(guides.sessions, 1):
        elapsed += _time(session)
        of_it = f" ({_minutes(session.review_minutes)} of it review)" if session.review_minutes else ""
        out.append(f"\n### {inline(session.title)} {{#schedule-session-{number}}}\n\n"
                   f"*About {_minutes(_time(session))} of reading{of_it}; {_minutes(elapsed)} of the course's "
                   f"{_minutes(total)} by the end of it.*\n\n")
        if not session.items:
            continue
        out.append("| Read before the session | Time |\n| --- | --- |\n")
        for item in session.items:
            out.append(f"| {_item_cell(item, here)} | {_minutes(_time(item))} |\n")
        out.append(f"| **Session total** | **{_minutes(_time(session))}** |\n")
    return "".join(out)


def notes_page_markdown(guides: Guides | None, pages: list[PageNotes], whole_course: bool) -> str:
    """The instructor's view's own page: the schedule, then where every instructors' block is."""
    here = NOTES_PAGE
    # Out of the search index: each note is indexed where it stands, on its own page.
    out = ["---\ntitle: Instructor notes\nsearch:\n  exclude: true\n---\n\n# Instructor notes\n\n"
           "This page and the notes it lists are in the instructor's view only: the students' site and "
           "course pack have neither."]
    if whole_course:
        out.append(f" To print every chapter with its notes, print the [whole course]({rel(here, 'whole-course.md')}) "
                   "page of this view.")
    out.append("\n")
    out.append(schedule_markdown(guides, here))
    count = sum(page.blocks for page in pages)
    out.append(f"\n## Where the notes are {{#notes}}\n\n")
    if not count:
        out.append("No page has notes for instructors yet.\n")
        return "".join(out)
    out.append(f"{count} note{'s' if count != 1 else ''} for instructors, each open where it stands:\n\n")
    for page in pages:
        out.append(f"- [{inline(page.title)}]({rel(here, page.src_uri)}): "
                   f"{page.blocks} note{'s' if page.blocks != 1 else ''}\n")
        for place in page.places:
            target = rel(here, page.src_uri, place.anchor)
            label = inline(place.title) if place.title else "the top of the page"
            more = f" ({place.blocks} notes)" if place.blocks > 1 else ""
            out.append(f"    - [{label}]({target}){more}\n")
    return "".join(out)


def chapter_box(chapter: Chapter, guides: Guides | None, has_notes: bool) -> str:
    """The box at the top of a chapter in the instructor's view: when the course path reads it."""
    here = chapter.src_uri
    lines = []
    for session in guides.sessions if guides is not None else []:
        reading = _chapter_reading(chapter, session)
        if reading:
            title = inline(plain_text(session.title))
            lines.append(f"    - *{title}*: {reading} (the session: about {_minutes(_time(session))} of reading)\n")
    if guides is not None and guides.sessions:
        intro = ("    The course path reads this chapter in:\n\n" + "".join(lines) if lines else
                 "    No session of the course path reads this chapter.\n")
    else:
        intro = ""
    notes = ("    Notes for instructors are open where they stand. " if has_notes else "    ")
    schedule = "schedule and " if guides is not None and guides.sessions else ""
    return (f'\n!!! instructor "{BOX_TITLE}"\n\n{intro}\n{notes}The [instructor notes]({rel(here, NOTES_PAGE)}) '
            f"list the {schedule}every note of the course.\n\n")


def _chapter_reading(chapter: Chapter, session: Session) -> str:
    """What ``session`` reads of ``chapter``, and for how long ("" when nothing)."""
    whole = [item for item in session.items if item.kind == "chapter" and item.readings[0].chapter is chapter]
    if whole:
        return f"the whole chapter, about {_minutes(_time(whole[0]))}" + (" (review)" if whole[0].all_review else "")
    parts = []
    sections = [item for item in session.items if item.kind == "section" and item.readings[0].chapter is chapter]
    if sections:
        minutes = sum(_time(item) for item in sections)
        parts.append(f"{len(sections)} section{'s' if len(sections) != 1 else ''}, about {_minutes(minutes)}")
    for item in session.items:
        if item.theme is None or item.optional:
            continue
        # The guide's stops in this chapter that the session asks for: not those it waits for, not
        # optional ones; a stop read above in the same session costs nothing again.
        readings = [r for r in item.readings if r.chapter is chapter and not r.optional and r.status != LATER]
        if readings:
            minutes = sum(r.minutes for r in readings if r.status in (NEW, REVIEW))
            what = "the whole chapter" if any(r.section is None for r in readings) else \
                f"{len(readings)} section{'s' if len(readings) != 1 else ''}"
            parts.append(f"{what}, about {_minutes(minutes)}, in the guide *{inline(plain_text(item.theme.title))}*")
    return "; ".join(parts)
