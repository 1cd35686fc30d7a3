"""A small course for the output tests (site, course pack, whole-course page, browser, PR summary).

Two chapters that share heading ids, cite each other and the bibliography, and use an abbreviation
(appended to every page by pymdownx.snippets, as the glossary's tooltips are).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from conftest import ROOT, base_config, build_env

PACK_NAME = "test-course"
SEARCH_WORD = "Zanzibar"  # a word only chapter one has, to search for

CHAPTER_ONE = f"""\
---
title: Chapter one
source: footChinaUnitedStates2011
themes: [r2p]
reading_time: 5
---

## Learning objectives {{#learning-objectives}}

- Explain how China's view of R2P changed.

## Summary {{#summary}}

### The talks {{#talks}}

China's view of R2P changed over time [@footChinaUnitedStates2011, 5]. The {SEARCH_WORD} talks are an
invented example for the search test. See [the other chapter's summary](two.md#summary) and
[its questions](two.md#discussion-questions).

## Key arguments {{#key-arguments}}

- Sovereignty comes first [@footChinaUnitedStates2011, 6].

## Key figures {{#key-figures}}

| Figure | What it measures | Source |
| --- | --- | --- |
| 5 | an invented page count | [@footChinaUnitedStates2011, 5] |

## Key terms {{#key-terms}}

- R2P

## Discussion questions {{#discussion-questions}}

### Why does pillar two matter? {{#q-one-pillar-two}}

??? note "Notes for instructors"
    Bellamy's account helps [@bellamyChangingFaceHumanitarian2015, pp. 15-43].

## Connections to other chapters {{#connections}}

[Chapter two](two.md) takes another view. Back to [the summary](#summary) or the [home page](../index.md).

## Key points {{#key-points}}

- Views change.
"""

CHAPTER_TWO = """\
---
title: Chapter two
source: bellamyChangingFaceHumanitarian2015
themes: [r2p]
reading_time: 3
---

## Learning objectives {#learning-objectives}

- Compare two views.

## Summary {#summary}

### Another light {#another-light}

Peacekeeping and R2P in another light [see @bellamyChangingFaceHumanitarian2015, 20].

## Key arguments {#key-arguments}

- Intervention has changed [@bellamyChangingFaceHumanitarian2015, 21].

## Key figures {#key-figures}

| Figure | What it measures | Source |
| --- | --- | --- |
| 43 | the last page | [@bellamyChangingFaceHumanitarian2015, 43] |

## Key terms {#key-terms}

- R2P

## Discussion questions {#discussion-questions}

### What does Foot say? {#q-two-foot}

??? note "Notes for instructors"
    What does @footChinaUnitedStates2011 [p. 7] say?

## Connections to other chapters {#connections}

Compare [chapter one](one.md).

## Key points {#key-points}

- Light matters.
"""

ABBREVIATIONS = "*[R2P]: Responsibility to Protect\n"


def small_course_files() -> dict[str, str]:
    return {
        "docs/index.md": "# Home\n\nA small course on R2P, for the output tests.\n",
        "docs/chapters/one.md": CHAPTER_ONE,
        "docs/chapters/two.md": CHAPTER_TWO,
        "includes/abbreviations.md": ABBREVIATIONS,
        "mkdocs.offline.yml": (ROOT / "mkdocs.offline.yml").read_text(encoding="utf-8"),
    }


def small_course_config() -> dict:
    config = base_config()
    extensions = []
    for ext in config["markdown_extensions"]:
        name = ext if isinstance(ext, str) else next(iter(ext))
        if name == "pymdownx.snippets":
            ext = {name: {"check_paths": True, "auto_append": ["includes/abbreviations.md"]}}
        extensions.append(ext)
    config["markdown_extensions"] = extensions
    # Pages the course's hooks generate (key points, …) may stay out of this small nav.
    config["validation"] = {**config.get("validation", {}), "omitted_files": "info"}
    config["nav"] = [
        {"Home": "index.md"},
        {"Chapters": ["chapters/one.md", "chapters/two.md"]},
        {"Bibliography": "bibliography.md"},
        {"Whole course": "whole-course.md"},
    ]
    return config


def make_small_course(make_project) -> Path:
    return make_project(small_course_files(), config=small_course_config())


def build_outputs_command(project: Path, name: str | None = PACK_NAME) -> list[str]:
    """scripts/build_outputs.py on ``project`` (``name`` None: the script's default pack name)."""
    command = [sys.executable, str(ROOT / "scripts" / "build_outputs.py"), "--project", str(project)]
    return command + (["--name", name] if name else [])


def build_outputs(project: Path, epoch: str = "1700000000", **env: str):
    """Build both outputs of ``project``, dated ``epoch``; returns the finished process."""
    return subprocess.run(build_outputs_command(project), env=build_env(SOURCE_DATE_EPOCH=epoch, **env),
                          capture_output=True, text=True, timeout=900)


def pack_zip(project: Path, name: str = PACK_NAME) -> Path:
    return project / "dist" / f"{name}-course-pack.zip"


def unzip_pack(zip_path: Path, into: Path) -> Path:
    """Unzip the pack as a student would; returns the folder holding index.html."""
    if into.exists():
        shutil.rmtree(into)
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(into)
    (folder,) = [p for p in into.iterdir() if p.is_dir()]
    return folder


class PageLinks(HTMLParser):
    """The ids of a page, the URLs its links point to and the resources it loads."""

    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []  # followed only on a click
        self.resources: list[str] = []  # loaded with the page

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if attrs.get("src"):
            self.resources.append(attrs["src"])
        if tag == "link" and attrs.get("href") and attrs.get("rel") not in ("canonical",):
            self.resources.append(attrs["href"])


def page_links(path: Path) -> PageLinks:
    parser = PageLinks()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def opened_file(url_path: str) -> Path:
    """The file a browser opens for a file:// path (a folder opens its index.html)."""
    path = Path(unquote(url_path))
    return path / "index.html" if url_path.endswith("/") or path.is_dir() else path


def broken_links(page: Path, site: Path) -> list[str]:
    """The page's local links and resources that open no file, or no element with the fragment's id."""
    broken, parsed = [], {}
    found = page_links(page)
    for url in found.links + found.resources:
        target = urlparse(urljoin(page.as_uri(), url))
        if target.scheme != "file":
            continue
        path = opened_file(target.path)
        if not path.is_file() or site.resolve() not in path.resolve().parents:
            broken.append(url)
            continue
        if target.fragment and path.suffix == ".html":
            if path not in parsed:
                parsed[path] = set(page_links(path).ids)
            if unquote(target.fragment) not in parsed[path]:
                broken.append(url)
    return broken


def external_resources(page: Path) -> list[str]:
    """What the page loads from off the site (anything with a scheme or host, but file://)."""
    return [u for u in page_links(page).resources if urlparse(u).scheme not in ("", "file") or u.startswith("//")]
