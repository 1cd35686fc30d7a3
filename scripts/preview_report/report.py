"""Write the comparison for its two readers: the report page inside the preview (Markdown for
MkDocs, every place a link) and the pull-request comment (the counts, then as much of the detail as
fits GitHub's limit).

Every text from the builds or the course files is escaped: it reaches the page as text, never as
Markdown, HTML, a citation (``@``) or a snippet include. A place in the preview is written
``preview:<hosted URL>#<anchor>``; hooks/changes_page.py makes each a link to its page's source, which
MkDocs checks and writes for the hosted site and for the pack (file://) alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable
from urllib.parse import quote

from .site import REPORT_MARK
from .words import Run, diff

MARKER = "<!-- course-preview -->"  # lets the comment job find and update its own comment
GITHUB_LIMIT = 65_536  # characters in a comment
COMMENT_BUDGET = 60_000  # what the summary may take: the comment job adds the links to the artifacts
PAGE_ITEMS = 60  # changes shown per page of the course on the report page; the rest are counted
COMMENT_ITEMS = 8  # … and in the comment
SECTION_ITEMS = 200  # works, notes maps, guides, glossary, problems, markup on the report page
COMMENT_SECTION_ITEMS = 15
LONG_TEXT = 400  # characters of an added or removed block shown
TITLE = "Changes in this pull request"
_SPECIAL = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+!|~@^$:<>&\"'"}  # Markdown, HTML, citations, links
_LINK_UNSAFE = re.compile(r"[\s()<>\\\[\]]")
FRONT_MATTER = f"---\ntitle: {TITLE}\nsearch:\n  exclude: true\n---\n\n"


def escape(text: str) -> str:
    """Text that Markdown (ours and GitHub's) shows as it is: no markup, link, citation or mention."""
    return "".join(_SPECIAL.get(c, c) for c in text)


def _short(text: str, limit: int = LONG_TEXT) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def marked(runs: list[Run], tag: str) -> str:
    return "".join(f"<{tag}>{escape(text)}</{tag}>" if changed else escape(text) for changed, text in runs)


@dataclass
class Places:
    """How a place in the preview is written: a link on the report page, a path in the comment."""

    page: bool

    def link(self, label: str, url: str, anchor: str = "") -> str:
        if not url and not anchor:
            return escape(label)
        if self.page:
            # An id is matched as written (MkDocs checks it unquoted): only what ends a link is quoted.
            target = quote(url, safe="/-._~") + (f"#{_LINK_UNSAFE.sub(lambda m: quote(m.group()), anchor)}"
                                                 if anchor else "")
            return f"[{escape(label)}](preview:{target})"
        where = url + (f"#{anchor}" if anchor else "")
        return f"{escape(label)} ({_code(where or '/')})"


def _code(text: str) -> str:
    return f"<code>{escape(text)}</code>"  # Markdown goes on inside inline HTML: escaped all the same


def _before_after(old: str, new: str, indent: str) -> list[str]:
    before, after = diff(old, new)
    return [f"{indent}- before: {marked(before, 'del')}", f"{indent}- after: {marked(after, 'ins')}"]


def _arrow(old: str, new: str) -> str:
    before, after = diff(old, new)
    return f"{marked(before, 'del')} → {marked(after, 'ins')}"


# -- Items ---------------------------------------------------------------------------------------

def text_lines(change: dict, page: dict, places: Places) -> list[str]:
    where = places.link(change["section"] or page["title"], page["url"], change["anchor"])
    if change["kind"] == "changed":
        return [f"- {where} · {change['block']} changed", *_before_after(change["old"], change["new"], "    ")]
    text = change["new"] if change["kind"] == "added" else change["old"]
    tag = "ins" if change["kind"] == "added" else "del"
    return [f"- {where} · {change['block']} {change['kind']}: <{tag}>{escape(_short(text))}</{tag}>"]


def citation_lines(change: dict, page: dict, places: Places) -> list[str]:
    where = places.link(change["section"] or page["title"], page["url"] if page["status"] != "removed" else "",
                        change["anchor"])
    keys = ", ".join(_code("@" + k) for k in change["keys"])
    if change["kind"] == "changed":
        return [f"- {where} · citation {_arrow(change['old'], change['new'])} {keys}"]
    text = change["new"] if change["kind"] == "added" else change["old"]
    tag = "ins" if change["kind"] == "added" else "del"
    return [f"- {where} · citation {change['kind']}: <{tag}>{escape(text)}</{tag}> {keys}"]


def _quoted(quotation: dict) -> str:
    return f"“{quotation['text']}”" + (f" {quotation['pinpoint']}" if quotation["pinpoint"] else "")


def quotation_lines(change: dict, page: dict, places: Places) -> list[str]:
    where = places.link(change["section"] or page["title"], page["url"] if page["status"] != "removed" else "",
                        change["anchor"])
    if change["kind"] == "changed":
        return [f"- {where} · quotation {_arrow(_quoted(change['old']), _quoted(change['new']))}"]
    quotation = change["new"] or change["old"]
    tag = "ins" if change["kind"] == "added" else "del"
    return [f"- {where} · quotation {change['kind']}: <{tag}>{escape(_quoted(quotation))}</{tag}>"]


def page_items(page: dict, places: Places) -> list[list[str]]:
    """Each change on a page as its lines: wording first, then citations, then quotations."""
    items = [text_lines(c, page, places) for c in page["text"]]
    items += [citation_lines(c, page, places) for c in page["citations"]]
    items += [quotation_lines(c, page, places) for c in page["quotations"]]
    return items


def page_heading(page: dict, places: Places) -> str:
    title = places.link(page["title"], page["url"] if page["status"] != "removed" else "")
    status = {"added": " (new page)", "removed": f" (removed: {_code(page['url'] or '/')})"}.get(page["status"], "")
    return title + status


def work_lines(work: dict, kind: str, places: Places) -> list[str]:
    where = places.link(work["key"], work.get("url", ""), work.get("anchor", ""))
    if kind != "changed":
        tag = "ins" if kind == "added" else "del"
        return [f"- {where} {kind}: <{tag}>{escape(work['reference'])}</{tag}>"]
    lines = [f"- {where} changed"]
    for field in work["fields"]:
        if field["old"] is None:
            lines.append(f"    - {escape(field['field'])} added: <ins>{escape(field['new'])}</ins>")
        elif field["new"] is None:
            lines.append(f"    - {escape(field['field'])} removed: <del>{escape(field['old'])}</del>")
        else:
            lines.append(f"    - {escape(field['field'])}: {_arrow(field['old'], field['new'])}")
    reference = work["reference"]
    if reference["old"] != reference["new"] and reference["old"] and reference["new"]:
        lines.append(f"    - as printed: {_arrow(reference['old'], reference['new'])}")
    return lines


def row_lines(row: dict, places: Places) -> list[str]:
    where = places.link(row["what"], row["url"], row["anchor"])
    if row["kind"] == "changed":
        return [f"- {where}: {_arrow(row['old'], row['new'])}"]
    tag = "ins" if row["kind"] == "added" else "del"
    return [f"- {where} {row['kind']}: <{tag}>{escape(_short(row['new'] or row['old']))}</{tag}>"]


def problem_lines(problem: dict, places: Places) -> list[str]:
    located = f"{problem['path']}:{problem['line']}:{problem['col']}" if problem["line"] else problem["path"]
    where = places.link(located or "the build", problem["url"], problem["anchor"])
    message = problem["message"] if problem["line"] else problem["text"]
    return [f"- {where}: **{problem['severity']}**: {escape(message)}"]


def markup_lines(finding: dict, places: Places) -> list[str]:
    where = places.link(finding["title"], finding["url"], finding["anchor"])
    return [f"- {where} · {escape(finding['what'])}: {_code(finding['snippet'])}"]


# -- The whole ------------------------------------------------------------------------------------

def counts(summary: dict) -> dict:
    pages = summary["pages"]

    def by_kind(items: list[dict]) -> dict:
        return {k: sum(1 for i in items if i["kind"] == k) for k in ("changed", "added", "removed")}

    works = summary["works"]
    return {
        "pages": {k: sum(1 for p in pages if p["status"] == k) for k in ("changed", "added", "removed")},
        "wording": by_kind([c for p in pages for c in p["text"]]),
        "citations": by_kind([c for p in pages for c in p["citations"]]),
        "quotations": by_kind([c for p in pages for c in p["quotations"]]),
        "works": {k: len(works[k]) for k in ("changed", "added", "removed")},
        "notes": by_kind([r for m in summary["notes"] for r in m["changes"]]),
        "guides": by_kind(summary["guides"]),
        "glossary": by_kind(summary["glossary"]),
        "errors": sum(1 for p in summary["problems"] if p["severity"] == "error"),
        "warnings": sum(1 for p in summary["problems"] if p["severity"] == "warning"),
        "markup": len(summary["markup"]),
    }


ROWS = (("pages", "Pages"), ("wording", "Wording (paragraphs, list items, table rows, headings)"),
        ("citations", "Citations"), ("quotations", "Quotations"), ("works", "Works in the bibliography"),
        ("notes", "Notes maps"), ("guides", "Reading guides and course path"), ("glossary", "Glossary terms"))


def _headline(summary: dict, numbers: dict) -> list[str]:
    lines = []
    if not summary["base_built"]:
        lines.append("The base branch did not build: the pages are not compared, only the course files.")
    if not summary["head_built"]:
        lines.append("**This pull request does not build**: the new problems below stop it.")
    if numbers["errors"] or numbers["warnings"]:
        lines.append(f"**The strict build would reject this change:** {numbers['errors']} new error(s), "
                     f"{numbers['warnings']} new warning(s).")
    if numbers["markup"]:
        lines.append(f"**Script the preview would run:** {numbers['markup']} new `<script>`, event handler or "
                     f"`javascript:`/`data:` URL — read each before merging.")
    return [line + "\n" for line in lines]


def _table(numbers: dict) -> list[str]:
    rows = [(label, numbers[name]) for name, label in ROWS if any(numbers[name].values())]
    if not rows:
        return []
    lines = ["| | changed | added | removed |", "| --- | ---: | ---: | ---: |"]
    lines += [f"| {label} | {n['changed']} | {n['added']} | {n['removed']} |" for label, n in rows]
    return lines + [""]


def _nothing(numbers: dict) -> bool:
    return not any(any(numbers[name].values()) for name, _ in ROWS) and not (
        numbers["errors"] or numbers["warnings"] or numbers["markup"])


@dataclass
class Section:
    level: int  # 1: a part of the report, 2: a page of the course (under "Pages")
    heading: str
    items: list[list[str]]  # each item as its lines
    rest: int = 0  # items left out by the cap
    where: str = ""  # " on this page"

    def more(self, hint: str) -> list[str]:
        return [f"- … and {self.rest} more{self.where} ({hint})"] if self.rest else []


def sections(summary: dict, places: Places, per_page: int, per_part: int) -> list[Section]:
    """The parts of the report in order, each item as its lines, each list cut at its cap."""
    out: list[Section] = []

    def part(heading: str, items: list[list[str]], level: int = 1, limit: int = per_part, where: str = "") -> None:
        if items:
            out.append(Section(level, heading, items[:limit], max(len(items) - limit, 0), where))

    part("New warnings and errors", [problem_lines(p, places) for p in summary["problems"]])
    part("Script the preview would run", [markup_lines(f, places) for f in summary["markup"]])
    if summary["pages"]:
        out.append(Section(1, "Pages", []))
    for page in summary["pages"]:
        items = page_items(page, places) or [[f"- {page['blocks']} block(s) of text"]]
        part(page_heading(page, places), items, level=2, limit=per_page, where=" on this page")
    works = summary["works"]
    compared = "" if works["compared"] == "fields" else " (as printed: the BibTeX files were not compared)"
    part(f"Works in the bibliography{compared}",
         [work_lines(w, kind, places) for kind in ("added", "removed", "changed") for w in works[kind]])
    part("Notes maps", [row_lines({**r, "what": f"{m['file']} › {r['what']}"}, places)
                        for m in summary["notes"] for r in m["changes"]])
    part("Reading guides and course path", [row_lines(r, places) for r in summary["guides"]])
    part("Glossary", [row_lines(r, places) for r in summary["glossary"]])
    part("Not compared", [[f"- {escape(line)}"] for line in summary["unavailable"]])
    return out


def page_markdown(summary: dict) -> str:
    """The report page, for hooks/changes_page.py."""
    numbers = counts(summary)
    lines = [f"# {TITLE}", "", f"<!-- {REPORT_MARK} -->", "",
             "What this pull request changes, compared with the base branch: each change links to its "
             "place in this preview.", ""]
    lines += _headline(summary, numbers) + _table(numbers)
    if _nothing(numbers):
        lines += ["No change to any page, citation, work or course file.", ""]
    for section in sections(summary, Places(page=True), PAGE_ITEMS, SECTION_ITEMS):
        lines += [f"{'#' * (section.level + 1)} {section.heading}", ""]
        lines += [line for item in section.items for line in item] + section.more("not listed here") + [""]
    return FRONT_MATTER + "\n".join(lines)


def utf16_length(text: str) -> int:
    """Length as GitHub (and JavaScript) counts it."""
    return len(text.encode("utf-16-le")) // 2


def comment_markdown(summary: dict, budget: int = COMMENT_BUDGET) -> str:
    """The pull-request comment: the counts, then each part's first items while they fit ``budget``."""
    numbers = counts(summary)
    lines = [MARKER, "### What this pull request changes in the course", ""]
    lines += _headline(summary, numbers) + _table(numbers)
    if _nothing(numbers):
        lines += ["No change to any page, citation, work or course file.", ""]
        return "\n".join(lines)
    lines += ["The report page in the preview (`changes/` in the site, `changes.html` in the course pack) "
              "links each change to its place.", ""]
    used = utf16_length("\n".join(lines))
    left_out = 0  # items that do not fit
    hint = "see the report page in the preview"
    for section in sections(summary, Places(page=False), COMMENT_ITEMS, COMMENT_SECTION_ITEMS):
        if not section.items:  # "Pages": a heading over the pages that follow, each in its own block
            heading = f"#### {section.heading}\n"
            if not left_out and used + utf16_length(heading) + 1 <= budget:
                lines.append(heading)
                used += utf16_length(heading) + 1
            continue
        opening = [f"<details{' open' if section.level == 1 else ''}><summary>{section.heading}</summary>", ""]
        closing = [*section.more(hint), "", "</details>", ""]
        cost = utf16_length("\n".join(opening + closing)) + 1
        shown: list[str] = []
        for item in section.items:
            text = "\n".join(item)
            if left_out or used + cost + utf16_length(text) + 1 > budget:
                break
            shown.append(text)
            cost += utf16_length(text) + 1
        left_out += len(section.items) - len(shown) + (section.rest if not shown else 0)
        if shown:
            lines += opening + shown + closing
            used += cost
    if left_out:
        lines.append(f"… and {left_out} more that do not fit in a comment: {hint}.")
    return "\n".join(lines)
