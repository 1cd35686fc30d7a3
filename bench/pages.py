"""The page-matched floor: the corpus as ``python -m coursekit render`` writes it, for plain MkDocs.

``plain-pages`` builds exactly the pages ``ours`` builds, with no hooks: the render writes every
page with what the hooks add already in it (citations as the hooks' HTML, References and notes
lists, the bibliography with every entry and its "Cited in", the reading guides, course path, key
points, glossary and the whole-course page with every chapter), and a configuration with no hooks.
Plain MkDocs building that tree does all the Markdown and theme work ours does; what ours costs
beyond it is the hooks' own work (finding, resolving and formatting the citations, checking).

The tree goes to ``render/`` in the corpus, ``mkdocs-plain-pages.yml`` builds it; both have their own
stamp (the corpus's and the engine's code): a change to the hooks renders again, not the whole corpus.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ROOT / "hooks"
RENDER = "render"
DOCS = f"{RENDER}/docs"
CONFIG = "mkdocs-plain-pages.yml"


def _engine_code() -> bytes:
    files = sorted(HOOKS.rglob("*.py"))
    return b"".join(f.read_bytes() for f in files)


def nav_pages(nav) -> set[str]:
    found: set[str] = set()
    for item in nav or []:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        found |= nav_pages(value) if isinstance(value, list) else {value}
    return found


def write(corpus: Path) -> Path:
    """``render/`` and ``mkdocs-plain-pages.yml`` for ``corpus`` (skipped when it and the engine are unchanged)."""
    stamp = hashlib.sha256((corpus / ".corpus-stamp").read_bytes() + _engine_code()).hexdigest()
    stamp_file = corpus / f".{RENDER}-stamp"
    out = corpus / RENDER
    if stamp_file.exists() and stamp_file.read_text() == stamp and out.exists():
        return out
    # The render reads the project's mkdocs.yml: ours' configuration, there while it renders.
    project = corpus / "mkdocs.yml"
    shutil.copyfile(corpus / "mkdocs-ours.yml", project)
    try:
        env = {**os.environ, "PYTHONPATH": str(HOOKS), "NO_MKDOCS_2_WARNING": "1"}
        proc = subprocess.run([sys.executable, "-m", "coursekit", "render", str(out), "--root", str(corpus)],
                              env=env, capture_output=True, text=True, timeout=3600)
    finally:
        project.unlink(missing_ok=True)
    if proc.returncode != 0:
        raise RuntimeError(f"plain-pages: the render failed:\n{proc.stdout}{proc.stderr}")
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    rendered = {f.relative_to(out / "docs").as_posix() for f in (out / "docs").rglob("*.md")}
    ours = yaml.safe_load((corpus / "mkdocs-ours.yml").read_text(encoding="utf-8"))
    missing = sorted((nav_pages(ours.get("nav")) | nav_pages(config.get("nav"))) - rendered)
    if missing:  # the floor must hold every page ours shows
        raise RuntimeError(f"plain-pages: the render has no {', '.join(missing)}")
    config.update(docs_dir=DOCS, site_dir="site-plain-pages")
    (corpus / CONFIG).write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    stamp_file.write_text(stamp)
    return out
