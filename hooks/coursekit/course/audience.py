"""Who a page's text is for: the blocks only instructors see, found in a page's Markdown.

The learner's view (the hosted site and the offline pack) leaves these blocks out before anything
reads the page, so their text never reaches its HTML, search index, whole-course page or print; the
instructor's view shows them open. Three forms mark a block, as CONTRIBUTING.md's authoring contract
says:

- a box titled "Notes for instructors", of any type (``??? note "Notes for instructors"``, the
  notes under each discussion question);
- a box of type ``instructor``, with any title (``!!! instructor``, ``??? instructor "Timing"``);
- a ``<div class="instructor" markdown>`` block, which is also what the Carpentries Workbench's
  ``::: instructor`` fenced div becomes (``render/pandoc_markdown.py``), and a Quarto callout titled
  "Notes for instructors" (``::: {.callout-note title="Notes for instructors"}``), which becomes a
  box as a ``<div>``.

A box's body is its indented lines, as Python-Markdown reads it; a div runs to its matching
``</div>``. Fenced code is never read for them (a page may show the syntax). Text that looks meant
for instructors but carries none of these marks (a box titled "Note for instructors", a heading
"Notes for instructors") would be shown to students: it is a warning at its line, in the build and
in ``coursekit check`` alike.

Every transformation keeps each line where it was, so that what is reported later (a citation's
unknown key) is reported at the author's line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..cite.spans import fenced_code
from ..diagnostics import Problem

VIEWS = ("learner", "instructor")
NOTES_TITLE = "Notes for instructors"
INSTRUCTOR_CLASS = "instructor"

_MENTION = re.compile(r"instructor", re.IGNORECASE)  # a page without the word has no block: one scan
# Python-Markdown's admonition ("!!! type "title"") and pymdownx.details ("??? type "title"", "???+").
_BOX = re.compile(r'(?P<indent>[ \t]*)(?P<mark>!!!|\?\?\?\+?)[ ]*(?P<types>[\w-]+(?:[ ]+[\w-]+)*)?'
                  r'(?:[ ]+"(?P<title>.*?)")?[ ]*$')
_DIV_OPEN = re.compile(r"<div\b[^>]*>", re.IGNORECASE)
_DIV_CLASS = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
_DIV_TAG = re.compile(r"<(/?)div\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_HEADING = re.compile(r"[ ]{0,3}#{1,6}[ \t]+(.*?)[ \t#]*$")
# Wording that says "for instructors": a title or heading with it is meant to be kept from students.
_FOR_INSTRUCTORS = re.compile(
    r"\bfor\s+(?:the\s+)?instructors?\b|\binstructors?(?:['’]s?)?\s+(?:notes?|only|guide|answers?)\b"
    , re.IGNORECASE)
TAB_LENGTH = 4  # Python-Markdown's: a box's body is indented this much more than its first line


@dataclass(frozen=True)
class Block:
    """Lines ``first``..``last`` (0-based, inclusive) of a page's Markdown, for instructors only."""

    first: int
    last: int
    kind: str  # "box" or "div"
    title: str  # the box's title ("" for a div)
    opener: str  # the first line's mark: "!!!", "???", "???+" (a div: "")
    indent: int  # columns before the mark

    @property
    def lines(self) -> range:
        return range(self.first, self.last + 1)


@dataclass
class Found:
    blocks: list[Block]
    problems: list[Problem]


def find(markdown: str, path: str = "", first_line: int = 1) -> Found:
    """The instructor-only blocks of ``markdown``, and a problem for each near miss of a mark
    (``path`` and ``first_line``: where ``markdown`` starts in its file, for the messages)."""
    if not _MENTION.search(markdown):
        return Found([], [])
    lines = markdown.split("\n")
    code = _code_lines(markdown)
    blocks: list[Block] = []
    problems: list[Problem] = []

    def problem(index: int, col: int, message: str, fix: str) -> None:
        problems.append(Problem(path, first_line + index, col, message, fix, "warning"))

    index = 0
    while index < len(lines):
        line = lines[index]
        if index in code or not _MENTION.search(line):  # every mark and near miss names instructors
            index += 1
            continue
        box = _BOX.fullmatch(line)
        if box is not None:
            block = _box(box, lines, index)
            if block is not None:
                if block.last == block.first:
                    problem(index, block.indent + 1, f"the instructors' box '{_shown(block)}' holds no text",
                            f"indent its text by {TAB_LENGTH} spaces under it")
                blocks.append(block)
                index = block.last + 1
                continue
            title = box.group("title") or ""
            if _FOR_INSTRUCTORS.search(title):
                problem(index, len(box.group("indent")) + 1,
                        f"the box '{title}' looks meant for instructors, but students would see it",
                        f"title it \"{NOTES_TITLE}\", or make it an instructor box: "
                        f"{box.group('mark')} {INSTRUCTOR_CLASS} \"{title}\"")
            index += 1
            continue
        div = _DIV_OPEN.match(line.lstrip())
        if div is not None and _is_instructor_div(div.group(0), line):
            last, closed = _div_end(lines, index)
            if not closed:
                problem(index, len(line) - len(line.lstrip()) + 1,
                        "this instructors' <div> is never closed: everything after it is left out for students",
                        "close it with </div> (or ':::' for a fenced div)")
            blocks.append(Block(index, last, "div", "", "", len(line) - len(line.lstrip())))
            index = last + 1
            continue
        if div is not None and _FOR_INSTRUCTORS.search(_TAG.sub(" ", line)):
            problem(index, len(line) - len(line.lstrip()) + 1,
                    "this <div> looks meant for instructors, but students would see it",
                    f"give it the class '{INSTRUCTOR_CLASS}' (::: {INSTRUCTOR_CLASS}), or title the callout "
                    f"\"{NOTES_TITLE}\"")
            index += 1
            continue
        heading = _HEADING.fullmatch(line)
        if heading is not None and _FOR_INSTRUCTORS.search(heading.group(1)):
            problem(index, 1, f"the heading '{heading.group(1)}' looks meant for instructors, but a heading and "
                              "its section are shown to students",
                    f"put what it introduces in a box under it: ??? note \"{NOTES_TITLE}\", with the text indented")
        index += 1
    return Found(blocks, problems)


