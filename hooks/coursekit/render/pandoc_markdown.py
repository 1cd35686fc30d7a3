"""pandoc's Markdown as bookdown and Quarto books write it, made into Markdown that MkDocs renders.

Python-Markdown does not know several pandoc extensions that such books use on every page, and
would print them as junk or as broken HTML. Measured on three public books (bookdown and Quarto,
about 70 chapters), by frequency, and what becomes of each here:

- R chunks, ```` ```{r label, echo=FALSE} ````: shown as R code (nothing runs them); a chunk with
  ``include=FALSE`` (or ``#| include: false``), which the book shows in no way, is left out. Other
  engines (```` ```{python} ````) alike; ```` ```{=html} ```` is raw HTML, another raw format is left out.
- cross-references: bookdown's ``\\@ref(label)`` and Quarto's ``@sec-id``, ``@fig-id``… become links
  to the heading (its title as the text) or figure they name; one to a figure or table that an R
  chunk would make, which is not on the page, is its label as text; one to a label nowhere in the
  course is a warning. A Quarto reference is taken for one only where no bibliography entry has
  that key.
- fenced divs, ``::: {.callout-note}``, ``:::rmdnote``: Quarto's callouts and bookdown's note
  blocks become admonitions, ``::: {#refs}`` the place of the bibliography's entries (on the page
  that holds it, ``coursekit.course.bibliography_page``), any other div a ``<div>`` with its id and classes.
- headings marked ``{-}`` (pandoc's "unnumbered"): ``{.unnumbered}``, which Python-Markdown reads
  (``{-}`` it turns into an attribute named "-").
- bookdown's labels ``(\\#fig:label)`` are left out; Quarto shortcodes ``{{< include … >}}`` too.
- a grid table (``+---+`` borders), which Python-Markdown cannot read, is a warning at its line;
  table captions (``: Caption {#tbl-id}`` after a table) become a paragraph with the id.

HTML comments and pandoc's math (shown as written) need nothing. Each rewrite keeps every line where
it was, so that what is found later (a citation's unknown key) is reported at the author's line.
The files on disk are never changed. A page without any of these costs one regular-expression search.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from ..cite.parse import protected_spans
from ..diagnostics import LineIndex, Problem
from .safe import escape
from .sections import BIBLIOGRAPHY_MARKER

# Something on the page that this module rewrites: plain substrings, the quickest test there is,
# so that the pages without any (most pages) cost a few scans. A character that most pages lack
# ("`", "~", "<", "\\": found at memchr's speed) guards each longer one.
_NEEDLES = ("\n:", "Table:", "-}")  # a fenced div or a caption on a line of its own; {-}
_GUARDED = (("`", "```{"), ("~", "~~~{"), ("<", "{{<"), ("\\", "\\"),  # chunks, shortcodes, \@ref and (\#…)
            ("+", "\n+-"))  # a grid table
_QUARTO_PREFIX = re.compile(r"@(?:fig|tbl|sec|eq|lst|thm|lem|cor|prp|cnj|def|exm|exr|sol|rem)-")  # "@" first: fast
_CHUNK_OPEN = re.compile(r"([ \t>]*)(`{3,}|~{3,})[ \t]*\{([^}\n]*)\}[ \t]*$")
_CHUNK_ENGINE = re.compile(r"\s*(=?)([A-Za-z][\w.-]*)\s*,?\s*(.*)$", re.DOTALL)
_CHUNK_LABEL = re.compile(r"^\s*(?:label\s*=\s*)?[\"']?([\w:.-]+)[\"']?\s*$")
_HIDDEN = re.compile(r"(?:^|,)\s*include\s*=\s*(?:F|FALSE)\b")
_QUARTO_OPTION = re.compile(r"^[ \t]*#\|[ \t]*([\w.-]+)[ \t]*:[ \t]*(.*?)[ \t]*$", re.MULTILINE)
_DIV = re.compile(r"^(:{3,})[ \t]*(?:\{([^}\n]*)\}|([^\s{}:]+))?[ \t]*:*[ \t]*$", re.MULTILINE)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*(?:\{([^}\n]*)\})?[ \t]*$", re.MULTILINE)
_ATTRIBUTE = re.compile(r'#([^\s}]+)|\.([^\s}]+)|([\w-]+)=(?:"([^"]*)"|\'([^\']*)\'|(\S+))|(?<!\S)-(?!\S)')
_BOOKDOWN_REF = re.compile(r"\\@ref\(([^()\s]+)\)")
_BOOKDOWN_LABEL = re.compile(r"[ \t]*\(\\#((?:fig|tab|eq):[\w:.-]+)\)")
_QUARTO_REF = re.compile(
    r"(?<![\w@\\])(-?)@((?:fig|tbl|sec|eq|lst|thm|lem|cor|prp|cnj|def|exm|exr|sol|rem)-[\w:.-]*\w)")
_PART = re.compile(r"\((?:PART|APPENDIX)(?:\\?\*)?\)")
# pandoc's table caption: ": text" or "Table: text" on the paragraph after a table, maybe with an id.
_GRID_TABLE = re.compile(r"^\+[-=:+]*-[-=:+]*\+[ \t]*\n\|", re.MULTILINE)  # its top border, then a row
_TABLE_CAPTION = re.compile(r"^(?:Table)?:[ \t]+(.+?)[ \t]*$", re.MULTILINE)
_CODE_LABEL = re.compile(r"\blabel\s*=\s*[\"']([\w:.-]+)[\"']")
_SHORTCODE = re.compile(r"\{\{<\s*([\w-]+)[^}]*?>\}\}")
_MARKUP = re.compile(r"<[^>]+>|[*_`]|\[([^\]]*)\]\([^)]*\)")
_NOT_SLUG = re.compile(r"[^\w\s-]")
_SLUG_SEPARATORS = re.compile(r"[-\s]+")

# Admonitions for Quarto's callouts and bookdown's usual note blocks: Material type, default title.
CALLOUTS = {
    "callout-note": ("note", "Note"), "callout-tip": ("tip", "Tip"), "callout-warning": ("warning", "Warning"),
    "callout-important": ("danger", "Important"), "callout-caution": ("warning", "Caution"),
    "rmdnote": ("note", "Note"), "rmdtip": ("tip", "Tip"), "rmdwarning": ("warning", "Warning"),
    "rmdimportant": ("danger", "Important"), "rmdcaution": ("warning", "Caution"),
}
QUARTO_WORDS = {"fig": "Figure", "tbl": "Table", "eq": "Equation", "lst": "Listing", "thm": "Theorem",
                "lem": "Lemma", "cor": "Corollary", "prp": "Proposition", "cnj": "Conjecture",
                "def": "Definition", "exm": "Example", "exr": "Exercise", "sol": "Solution", "rem": "Remark"}


@dataclass(frozen=True)
class Target:
    """A place a cross-reference can name."""

    src_uri: str  # the page it is on
    anchor: str  # its id on that page; "" where nothing on the page shows it (an R chunk's figure)
    title: str = ""  # a heading's text
    level: int = 0  # a heading's level


@dataclass
class Adapted:
    markdown: str
    problems: list[Problem] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)  # what could not be rendered as the book shows it
    first: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind → where it was first seen


def uses_pandoc_markdown(markdown: str) -> bool:
    """Whether ``markdown`` may hold anything ``adapt`` rewrites (most pages do not)."""
    return (any(needle in markdown for needle in _NEEDLES) or markdown.startswith(":")
            or any(guard in markdown and needle in markdown for guard, needle in _GUARDED)
            or _QUARTO_PREFIX.search(markdown) is not None)


def needs_targets(markdown: str) -> bool:
    """Whether ``markdown`` cross-references a label, so that every page's labels must be known."""
    return "\\@ref(" in markdown or _QUARTO_PREFIX.search(markdown) is not None


