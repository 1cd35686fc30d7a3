"""The course path as pages: the course path page (each session's why, what to read before it and
for how long, with review and previews marked) and what the home page says of the path.

Every value from ``course/guides.yml`` goes through ``text.inline``/``text.block`` (``render/safe.py``).
"""

from __future__ import annotations

from .course_path import AGAIN, LATER, REVIEW, Reading, Session, SessionItem
from .guides import COURSE_PATH, START_MARKER, Guides, rel
from .text import block, inline

LISTED = 12  # a guide item's stops shown on the course path; the guide's own page lists them all

def duration(minutes: int) -> str:
    """``95`` → "1 h 35 min"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def course_minutes(guides: Guides) -> tuple[int, int]:
    """The whole path's new reading and its review, in minutes."""
    return sum(s.minutes for s in guides.sessions), sum(s.review_minutes for s in guides.sessions)


def course_path_markdown(guides: Guides) -> str:
    here = COURSE_PATH
    sessions = guides.sessions
    new, review = course_minutes(guides)
    out = ["# Course path\n\n",
           f"{_count(len(sessions), 'session')}, each listing what to read before it, for how long and why: "
           f"about {duration(new)} of reading in all"
           + (f", and {duration(review)} of review" if review else "") + ". "
           "Times come from the length of the text read. *Review* marks a text an earlier session asked for; "
           "*preview* a part of a chapter that a later session introduces.\n"]
    for session in sessions:
        out.append(f"\n## {inline(session.title)} {{#{session.anchor}}}\n\n")
        if session.why:
            out.append(f"{block(session.why)}\n\n")
        out.append(f"*{_reading_time(session)}*\n\n")
        for number, item in enumerate(session.items, 1):
            out.append(_item_markdown(number, item, here))
        if session.before:
            out.append(f"\n**Also before the session:** {inline(session.before)}\n")
    return "".join(out)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _reading_time(session: Session) -> str:
    parts = [f"about {duration(session.minutes)} of new reading" if session.minutes else "no new reading"]
    if session.review_minutes:
        parts.append(f"{duration(session.review_minutes)} to review")
    if session.optional_minutes:
        parts.append(f"{duration(session.optional_minutes)} optional")
    return "Reading time: " + ", ".join(parts) + "."


def _item_markdown(number: int, item: SessionItem, here: str) -> str:
    if item.theme is None:
        kind = "Chapter" if item.kind == "chapter" else "Section"
        lines = [f"{number}. {kind}: {_reading_markdown(item.readings[0], here, item)}\n"]
    else:
        lines = _guide_item_markdown(number, item, here)
    if item.note:
        lines.append(f"\n    {inline(item.note)}\n\n")
    return "".join(lines)


def _guide_item_markdown(number: int, item: SessionItem, here: str) -> list[str]:
    """A guide, and its path as far as the course has come: each stop with its time and status, up
    to ``LISTED`` of them (a session names a guide, not a hundred sections); the stops that wait for
    later sessions, counted."""
    theme = item.theme
    time = (f"{duration(item.given_minutes)} in all" if item.given_minutes is not None
            else f"{duration(item.page_minutes)} for the guide's page")
    now = [r for r in item.readings if r.status != LATER]
    later = [r for r in item.readings if r.status == LATER]
    path = "its reading path" + (" so far" if later else "")
    lines = [f"{number}. Guide: [{inline(theme.title)}]({rel(here, theme.src_uri)}): "
             f"{_with_labels(time, ['optional'] if item.optional else [])}{f'; {path}:' if now else ''}\n"]
    lines += [f"    - {_reading_markdown(reading, here)}\n" for reading in now[:LISTED]]
    if len(now) > LISTED:
        lines.append(f"    - and {_count(len(now) - LISTED, 'more section')}: see "
                     f"[the guide's reading path]({rel(here, theme.src_uri, 'reading-path')})\n")
    if later:
        sessions = sorted({reading.since for reading in later})
        when = (f"session {sessions[0]}" if len(sessions) == 1 else f"sessions {sessions[0]} and {sessions[1]}"
                if len(sessions) == 2 else f"sessions {sessions[0]} to {sessions[-1]}")
        lines.append(f"\n    Later, its path runs through {_count(len(later), 'more section')}, in the chapters "
                     f"that {when} {'introduces' if len(sessions) == 1 else 'introduce'}.\n\n")
    return lines


def _reading_markdown(reading: Reading, here: str, item: SessionItem | None = None) -> str:
    """A reading with its time and what it is: review, optional, a preview."""
    chapter, section = reading.chapter, reading.section
    if section is None:
        link = f"[{inline(chapter.title)}]({rel(here, chapter.src_uri)})"
    else:
        link = f"[{inline(section.title)}]({rel(here, chapter.src_uri, section.anchor)}) in *{inline(chapter.title)}*"
    if reading.status == AGAIN:
        return f"{link}: in this session's reading above"
    given = item.given_minutes if item is not None else None
    labels = []
    if reading.status == REVIEW:
        labels.append(f"review of session {reading.since}" if reading.since else "review")
    if reading.optional or (item is not None and item.optional):
        labels.append("optional")
    if reading.preview_of:
        labels.append(f"preview of session {reading.preview_of}")
    return f"{link}: {_with_labels(duration(given if given is not None else reading.minutes), labels)}"


def _with_labels(time: str, labels: list[str]) -> str:
    return f"{time} ({', '.join(labels)})" if labels else time


def course_start_markdown(guides: Guides, here: str) -> str:
    """What a page (the home page) says of the path: its length, and a way to start it."""
    sessions = [s for s in guides.sessions if s.items]
    if not sessions:
        return ""
    new, review = course_minutes(guides)
    each = sorted(s.minutes + s.review_minutes for s in sessions)
    span = duration(each[0]) if each[0] == each[-1] else f"{each[0]} to {duration(each[-1])}"
    review_text = f", plus {duration(review)} of review" if review else ""
    return (f'<p class="course-length" markdown>**{_count(len(guides.sessions), "session")}, '
            f"about {duration(new)} of reading in all**{review_text}: {span} before each session.</p>\n\n"
            f"[Start with session {sessions[0].number}]({rel(here, COURSE_PATH, sessions[0].anchor)})"
            "{ .md-button .md-button--primary }\n")


def with_course_start(markdown: str, guides: Guides | None, here: str) -> str:
    """``markdown`` with its ``START_MARKER`` (if any) made the course's length and start: every host
    fills it the same way. A course without sessions leaves nothing in its place."""
    if START_MARKER not in markdown:
        return markdown
    return markdown.replace(START_MARKER, course_start_markdown(guides, here) if guides is not None else "")
