"""Any CSL style (APA, MLA, a journal's own file), formatted by pandoc's citeproc.

pandoc runs once for the whole bibliography: one document cites every work parenthetically, without
its author and in the narrative form, and probes how the style writes a locator. The result is kept
in ``.cache/`` under the content of the .bib, of the style and the keys, so a rebuild with the same
bibliography runs pandoc zero times. ``CslStyle`` offers what the rest of the engine uses of
``formatted.Style``: ``formatted``, ``order``, ``item_text``, ``reference_list``, the tooltips.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import subprocess
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from .. import diskcache
from ..bib.bibtex import Bibliography
from ..cite.parse import CiteItem
from .chicago import LOCATOR_SHORT, plain
from .formatted import Formatted

PANDOC_ENV = "COURSEKIT_PANDOC"  # a pandoc to use instead of pypandoc-binary's
INSTALL_FIX = "install pandoc's citeproc with 'pip install -r requirements-csl.txt'"
_PROBE_LABELS = {"page": "p.", **{label: short[0] for label, short in LOCATOR_SHORT.items()}}


class CslError(Exception):
    """What stops a CSL style: the message and its fix, for a problem at the setting."""

    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.fix = fix


def pandoc_path() -> str:
    if os.environ.get(PANDOC_ENV):
        return os.environ[PANDOC_ENV]
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError) as exc:
        raise CslError("a CSL style is formatted by pandoc, which is not installed", INSTALL_FIX) from exc


def check_style(path: Path, shown: str) -> bytes:
    """The style's bytes, once they are known to be an in-text CSL style."""
    try:
        raw = path.read_bytes()
        root = ElementTree.fromstring(raw)
    except OSError as exc:
        raise CslError(f"cannot read the style '{shown}' ({exc.strerror})", "check the path of 'style'") from exc
    except ElementTree.ParseError as exc:
        raise CslError(f"the style '{shown}' is not a CSL file ({exc})", "use a .csl file from the CSL styles repository") from exc
    if root.get("class") == "note":
        raise CslError(f"the style '{shown}' puts citations in footnotes (class=\"note\"); "
                       "this site places citations in the text",
                       "use an author-date or numeric style (class=\"in-text\"), e.g. apa.csl")
    return raw


def _without_repeated_author_dash(raw: bytes) -> bytes:
    # A page lists some works of the bibliography: a dash for "same authors as above" would point
    # at an entry that is not there. Every entry keeps its names.
    return re.sub(rb'\ssubsequent-author-substitute="[^"]*"', b"", raw)


class CslStyle:
    def __init__(self, bibliography: Bibliography, style_path: Path, shown: str, root: Path, bib_paths: list[Path]):
        self.entries = bibliography.entries
        raw = check_style(style_path, shown)
        keys = list(self.entries)
        cache_key = diskcache.key(bibliography.digest or "", hashlib.sha256(raw).hexdigest(), "\n".join(keys),
                                  diskcache.code_version("style/csl.py"))
        place = (diskcache.folder(root), "csl-" + style_path.stem, cache_key)
        result = diskcache.read(*place)
        if not isinstance(result, dict):
            result = _run_pandoc(_without_repeated_author_dash(raw), bib_paths, keys, shown)
            diskcache.write(*place, result)
        self.order: list[str] = [k for k in result["order"] if k in self.entries]
        self.order += [k for k in keys if k not in set(self.order)]
        self.rank = {key: index for index, key in enumerate(self.order)}
        self._locators: dict[str, tuple[str, str, str]] = result["locators"]
        self._cites: dict[str, tuple[str, str, str]] = result["cites"]
        self._tooltip_attributes: dict[str, str] = {}
        self.formatted: dict[str, Formatted] = {}
        for key in self.order:
            reference = result["references"].get(key, html.escape(key))
            full, author, year = self._cites.get(key, (key, key, ""))
            self.formatted[key] = Formatted(key=key, html=reference, names=None, suffix="",
                                            text=plain(reference), author=author, year=year)

    def item_text(self, item: CiteItem, with_author: bool = True) -> str:
        full, _, year = self._cites.get(item.key, (item.key, item.key, ""))
        text = full if with_author and not item.suppress_author else year
        if item.locator:
            text += self._locator(item.label or "page", item.locator)
        return text

    def _locator(self, label: str, locator: str) -> str:
        before, plural_before, after = self._locators.get(label) or self._locators.get("page", (", ", ", ", ""))
        value = re.sub(r"(\d)\s*-+\s*(\d)", "\\1–\\2", locator)
        many = bool(re.search(r"[–,&]", value))
        return html.escape((plural_before if many else before) + value + after, quote=False)

    def reference_list(self, keys) -> list[tuple[str, str]]:
        return [(key, self.formatted[key].html) for key in sorted(set(keys), key=self.rank.__getitem__)]

    def tooltip(self, key: str) -> str:
        return self.formatted[key].text

    def tooltip_attribute(self, key: str) -> str:
        escaped = self._tooltip_attributes.get(key)
        if escaped is None:
            escaped = self._tooltip_attributes[key] = html.escape(self.formatted[key].text, quote=True)
        return escaped