# -- The labels of a page ------------------------------------------------------------------------


def mkdocs_slug(text: str) -> str:
    """Python-Markdown's heading id for ``text``."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _SLUG_SEPARATORS.sub("-", _NOT_SLUG.sub("", text).strip().lower())


def pandoc_slug(text: str) -> str:
    """pandoc's automatic identifier for a heading: what a ``\\@ref`` to an unlabelled heading names."""
    text = re.sub(r"[^\w\s.-]", "", text.lower())
    text = re.sub(r"\s+", "-", text.strip())
    return re.sub(r"^[^a-z]+", "", text) or "section"


def _heading_text(raw: str) -> str:
    return _MARKUP.sub(lambda m: m.group(1) or "", raw).strip()


def targets_of(markdown: str, src_uri: str) -> dict[str, Target]:
    """Every label of the page: headings (their ids, explicit or automatic), figures and tables
    with an id, and the figures and tables its R chunks and bookdown labels name."""
    found: dict[str, Target] = {}
    spans = protected_spans(markdown)
    starts = [s for s, _ in spans]
    used: Counter = Counter()
    for match in _HEADING.finditer(markdown):
        if _inside(match.start(), spans, starts):
            continue
        title = _heading_text(match.group(2))
        attributes = match.group(3) or ""
        explicit = next((m.group(1) for m in _ATTRIBUTE.finditer(attributes) if m.group(1)), "")
        anchor = explicit or mkdocs_slug(title)
        if not explicit:
            used[anchor] += 1
            anchor = anchor if used[anchor] == 1 else f"{anchor}_{used[anchor] - 1}"
        target = Target(src_uri, anchor, title, len(match.group(1)))
        for label in {explicit or pandoc_slug(title), anchor}:
            found.setdefault(label, target)
    for match in re.finditer(r"\{#((?:fig|tbl|eq|lst)-[\w:.-]+)[^}]*\}", markdown):  # ![…](…){#fig-x}
        found.setdefault(match.group(1), Target(src_uri, match.group(1)))
    for match in _BOOKDOWN_LABEL.finditer(markdown):
        found.setdefault(match.group(1), Target(src_uri, ""))
    for start, end in spans:
        chunk = _CHUNK_OPEN.match(markdown, start, markdown.find("\n", start) if "\n" in markdown[start:end] else end)
        if not chunk:
            continue
        engine = _CHUNK_ENGINE.match(chunk.group(3))
        if engine is None or engine.group(1):
            continue
        body = markdown[start:end]
        labels = [_chunk_label(engine.group(3))]
        labels += [value.strip("'\"") for name, value in _QUARTO_OPTION.findall(body) if name == "label"]
        labels += _CODE_LABEL.findall(body)  # knitr::kable(…, label = "x") names the table tab:x
        for label in filter(None, labels):
            # bookdown names a chunk's figure fig:label and its table tab:label; Quarto uses the label.
            for name in (label, f"fig:{label}", f"tab:{label}"):
                found.setdefault(name, Target(src_uri, ""))
    return found


