"""The page-matched floor's docs: the corpus's pages plus, as static Markdown, those our hooks generate.

``plain-pages`` builds the same site as ``ours`` without the hooks: the reading guides and their
index, the course path, key points, glossary and the whole-course page are written into
``docs-plain-pages/`` as the engine generates them (``coursekit.guides.generated_pages``, the very
function the build and ``python -m coursekit check`` call; ``whole_course.PAGE_MARKDOWN``, its intro
only). Citations in them stay pandoc text, as in plain's chapters. The bibliography page stays the
corpus's own: a hand-written site would need the list of works, but that list is what the hooks make
from the .bib, so it stays out of the floor.

The folder has its own stamp (the corpus's and the engine's code): a change to the hooks rewrites it,
not the whole corpus.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ROOT / "hooks"
DOCS = "docs-plain-pages"


def _engine_code() -> bytes:
    files = sorted((HOOKS / "coursekit").rglob("*.py")) + [HOOKS / "whole_course.py"]
    return b"".join(f.read_bytes() for f in files)


def generated(corpus: Path) -> dict[str, str]:
    """Every page the hooks add to this corpus, by source path, as the engine writes it."""
    if str(HOOKS) not in sys.path:
        sys.path.insert(0, str(HOOKS))
    from coursekit.bib import bibtex
    from coursekit.course import chapters as coursekit_chapters
    from coursekit.course import guides as coursekit_guides
    from coursekit.course import settings as course_settings
    from coursekit.course.glossary import load_glossary
    from coursekit.style.formatted import Style
    from whole_course import PAGE_MARKDOWN, SRC_URI

    settings, _ = course_settings.read(corpus)
    # Loaded as hooks/course_data.py does, but by absolute path: the engine then keeps no parsed copy
    # in the corpus's .cache/, which would change what ours' first build costs.
    (bib_path, _), = course_settings.bibliography_files(settings)[0]
    style = Style(bibtex.load(bib_path, str(bib_path)))
    glossary, _ = load_glossary(settings.path("glossary"), settings.glossary, style.entries)
    docs = corpus / "docs"
    chapters = []
    for file in sorted(docs.rglob("*.md")):  # the corpus's names sort in nav order (ch0001, ch0002, …)
        uri = file.relative_to(docs).as_posix()
        text = file.read_text(encoding="utf-8")
        if text.startswith("---"):
            chapter, _ = coursekit_chapters.parse_chapter(text, f"docs/{uri}", uri)
            if chapter.sources:
                chapters.append(chapter)
    guides, _ = coursekit_guides.load_guides(settings.path("guides"), settings.guides, chapters,
                                             style.entries, glossary)
    pages, _ = coursekit_guides.generated_pages(chapters, guides, glossary, style, settings)
    pages[SRC_URI] = PAGE_MARKDOWN
    return pages


def nav_pages(nav) -> set[str]:
    found: set[str] = set()
    for item in nav or []:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        found |= nav_pages(value) if isinstance(value, list) else {value}
    return found


def write(corpus: Path) -> Path:
    """``docs-plain-pages/`` for ``corpus`` (skipped when the corpus and the engine are unchanged)."""
    stamp = hashlib.sha256((corpus / ".corpus-stamp").read_bytes() + _engine_code()).hexdigest()
    stamp_file = corpus / f".{DOCS}-stamp"
    out = corpus / DOCS
    if stamp_file.exists() and stamp_file.read_text() == stamp and out.exists():
        return out
    written = {f.relative_to(corpus / "docs").as_posix() for f in (corpus / "docs").rglob("*.md")}
    # As the hooks do: a page written in docs/ wins over a generated one.
    pages = {uri: text for uri, text in generated(corpus).items() if uri not in written}
    # The floor must hold what ours shows: its nav (written by corpus.py) lists every page.
    config = yaml.safe_load((corpus / "mkdocs-plain-pages.yml").read_text(encoding="utf-8"))
    if nav_pages(config["nav"]) != written | set(pages):
        differ = sorted(nav_pages(config["nav"]) ^ (written | set(pages)))
        raise RuntimeError(f"plain-pages: the nav and the generated pages differ: {', '.join(differ)}")
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(corpus / "docs", out)
    for uri, text in pages.items():
        (out / uri).parent.mkdir(parents=True, exist_ok=True)
        (out / uri).write_text(text, encoding="utf-8")
    stamp_file.write_text(stamp)
    return out