def _code_lines(markdown: str) -> set[int]:
    """Indexes of the lines inside fenced code."""
    if "```" not in markdown and "~~~" not in markdown:
        return set()
    lines: set[int] = set()
    for start, end in fenced_code(markdown):
        first = markdown.count("\n", 0, start)
        lines.update(range(first, first + markdown.count("\n", start, end) + 1))
    return lines


def _box(match: re.Match, lines: list[str], index: int) -> Block | None:
    """The block a box's first line opens, where it is an instructors' box."""
    types = (match.group("types") or "").lower().split()
    title = match.group("title")
    if INSTRUCTOR_CLASS not in types and (title or "").strip().casefold() != NOTES_TITLE.casefold():
        return None
    indent = _width(match.group("indent"))
    last = index
    for later in range(index + 1, len(lines)):
        text = lines[later]
        if not text.strip():
            continue
        if _width(text[: len(text) - len(text.lstrip())]) < indent + TAB_LENGTH:
            break
        last = later
    return Block(index, last, "box", title or "", match.group("mark"), indent)


def _width(whitespace: str) -> int:
    return len(whitespace.expandtabs(TAB_LENGTH))


def _is_instructor_div(tag: str, line: str) -> bool:
    """A div of class ``instructor``, or a box (a callout, as pandoc_markdown writes it) titled
    "Notes for instructors" on its first line."""
    found = _DIV_CLASS.search(tag)
    classes = next((g for g in found.groups() if g is not None), "").lower().split() if found else []
    if INSTRUCTOR_CLASS in classes:
        return True
    if "admonition" not in classes:
        return False
    title = _TAG.sub("", line[line.index(tag) + len(tag):]).strip()
    return title.casefold() == NOTES_TITLE.casefold()


def _div_end(lines: list[str], index: int) -> tuple[int, bool]:
    """The line of the ``</div>`` that closes the div opened on line ``index``, and whether there is one."""
    depth = 0
    for at in range(index, len(lines)):
        for tag in _DIV_TAG.finditer(lines[at]):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                return at, True
    return len(lines) - 1, False


def _shown(block: Block) -> str:
    return f"{block.opener} {INSTRUCTOR_CLASS}" if not block.title else block.title


# -- The page for each view: every line kept where it was -------------------------------------------


def for_learners(markdown: str, blocks: list[Block]) -> str:
    """``markdown`` without its instructors' blocks: each of their lines left empty."""
    return _blank(markdown, blocks, inside=True)


def left_out(markdown: str, blocks: list[Block]) -> str:
    """Only the instructors' blocks of ``markdown``, every other line empty: what the learner's view
    leaves out, for its citations to be checked and counted as the instructor's view would."""
    return _blank(markdown, blocks, inside=False)


def for_instructors(markdown: str, blocks: list[Block]) -> str:
    """``markdown`` with its instructors' boxes open (``???`` → ``???+``)."""
    closed = [b for b in blocks if b.opener == "???"]
    if not closed:
        return markdown
    lines = markdown.split("\n")
    for block in closed:
        line = lines[block.first]
        at = line.index("???")
        lines[block.first] = line[:at] + "???+" + line[at + 3:]
    return "\n".join(lines)


def _blank(markdown: str, blocks: list[Block], inside: bool) -> str:
    if not blocks:
        return markdown if inside else ""
    lines = markdown.split("\n")
    hidden = {i for block in blocks for i in block.lines}
    return "\n".join("" if (i in hidden) == inside else line for i, line in enumerate(lines))


def has_block(markdown: str) -> bool:
    """Whether ``markdown`` (a discussion question's section, say) holds an instructors' block."""
    return bool(find(markdown).blocks)