def _chunk_label(options: str) -> str:
    first = options.split(",", 1)[0]
    if "=" in first and not first.strip().startswith("label"):
        named = re.search(r"(?:^|,)\s*label\s*=\s*[\"']([^\"']+)[\"']", options)
        return named.group(1) if named else ""
    match = _CHUNK_LABEL.match(first)
    return match.group(1) if match else ""


# -- Rewriting a page ----------------------------------------------------------------------------


def adapt(markdown: str, path: str, src_uri: str, first_line: int = 1, targets: dict[str, Target] | None = None,
          bib_keys=()) -> Adapted:
    """``markdown`` with pandoc's extensions in a form Python-Markdown renders, line for line."""
    result = Adapted(markdown)
    if not uses_pandoc_markdown(markdown):
        return result
    where = LineIndex(markdown, first_line)
    spans = protected_spans(markdown)
    starts = [s for s, _ in spans]
    edits: list[tuple[int, int, str]] = []

    def note(kind: str, offset: int, count: int = 1) -> None:
        result.counts[kind] += count
        result.first.setdefault(kind, where(offset))

    _chunks(markdown, spans, edits, note)
    for start, end in spans:
        if markdown.startswith("`r ", start) and not markdown.startswith("`r ```", start):
            note("inline R expressions shown as code", start)
    _divs(markdown, spans, starts, edits)
    for match in _HEADING.finditer(markdown):
        if _inside(match.start(), spans, starts):
            continue
        attributes = match.group(3)
        if _PART.match(match.group(2)):  # bookdown's part dividers: no page of their own here
            edits.append((match.start(), match.end(), ""))
        elif attributes and re.search(r"(?<!\S)-(?!\S)", attributes):
            edits.append((match.start(3), match.end(3), re.sub(r"(?<!\S)-(?!\S)", ".unnumbered", attributes)))
    for match in _GRID_TABLE.finditer(markdown):
        top = markdown[max(0, match.start() - 2): match.start()] in ("", "\n", "\n\n")  # not a row's border
        if top and not _inside(match.start(), spans, starts):
            line, col = where(match.start())
            result.problems.append(Problem(path, line, col, "a grid table, which MkDocs shows as lines of text",
                                           "write it as a pipe table: | a | b | rows under a | --- | --- | line",
                                           "warning"))
    for match in _TABLE_CAPTION.finditer(markdown):
        if _after_table(markdown, match.start()) and not _inside(match.start(), spans, starts):
            edits.extend(_caption(match))
    for start, end in _gaps(spans, len(markdown)):
        _inline(markdown, start, end, src_uri, path, targets or {}, bib_keys, where, edits, result, note)
    result.markdown = _apply(markdown, edits)
    return result


