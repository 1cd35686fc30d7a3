"""What the instructor's view adds: the schedule of the course path and where the notes are.

Markdown for two places, drawn from the course path's model (``guides.Session``: each session's
items with their minutes) so that it never disagrees with the course path page:

- the "Instructor notes" page: the schedule (each session's reading, the minutes of each item, the
  session's total and the running total), then every page's instructors' blocks, by section;
- a box at the top of each chapter: the sessions that read it, how much of it, for how long.

Text from course files goes through ``text.inline`` (the one safe renderer), as on the course path.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .chapters import Chapter
from .guides import Guides, Session, SessionItem, rel
from .text import inline
from ..render.safe import plain_text

NOTES_PAGE = "instructor-notes.md"
COURSE_PATH = "course-path.md"
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
    return f"{n} min"


def _item_cell(item: SessionItem, here: str) -> str:
    if item.kind == "guide":
        return f"Guide: [{inline(item.target.title)}]({rel(here, item.target.src_uri)})"
    if item.kind == "chapter":
        return f"Chapter: [{inline(item.target.title)}]({rel(here, item.target.src_uri)})"
    chapter, section = item.target
    return (f"Section: [{inline(section.title)}]({rel(here, chapter.src_uri, section.anchor)}) "
            f"in *{inline(chapter.title)}*")


def schedule_markdown(guides: Guides | None, here: str = NOTES_PAGE) -> str:
    """The course path as a schedule: per session, each item's reading time, the session's and the course's."""
    if guides is None or not guides.sessions:
        return ""
    total = sum(session.minutes for session in guides.sessions)
    out = [f"\n## Schedule {{#schedule}}\n\nThe [course path]({rel(here, COURSE_PATH)}) asks for about "
           f"{_minutes(total)} of reading in {len(guides.sessions)} "
           f"session{'s' if len(guides.sessions) != 1 else ''}, before each session:\n"]
    elapsed = 0
    for number, session in enumerate(guides.sessions, 1):
        elapsed += session.minutes
        out.append(f"\n### {inline(session.title)} {{#schedule-session-{number}}}\n\n"
                   f"*About {_minutes(session.minutes)} of reading; {_minutes(elapsed)} of the course's "
                   f"{_minutes(total)} by the end of it.*\n\n")
        if not session.items:
            continue
        out.append("| Read before the session | Time |\n| --- | --- |\n")
        for item in session.items:
            out.append(f"| {_item_cell(item, here)} | {_minutes(item.minutes)} |\n")
        out.append(f"| **Session total** | **{_minutes(session.minutes)}** |\n")
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
            lines.append(f"    - *{title}*: {reading} (the session: about {_minutes(session.minutes)} of reading)\n")
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
    whole = [item for item in session.items if item.kind == "chapter" and item.target is chapter]
    if whole:
        return f"the whole chapter, about {_minutes(whole[0].minutes)}"
    parts = []
    sections = [item for item in session.items if item.kind == "section" and item.target[0] is chapter]
    if sections:
        minutes = sum(item.minutes for item in sections)
        parts.append(f"{len(sections)} section{'s' if len(sections) != 1 else ''}, about {_minutes(minutes)}")
    for item in session.items:
        if item.kind != "guide":
            continue
        steps = [s for s in item.target.steps if s.required and s.chapter is chapter]
        if steps:
            minutes = sum(step.minutes for step in steps)
            what = "the whole chapter" if any(s.section is None for s in steps) else \
                f"{len(steps)} section{'s' if len(steps) != 1 else ''}"
            parts.append(f"{what}, about {_minutes(minutes)}, in the guide *{inline(plain_text(item.target.title))}*")
    return "; ".join(parts)
