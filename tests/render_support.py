"""Rendering a course (``python -m coursekit render``) and building the tree with a host, for the tests."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from conftest import ROOT, build_env

SCRIPT_OR_STYLE = ("script", "style", "code", "pre")


def render(project: Path, out: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(build_env(), PYTHONPATH=str(project / "hooks"))
    return subprocess.run([sys.executable, "-m", "coursekit", "render", str(out), "--root", str(project), *args],
                          cwd=project, env=env, capture_output=True, text=True, timeout=600)


def build_tree(tree: Path, config: str = "mkdocs.yml", python: str = sys.executable,
               site: str = "site") -> subprocess.CompletedProcess:
    """A strict build of a rendered tree with MkDocs (or a fork, through ``python``), no hook in sight."""
    return subprocess.run([python, "-m", "mkdocs", "build", "--strict", "--config-file", config, "--site-dir", site],
                          cwd=tree, env=build_env(SOURCE_DATE_EPOCH="1700000000"), capture_output=True, text=True,
                          timeout=600)


class _Text(HTMLParser):
    """The text a reader sees: neither scripts, styles, nor code."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in SCRIPT_OR_STYLE:
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in SCRIPT_OR_STYLE and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


_RAW_CITATION = re.compile(r"\[-?@[\w:.#$%&+?<>~/-]")


def raw_citations(site: Path) -> dict[str, int]:
    """Per page, the citations a host left as pandoc text (``[@key``, ``[-@key``), outside code."""
    found = {}
    for page in sorted(site.rglob("*.html")):
        parser = _Text()
        parser.feed(page.read_text(encoding="utf-8"))
        count = len(_RAW_CITATION.findall("".join(parser.parts)))
        if count:
            found[page.relative_to(site).as_posix()] = count
    return found


def copy_project(into: Path) -> Path:
    """The real course, copied as CI checks it out (no build outputs, no caches)."""
    import shutil

    ignore = shutil.ignore_patterns(".venv*", "site", "dist", ".git", "__pycache__", ".cache", "bench")
    shutil.copytree(ROOT, into, ignore=ignore)
    return into


def sources_env() -> dict[str, str]:
    sources = ROOT.parent / "shared" / "sources"
    return {"COURSE_SOURCES_DIR": str(sources)} if sources.is_dir() else {}


def host_python(name: str) -> Path:
    """The interpreter of a host's own virtual environment, made (or reused) by scripts/setup-host-venv.sh."""
    proc = subprocess.run([str(ROOT / "scripts" / "setup-host-venv.sh"), name], cwd=ROOT, capture_output=True,
                          text=True, timeout=900, env={k: v for k, v in os.environ.items() if k != "COURSE_PYTHON"})
    if proc.returncode != 0:
        raise RuntimeError(f"setup-host-venv.sh {name} failed:\n{proc.stdout}{proc.stderr}")
    return Path(proc.stdout.strip().splitlines()[-1])


HOST_COMMANDS = {  # how each host's own command is run with its environment's python
    "mkdocs": ["-m", "mkdocs"],
    "properdocs": ["-m", "properdocs"],
    "mkdocs-ng": ["-m", "mkdocs"],
}
GENERATORS = {"properdocs": "ProperDocs 1.6.7", "mkdocs-ng": "mkdocs-1.8.0"}  # in each page's <meta name="generator">


def host_build(host: str, python: Path | str, project: Path, config: str, site_dir: Path,
               **env: str) -> subprocess.CompletedProcess:
    """A strict build of ``project`` by ``host`` (its own virtual environment's ``python``)."""
    command = [str(python), *HOST_COMMANDS[host], "build", "--strict", "--config-file", config,
               "--site-dir", str(site_dir)]
    return subprocess.run(command, cwd=project, env=build_env(SOURCE_DATE_EPOCH="1700000000", **env),
                           capture_output=True, text=True, timeout=600)

