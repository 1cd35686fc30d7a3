"""The navigation as the course path: after the course path's page, one section per session,
holding the chapters and guides it introduces, in the order students take them.

A chapter goes under the first session that assigns it whole (failing that, the first to assign one
of its sections), a guide under the first session that assigns it. Those pages leave the places the
nav gave them (a section left empty goes too), so the nav, the Previous and Next links that follow
it and the course order (guides' reading paths, the whole-course page) all follow the sessions. A nav
that does not list the course path's page is left as it is. Read from ``course/guides.yml`` as
written, before any chapter is parsed: MkDocs needs its nav first.
"""

from __future__ import annotations

from typing import Callable

from .course_path import item_target
from .guides import COURSE_PATH, GUIDES_DIR, is_theme_id
from ..render.safe import escape, plain_text
from ..yamlpos import load_file


def read(course, exists: Callable[[str], bool]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The guides' pages and each session's pages, from ``course/guides.yml`` as written (its
    problems are ``load_guides``'s to report). Only ids that are slugs become pages, never a path; a
    page that does not ``exists`` stays out of the nav, so that the host does not report it twice."""
    if not course.path("guides").exists():
        return [], []
    data, _ = load_file(course.path("guides"), course.shown("guides"))
    if not isinstance(data, dict):
        return [], []
    themes = data.get("themes") if isinstance(data.get("themes"), list) else []
    guides = [f"{GUIDES_DIR}/{t['id']}.md" for t in themes if isinstance(t, dict) and is_theme_id(t.get("id"))]
    sessions = [(title, [p for p in pages if p in guides or exists(p)])
                for title, pages in session_pages(data.get("sessions"))]
    return guides, sessions


def session_pages(sessions) -> list[tuple[str, list[str]]]:
    """Each session's title (escaped: the theme prints nav titles as they are) and the pages it
    introduces. Items that cannot be read are skipped here; the guides' loader reports them."""
    if not isinstance(sessions, list):
        return []
    titles: list[str] = []
    named: list[tuple[int, str, str]] = []  # (session, page, how: "whole", "part" or "guide"), as written
    for number, session in enumerate(sessions):
        title = session.get("title") if isinstance(session, dict) else None
        titles.append(escape(plain_text(str(title or f"Session {number + 1}"))))
        read = session.get("read") if isinstance(session, dict) else None
        for target in map(item_target, read if isinstance(read, list) else []):
            if target is None:
                continue
            kind, text = target
            if kind == "guide":
                if is_theme_id(text):
                    named.append((number, f"{GUIDES_DIR}/{text}.md", "guide"))
                continue
            page, _, anchor = text.partition("#")
            named.append((number, page, "part" if anchor else "whole"))
    first: dict[tuple[str, str], int] = {}
    for number, page, how in named:
        first.setdefault((how, page), number)
    out: list[tuple[str, list[str]]] = [(title, []) for title in titles]
    for number, page, _ in named:
        home = next(first[(how, page)] for how in ("whole", "part", "guide") if (how, page) in first)
        if home == number and page not in out[number][1]:
            out[number][1].append(page)
    return out


def spine(nav: list, sessions: list[tuple[str, list[str]]]) -> list:
    """``nav`` with the sessions after the course path's entry, their pages moved there."""
    placed = {page for _, pages in sessions for page in pages}
    if not placed or not _lists(nav, COURSE_PATH):
        return nav
    sections = [{title: list(pages)} for title, pages in sessions if pages]
    return _moved(nav, placed, sections)


def _value(item):
    return next(iter(item.values())) if isinstance(item, dict) and item else item


def _lists(nav: list, page: str) -> bool:
    for item in nav or []:
        value = _value(item)
        if value == page or (isinstance(value, list) and _lists(value, page)):
            return True
    return False


def _moved(nav: list, placed: set[str], sections: list[dict]) -> list:
    out = []
    for item in nav:
        value = _value(item)
        if isinstance(value, list):
            inner = _moved(value, placed, sections)
            if inner:
                out.append({next(iter(item)): inner})
        elif value == COURSE_PATH:
            out.append(item)
            out.extend(sections)
        elif value not in placed:
            out.append(item)
    return out


def course_order(sessions: list[tuple[str, list[str]]]) -> list[str]:
    """The pages the sessions place, in order (for a course whose nav the build writes)."""
    return [page for _, pages in sessions for page in pages]
