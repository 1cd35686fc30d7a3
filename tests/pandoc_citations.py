"""pandoc's own Markdown reader as the oracle for citation syntax.

``pandoc_citations(documents)`` parses every document with one pandoc process (``--file-scope``:
each file is read on its own, so an unclosed fence or a reference definition in one case cannot
reach another) and returns, per document, its citations in reading order as ``Cited`` tuples: key,
mode, prefix and suffix as plain text. ``engine_citations(document)`` gives the engine's reading in
the same terms, so a test compares the two lists.

The reader is pandoc's ``markdown`` with ``autolink_bare_uris``, as R Markdown, bookdown and Quarto
read their chapters: without it pandoc would cite the ``@user`` of a bare URL.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
import unicodedata
from pathlib import Path
from typing import NamedTuple

READER = "markdown+autolink_bare_uris"
# What pandoc's stringify leaves out: an inline note's text, raw LaTeX ("\\index{term}")
_NOTE = re.compile(r"\^\[[^\[\]]*\]|(?<!\\)\\[A-Za-z]+\*?(?:\{[^{}]*\})+")


class Cited(NamedTuple):
    key: str
    mode: str  # pandoc's: "AuthorInText", "NormalCitation" or "SuppressAuthor"
    prefix: str
    suffix: str


def pandoc() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def pandoc_ast(documents: list[str]) -> list[list[dict]]:
    """Each document's blocks as pandoc's JSON, from one pandoc run."""
    separator = "ck-case-separator-7f3a"
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for index, document in enumerate(documents):
            case = Path(tmp) / f"case{index}.md"
            case.write_text(document, encoding="utf-8")
            mark = Path(tmp) / f"mark{index}.md"
            mark.write_text(f"# {separator}\n", encoding="utf-8")
            files += [str(mark), str(case)]
        out = subprocess.run(
            [pandoc(), "--file-scope", "-f", READER, "-t", "json", *files],
            capture_output=True, text=True, check=True, env={**os.environ, "LANG": "C.UTF-8"},
        ).stdout
    cases: list[list[dict]] = []
    for block in json.loads(out)["blocks"]:
        if block["t"] == "Header" and _stringify(block["c"][2]) == separator:
            cases.append([])
        else:
            cases[-1].append(block)
    assert len(cases) == len(documents)
    return cases


def pandoc_citations(documents: list[str]) -> list[list[Cited]]:
    return [list(_cites(blocks)) for blocks in pandoc_ast(documents)]


def _cites(node, in_figure: bool = False):
    """Every citation in ``node``, in reading order: one inside another's prefix or suffix, or in a
    note, comes where pandoc's tree has it. A figure's image repeats its caption: read once."""
    if isinstance(node, list):
        for child in node:
            yield from _cites(child, in_figure)
    elif isinstance(node, dict):
        if node.get("t") == "Figure":
            yield from _cites(node["c"][1])
            yield from _cites(node["c"][2], True)
            return
        if node.get("t") == "Image" and in_figure:
            return
        if node.get("t") == "Cite":
            for citation in node["c"][0]:
                yield Cited(citation["citationId"], citation["citationMode"]["t"],
                            plain(_stringify(citation["citationPrefix"])),
                            plain(_stringify(citation["citationSuffix"])))
                yield from _cites(citation["citationPrefix"])
                yield from _cites(citation["citationSuffix"])
            return
        yield from _cites(node.get("c"), in_figure)


def _stringify(node) -> str:
    """pandoc's ``stringify``: the text of inlines (a note's text is left out)."""
    if isinstance(node, list):
        return "".join(_stringify(n) for n in node)
    if not isinstance(node, dict):
        return ""
    kind, content = node["t"], node.get("c")
    if kind == "Str":
        return content
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if kind == "Code":
        return content[-1]
    if kind == "Math":  # as written: the engine leaves math alone
        dollars = "$$" if content[0]["t"] == "DisplayMath" else "$"
        return dollars + content[1] + dollars
    if kind in ("RawInline", "Note"):
        return ""
    if kind == "Quoted":
        quote = '"' if content[0]["t"] == "DoubleQuote" else "'"
        return quote + _stringify(content[1]) + quote
    if kind == "Cite":
        return _stringify(content[1])
    if kind in ("Link", "Image", "Span"):
        return _stringify(content[1])
    return _stringify(content)


_TYPOGRAPHY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "--",
                             "\u2014": "---", "\u2026": "...", "\u00a0": " "})


def plain(text: str) -> str:
    """Text as compared: white space collapsed, pandoc's smart punctuation and Unicode forms undone."""
    return unicodedata.normalize("NFC", " ".join(text.translate(_TYPOGRAPHY).split()))


def _as_pandoc_prints(text: str, inner, part: str) -> str:
    """``text`` with each citation in it as pandoc's tree keeps its text: "-@key" in the text as "@key"."""
    for where, offset, citation in sorted(inner, key=lambda i: -i[1]):
        if where == part and citation.mode == "narrative" and text.startswith("-@", offset):
            text = text[:offset] + text[offset + 1:]
    return text


def engine_citations(document: str) -> list[Cited]:
    """The engine's reading of ``document`` in the same terms, in pandoc's reading order: each item,
    then the citations in its prefix, then those in its suffix."""
    from coursekit.cite.parse import parse
    from coursekit.render.safe import plain_text

    out: list[Cited] = []

    def walk(citations) -> None:
        for citation in citations:
            for index, item in enumerate(citation.items):
                textual = citation.mode == "narrative" and index == 0
                mode = "SuppressAuthor" if item.suppress_author else "AuthorInText" if textual else "NormalCitation"
                prefix = _as_pandoc_prints(item.prefix, item.inner, "prefix")
                suffix = item.written_locator + _as_pandoc_prints(item.suffix, item.inner, "suffix")
                out.append(Cited(item.key, mode, plain(plain_text(_NOTE.sub("", prefix))),
                                 plain(plain_text(_NOTE.sub("", suffix)))))
                walk([c for part, _, c in item.inner if part == "prefix"])
                walk([c for part, _, c in item.inner if part == "suffix"])

    walk(parse(document).citations)
    return out
