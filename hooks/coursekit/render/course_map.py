"""The course map: the reading guides as lines, the chapter sections they walk through as stops.

One SVG, drawn here from plain data (``CourseMap``) so that it is made at build time and inlined into
the page: no script, no request, the same from ``file://``. It is drawn for a phone's width and
read top to bottom: each guide's title sits at the top, on a staircase, and its line drops from
there through the chapters (in course order) to its last stop; a filled stop is required reading, a
hollow one optional. Every title is a link (a guide, a chapter, a section), one tab stop each, named
for what it leads to. A list of the same (``<details>``) follows it for screen readers and for anyone
who would rather read than look. Every label is escaped: titles come from course files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .safe import escape

# Geometry, in SVG units: the figure is drawn 360 wide, which a 390 px phone shows at about 1:1.
WIDTH = 360
MARGIN = 6
FONT = 13
SMALL = 11
LINE = 16  # a line of text
ROW = 26  # the least height of a row: a touch target of 24 px and more
GAP = 16  # between two guides' lines
STOP = 5  # a stop's radius
INDENT = 10  # a section's title under its chapter's
# Colours with at least 3:1 against white (WCAG 1.4.11); a course with more guides reuses them, the
# line's place and its title at the top still tell which guide it is.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#7B3294", "#CC79A7", "#9A6200", "#B2182B", "#4D4D4D")
_NARROW = set("iljtfrI.,:;'!|()[] ")
_WIDE = set("mwMW@%")


@dataclass
class MapTheme:
    title: str  # plain text
    href: str


@dataclass
class MapRow:
    title: str
    href: str
    stops: dict[int, bool]  # theme index → required


@dataclass
class MapChapter:
    title: str
    href: str
    session: int  # the session that introduces it; 0: none
    stops: dict[int, bool] = field(default_factory=dict)  # guides that send students to the whole chapter
    rows: list[MapRow] = field(default_factory=list)


@dataclass
class CourseMap:
    themes: list[MapTheme]
    chapters: list[MapChapter]
    by_section: bool = True  # False: a row per chapter, its sections' stops merged


def text_width(text: str, size: float, bold: bool = False) -> float:
    """A generous estimate of ``text``'s width in a sans-serif face: the map cannot measure it."""
    em = sum(0.32 if c in _NARROW else 0.9 if c in _WIDE else 0.68 if c.isupper() else 0.56 for c in text)
    return em * size * (1.08 if bold else 1)


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """``text`` in lines no wider than ``width``; a word longer than a line gets a line of its own."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size, bold) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


@dataclass
class _Layout:
    width: float
    columns: list[float]  # each theme's line, by theme index
    label_width: float  # room for a title left of the lines


def _layout(count: int) -> _Layout:
    # Titles need about 200 units beside the lines; many guides widen the figure rather than crowd it.
    width = max(WIDTH, MARGIN * 2 + 200 + 14 + GAP * max(count - 1, 0) + STOP)
    right = width - MARGIN - STOP - 2
    columns = [right - GAP * index for index in range(count)]  # the first guide's line furthest right
    left_of_lines = (columns[-1] if columns else right) - 12
    return _Layout(width, columns, left_of_lines - MARGIN)


def render(course_map: CourseMap, label: str = "Map of the reading guides") -> str:
    """The map's figure: the SVG, a caption that says how to read it, and the same as a list."""
    if not course_map.themes:
        return ""
    rows = "chapter sections" if course_map.by_section else "chapters"
    caption = (f"Each coloured line is a reading guide, running from its title through the {rows} it walks "
               "through: a filled stop is required reading, a hollow one optional. Every title is a link.")
    if not course_map.chapters:
        caption = "The course is too large to draw its guides' paths on one map: each guide's page lists its own."
    # Out of the search index: the guides and chapters it names are indexed on their own pages.
    return (f'<figure class="course-map" data-search-exclude>\n{svg(course_map, label)}\n<figcaption>{escape(caption)}</figcaption>\n'
            f'{as_list(course_map)}\n</figure>')