def _chunks(markdown: str, spans, edits, note) -> None:
    for start, end in spans:
        line_end = markdown.find("\n", start)
        line_end = end if line_end == -1 or line_end > end else line_end
        chunk = _CHUNK_OPEN.match(markdown, start, line_end)
        if not chunk:
            continue
        engine = _CHUNK_ENGINE.match(chunk.group(3))
        if engine is None:
            continue
        raw, name, options = engine.groups()
        body = markdown[line_end:end]
        if raw and name == "html":  # ```{=html}: raw HTML, as pandoc passes it on
            edits.append((start, line_end, ""))
            closing = body.rstrip().rfind("\n")
            if closing != -1:
                edits.append((line_end + closing + 1, line_end + len(body.rstrip()), ""))
            continue
        hidden = raw or _HIDDEN.search(options) or any(
            n == "include" and v.lower() == "false" for n, v in _QUARTO_OPTION.findall(body))
        if hidden:  # the book shows neither its code nor its output
            edits.append((start, end, "\n" * markdown.count("\n", start, end)))
            note("code chunks left out (include=FALSE)", start)
            continue
        edits.append((chunk.start(2), line_end, f"{chunk.group(2)}{name}"))
        note("code chunks shown, not run", start)


def _divs(markdown: str, spans, starts, edits) -> None:
    lines = markdown.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    stack: list[str] = []
    for number, line in enumerate(lines):
        offset = offsets[number]
        if not line.startswith(":::") or _inside(offset, spans, starts):
            continue
        match = _DIV.fullmatch(line)
        if match is None:
            continue
        if match.group(2) is None and match.group(3) is None:  # a closing fence
            if stack:
                edits.append((offset, offset + len(line), stack.pop()))
            continue
        if re.search(r"#refs\b", match.group(2) or ""):  # pandoc's place for the bibliography
            edits.append((offset, offset + len(line), BIBLIOGRAPHY_MARKER))
            stack.append("")
            continue
        heading = _first_heading(lines, number + 1)
        opening, title_used = _opening_tag(match.group(2), match.group(3), heading)
        edits.append((offset, offset + len(line), opening))
        if title_used:  # the callout's first line, a heading, is its title: the line stays, empty
            edits.append((offsets[title_used[0]], offsets[title_used[0]] + len(lines[title_used[0]]), ""))
        stack.append("</div>")
    if any(stack):  # pandoc closes what is left open at the end of the document
        edits.append((len(markdown), len(markdown), "\n" + "\n".join(filter(None, stack))))


def _first_heading(lines: list[str], number: int) -> tuple[int, str] | None:
    """The line number and text of the heading that is the first non-blank line from ``number``."""
    while number < len(lines) and not lines[number].strip():
        number += 1
    if number < len(lines):
        heading = re.match(r"#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", lines[number])
        if heading:
            return number, heading.group(1)
    return None


def _opening_tag(attributes: str | None, word: str | None, heading: tuple[int, str] | None):
    """A fenced div's opening tag, and the heading it took as its title (a callout's), if any."""
    ids, classes = [], []
    title = ""
    if word:
        classes.append(word)
    for match in _ATTRIBUTE.finditer(attributes or ""):
        if match.group(1):
            ids.append(match.group(1))
        elif match.group(2):
            classes.append(match.group(2))
        elif match.group(3) == "title":
            title = escape(match.group(4) or match.group(5) or match.group(6) or "")
    id_attribute = f' id="{escape(ids[0])}"' if ids else ""
    callout = next((CALLOUTS[c] for c in classes if c in CALLOUTS), None)
    if callout is None:
        class_attribute = f' class="{escape(" ".join(classes))}"' if classes else ""
        return f"<div{id_attribute}{class_attribute} markdown>", None
    kind, default = callout
    used = heading if not title and heading else None
    title = title or (used[1] if used else default)  # a heading is the chapter author's Markdown
    return (f'<div{id_attribute} class="admonition {kind}" markdown>'
            f'<p class="admonition-title" markdown="span">{title}</p>'), used