# -- The one pandoc run ------------------------------------------------------------------------------

_REFERENCE = re.compile(r'<div id="ref-([^"]+)" class="csl-entry"[^>]*>\s*(.*?)\s*</div>', re.DOTALL)
_CITATION = re.compile(r'<p>(\w+)-(\d+): <span class="citation" data-cites="[^"]*">(.*?)</span></p>', re.DOTALL)
_LINK = re.compile(r'<a\s+href="([^"]+)"[^>]*>')


def _run_pandoc(raw_style: bytes, bib_paths: list[Path], keys: list[str], shown: str) -> dict:
    lines = ["---", "nocite: '[@*]'", "---", ""]
    for index, key in enumerate(keys):
        lines += [f"full-{index}: [@{key}]", "", f"year-{index}: [-@{key}]", "", f"author-{index}: @{key}", ""]
    probes = list(_PROBE_LABELS.items())
    if keys:
        for index, (label, term) in enumerate(probes):
            lines += [f"one-{index}: [@{keys[0]}, {term} 99]", "", f"many-{index}: [@{keys[0]}, {term} 99-108]", ""]
    with tempfile.TemporaryDirectory() as tmp:
        style = Path(tmp) / "style.csl"
        style.write_bytes(raw_style)
        try:
            run = subprocess.run(
                [pandoc_path(), "--citeproc", *(f"--bibliography={p}" for p in bib_paths), f"--csl={style}",
                 "-f", "markdown", "-t", "html", "--wrap=none"],
                input="\n".join(lines), capture_output=True, text=True, encoding="utf-8",
                env={**os.environ, "LANG": "C.UTF-8"},
            )
        except OSError as exc:
            raise CslError(f"pandoc could not run ({exc.strerror})", INSTALL_FIX) from exc
    if run.returncode:
        first = (run.stderr.strip().splitlines() or ["no message"])[0]
        raise CslError(f"pandoc could not format with the style '{shown}': {first}",
                       "check the style file, or name a style from the CSL styles repository")
    out = run.stdout
    references = {m.group(1): _clean(m.group(2)) for m in _REFERENCE.finditer(out)}
    order = [m.group(1) for m in _REFERENCE.finditer(out)]
    found: dict[tuple[str, int], str] = {(m.group(1), int(m.group(2))): _clean(m.group(3)) for m in _CITATION.finditer(out)}
    cites = {}
    for index, key in enumerate(keys):
        full = _unwrap(found.get(("full", index), key))
        year = _unwrap(found.get(("year", index), ""))
        narrative = found.get(("author", index), key)
        author = narrative.split(" (", 1)[0] if " (" in narrative else full
        cites[key] = (full, author, year)
    locators = {}
    if keys:
        base = found.get(("full", 0), "")
        for index, (label, _) in enumerate(probes):
            before, after = _locator_template(base, found.get(("one", index), ""), "99")
            many_before, _ = _locator_template(base, found.get(("many", index), ""), "99")
            locators[label] = (before, many_before, after)
    return {"references": references, "order": order, "cites": cites, "locators": locators}


def _locator_template(base: str, with_locator: str, number: str) -> tuple[str, str]:
    """(text before the number, text after it) that the locator adds to the citation."""
    base, with_locator = _unwrap(base), _unwrap(with_locator)
    start = 0
    while start < min(len(base), len(with_locator)) and base[start] == with_locator[start]:
        start += 1
    added = with_locator[start: len(with_locator) - (len(base) - start)]
    if number not in added:
        return (", ", "")
    before, after = added.split(number, 1)
    return (before, after)


def _unwrap(citation: str) -> str:
    """"(Foot, 2017)" → "Foot, 2017": the site adds the brackets around the whole citation."""
    text = citation.strip()
    if text.startswith(("(", "[")) and text.endswith((")", "]")):
        return text[1:-1]
    return text


def _clean(fragment: str) -> str:
    """pandoc's HTML for one reference or citation, kept to inline markup and links."""
    fragment = re.sub(r"<span[^>]*>|</span>", "", fragment)
    fragment = re.sub(r'<div class="csl-[^"]*">(.*?)</div>', r"\1 ", fragment, flags=re.DOTALL)
    fragment = _LINK.sub(lambda m: f'<a href="{m.group(1)}">', fragment)
    return re.sub(r"\s+", " ", fragment).strip()