def svg(course_map: CourseMap, label: str) -> str:
    themes = course_map.themes
    layout = _layout(len(themes))
    out: list[str] = []
    lines: list[str] = []  # drawn first, under the stops and titles
    first_y: dict[int, float] = {}
    last_y: dict[int, float] = {}
    y = MARGIN

    # The guides' titles, on a staircase: each ends at its own line, left of the lines begun above it.
    for index, theme in enumerate(themes):
        x = layout.columns[index]
        title_lines = wrap(theme.title, x - 10 - MARGIN, FONT, bold=True)
        height = max(ROW, LINE * len(title_lines) + 10)
        stop_y = y + height / 2
        text_y = stop_y - LINE * (len(title_lines) - 1) / 2 + FONT * 0.35
        out.append(f'<a href="{escape(theme.href)}" aria-label="{escape(f"Guide: {theme.title}")}">'
                   f'<rect class="hit" x="0" y="{y:.1f}" width="{layout.width:.0f}" height="{height:.1f}" fill="transparent"/>'
                   f'{_text(title_lines, x - 10, text_y, "end", "guide")}'
                   f'<circle cx="{x:.1f}" cy="{stop_y:.1f}" r="{STOP + 1}" fill="{_colour(index)}"/></a>')
        first_y[index] = stop_y
        last_y[index] = stop_y
        y += height
    y += 8

    for chapter in course_map.chapters:
        title_lines = wrap(chapter.title, layout.label_width, FONT, bold=True)
        session = f"Session {chapter.session}" if chapter.session else ""
        height = max(ROW, LINE * len(title_lines) + (LINE if session else 0) + 10)
        out.append(f'<rect class="band" x="0" y="{y:.1f}" width="{layout.width:.0f}" height="{height:.1f}" '
                   'fill="#000" fill-opacity="0.05"/>')
        name = f"Chapter: {chapter.title}" + (f", introduced in session {chapter.session}" if session else "")
        name += _stops_said(chapter.stops, themes)
        text = _text(title_lines, MARGIN, y + 5 + FONT, "start", "chapter")
        if session:
            text += (f'<text class="session" x="{MARGIN}" y="{y + 5 + FONT + LINE * len(title_lines):.1f}" '
                     f'font-size="{SMALL}">{escape(session)}</text>')
        stop_y = y + 5 + FONT * 0.65
        out.append(f'<a href="{escape(chapter.href)}" aria-label="{escape(name)}">'
                   f'<rect class="hit" x="0" y="{y:.1f}" width="{layout.width:.0f}" height="{height:.1f}" fill="transparent"/>'
                   f'{text}{_stops(chapter.stops, layout, stop_y, last_y)}</a>')
        y += height
        for row in chapter.rows:
            row_lines = wrap(row.title, layout.label_width - INDENT, FONT)
            height = max(ROW, LINE * len(row_lines) + 10)
            stop_y = y + 5 + FONT * 0.65
            name = f"{row.title}, in {chapter.title}{_stops_said(row.stops, themes)}"
            out.append(f'<a href="{escape(row.href)}" aria-label="{escape(name)}">'
                       f'<rect class="hit" x="0" y="{y:.1f}" width="{layout.width:.0f}" height="{height:.1f}" fill="transparent"/>'
                       f'{_text(row_lines, MARGIN + INDENT, y + 5 + FONT, "start", "section")}'
                       f'{_stops(row.stops, layout, stop_y, last_y)}</a>')
            y += height
    height = y + MARGIN

    for index in range(len(themes)):
        x = layout.columns[index]
        lines.append(f'<line x1="{x:.1f}" y1="{first_y[index]:.1f}" x2="{x:.1f}" y2="{last_y[index]:.1f}" '
                     f'stroke="{_colour(index)}" stroke-width="4" stroke-linecap="round"/>')
    return (f'<svg class="course-map__svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {layout.width:.0f} {height:.0f}" '
            f'width="{layout.width:.0f}" height="{height:.0f}" role="group" aria-label="{escape(label)}" '
            f'font-size="{FONT}" fill="currentColor">'
            + "".join(lines) + "".join(out) + "</svg>")


def _text(lines: list[str], x: float, y: float, anchor: str, kind: str) -> str:
    spans = "".join(f'<tspan x="{x:.1f}" dy="{0 if i == 0 else LINE}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    weight = ' font-weight="bold"' if kind in ("guide", "chapter") else ""
    return f'<text class="{kind}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{weight}>{spans}</text>'


def _stops(stops: dict[int, bool], layout: _Layout, y: float, last_y: dict[int, float]) -> str:
    out = []
    for index, required in sorted(stops.items()):
        x = layout.columns[index]
        last_y[index] = max(last_y[index], y)
        fill = _colour(index) if required else "#fff"
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{STOP}" fill="{fill}" stroke="{_colour(index)}" '
                   f'stroke-width="2.5"/>')
    return "".join(out)


def _stops_said(stops: dict[int, bool], themes: list[MapTheme]) -> str:
    if not stops:
        return ""
    said = [f"{themes[i].title} ({'required' if required else 'optional'})" for i, required in sorted(stops.items())]
    return "; in the guides " + ", ".join(said)


def _colour(index: int) -> str:
    return COLOURS[index % len(COLOURS)]


def as_list(course_map: CourseMap) -> str:
    """The map as text: each guide, and the sections it walks through in order."""
    items = []
    for index, theme in enumerate(course_map.themes):
        stops = []
        for chapter in course_map.chapters:
            if index in chapter.stops:
                whole = " (the whole chapter)" if course_map.by_section else ""
                stops.append(_list_stop(chapter.title, chapter.href, chapter.stops[index], whole))
            for row in chapter.rows:
                if index in row.stops:
                    stops.append(_list_stop(row.title, row.href, row.stops[index],
                                            f", in <em>{escape(chapter.title)}</em>"))
        inner = f"<ul>{''.join(stops)}</ul>" if stops else ""
        items.append(f'<li><a href="{escape(theme.href)}">{escape(theme.title)}</a>{inner}</li>')
    return ('<details class="course-map__list"><summary>The map as a list</summary>'
            f'<ul>{"".join(items)}</ul></details>')


def _list_stop(title: str, href: str, required: bool, where: str) -> str:
    return f'<li><a href="{escape(href)}">{escape(title)}</a>{where}{"" if required else " (optional)"}</li>'