def _after_table(markdown: str, offset: int) -> bool:
    """Whether the last non-blank line before ``offset`` is a table's row."""
    at = offset - 1
    while at >= 0 and markdown[at] in " \t\n":
        at -= 1
    return at >= 0 and markdown[at] in "|+"  # a pipe table's row, or a grid table's border


def _caption(match: re.Match) -> list[tuple[int, int, str]]:
    """A table's caption as a paragraph that carries its id (Quarto's tables are named "tbl-…"): two
    edits, its opening and its end, so that what the caption says is rewritten like any text."""
    attributes = re.search(r"[ \t]*\{#([^\s}]+)[^}]*\}$", match.group(1))
    anchor = f' id="{escape(attributes.group(1))}"' if attributes else ""
    end = match.start(1) + attributes.start() if attributes else match.end(1)
    return [(match.start(), match.start(1), f'<p class="table-caption"{anchor} markdown="span">'),
            (end, match.end(), "</p>")]


def _inline(markdown, start, end, src_uri, path, targets, bib_keys, where, edits, result, note) -> None:
    for match in _BOOKDOWN_LABEL.finditer(markdown, start, end):
        edits.append((match.start(), match.end(), ""))
    for match in _SHORTCODE.finditer(markdown, start, end):
        edits.append((match.start(), match.end(), ""))
        note("Quarto shortcodes left out", match.start())
    for match in _BOOKDOWN_REF.finditer(markdown, start, end):
        label = match.group(1)
        text = _reference(label, targets, src_uri, quarto=False)
        if text is None:
            _unknown(label, f"\\@ref({label})", match.start(), path, where, result)
            text = escape(label)
        elif not targets[label].anchor:
            note("cross-references to figures or tables that code would make", match.start())
        edits.append((match.start(), match.end(), text))
    for match in _QUARTO_REF.finditer(markdown, start, end):
        label = match.group(2)
        if label in bib_keys:
            continue  # a citation after all
        text = _reference(label, targets, src_uri, quarto=True)
        if text is None:
            _unknown(label, f"@{label}", match.start(), path, where, result)
            text = escape(label)
        elif not targets[label].anchor:
            note("cross-references to figures or tables that code would make", match.start())
        edits.append((match.start(), match.end(), text))


def _reference(label: str, targets: dict[str, Target], src_uri: str, quarto: bool) -> str | None:
    target = targets.get(label)
    if target is None:
        return None
    kind, _, name = label.partition("-" if quarto else ":")
    if quarto and kind == "sec":
        word = "Chapter" if target.level == 1 else "Section"
    else:
        word = QUARTO_WORDS.get(kind, "") if quarto else ""
    if not target.anchor:  # nothing on the page to link to
        return f"{word} {escape(name)}".strip()
    link = "#" + target.anchor if target.src_uri == src_uri else (
        posixpath.relpath(target.src_uri, posixpath.dirname(src_uri) or ".") + "#" + target.anchor)
    text = target.title or word or label
    prefix = f"{word} " if word and target.title else ""
    return f"{prefix}[{text}]({link})"


def _unknown(label: str, written: str, offset: int, path: str, where, result: Adapted) -> None:
    line, col = where(offset)
    result.problems.append(Problem(path, line, col, f"the cross-reference {written} names no heading, figure or table "
                                   "of the course", "check the label, or add the chapter that has it", "warning"))


# -- Helpers -------------------------------------------------------------------------------------


def _inside(offset: int, spans, starts) -> bool:
    index = bisect_right(starts, offset) - 1
    return index >= 0 and offset < spans[index][1]


def _gaps(spans, length: int):
    pos = 0
    for start, end in spans:
        if start > pos:
            yield pos, start
        pos = max(pos, end)
    if pos < length:
        yield pos, length


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    if not edits:
        return text
    out, pos = [], 0
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < pos:  # never two edits of one place (a label inside a heading's attributes)
            continue
        out.append(text[pos:start])
        out.append(replacement)
        pos = end
    out.append(text[pos:])
    return "".join(out)
