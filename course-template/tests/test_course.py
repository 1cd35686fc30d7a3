"""Tests for any course made with scripts/new-course.sh: run them with ./scripts/test.sh.

The course is built as ./scripts/build.sh builds it (strict), into a temporary folder, and the pages
are read back: every citation is resolved and links to its entry in the bibliography, no internal
link or image is broken, and the offline pack builds. This file is the engine's (hooks/ENGINE lists
it); put tests of your own in other files beside it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

COURSE = Path(__file__).resolve().parents[1]
COPY_IGNORE = shutil.ignore_patterns(".venv", "site", "dist", ".cache", ".git", "__pycache__")


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    env.update(NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=env.get("SOURCE_DATE_EPOCH", "1700000000"))
    return env


class Page(HTMLParser):
    """An HTML page's ids, links (href, src) and citations."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = path
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.cited: list[tuple[str, str]] = []  # (key, href) of each citation link
        self.unknown = 0  # citations whose key no .bib file holds
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append(attrs[name])
        if tag == "a" and "citation-link" in (attrs.get("class") or "").split():
            self.cited.append((attrs.get("data-cite", ""), attrs.get("href", "")))
        if "citation-unknown" in (attrs.get("class") or "").split():
            self.unknown += 1


def target(page: Path, href: str) -> tuple[Path | None, str]:
    """The file and fragment a relative link opens, as a browser would; (None, "") if it leaves the site."""
    parts = urlsplit(urljoin(page.resolve().as_uri(), href))
    if parts.scheme != "file":
        return None, ""
    path = Path(unquote(parts.path))
    if parts.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, unquote(parts.fragment)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The course built strict, as scripts/build.sh builds its site."""
    out = tmp_path_factory.mktemp("site")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                          cwd=COURSE, env=environment(), capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, f"the strict build failed:\n{proc.stdout}{proc.stderr}"
    return out


@pytest.fixture(scope="session")
def pages(site) -> dict[Path, Page]:
    return {path: Page(path) for path in sorted(site.rglob("*.html")) if path.name != "404.html"}


def test_every_citation_is_resolved_and_links_to_its_entry(site, pages):
    unresolved = [f"{path.relative_to(site)}: {page.unknown}" for path, page in pages.items() if page.unknown]
    assert unresolved == [], "citations with an unknown key"
    wrong = []
    for path, page in pages.items():
        for key, href in page.cited:
            file, fragment = target(path, href)
            if file is None or fragment != key or file not in pages or key not in pages[file].ids:
                wrong.append(f"{path.relative_to(site)}: {key} → {href}")
    assert wrong == [], "citation links that do not lead to their work's entry"


def test_no_internal_link_or_image_is_broken(site, pages):
    broken = []
    for path, page in pages.items():
        for href in page.links:
            file, fragment = target(path, href)
            if file is None or not file.is_relative_to(site) or file.name.endswith("-course-pack.zip"):
                continue  # the pack is put beside the site by scripts/build.sh: tested below
            if not file.exists():
                broken.append(f"{path.relative_to(site)}: {href} (no such file)")
            elif fragment and file.suffix == ".html" and file in pages and fragment not in pages[file].ids:
                broken.append(f"{path.relative_to(site)}: {href} (no such anchor)")
    assert broken == []


def test_the_offline_pack_builds(tmp_path):
    """scripts/build.sh on a copy of the course, with this interpreter (it has what the build needs)."""
    copy = tmp_path / "course"
    shutil.copytree(COURSE, copy, ignore=COPY_IGNORE)
    proc = subprocess.run(["scripts/build.sh"], cwd=copy, env={**environment(), "COURSE_PYTHON": sys.executable},
                          capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [pack] = (copy / "dist").glob("*-course-pack.zip")
    root = pack.name.removesuffix(".zip")
    names = zipfile.ZipFile(pack).namelist()
    assert f"{root}/index.html" in names
    assert f"{root}/search/search_index.js" in names  # search from file://
    index = (copy / "site" / "index.html").read_text(encoding="utf-8")
    for href in re.findall(r'href="([^"]*-course-pack\.zip)"', index):  # the home page's download link
        assert (copy / "site" / href).is_file(), href
    assert not re.search(r'<(?:script|link)[^>]+(?:src|href)="https?://', index), "a request off the machine"
